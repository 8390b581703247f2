package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/internal/yamlerr"
	"github.com/arazzo-run/arazzo/runtime"
	"github.com/arazzo-run/arazzo/runtime/mock"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// runOptions are the flags of `arazzo run`.
type runOptions struct {
	file       string
	workflow   string
	inputs     []string
	inputFile  string
	servers    []string
	output     string
	loopDelay  time.Duration
	maxSteps   int
	timeout    time.Duration
	reqTimeout time.Duration
	mockFile   string
	verbose    bool
	all        bool           // --all: every workflow, dependencies first
	urlMap     string         // --url-map: remote URL -> local copy redirections
	httpClient *http.Client   // replaced in tests
	scenario   *mock.Scenario // loaded from mockFile
	// conformance holds --auth, --check, --report, --server-var and --files.
	conformance conformanceOptions
}

func newRunCmd(s streams, runF func(context.Context, *runOptions) error) *cobra.Command {
	o := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run FILE",
		Short: "Run a workflow of an Arazzo document",
		Example: `  $ arazzo run workflows/daytona-provision.yml --input snapshot=daytona-small --input apiToken=$DAYTONA_API_KEY
  $ arazzo run flow.yml --workflow checkout --input-file inputs.json --output json
  $ arazzo run flow.yml --all --input-file inputs.yaml
  $ arazzo run flow.yml --server petstore=http://127.0.0.1:8080 --mock scenario.yml`,
		Args: exactArgs(1, "run needs the path of one Arazzo document"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			if o.output != "text" && o.output != "json" {
				return exitWith(exitUsage, fmt.Errorf("--output must be text or json, got %q", o.output))
			}
			if o.all && o.workflow != "" {
				return exitWith(exitUsage, errors.New("--all and --workflow cannot be used together"))
			}
			if err := o.checkLimits(); err != nil {
				return exitWith(exitUsage, err)
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return reportsOnInvalid(o, jsonOnInvalid(s, o, runRun(cmd.Context(), o, s)))
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.workflow, "workflow", "w", "", "`ID` of the workflow to run (optional when the document has one)")
	f.StringArrayVarP(&o.inputs, "input", "i", nil, "workflow input as `NAME=VALUE`, typed by the input schema (repeatable)")
	f.StringVar(&o.inputFile, "input-file", "", "read inputs from a JSON or YAML `FILE`; --input values win")
	f.StringArrayVar(&o.servers, "server", nil, "use `SOURCE=URL` as the base URL of a source description (repeatable)")
	f.StringVarP(&o.output, "output", "o", "text", "output `FORMAT`: text or json")
	f.DurationVar(&o.loopDelay, "loop-delay", runtime.DefaultLoopDelay, "pause before a goto repeats a step; 0 disables it")
	f.IntVar(&o.maxSteps, "max-steps", runtime.DefaultMaxSteps, "most steps one run may execute, counting repeats")
	f.DurationVar(&o.timeout, "timeout", runtime.DefaultTimeout, "time limit for the whole run")
	f.DurationVar(&o.reqTimeout, "request-timeout", 0, "time limit for each HTTP request; 0 means none of its own")
	f.StringVar(&o.mockFile, "mock", "", "answer every operation from a scenario `FILE` instead of the network")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "show warnings, criteria and HTTP exchanges (secrets masked)")
	f.BoolVar(&o.all, "all", false, "run every workflow of the document, dependencies first, and report each")
	f.StringVar(&o.urlMap, "url-map", "", "read remote sources from local copies listed in `FILE` (URL<tab>PATH lines)")
	o.conformance.addFlags(cmd)
	return cmd
}

// checkLimits refuses limits that cannot be meant: a run of no steps, a
// negative or zero time limit, a negative delay.
func (o *runOptions) checkLimits() error {
	switch {
	case o.maxSteps < 1:
		return fmt.Errorf("--max-steps must be at least 1, got %d", o.maxSteps)
	case o.timeout <= 0:
		return fmt.Errorf("--timeout must be positive, got %s", o.timeout)
	case o.reqTimeout < 0:
		return fmt.Errorf("--request-timeout must be positive, or 0 for none of its own; got %s", o.reqTimeout)
	case o.loopDelay < 0:
		return fmt.Errorf("--loop-delay must be positive, or 0 for none; got %s", o.loopDelay)
	}
	return nil
}

func exactArgs(n int, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return exitWith(exitUsage, fmt.Errorf("%s\nRun '%s --help' for usage.", msg, cmd.CommandPath()))
		}
		return nil
	}
}

