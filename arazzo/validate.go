package arazzo

// This file holds the checks that need the whole document: required
// fields, identifiers, references between objects, and the binding of
// steps to operations. Expression syntax is checked in compile.go.

import (
	"regexp"
	"strings"
)

var (
	namePattern   = regexp.MustCompile(`^[A-Za-z0-9_\-]+$`)
	outputPattern = regexp.MustCompile(`^[a-zA-Z0-9.\-_]+$`)
	versionRE     = regexp.MustCompile(`^1\.[01]\.\d+(-.+)?$`)
)

// validate runs every check on a parsed document whose sources are loaded.
func validate(doc *Document, r *reporter) {
	checkHeader(doc, r)
	checkV11Fields(doc, r)
	checkSources(doc, r)
	checkWorkflows(doc, r)
	checkComponentKeys(doc, r)
	bindSteps(doc, r)
	checkStepKinds(doc, r)
	compileDocument(doc, r)
	checkRefs(doc, r)
	checkFlow(doc, r)
	r.diags = append(r.diags, dropCovered(checkSchema(doc), r.diags)...)
}

func checkHeader(doc *Document, r *reporter) {
	switch {
	case !doc.Has("arazzo"):
		r.errorf(doc.Pos, "", "missing-field", "the document has no arazzo field (the spec version, e.g. 1.0.1)")
	case !versionRE.MatchString(doc.Arazzo):
		r.errorf(doc.FieldPos("arazzo"), "arazzo", "unsupported-version",
			"arazzo version %q is not supported; this runner reads 1.0.x and 1.1.x", doc.Arazzo)
	}
	if doc.Info == nil {
		r.errorf(doc.Pos, "", "missing-field", "the document has no info object")
	} else if !doc.Info.Has("title") {
		r.errorf(doc.Info.Pos, doc.Info.Path, "missing-field", "info has no title")
	}
	if doc.IsV11() && strings.Contains(doc.Self, "#") {
		r.errorf(doc.FieldPos("$self"), "$self", "bad-self", "$self must not contain a fragment")
	}
}

func checkSources(doc *Document, r *reporter) {
	if len(doc.SourceDescriptions) == 0 && doc.Has("arazzo") {
		r.errorf(doc.FieldPos("sourceDescriptions"), "sourceDescriptions", "missing-field",
			"the document needs at least one source description")
	}
	seen := map[string]bool{}
	for _, s := range doc.SourceDescriptions {
		requireFields(s.Meta, r, "a source description", "name", "url")
		checkName(s.Meta, "name", s.Name, namePattern, seen, "source description", r)
		if s.Has("type") && s.Type != "openapi" && s.Type != "arazzo" && !(s.Type == "asyncapi" && doc.IsV11()) {
			r.errorf(s.FieldPos("type"), s.FieldPath("type"), "bad-enum",
				"source type must be openapi or arazzo%s, got %q", v11Extra(doc, " (or asyncapi)"), s.Type)
		}
	}
}

func v11Extra(doc *Document, s string) string {
	if doc.IsV11() {
		return s
	}
	return ""
}

// checkName reports a missing, malformed or duplicate identifier.
func checkName(m Meta, field, value string, pattern *regexp.Regexp, seen map[string]bool, what string, r *reporter) {
	if !m.Has(field) {
		return
	}
	if !pattern.MatchString(value) {
		r.warnf(m.FieldPos(field), m.FieldPath(field), "bad-identifier",
			"%s %s %q should match %s", what, field, value, pattern)
	}
	if seen[value] {
		r.errorf(m.FieldPos(field), m.FieldPath(field), "duplicate-id", "%s %s %q is used more than once", what, field, value)
	}
	seen[value] = true
}

func requireFields(m Meta, r *reporter, what string, fields ...string) {
	for _, f := range fields {
		if !m.Has(f) {
			r.errorf(m.Pos, m.Path, "missing-field", "%s needs a %s field", what, f)
		}
	}
}

