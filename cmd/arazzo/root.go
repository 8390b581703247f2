package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// streams are the command's standard streams, replaced in tests.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func exitWith(code int, err error) error { return &exitError{code: code, err: err} }

// Main runs the command line and returns the exit code.
func Main(ctx context.Context, args []string, s streams) int {
	root := newRootCmd(s)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			printError(s.err, ee.err)
		}
		if ee.code == exitFailed && errors.Is(ctx.Err(), context.Canceled) {
			return exitInterrupted
		}
		return ee.code
	}
	printError(s.err, err)
	return exitUsage
}

// printError writes err with each of its lines prefixed, so that every
// problem of a joined error reads, and greps, as one of arazzo's.
func printError(w io.Writer, err error) {
	for line := range strings.SplitSeq(err.Error(), "\n") {
		fmt.Fprintln(w, "arazzo:", line)
	}
}

func newRootCmd(s streams) *cobra.Command {
	root := &cobra.Command{
		Use:           "arazzo",
		Short:         "Run and validate Arazzo workflows against the APIs they describe",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
	}
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return exitWith(exitUsage, fmt.Errorf("%w\nRun '%s --help' for usage.", err, c.CommandPath()))
	})
	root.AddCommand(newRunCmd(s, nil), newValidateCmd(s, nil), newPlanCmd(s), newExitCodesCmd())
	root.CompletionOptions.HiddenDefaultCmd = true
	return root
}

// newExitCodesCmd is a help topic: `arazzo help exit-codes` prints it.
func newExitCodesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "exit-codes",
		Short: "What the exit codes mean",
		Long:  exitCodesHelp,
	}
}

// version reports the module version the binary was built from, or
// "devel" for a build from a working tree.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" || info.Main.Version == "(devel)" {
		return "devel"
	}
	return info.Main.Version
}

// terminalWidth returns the number of columns of the terminal w writes
// to, or 0.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return cols
}

// isTerminal reports whether w is a terminal, for the live progress line.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