func runRun(ctx context.Context, o *runOptions, s streams) error {
	servers, err := parsePairs(o.servers, "--server", "SOURCE=URL")
	if err != nil {
		return exitWith(exitUsage, err)
	}
	client, err := o.client()
	if err != nil {
		return exitWith(exitUsage, err)
	}
	doc, wf, err := loadForRun(ctx, o, s)
	if err != nil {
		return err
	}
	if err := checkServers(servers, doc); err != nil {
		return exitWith(exitUsage, err)
	}
	if err := checkRunnable(doc, wf); err != nil {
		return exitWith(exitInvalid, err)
	}
	if err := checkScenario(o.scenario, o.mockFile, doc); err != nil {
		return exitWith(exitUsage, err)
	}
	inputs, err := collectInputs(doc, wf, o)
	if err != nil {
		return exitWith(exitInvalid, err)
	}
	progress := newProgress(s.err, isTerminal(s.err), o.verbose)
	opts := runtime.Options{
		HTTPClient:     client,
		Logger:         logger(s, o.verbose),
		Observer:       progress,
		Servers:        servers,
		LoopDelay:      loopDelay(o.loopDelay),
		MaxSteps:       o.maxSteps,
		Timeout:        o.timeout,
		RequestTimeout: o.reqTimeout,
	}
	if err := o.conformance.apply(doc, &opts, s.err); err != nil {
		return exitWith(exitUsage, err)
	}
	results, err := runWorkflows(ctx, runtime.New(opts), doc, wf, inputs)
	if err != nil {
		return exitWith(exitInvalid, err)
	}
	progress.finish()
	cerr := o.conformance.finish(s.err, results)
	if wf == nil {
		return cmp.Or(reportAll(s, o, doc, results), cerr)
	}
	return cmp.Or(report(s, o, wf, results[0]), cerr)
}

// checkRunnable refuses, before the flags that depend on the document's
// sources are checked, a workflow that cannot run: a source out of reach
// would otherwise show up as a scenario key or server naming nothing.
// With wf nil (--all) every workflow must be runnable.
func checkRunnable(doc *arazzo.Document, wf *arazzo.Workflow) error {
	workflows := doc.Workflows
	if wf != nil {
		workflows = []*arazzo.Workflow{wf}
	}
	var errs []error
	for _, w := range workflows {
		if err := doc.Runnable(w.WorkflowID); err != nil {
			errs = append(errs, fmt.Errorf("workflow %q cannot run: %w", w.WorkflowID, err))
		}
	}
	return errors.Join(errs...)
}

// runWorkflows runs wf or, when it is nil (--all), every workflow of doc.
func runWorkflows(ctx context.Context, r *runtime.Runner, doc *arazzo.Document, wf *arazzo.Workflow, inputs map[string]any) ([]*runtime.Result, error) {
	if wf == nil {
		return r.RunAll(ctx, doc, inputs)
	}
	res, err := r.Run(ctx, doc, wf.WorkflowID, inputs)
	if err != nil {
		return nil, err
	}
	return []*runtime.Result{res}, nil
}

// loopDelay maps the flag (0 disables) onto the library option (0 means
// the default, negative disables).
func loopDelay(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}

func (o *runOptions) client() (*http.Client, error) {
	if o.httpClient != nil {
		return o.httpClient, nil
	}
	if o.mockFile == "" {
		return &http.Client{}, nil
	}
	sc, err := mock.Load(o.mockFile)
	if err != nil {
		return nil, fmt.Errorf("--mock: %w", err)
	}
	o.scenario = sc
	return &http.Client{Transport: sc}, nil
}

// loadForRun loads and validates the document and picks the workflow.
// Errors in the document stop the run before anything is sent.
func loadForRun(ctx context.Context, o *runOptions, s streams) (*arazzo.Document, *arazzo.Workflow, error) {
	opts, err := loadOptions(o.urlMap)
	if err != nil {
		return nil, nil, err
	}
	doc, diags := arazzo.Load(ctx, o.file, opts)
	if diags.HasErrors() || doc == nil {
		printDiagnostics(s.err, doc, diags, false)
		return nil, nil, exitWith(exitInvalid, &invalidDocument{file: o.file, diags: diags})
	}
	printWarnings(s.err, doc, diags, o.verbose)
	if o.all {
		return doc, nil, nil
	}
	wf, err := pickWorkflow(doc, o.workflow)
	if err != nil {
		return nil, nil, exitWith(exitUsage, err)
	}
	return doc, wf, nil
}

func pickWorkflow(doc *arazzo.Document, id string) (*arazzo.Workflow, error) {
	var ids []string
	for _, w := range doc.Workflows {
		ids = append(ids, w.WorkflowID)
	}
	if id == "" {
		if len(doc.Workflows) == 1 {
			return doc.Workflows[0], nil
		}
		return nil, fmt.Errorf("%s has %d workflows; choose one with --workflow: %s", doc.File, len(ids), strings.Join(ids, ", "))
	}
	if wf := doc.Workflow(id); wf != nil {
		return wf, nil
	}
	return nil, fmt.Errorf("no workflow %q in %s; it has: %s", id, doc.File, strings.Join(ids, ", "))
}