func checkWorkflows(doc *Document, r *reporter) {
	if len(doc.Workflows) == 0 && doc.Has("arazzo") {
		r.errorf(doc.FieldPos("workflows"), "workflows", "missing-field", "the document needs at least one workflow")
	}
	seen := map[string]bool{}
	for _, w := range doc.Workflows {
		requireFields(w.Meta, r, "a workflow", "workflowId", "steps")
		checkName(w.Meta, "workflowId", w.WorkflowID, namePattern, seen, "workflow", r)
		checkSteps(doc, w, r)
		checkOutputNames(w.Outputs, r)
		for _, a := range append(w.SuccessActions, w.FailureActions...) {
			checkAction(doc, w, a, r)
		}
	}
}

func checkSteps(doc *Document, w *Workflow, r *reporter) {
	if w.Has("steps") && len(w.Steps) == 0 {
		r.errorf(w.FieldPos("steps"), w.FieldPath("steps"), "missing-field", "a workflow needs at least one step")
	}
	seen := map[string]bool{}
	for _, s := range w.Steps {
		requireFields(s.Meta, r, "a step", "stepId")
		checkName(s.Meta, "stepId", s.StepID, namePattern, seen, "step", r)
		checkStepTarget(doc, s, r)
		checkOutputNames(s.Outputs, r)
		for _, a := range append(append([]*Action{}, s.OnSuccess...), s.OnFailure...) {
			checkAction(doc, w, a, r)
		}
		for _, p := range s.Parameters {
			checkParameter(s, p, r)
		}
		if s.RequestBody != nil && s.WorkflowID != "" {
			r.errorf(s.FieldPos("requestBody"), s.FieldPath("requestBody"), "body-on-workflow-step",
				"a step that calls a workflow cannot have a requestBody; pass values as parameters")
		}
	}
}

// checkStepTarget requires exactly one of operationId, operationPath,
// workflowId and (in 1.1, for AsyncAPI steps) channelPath.
func checkStepTarget(doc *Document, s *Step, r *reporter) {
	var set []string
	for _, f := range []string{"operationId", "operationPath", "workflowId", "channelPath"} {
		if s.Has(f) {
			set = append(set, f)
		}
	}
	switch {
	case len(set) == 0:
		r.errorf(s.Pos, s.Path, "missing-field", "step %q needs one of operationId, operationPath or workflowId", s.StepID)
	case len(set) > 1:
		r.errorf(s.FieldPos(set[1]), s.FieldPath(set[1]), "conflicting-fields",
			"step %q sets both %s and %s; a step calls exactly one thing", s.StepID, set[0], set[1])
	}
}

func checkParameter(s *Step, p *Parameter, r *reporter) {
	if p.Reference != "" {
		return
	}
	requireFields(p.Meta, r, "a parameter", "name", "value")
	switch {
	case s.WorkflowID != "" && p.Has("in"):
		r.warnf(p.FieldPos("in"), p.FieldPath("in"), "in-on-workflow-parameter",
			"parameter %q of a workflow step is a workflow input; in: %s is ignored", p.Name, p.In)
	case s.WorkflowID == "" && !p.Has("in") && p.Has("name"):
		r.errorf(p.Pos, p.Path, "missing-field", "parameter %q of an operation step needs in (path, query, header or cookie)", p.Name)
	case p.Has("in") && !validIn[p.In]:
		r.errorf(p.FieldPos("in"), p.FieldPath("in"), "bad-enum",
			"parameter in must be path, query, header, cookie, querystring or channel, got %q", p.In)
	}
}

var validIn = map[string]bool{"path": true, "query": true, "header": true, "cookie": true, "querystring": true, "channel": true}

func checkOutputNames(outs []*Output, r *reporter) {
	for _, o := range outs {
		if !outputPattern.MatchString(o.Name) {
			r.warnf(o.Pos, o.Path, "bad-identifier", "output name %q should match %s", o.Name, outputPattern)
		}
	}
}

