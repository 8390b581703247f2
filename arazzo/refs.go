package arazzo

// This file checks what runtime expressions refer to: $steps.ID.outputs.NAME
// (the step exists in the workflow, declares the output and can have run
// before), $inputs.NAME (declared by the workflow's input schema),
// $workflows.ID.outputs.NAME, $sourceDescriptions.NAME and
// $components.TYPE.NAME. It runs after compile.go, reading the compiled
// expressions; criteria are read from their context and from the
// expressions found in a simple condition's text.

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/arazzo-run/arazzo/expr"
)

// site is one place that holds expressions: where it is, and which step
// of which workflow it belongs to (index -1 for workflow-level places).
type site struct {
	w       *Workflow
	step    int
	pos     Pos
	path    string
	request bool // the place builds the step's request (parameters, body)
}

// refChecker resolves the references of one document.
type refChecker struct {
	doc *Document
	r   *reporter
}

func checkRefs(doc *Document, r *reporter) {
	c := &refChecker{doc: doc, r: r}
	for _, w := range doc.Workflows {
		c.workflow(w)
	}
}

func (c *refChecker) workflow(w *Workflow) {
	c.inputsRef(w)
	wide := site{w: w, step: -1}
	for _, p := range w.Parameters {
		c.parameter(wide, p)
	}
	c.actions(wide, append(append([]*Action{}, w.SuccessActions...), w.FailureActions...))
	for _, o := range w.Outputs {
		c.value(site{w: w, step: len(w.Steps), pos: o.Pos, path: o.Path}, o)
	}
	for i, s := range w.Steps {
		c.step(site{w: w, step: i}, s)
	}
}

func (c *refChecker) step(at site, s *Step) {
	req := at
	req.request = true
	for _, p := range s.Parameters {
		c.parameter(req, p)
	}
	if rb := s.RequestBody; rb != nil {
		c.value(req.at(rb.FieldPos("payload"), rb.FieldPath("payload")), rb)
		for _, rp := range rb.Replacements {
			c.value(req.at(rp.FieldPos("value"), rp.FieldPath("value")), rp)
		}
	}
	if s.Has("correlationId") {
		c.value(req.at(s.FieldPos("correlationId"), s.FieldPath("correlationId")), &s.CorrelationID)
	}
	for _, cr := range s.SuccessCriteria {
		c.criterion(at, cr)
	}
	c.actions(at, append(append([]*Action{}, s.OnSuccess...), s.OnFailure...))
	after := at
	after.step++ // outputs are read once the step has run
	for _, o := range s.Outputs {
		c.value(after.at(o.Pos, o.Path), o)
	}
}

func (s site) at(pos Pos, path string) site {
	s.pos, s.path = pos, path
	return s
}

func (c *refChecker) parameter(at site, p *Parameter) {
	if p.Reference != "" {
		c.component(p.Reference, "parameters", p.FieldPos("reference"), p.FieldPath("reference"))
	}
	c.value(at.at(p.FieldPos("value"), p.FieldPath("value")), p)
}

func (c *refChecker) actions(at site, as []*Action) {
	for _, a := range as {
		if a.Reference != "" {
			want := "successActions"
			if a.Failure {
				want = "failureActions"
			}
			c.component(a.Reference, want, a.FieldPos("reference"), a.FieldPath("reference"))
		}
		for _, cr := range a.Criteria {
			c.criterion(at, cr)
		}
		for _, p := range a.Parameters {
			c.parameter(at, p)
		}
	}
}

// value checks every expression of a compiled value.
func (c *refChecker) value(at site, obj any) {
	v := c.doc.CompiledValue(obj)
	for _, e := range valueExprs(v, nil) {
		c.expr(at, e)
	}
}

func valueExprs(v *Value, out []*expr.Expr) []*expr.Expr {
	switch {
	case v == nil:
	case v.Template != nil:
		out = append(out, v.Template.Exprs()...)
	case v.Selector != nil && v.Selector.Context != nil:
		out = append(out, v.Selector.Context)
	case v.Object != nil:
		keys := make([]string, 0, len(v.Object))
		for k := range v.Object {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = valueExprs(v.Object[k], out)
		}
	default:
		for _, x := range v.Array {
			out = valueExprs(x, out)
		}
	}
	return out
}

