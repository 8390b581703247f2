package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/runtime"
	"github.com/spf13/cobra"
)

// planOptions are the flags of `arazzo plan`.
type planOptions struct {
	file     string
	workflow string
	output   string
	urlMap   string
}

func newPlanCmd(s streams) *cobra.Command {
	o := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan FILE",
		Short: "Show what a run would call, step by step, without sending anything",
		Long: `Plan loads and validates an Arazzo document, then shows each workflow as a run
would take it: the sources and their servers, and for every step the operation
or workflow it calls, the parameters and body it sends, its success criteria,
the actions that branch from it and the outputs it keeps.

It exits 0 when every workflow shown can run, and 3 when the document is
invalid or a workflow cannot run (an AsyncAPI step, say).`,
		Example: `  $ arazzo plan workflows/daytona-provision.yml
  $ arazzo plan flow.yml --workflow checkout --output json`,
		Args: exactArgs(1, "plan needs the path of one Arazzo document"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			if o.output != "text" && o.output != "json" {
				return exitWith(exitUsage, fmt.Errorf("--output must be text or json, got %q", o.output))
			}
			return runPlan(cmd.Context(), o, s)
		},
	}
	cmd.Flags().StringVarP(&o.workflow, "workflow", "w", "", "show only the workflow with this `ID`")
	cmd.Flags().StringVarP(&o.output, "output", "o", "text", "output `FORMAT`: text or json")
	cmd.Flags().StringVar(&o.urlMap, "url-map", "", "read remote sources from local copies listed in `FILE` (URL<tab>PATH lines)")
	return cmd
}

// plan is what a run of a document would do, as data.
type plan struct {
	File      string         `json:"file"`
	Sources   []planSource   `json:"sources"`
	Workflows []planWorkflow `json:"workflows"`
}

type planSource struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Location string   `json:"location"`
	Servers  []string `json:"servers,omitempty"`
}

type planWorkflow struct {
	WorkflowID string      `json:"workflowId"`
	Summary    string      `json:"summary,omitempty"`
	Inputs     []string    `json:"inputs,omitempty"`
	DependsOn  []string    `json:"dependsOn,omitempty"`
	Parameters []planParam `json:"parameters,omitempty"`     // given to every step
	OnSuccess  []string    `json:"successActions,omitempty"` // after every step's own
	OnFailure  []string    `json:"failureActions,omitempty"` // after every step's own
	Steps      []planStep  `json:"steps"`
	Outputs    []string    `json:"outputs,omitempty"`
	// NotRunnable says why a run of this workflow would be refused.
	NotRunnable string `json:"notRunnable,omitempty"`
}

type planStep struct {
	StepID     string      `json:"stepId"`
	Calls      string      `json:"calls"`
	Parameters []planParam `json:"parameters,omitempty"`
	Body       string      `json:"body,omitempty"`
	Success    []string    `json:"successCriteria,omitempty"`
	OnSuccess  []string    `json:"onSuccess,omitempty"`
	OnFailure  []string    `json:"onFailure,omitempty"`
	Outputs    []string    `json:"outputs,omitempty"`
}