// collectInputs merges, from lowest to highest precedence: environment
// variables ARAZZO_INPUT_<NAME>, --input-file, and --input.
func collectInputs(doc *arazzo.Document, wf *arazzo.Workflow, o *runOptions) (map[string]any, error) {
	inputs, err := envInputs(doc, wf)
	if err != nil {
		return nil, err
	}
	if o.inputFile != "" {
		fromFile, err := readInputFile(o.inputFile)
		if err != nil {
			return nil, err
		}
		for k, v := range fromFile {
			inputs[k] = v
		}
	}
	given, argErr := runtime.ParseInputArgs(doc, wf, o.inputs)
	for k, v := range given {
		inputs[k] = v
	}
	if argErr != nil {
		// Report what else is wrong too: one command line, one round of fixes.
		return nil, errors.Join(argErr, checkInputs(doc, wf, inputs))
	}
	return inputs, nil
}

// checkInputs checks the inputs of wf, or of every workflow for --all.
func checkInputs(doc *arazzo.Document, wf *arazzo.Workflow, inputs map[string]any) error {
	if wf == nil {
		return nil // RunAll reports per workflow; conversion errors come first
	}
	return runtime.CheckInputs(doc, wf, inputs)
}

// envInputs reads ARAZZO_INPUT_<NAME> for each declared input, matching
// the name case-insensitively with - and . written as _.
func envInputs(doc *arazzo.Document, wf *arazzo.Workflow) (map[string]any, error) {
	var args []string
	for _, name := range runtime.InputNames(doc, wf) {
		key := "ARAZZO_INPUT_" + strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(name))
		if v, ok := os.LookupEnv(key); ok {
			args = append(args, name+"="+v)
		}
	}
	return runtime.ParseInputArgs(doc, wf, args)
}

func readInputFile(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--input-file: %w", err)
	}
	var m map[string]any
	if filepath.Ext(path) == ".json" {
		err = json.Unmarshal(data, &m)
	} else {
		err = yaml.Unmarshal(data, &m)
	}
	if err != nil {
		return nil, inputFileError(path, data, err)
	}
	return m, nil
}

// inputFileError explains why an input file could not be read, at the
// file:line:col of a syntax error.
func inputFileError(path string, data []byte, err error) error {
	var syntax *json.SyntaxError
	var jsonType *json.UnmarshalTypeError
	var yamlType *yaml.TypeError
	switch {
	case errors.As(err, &jsonType) || errors.As(err, &yamlType):
		return fmt.Errorf("--input-file %s: want a mapping of input names to values", path)
	case errors.As(err, &syntax):
		line, col := lineCol(data, syntax.Offset-1) // Offset counts the bytes read, the fault's included
		return fmt.Errorf("--input-file %s:%d:%d: %s", path, line, col, syntax)
	}
	return fmt.Errorf("--input-file %s:%s", path, yamlerr.Locate(data, err))
}

// lineCol returns the 1-based line and column of the byte at offset off
// of data.
func lineCol(data []byte, off int64) (line, col int) {
	before := data[:min(max(int(off), 0), len(data))]
	line = bytes.Count(before, []byte("\n")) + 1
	return line, len(before) - bytes.LastIndexByte(before, '\n')
}

func parsePairs(pairs []string, flag, form string) (map[string]string, error) {
	out := map[string]string{}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		switch {
		case !ok || k == "":
			return nil, fmt.Errorf("%s %q: want %s", flag, p, form)
		case v == "":
			return nil, fmt.Errorf("%s %s: the value is empty (an unset variable?)", flag, k)
		}
		out[k] = v
	}
	return out, nil
}

