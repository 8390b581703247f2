// Command arazzo runs and validates Arazzo workflow documents.
//
// Each subcommand lives in its own file, with an options struct, a
// constructor, and the function that does the work: run.go (arazzo run),
// validate.go (arazzo validate), plan.go (arazzo plan). The constructors
// of run and validate take an optional run function, so that tests can
// check flag parsing alone. Exit codes are one table in exitcodes.go. stdout carries only
// results (outputs, JSON); progress, warnings and diagnostics go to stderr.
package main
