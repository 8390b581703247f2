// Command arazzo runs and validates Arazzo workflow documents.
//
// Each subcommand lives in its own file, with an options struct, a
// constructor that takes an optional run function (for tests), and the
// function that does the work: run.go (arazzo run), validate.go (arazzo
// validate). Exit codes are one table in exitcodes.go. stdout carries only
// results (outputs, JSON); progress, warnings and diagnostics go to stderr.
package main
