package main

// Exit codes, the same for every command. `arazzo help exit-codes` prints
// this table.
const (
	exitOK      = 0 // every selected workflow succeeded, or the document is valid
	exitFailed  = 1 // a workflow ran and failed, or a conformance check failed at error level
	exitUsage   = 2 // the command line was wrong
	exitInvalid = 3 // the document or the inputs are invalid; nothing was sent
	// exitInterrupted follows the shell convention for SIGINT (128+2): the
	// run was stopped by Ctrl-C or SIGTERM; what ran is still reported.
	exitInterrupted = 130
)

const exitCodesHelp = `Exit codes:
    0  every selected workflow succeeded (validate: no errors, warnings allowed)
    1  a workflow ran and failed, or a conformance check failed at error level
    2  usage error: unknown command or flag, bad flag value
    3  invalid document or inputs: nothing was sent
  130  interrupted (Ctrl-C or SIGTERM); what ran is still reported
`
