package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/expr"
	"github.com/spf13/cobra"
)

// validateOptions are the flags of `arazzo validate`.
type validateOptions struct {
	files  []string
	output string
	urlMap string // a file of remote URL -> local copy redirections
	strict bool   // warnings fail the validation too
}

func newValidateCmd(s streams, runF func(context.Context, *validateOptions) error) *cobra.Command {
	o := &validateOptions{}
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check Arazzo documents and the sources they name, without sending anything",
		Example: `  $ arazzo validate workflows/daytona-provision.yml
  $ arazzo validate --output json flows/*.yml
  $ arazzo validate --url-map URLMAP.tsv flow.yml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return exitWith(exitUsage, fmt.Errorf("validate needs at least one file\nRun '%s --help' for usage.", cmd.CommandPath()))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.files = args
			if o.output != "text" && o.output != "json" {
				return exitWith(exitUsage, fmt.Errorf("--output must be text or json, got %q", o.output))
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return runValidate(cmd.Context(), o, s)
		},
	}
	cmd.Flags().StringVarP(&o.output, "output", "o", "text", "output `FORMAT`: text or json")
	cmd.Flags().StringVar(&o.urlMap, "url-map", "", "read remote sources from local copies listed in `FILE` (URL<tab>PATH lines)")
	cmd.Flags().BoolVar(&o.strict, "strict", false, "fail (exit 3) on warnings too, compatibility forms included")
	return cmd
}

// loadOptions returns the options to load documents with, reading the
// --url-map file when one is given.
func loadOptions(urlMap string) (arazzo.LoadOptions, error) {
	var opts arazzo.LoadOptions
	if urlMap == "" {
		return opts, nil
	}
	m, err := arazzo.ReadURLMap(urlMap)
	if err != nil {
		return opts, exitWith(exitUsage, fmt.Errorf("--url-map: %w", err))
	}
	opts.URLMap = m
	return opts, nil
}

// fileReport is the JSON form of one file's diagnostics.
type fileReport struct {
	File        string              `json:"file"`
	Valid       bool                `json:"valid"`
	Diagnostics []arazzo.Diagnostic `json:"diagnostics"`
}

func runValidate(ctx context.Context, o *validateOptions, s streams) error {
	opts, err := loadOptions(o.urlMap)
	if err != nil {
		return err
	}
	invalid := 0
	var reports []fileReport
	for _, f := range o.files {
		doc, diags := arazzo.Load(ctx, f, opts)
		if diags.HasErrors() || (o.strict && len(diags) > 0) {
			invalid++
		}
		if o.output == "json" {
			reports = append(reports, toReport(f, diags))
			continue
		}
		printDiagnostics(s.out, doc, diags, true)
		fmt.Fprintf(s.out, "%s: %s\n", f, verdict(diags, o.strict))
	}
	if o.output == "json" {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(reports); err != nil {
			return exitWith(exitFailed, err)
		}
	}
	if invalid > 0 {
		return exitWith(exitInvalid, nil)
	}
	return nil
}

func toReport(file string, diags arazzo.Diagnostics) fileReport {
	return fileReport{File: file, Valid: !diags.HasErrors(), Diagnostics: append([]arazzo.Diagnostic{}, diags...)}
}

func verdict(diags arazzo.Diagnostics, strict bool) string {
	errs, warns := 0, 0
	for _, d := range diags {
		if d.Severity == arazzo.SeverityError {
			errs++
		} else {
			warns++
		}
	}
	if errs > 0 {
		return fmt.Sprintf("invalid (%s, %s)", count(errs, "error"), count(warns, "warning"))
	}
	if strict && warns > 0 {
		return fmt.Sprintf("invalid under --strict (%s%s)", count(warns, "warning"), warningKinds(diags))
	}
	return fmt.Sprintf("valid (%s%s)", count(warns, "warning"), warningKinds(diags))
}

// warningKinds summarises the warnings by code, "3 bare-expression, 3
// jsonpath-boolean-form", so that a long list reads as a few kinds.
func warningKinds(diags arazzo.Diagnostics) string {
	byCode := map[string]int{}
	var codes []string
	for _, d := range diags {
		if d.Severity != arazzo.SeverityWarning {
			continue
		}
		if byCode[d.Code] == 0 {
			codes = append(codes, d.Code)
		}
		byCode[d.Code]++
	}
	if len(codes) < 2 {
		return ""
	}
	sort.Strings(codes)
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%d %s", byCode[c], c)
	}
	return ": " + strings.Join(parts, ", ")
}

// count writes n and the noun, plural unless n is one.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// printWarnings prints the warnings of a document about to run or be
// planned: with verbose all of them, otherwise those that point at likely
// mistakes (an undeclared input, a step that cannot be reached), leaving
// out compatibility forms, which run as meant and are arazzo validate's to
// list.
func printWarnings(w io.Writer, doc *arazzo.Document, diags arazzo.Diagnostics, verbose bool) {
	var shown arazzo.Diagnostics
	for _, d := range diags {
		if d.Severity == arazzo.SeverityWarning && (verbose || !expr.IsCompat(d.Code)) {
			shown = append(shown, d)
		}
	}
	printDiagnostics(w, doc, shown, true)
}

// printDiagnostics prints each diagnostic like a compiler: position,
// severity, path, message and code, then the source line with a caret.
func printDiagnostics(w io.Writer, doc *arazzo.Document, diags arazzo.Diagnostics, withWarnings bool) {
	for _, d := range diags {
		if d.Severity == arazzo.SeverityWarning && !withWarnings {
			continue
		}
		fmt.Fprintf(w, "%s: %s: ", d.Pos, d.Severity)
		if d.Path != "" {
			fmt.Fprintf(w, "%s: ", d.Path)
		}
		fmt.Fprintf(w, "%s [%s]\n", d.Message, d.Code)
		if line, ok := sourceLine(doc, d.Pos); ok {
			fmt.Fprintf(w, "  %s\n  %s^\n", line, caretPad(line, d.Pos.Col))
		}
		if d.Detail != "" {
			fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(d.Detail, "\n", "\n  "))
		}
	}
}

func sourceLine(doc *arazzo.Document, p arazzo.Pos) (string, bool) {
	if doc == nil || p.File != doc.File || p.Line < 1 || p.Line > len(doc.Lines) {
		return "", false
	}
	return strings.TrimRight(doc.Lines[p.Line-1], "\r"), true
}

// caretPad returns the whitespace that puts a caret under column col,
// keeping tabs so the caret lines up.
func caretPad(line string, col int) string {
	var b strings.Builder
	for i := 0; i < col-1 && i < len(line); i++ {
		if line[i] == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}