type planParam struct {
	In    string `json:"in,omitempty"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

func runPlan(ctx context.Context, o *planOptions, s streams) error {
	opts, err := loadOptions(o.urlMap)
	if err != nil {
		return err
	}
	doc, diags := arazzo.Load(ctx, o.file, opts)
	if diags.HasErrors() || doc == nil {
		printDiagnostics(s.err, doc, diags, false)
		return exitWith(exitInvalid, fmt.Errorf("%s is not a valid Arazzo document", o.file))
	}
	printWarnings(s.err, doc, diags, false)
	workflows := doc.Workflows
	if o.workflow != "" {
		wf, err := pickWorkflow(doc, o.workflow)
		if err != nil {
			return exitWith(exitUsage, err)
		}
		workflows = []*arazzo.Workflow{wf}
	}
	p := buildPlan(doc, workflows)
	if o.output == "json" {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		err = enc.Encode(p)
	} else {
		err = writePlan(s.out, p)
	}
	if err != nil {
		return exitWith(exitFailed, fmt.Errorf("writing the plan: %w", err))
	}
	for _, w := range p.Workflows {
		if w.NotRunnable != "" {
			return exitWith(exitInvalid, fmt.Errorf("workflow %q cannot run", w.WorkflowID))
		}
	}
	return nil
}

func buildPlan(doc *arazzo.Document, workflows []*arazzo.Workflow) plan {
	p := plan{File: doc.File, Workflows: []planWorkflow{}}
	for _, sd := range doc.SourceDescriptions {
		p.Sources = append(p.Sources, planSourceOf(doc, sd))
	}
	for _, w := range workflows {
		p.Workflows = append(p.Workflows, planWorkflowOf(doc, w))
	}
	return p
}

func planSourceOf(doc *arazzo.Document, sd *arazzo.SourceDescription) planSource {
	ps := planSource{Name: sd.Name, Type: sd.Type, Location: sd.URL}
	src := doc.Sources()[sd.Name]
	if src == nil {
		return ps
	}
	ps.Type, ps.Location = src.Kind, src.Location
	if src.OpenAPI != nil {
		ps.Servers = src.OpenAPI.Servers()
	}
	return ps
}

func planWorkflowOf(doc *arazzo.Document, w *arazzo.Workflow) planWorkflow {
	pw := planWorkflow{
		WorkflowID: w.WorkflowID,
		Summary:    w.Summary,
		Inputs:     runtime.InputNames(doc, w),
		DependsOn:  w.DependsOn,
		Outputs:    outputNames(w.Outputs),
		Parameters: planParams(w.Parameters),
		OnSuccess:  describeActions(w.SuccessActions),
		OnFailure:  describeActions(w.FailureActions),
	}
	for _, s := range w.Steps {
		pw.Steps = append(pw.Steps, planStepOf(s))
	}
	if err := doc.Runnable(w.WorkflowID); err != nil {
		pw.NotRunnable = err.Error()
	}
	return pw
}

func planStepOf(s *arazzo.Step) planStep {
	ps := planStep{
		StepID:     s.StepID,
		Calls:      describeTarget(s),
		Parameters: planParams(s.Parameters),
		OnSuccess:  describeActions(s.OnSuccess),
		OnFailure:  describeActions(s.OnFailure),
		Outputs:    outputNames(s.Outputs),
	}
	if rb := s.RequestBody; rb != nil {
		ps.Body = describeBody(rb)
	}
	for _, c := range s.SuccessCriteria {
		ps.Success = append(ps.Success, describeCriterion(c))
	}
	return ps
}

func planParams(params []*arazzo.Parameter) []planParam {
	var out []planParam
	for _, p := range params {
		if p.Reference != "" {
			out = append(out, planParam{Name: p.Reference, Value: describeOverride(p)})
			continue
		}
		out = append(out, planParam{In: p.In, Name: p.Name, Value: describeValue(p.Value)})
	}
	return out
}

func describeActions(actions []*arazzo.Action) []string {
	var out []string
	for _, a := range actions {
		out = append(out, describeAction(a))
	}
	return out
}

// describeTarget says what a step calls: "POST /sandbox (sandboxApi.createSandbox)".
func describeTarget(s *arazzo.Step) string {
	t := s.Target()
	switch {
	case t.Operation != nil:
		where := t.Operation.Name()
		if t.Source != nil {
			where = t.Source.Name + "." + where
		}
		return fmt.Sprintf("%s %s (%s)", t.Operation.Method, t.Operation.PathTemplate, where)
	case t.Workflow != nil && t.Source != nil:
		return fmt.Sprintf("workflow %s of %s", t.Workflow.WorkflowID, t.Source.Name)
	case t.Workflow != nil:
		return "workflow " + t.Workflow.WorkflowID
	case s.ChannelPath != "":
		return fmt.Sprintf("%s %s (AsyncAPI)", s.Action, s.ChannelPath)
	}
	return "operation " + cmp.Or(s.OperationID, s.OperationPath, s.WorkflowID)
}

func describeBody(rb *arazzo.RequestBody) string {
	var parts []string
	if rb.ContentType != "" {
		parts = append(parts, rb.ContentType)
	}
	if rb.HasPayload {
		parts = append(parts, describeValue(rb.Payload))
	}
	if n := len(rb.Replacements); n > 0 {
		parts = append(parts, fmt.Sprintf("with %d replacement(s)", n))
	}
	return strings.Join(parts, " ")
}

func describeOverride(p *arazzo.Parameter) string {
	if !p.HasValue {
		return "(as defined)"
	}
	return describeValue(p.Value)
}

// maxShownValue is how many characters of a value a plan shows.
const maxShownValue = 100

// describeValue writes a parameter value, payload or output as it stands
// in the document: text as written, structured values as compact JSON.
func describeValue(v any) string {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case *arazzo.Selector:
		s = fmt.Sprintf("%s on %s", x.Selector, x.Context)
	default:
		data, err := json.Marshal(x)
		if err != nil {
			s = fmt.Sprint(x)
		} else {
			s = string(data)
		}
	}
	if r := []rune(s); len(r) > maxShownValue {
		s = string(r[:maxShownValue]) + "…"
	}
	return s
}

func describeCriterion(c *arazzo.Criterion) string {
	if c.Type == "" || c.Type == "simple" {
		return c.Condition
	}
	typ := c.Type
	if c.Version != "" {
		typ += " " + c.Version
	}
	return fmt.Sprintf("%s on %s (%s)", c.Condition, c.Context, typ)
}

// describeAction says what an action does and when:
// "running: goto getDetails when $.state == "started" on $response.body (jsonpath)".
func describeAction(a *arazzo.Action) string {
	if a.Reference != "" {
		return "as " + a.Reference
	}
	var b strings.Builder
	if a.Name != "" {
		b.WriteString(a.Name + ": ")
	}
	b.WriteString(a.Type)
	switch {
	case a.StepID != "":
		b.WriteString(" " + a.StepID)
	case a.WorkflowID != "":
		b.WriteString(" workflow " + a.WorkflowID)
	}
	if a.Type == "retry" {
		fmt.Fprintf(&b, " after %ss, at most %d time(s)", strconv.FormatFloat(a.RetryAfter, 'f', -1, 64), max(a.RetryLimit, 1))
	}
	for i, c := range a.Criteria {
		if i == 0 {
			b.WriteString(" when ")
		} else {
			b.WriteString(" and ")
		}
		b.WriteString(describeCriterion(c))
	}
	return b.String()
}

func outputNames(outs []*arazzo.Output) []string {
	names := make([]string, 0, len(outs))
	for _, o := range outs {
		names = append(names, o.Name)
	}
	return names
}

// writePlan prints a plan for a reader.
func writePlan(w io.Writer, p plan) error {
	ew := &errWriter{w: w}
	if len(p.Sources) > 0 {
		ew.printf("sources\n")
		for _, s := range p.Sources {
			ew.printf("  %-16s %-8s %s", s.Name, s.Type, s.Location)
			if len(s.Servers) > 0 {
				ew.printf("  -> %s", strings.Join(s.Servers, ", "))
			}
			ew.printf("\n")
		}
	}
	for _, wf := range p.Workflows {
		ew.printf("\nworkflow %s", wf.WorkflowID)
		if wf.Summary != "" {
			ew.printf(": %s", wf.Summary)
		}
		ew.printf("\n")
		ew.list("  inputs     ", wf.Inputs)
		ew.list("  dependsOn  ", wf.DependsOn)
		writeParams(ew, "  every step ", wf.Parameters)
		writeLines(ew, "  every step onSuccess ", wf.OnSuccess)
		writeLines(ew, "  every step onFailure ", wf.OnFailure)
		for i, s := range wf.Steps {
			writePlanStep(ew, i+1, s)
		}
		ew.list("  outputs    ", wf.Outputs)
		if wf.NotRunnable != "" {
			ew.printf("  cannot run: %s\n", wf.NotRunnable)
		}
	}
	return ew.err
}

func writePlanStep(ew *errWriter, n int, s planStep) {
	const indent = "       "
	ew.printf("  %d. %s  %s\n", n, s.StepID, s.Calls)
	writeParams(ew, indent, s.Parameters)
	if s.Body != "" {
		ew.printf("%s%-9s %s\n", indent, "body", s.Body)
	}
	writeLines(ew, indent+"criterion ", s.Success)
	writeLines(ew, indent+"onSuccess ", s.OnSuccess)
	writeLines(ew, indent+"onFailure ", s.OnFailure)
	ew.list(indent+"outputs   ", s.Outputs)
}

func writeParams(ew *errWriter, indent string, params []planParam) {
	for _, p := range params {
		ew.printf("%s%-9s %s = %s\n", indent, cmp.Or(p.In, "input"), p.Name, p.Value)
	}
}

func writeLines(ew *errWriter, label string, lines []string) {
	for _, l := range lines {
		ew.printf("%s%s\n", label, l)
	}
}

// errWriter writes until the first error and keeps it.
type errWriter struct {
	w   io.Writer
	err error
}

func (ew *errWriter) printf(format string, args ...any) {
	if ew.err == nil {
		_, ew.err = fmt.Fprintf(ew.w, format, args...)
	}
}

func (ew *errWriter) list(label string, items []string) {
	if len(items) > 0 {
		ew.printf("%s%s\n", label, strings.Join(items, ", "))
	}
}