// exprInText finds the runtime expressions written in a condition.
var exprInText = regexp.MustCompile(`\$(steps|inputs|workflows|sourceDescriptions|components)(\.[A-Za-z0-9_\-]+)+`)

func (c *refChecker) criterion(at site, cr *Criterion) {
	if c.doc.CompiledCriterion(cr) == nil {
		return // did not compile; reported already
	}
	if cr.Context != "" {
		if e, err := expr.Parse(cr.Context); err == nil {
			c.expr(at.at(cr.FieldPos("context"), cr.FieldPath("context")), e)
		}
	}
	if cr.Type != "" && cr.Type != "simple" {
		return
	}
	for _, m := range exprInText.FindAllString(cr.Condition, -1) {
		if e, err := expr.Parse(m); err == nil {
			c.expr(at.at(cr.FieldPos("condition"), cr.FieldPath("condition")), e)
		}
	}
}

func (c *refChecker) expr(at site, e *expr.Expr) {
	switch e.Source() {
	case expr.SourceSteps:
		c.stepRef(at, e)
	case expr.SourceInputs:
		c.inputRef(at, e)
	case expr.SourceWorkflows:
		c.workflowRef(at, e)
	case expr.SourceSourceDescriptions:
		if c.doc.Source(e.Name()) == nil {
			findSource(c.doc, e.Name(), at.pos, at.path, c.r)
		}
	case expr.SourceComponents:
		c.component(e.String(), "", at.pos, at.path)
	}
}

// stepRef checks $steps.ID.outputs.NAME against the workflow at hand.
func (c *refChecker) stepRef(at site, e *expr.Expr) {
	w, id := at.w, e.Name()
	i := w.StepIndex(id)
	if i < 0 {
		c.r.errorf(at.pos, at.path, "unknown-step", "%s: no step %q in workflow %q%s",
			e.String(), id, w.WorkflowID, suggest(id, stepIDs(w)))
		return
	}
	s := w.Steps[i]
	if e.Key() != "" && !declaresOutput(s.Outputs, e.Key()) {
		c.r.errorf(at.pos, at.path, "unknown-output", "%s: step %q has no output %q%s%s",
			e.String(), id, e.Key(), suggest(e.Key(), outputNames(s.Outputs)), childOutputHint(s, e.Key()))
		return // when it runs does not matter any more
	}
	switch {
	case at.step < 0 || dependsOnStep(w.Steps, at.step, id):
	case i > at.step:
		c.forwardRef(at, e, i)
	case i == at.step && at.request:
		c.r.errorf(at.pos, at.path, "forward-step-reference",
			"%s: step %q reads its own outputs while building its request, before it has run", e.String(), id)
	}
}

// childOutputHint explains, for a step that calls a workflow having the
// output, how to pass it on: a step has only the outputs it declares.
func childOutputHint(s *Step, name string) string {
	w := s.Target().Workflow
	if w == nil || !declaresOutput(w.Outputs, name) {
		return ""
	}
	return fmt.Sprintf("; workflow %q has it, so declare it on the step: %s: $outputs.%s", w.WorkflowID, name, name)
}

// forwardRef reports a reference to a step that runs later. With a goto
// in the workflow the later step may have run on an earlier pass, so it
// is only a warning there.
func (c *refChecker) forwardRef(at site, e *expr.Expr, i int) {
	msg := "%s: step %q comes later in the workflow (step %d of %d), so its outputs are not set yet here"
	if hasGoto(at.w) {
		c.r.warnf(at.pos, at.path, "forward-step-reference", msg+"; only a goto can make this work",
			e.String(), e.Name(), i+1, len(at.w.Steps))
		return
	}
	c.r.errorf(at.pos, at.path, "forward-step-reference", msg, e.String(), e.Name(), i+1, len(at.w.Steps))
}

func dependsOnStep(steps []*Step, i int, id string) bool {
	if i >= len(steps) {
		return false
	}
	for _, d := range steps[i].DependsOn {
		if d == id {
			return true
		}
	}
	return false
}