func logger(s streams, verbose bool) *slog.Logger {
	if !verbose {
		return nil
	}
	return slog.New(slog.NewTextHandler(s.err, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// report prints the result and returns the exit status.
func report(s streams, o *runOptions, wf *arazzo.Workflow, res *runtime.Result) error {
	if o.output == "json" {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return exitWith(exitFailed, err)
		}
	} else {
		printOutputs(s, wf, res)
	}
	if res.Status != runtime.Succeeded {
		if o.output == "json" {
			return exitWith(exitFailed, nil)
		}
		// The summary's failures section already gave the full reason.
		return exitWith(exitFailed, fmt.Errorf("workflow %s failed%s; see the failures above%s",
			res.WorkflowID, atStep(res.Error), limitHint(res.Error, o)))
	}
	return nil
}

// limitHint names the flag that sets the limit a run reached.
func limitHint(e *runtime.RunError, o *runOptions) string {
	switch {
	case e == nil:
	case errors.Is(e, runtime.ErrRunTimeout):
		return fmt.Sprintf(" (the run's time limit is --timeout %s)", o.timeout)
	case errors.Is(e, runtime.ErrStepLimit):
		return fmt.Sprintf(" (the run's step limit is --max-steps %d)", o.maxSteps)
	}
	return ""
}

func atStep(e *runtime.RunError) string {
	if e == nil || e.StepID == "" {
		return ""
	}
	return " at step " + e.StepID
}

// reportAll prints the results of --all, one workflow after another in
// the order they ran, and fails when any workflow failed. Text output is a
// "WORKFLOW STATUS" line per workflow followed by its outputs, indented;
// JSON output is an array of results.
func reportAll(s streams, o *runOptions, doc *arazzo.Document, results []*runtime.Result) error {
	if o.output == "json" {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			return exitWith(exitFailed, err)
		}
	}
	var failed []string
	for _, res := range results {
		if res.Status != runtime.Succeeded {
			failed = append(failed, res.Error.Error())
		}
		if o.output == "text" {
			fmt.Fprintf(s.out, "%s %s\n", res.WorkflowID, res.Status)
			printOutputs(indented(s), doc.Workflow(res.WorkflowID), res)
		}
	}
	switch {
	case len(failed) == 0:
		return nil
	case o.output == "json":
		return exitWith(exitFailed, nil)
	}
	return exitWith(exitFailed, fmt.Errorf("%d of %d workflows failed:\n%s", len(failed), len(results), strings.Join(failed, "\n")))
}

// indented returns s with its output stream indented by two spaces.
func indented(s streams) streams {
	s.out = &prefixWriter{w: s.out, prefix: "  "}
	return s
}

// prefixWriter writes prefix before every line. Each Write must be
// whole lines, as printOutputs writes them.
type prefixWriter struct {
	w      io.Writer
	prefix string
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, p.prefix); err != nil {
		return 0, err
	}
	return p.w.Write(b)
}

// printOutputs prints the workflow's outputs in document order, one
// NAME: VALUE line each, on stdout. A failed run prints the outputs it
// could still produce (the id of what it created, say).
func printOutputs(s streams, wf *arazzo.Workflow, res *runtime.Result) {
	for _, o := range wf.Outputs {
		if v, ok := res.Outputs[o.Name]; ok {
			fmt.Fprintf(s.out, "%s: %s\n", o.Name, formatValue(v))
		}
	}
}

func formatValue(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// reportsOnInvalid writes the --report files when nothing could run (exit
// 3), so that a CI system finds a result saying why rather than none: one
// failed workflow, named as asked or after the file, with the reason as
// its error and no steps.
func reportsOnInvalid(o *runOptions, err error) error {
	var ee *exitError
	if len(o.conformance.reports) == 0 || !errors.As(err, &ee) || ee.code != exitInvalid || ee.err == nil {
		return err
	}
	files, ferr := o.conformance.reportFiles()
	if ferr != nil {
		return err // reported already, as a usage error
	}
	id := cmp.Or(o.workflow, filepath.Base(o.file))
	res := &runtime.Result{WorkflowID: id, Status: runtime.Failed, Steps: []*runtime.StepResult{},
		Error: &runtime.RunError{WorkflowID: id, Message: "nothing was run: " + ee.err.Error()}}
	errs := []error{err}
	for _, f := range files {
		errs = append(errs, writeReport(f, []*runtime.Result{res}))
	}
	return errors.Join(errs...)
}

// invalidDocument is the error of a document that did not validate. It
// keeps the diagnostics, which --output json reports as data.
type invalidDocument struct {
	file  string
	diags arazzo.Diagnostics
}

func (e *invalidDocument) Error() string {
	return fmt.Sprintf("%s is not a valid Arazzo document; nothing was sent", e.file)
}

// jsonOnInvalid keeps the promise of --output json when nothing could run
// (exit 3): stdout still gets one JSON object, with status "invalid", the
// reason and, for an invalid document, its diagnostics, so a pipeline into
// jq sees why rather than empty input. It is one object even for --all:
// no workflow ran to report on.
func jsonOnInvalid(s streams, o *runOptions, err error) error {
	var ee *exitError
	if o.output != "json" || !errors.As(err, &ee) || ee.code != exitInvalid || ee.err == nil {
		return err
	}
	out := map[string]any{"status": "invalid", "error": map[string]string{"message": ee.err.Error()}}
	var inv *invalidDocument
	if errors.As(err, &inv) {
		out["diagnostics"] = toReport(inv.file, inv.diags).Diagnostics
	}
	enc := json.NewEncoder(s.out)
	enc.SetIndent("", "  ")
	if encErr := enc.Encode(out); encErr != nil {
		return errors.Join(err, encErr)
	}
	return err
}