// checkAction validates an action's type and target.
func checkAction(doc *Document, w *Workflow, a *Action, r *reporter) {
	if a.Reference != "" {
		return
	}
	requireFields(a.Meta, r, "an action", "name", "type")
	switch a.Type {
	case "end":
	case "goto":
		checkActionTarget(doc, w, a, r, true)
	case "retry":
		checkRetry(a, r)
		if !a.Failure {
			r.errorf(a.FieldPos("type"), a.FieldPath("type"), "bad-enum", "retry is a failure action; a success action is end or goto")
		}
		checkActionTarget(doc, w, a, r, false)
	default:
		if a.Has("type") {
			r.errorf(a.FieldPos("type"), a.FieldPath("type"), "bad-enum", "action type must be end, goto or retry, got %q", a.Type)
		}
	}
}

// checkRetry requires a retry's delay and limit not to be negative.
func checkRetry(a *Action, r *reporter) {
	if a.RetryAfter < 0 {
		r.errorf(a.FieldPos("retryAfter"), a.FieldPath("retryAfter"), "bad-value",
			"retryAfter must be 0 or more seconds, got %g", a.RetryAfter)
	}
	if a.RetryLimit < 0 {
		r.errorf(a.FieldPos("retryLimit"), a.FieldPath("retryLimit"), "bad-value", "retryLimit must be 0 or more, got %d", a.RetryLimit)
	}
}

func checkActionTarget(doc *Document, w *Workflow, a *Action, r *reporter, required bool) {
	switch {
	case a.StepID != "" && a.WorkflowID != "":
		r.errorf(a.FieldPos("workflowId"), a.FieldPath("workflowId"), "conflicting-fields",
			"an action names a stepId or a workflowId, not both")
	case a.StepID != "":
		if w.Step(a.StepID) == nil {
			r.errorf(a.FieldPos("stepId"), a.FieldPath("stepId"), "unknown-step",
				"no step %q in workflow %q%s", a.StepID, w.WorkflowID, suggest(a.StepID, stepIDs(w)))
		}
	case a.WorkflowID != "":
		bindWorkflow(doc, a.WorkflowID, a.FieldPos("workflowId"), a.FieldPath("workflowId"), r)
	case required:
		r.errorf(a.Pos, a.Path, "missing-field", "a goto action needs a stepId or a workflowId")
	}
}

func stepIDs(w *Workflow) []string {
	var out []string
	for _, s := range w.Steps {
		out = append(out, s.StepID)
	}
	return out
}

// checkStepKinds checks the AsyncAPI fields of each step (action,
// correlationId, channelPath) against the kind of source the step calls.
func checkStepKinds(doc *Document, r *reporter) {
	for _, w := range doc.Workflows {
		for _, s := range w.Steps {
			checkStepKind(doc, s, r)
			checkAsyncTarget(doc, s, r)
		}
	}
}

func checkStepKind(doc *Document, s *Step, r *reporter) {
	if s.Has("channelPath") {
		checkChannelPath(s, r)
	}
	kind, source := stepSourceKind(doc, s)
	async := kind == "asyncapi" || s.Has("channelPath")
	switch {
	case s.Has("workflowId"):
		for _, f := range []string{"action", "correlationId"} {
			if s.Has(f) {
				r.errorf(s.FieldPos(f), s.FieldPath(f), "async-field",
					"%s belongs to AsyncAPI steps; a step that calls a workflow cannot have it", f)
			}
		}
		return
	case async && !s.Has("action"):
		r.errorf(s.Pos, s.Path, "missing-field", "step %q calls an AsyncAPI operation, so it needs action (send or receive)", s.StepID)
	case kind == "openapi":
		for _, f := range []string{"action", "correlationId"} {
			if s.Has(f) {
				r.errorf(s.FieldPos(f), s.FieldPath(f), "async-field",
					"%s belongs to AsyncAPI steps, but source %q is an OpenAPI description", f, source)
			}
		}
		return
	}
	if s.Has("correlationId") && s.Action != "receive" {
		r.errorf(s.FieldPos("correlationId"), s.FieldPath("correlationId"), "async-field",
			"correlationId applies only to steps with action: receive, not %q", s.Action)
	}
}