func hasGoto(w *Workflow) bool {
	all := append(append([]*Action{}, w.SuccessActions...), w.FailureActions...)
	for _, s := range w.Steps {
		all = append(append(all, s.OnSuccess...), s.OnFailure...)
	}
	for _, a := range all {
		if a.Type == "goto" || a.Reference != "" {
			return true
		}
	}
	return false
}

// declaresOutput reports whether outs has the name, or a prefix of it
// at a dot (an output holding an object, read further).
func declaresOutput(outs []*Output, name string) bool {
	return declaresName(outputNames(outs), name)
}

func outputNames(outs []*Output) []string {
	var names []string
	for _, o := range outs {
		names = append(names, o.Name)
	}
	return names
}

// workflowRef checks $workflows.ID.outputs.NAME and .inputs.NAME.
func (c *refChecker) workflowRef(at site, e *expr.Expr) {
	w := c.doc.Workflow(e.Name())
	if w == nil {
		c.r.errorf(at.pos, at.path, "unknown-workflow", "%s: no workflow %q in this document%s",
			e.String(), e.Name(), suggest(e.Name(), workflowIDs(c.doc)))
		return
	}
	if id := e.Step(); id != "" {
		c.workflowStepRef(at, e, w, id)
		return
	}
	if e.Field() == "outputs" && e.Key() != "" && !declaresOutput(w.Outputs, e.Key()) {
		c.r.errorf(at.pos, at.path, "unknown-output", "%s: workflow %q has no output %q%s",
			e.String(), w.WorkflowID, e.Key(), suggest(e.Key(), outputNames(w.Outputs)))
	}
}

// workflowStepRef checks $workflows.W.steps.S.outputs.NAME: the step
// exists in workflow w and declares the output.
func (c *refChecker) workflowStepRef(at site, e *expr.Expr, w *Workflow, id string) {
	s := w.Step(id)
	switch {
	case s == nil:
		c.r.errorf(at.pos, at.path, "unknown-step", "%s: workflow %q has no step %q%s",
			e.String(), w.WorkflowID, id, suggest(id, stepIDs(w)))
	case !declaresOutput(s.Outputs, e.Key()):
		c.r.errorf(at.pos, at.path, "unknown-output", "%s: step %q of workflow %q has no output %q%s",
			e.String(), id, w.WorkflowID, e.Key(), suggest(e.Key(), outputNames(s.Outputs)))
	}
}

// inputRef checks $inputs.NAME against the properties the workflow's
// input schema declares. Only a closed schema (additionalProperties:
// false) proves the input cannot be given, so that is an error; otherwise
// an undeclared input is a warning, as is a workflow with no input schema
// (a calling step may still pass values).
func (c *refChecker) inputRef(at site, e *expr.Expr) {
	w, name := at.w, e.Name()
	if name == "" {
		return // the whole inputs object
	}
	if w.Inputs == nil {
		c.r.warnf(at.pos, at.path, "undeclared-input", "%s: workflow %q declares no inputs", e.String(), w.WorkflowID)
		w.noteUndeclared(name)
		return
	}
	names, listed := c.inputNames(w.Inputs, 0)
	if !listed || declaresName(names, name) {
		return
	}
	msg := "%s: workflow %q declares no input %q%s"
	args := []any{e.String(), w.WorkflowID, name, suggest(name, names)}
	if closedSchema(c.resolveInputs(w.Inputs)) {
		c.r.errorf(at.pos, at.path, "unknown-input", msg, args...)
		return
	}
	c.r.warnf(at.pos, at.path, "undeclared-input", msg+"; it is read only if the caller passes it anyway", args...)
	w.noteUndeclared(name)
}

// noteUndeclared records that the workflow reads the input name (or a
// member of it) without declaring it.
func (w *Workflow) noteUndeclared(name string) {
	top, _, _ := strings.Cut(name, ".")
	if i, found := slices.BinarySearch(w.readsUndeclared, top); !found {
		w.readsUndeclared = slices.Insert(w.readsUndeclared, i, top)
	}
}

// declaresName reports whether names has name, or a prefix of it at a
// dot (an input holding an object, read further).
func declaresName(names []string, name string) bool {
	for {
		for _, n := range names {
			if n == name {
				return true
			}
		}
		i := strings.LastIndexByte(name, '.')
		if i < 0 {
			return false
		}
		name = name[:i]
	}
}

func (c *refChecker) resolveInputs(schema any) any {
	if m, ok := schema.(map[string]any); ok {
		if ref, ok := m["$ref"].(string); ok {
			return c.componentInput(ref)
		}
	}
	return schema
}

func closedSchema(schema any) bool {
	m, ok := schema.(map[string]any)
	return ok && m["additionalProperties"] == false
}

// inputNames lists the property names of an input schema. listed is false
// when it cannot tell: a composition or reference it cannot follow, or no
// properties at all.
func (c *refChecker) inputNames(schema any, depth int) (names []string, listed bool) {
	m, ok := schema.(map[string]any)
	if !ok || depth > 8 {
		return nil, false
	}
	if ref, ok := m["$ref"].(string); ok {
		return c.inputNames(c.componentInput(ref), depth+1)
	}
	props, _ := m["properties"].(map[string]any)
	for k := range props {
		names = append(names, k)
	}
	for _, key := range []string{"allOf", "anyOf", "oneOf"} {
		list, _ := m[key].([]any)
		for _, sub := range list {
			more, ok := c.inputNames(sub, depth+1)
			if !ok {
				return nil, false
			}
			names = append(names, more...)
		}
	}
	sort.Strings(names)
	return names, props != nil || len(names) > 0
}

// inputsRef checks an input schema given as a reference to the
// components: $ref: '#/components/inputs/NAME'.
func (c *refChecker) inputsRef(w *Workflow) {
	m, _ := w.Inputs.(map[string]any)
	ref, ok := m["$ref"].(string)
	if !ok {
		return
	}
	name, local := strings.CutPrefix(ref, "#/components/inputs/")
	if !local {
		return // a schema elsewhere: not ours to resolve
	}
	if c.componentInput(ref) == nil {
		names := componentNames(c.doc.Components, "inputs")
		c.r.errorf(w.FieldPos("inputs"), w.FieldPath("inputs"), "unknown-component",
			"inputs $ref %q: no component %q under components.inputs%s", ref, name, suggest(name, names))
	}
}

// componentInput follows #/components/inputs/NAME.
func (c *refChecker) componentInput(ref string) any {
	name, ok := strings.CutPrefix(ref, "#/components/inputs/")
	if !ok || c.doc.Components == nil {
		return nil
	}
	return c.doc.Components.Inputs[name]
}

// component checks $components.TYPE.NAME; want, when set, is the type the
// place requires (parameters, successActions, failureActions).
func (c *refChecker) component(ref, want string, pos Pos, path string) {
	e, err := expr.Parse(ref)
	if err != nil {
		return // reported by compile.go
	}
	if e.Source() != expr.SourceComponents {
		c.r.errorf(pos, path, "bad-reference", "reference must be $components.%s.NAME, got %q", want, ref)
		return
	}
	typ, name := e.Name(), e.Key()
	if want != "" && typ != want {
		c.r.errorf(pos, path, "bad-reference", "reference %q names a component of type %s; here it must be one of %s", ref, typ, want)
		return
	}
	names := componentNames(c.doc.Components, typ)
	for _, n := range names {
		if n == name {
			return
		}
	}
	c.r.errorf(pos, path, "unknown-component", "no component %q under components.%s%s", name, typ, suggest(name, names))
}

func componentNames(comp *Components, typ string) []string {
	if comp == nil {
		return nil
	}
	var names []string
	switch typ {
	case "parameters":
		for k := range comp.Parameters {
			names = append(names, k)
		}
	case "successActions":
		for k := range comp.SuccessActions {
			names = append(names, k)
		}
	case "failureActions":
		for k := range comp.FailureActions {
			names = append(names, k)
		}
	case "inputs":
		for k := range comp.Inputs {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return names
}