// channelID is what a bare channel id looks like: one word, as AsyncAPI
// documents key their channels.
var channelID = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// checkChannelPath accepts {$sourceDescriptions.NAME.url}#/channels/...,
// warns about the loose forms whose meaning is still clear (a source
// named without braces or .url; a bare channel id), and rejects the rest.
func checkChannelPath(s *Step, r *reporter) {
	pos, path := s.FieldPos("channelPath"), s.FieldPath("channelPath")
	name, pointer, exact, ok := splitSourcePointer(s.ChannelPath)
	switch {
	case ok && !exact:
		r.warnf(pos, path, "channel-path-form",
			"channelPath %q names its source loosely; the spec requires {$sourceDescriptions.%s.url}#%s", s.ChannelPath, name, pointer)
	case !ok && channelID.MatchString(s.ChannelPath):
		r.warnf(pos, path, "channel-path-form",
			"channelPath %q is a bare channel id; the spec requires {$sourceDescriptions.NAME.url}#/channels/%s", s.ChannelPath, s.ChannelPath)
	case !ok:
		r.errorf(pos, path, "bad-channel-path",
			"channelPath must be a runtime expression such as {$sourceDescriptions.NAME.url}#/channels/NAME, got %q", s.ChannelPath)
	}
}

// stepSourceKind returns the kind (openapi, asyncapi, arazzo) and name of
// the source an operation step calls, or "" when it cannot be told.
func stepSourceKind(doc *Document, s *Step) (kind, name string) {
	if t := s.Target(); t.Source != nil {
		return t.Source.Kind, t.Source.Name
	}
	switch {
	case strings.HasPrefix(s.OperationID, "$sourceDescriptions."):
		name, _, _ = splitQualified(s.OperationID)
	case s.Has("operationPath"):
		name, _, _, _ = splitSourcePointer(s.OperationPath)
	case s.Has("channelPath"):
		name, _, _, _ = splitSourcePointer(s.ChannelPath)
	case s.Has("operationId"):
		if names := apiSourceNames(doc); len(names) == 1 {
			name = names[0]
		}
	}
	return sourceKind(doc, name), name
}

// sourceKind is the kind of the named source, as loaded or else as declared.
func sourceKind(doc *Document, name string) string {
	if src := doc.sources[name]; src != nil {
		return src.Kind
	}
	if sd := doc.Source(name); sd != nil {
		return sd.Type
	}
	return ""
}

// checkV11Fields reports the fields that Arazzo 1.1 added when a 1.0
// document uses them: the model reads them, but the version the author
// declared does not have them.
func checkV11Fields(doc *Document, r *reporter) {
	if doc.IsV11() || !versionRE.MatchString(doc.Arazzo) {
		return
	}
	needV11(doc.Meta, r, "$self")
	for _, w := range doc.Workflows {
		for _, s := range w.Steps {
			needV11(s.Meta, r, "timeout", "dependsOn", "channelPath", "action", "correlationId")
			for _, a := range append(append([]*Action{}, s.OnSuccess...), s.OnFailure...) {
				needV11(a.Meta, r, "parameters")
			}
			if rb := s.RequestBody; rb != nil {
				for _, rp := range rb.Replacements {
					needV11(rp.Meta, r, "targetSelectorType")
				}
			}
		}
	}
}

func needV11(m Meta, r *reporter, fields ...string) {
	for _, f := range fields {
		if m.Has(f) {
			r.errorf(m.FieldPos(f), m.FieldPath(f), "needs-v11", "%s is an Arazzo 1.1 field; this document declares 1.0", f)
		}
	}
}

// checkComponentKeys warns about component names outside the pattern the
// spec gives them.
func checkComponentKeys(doc *Document, r *reporter) {
	c := doc.Components
	if c == nil {
		return
	}
	for _, typ := range []string{"inputs", "parameters", "successActions", "failureActions"} {
		for _, name := range componentNames(c, typ) {
			if !outputPattern.MatchString(name) {
				path := c.FieldPath(typ)
				r.warnf(c.FieldPos(typ), path+"."+name, "bad-identifier", "component name %q should match %s", name, outputPattern)
			}
		}
	}
}
