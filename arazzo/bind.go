package arazzo

import (
	"fmt"
	"sort"
	"strings"

	"github.com/arazzo-run/arazzo/internal/spell"
	"github.com/arazzo-run/arazzo/openapi"
)

// Target is what a step calls, resolved when the document is loaded.
type Target struct {
	Source    *Source            // the source description that holds it; nil for a local workflow
	Operation *openapi.Operation // set for an OpenAPI operation
	Workflow  *Workflow          // set for a workflow step
	Document  *Document          // the document that holds Workflow
}

// Target returns what the step was bound to. Its fields are nil when the
// step could not be bound (which the diagnostics report).
func (s *Step) Target() Target { return s.target }

// bindSteps resolves every step's operationId, operationPath or workflowId.
func bindSteps(doc *Document, r *reporter) {
	for _, w := range doc.Workflows {
		for _, s := range w.Steps {
			bindStep(doc, s, r)
		}
	}
}

func bindStep(doc *Document, s *Step, r *reporter) {
	switch {
	case s.OperationID != "":
		s.target = bindOperationID(doc, s, r)
	case s.OperationPath != "":
		s.target = bindOperationPath(doc, s, r)
	case s.WorkflowID != "":
		s.target = bindWorkflow(doc, s.WorkflowID, s.FieldPos("workflowId"), s.FieldPath("workflowId"), r)
	}
}

// openAPISources returns the document's loaded OpenAPI sources in
// document order.
func openAPISources(doc *Document) []*Source {
	var out []*Source
	for _, sd := range doc.SourceDescriptions {
		if src := doc.sources[sd.Name]; src != nil && src.OpenAPI != nil {
			out = append(out, src)
		}
	}
	return out
}

// bindOperationID finds an operation by its id, either qualified as
// $sourceDescriptions.NAME.ID or plain. A plain id must be unambiguous.
func bindOperationID(doc *Document, s *Step, r *reporter) Target {
	pos, path := s.FieldPos("operationId"), s.FieldPath("operationId")
	id, candidates := s.OperationID, openAPISources(doc)
	name, op, qualified := splitQualified(id)
	if qualified {
		src := findSource(doc, name, pos, path, r)
		if src == nil || src.OpenAPI == nil {
			return Target{}
		}
		candidates, id = []*Source{src}, op
	}
	found := findOperation(candidates, id)
	if len(found) == 0 {
		if t := dottedOperationID(doc, s, r); t.Operation != nil {
			return t
		}
	}
	switch {
	case len(found) == 1:
		if !qualified && len(apiSourceNames(doc)) > 1 {
			r.warnf(pos, path, "unqualified-operation-id",
				"the document has several API sources, so the spec wants operationId qualified as $sourceDescriptions.%s.%s",
				found[0].Source.Name, id)
		}
		return found[0]
	case len(found) > 1:
		r.errorf(pos, path, "ambiguous-operation",
			"operationId %q is defined by several sources (%s); qualify it as $sourceDescriptions.NAME.%s",
			id, sourceList(found), id)
	case len(candidates) > 0 && (qualified || !missingAPISource(doc)):
		r.errorf(pos, path, "unknown-operation", "no operation with operationId %q in %s%s",
			id, describeSources(candidates), suggest(id, operationIDs(candidates)))
	}
	return Target{}
}

// findOperation returns the operations with the id in the sources.
func findOperation(srcs []*Source, id string) []Target {
	var found []Target
	for _, src := range srcs {
		if op, ok := src.OpenAPI.Operation(id); ok {
			found = append(found, Target{Source: src, Operation: op})
		}
	}
	return found
}

// bindOperationPath resolves {$sourceDescriptions.NAME.url}#/paths/...
func bindOperationPath(doc *Document, s *Step, r *reporter) Target {
	pos, path := s.FieldPos("operationPath"), s.FieldPath("operationPath")
	name, pointer, exact, ok := sourcePointer(doc, s.OperationPath)
	if !ok {
		r.errorf(pos, path, "bad-operation-path",
			"operationPath must read {$sourceDescriptions.NAME.url}#/paths/..., got %q", s.OperationPath)
		return Target{}
	}
	if !exact {
		r.warnf(pos, path, "operation-path-form",
			"operationPath %q names its source loosely; it runs as {$sourceDescriptions.%s.url}#%s, which is the form the spec requires",
			s.OperationPath, name, pointer)
	}
	src := findSource(doc, name, pos, path, r)
	if src == nil || src.OpenAPI == nil {
		return Target{}
	}
	op, err := src.OpenAPI.OperationByPointer(pointer)
	if err != nil {
		r.errorf(pos, path, "unknown-operation", "operationPath %q: %v", s.OperationPath, err)
		return Target{}
	}
	return Target{Source: src, Operation: op}
}

// splitSourcePointer reads {$sourceDescriptions.NAME.url}#POINTER. It also
// accepts the loose forms real documents use (no braces, no .url), saying
// so through exact.
func splitSourcePointer(v string) (name, pointer string, exact, ok bool) {
	ref, pointer, found := strings.Cut(strings.TrimSpace(v), "#")
	if !found {
		return "", "", false, false
	}
	inner := strings.TrimSuffix(strings.TrimPrefix(ref, "{"), "}")
	braced := len(inner) == len(ref)-2
	rest, isSource := strings.CutPrefix(inner, "$sourceDescriptions.")
	if !isSource || rest == "" {
		return "", "", false, false
	}
	name, withURL := strings.CutSuffix(rest, ".url")
	if name == "" || strings.ContainsAny(name, "{}$ ") {
		return "", "", false, false
	}
	return name, pointer, braced && withURL, true
}

// findSource returns the loaded source with the given name. It reports a
// name that no source description declares; one that differs only in
// case is used, with a warning. It returns nil for an unknown name and
// for a source that is declared but could not be loaded.
func findSource(doc *Document, name string, pos Pos, path string, r *reporter) *Source {
	if doc.Source(name) != nil {
		return doc.sources[name]
	}
	var folded []string
	for _, sd := range doc.SourceDescriptions {
		if strings.EqualFold(sd.Name, name) {
			folded = append(folded, sd.Name)
		}
	}
	if len(folded) == 1 {
		r.warnf(pos, path, "source-name-case",
			"no source description named %q; using %q, which differs only in case (names are case-sensitive)", name, folded[0])
		return doc.sources[folded[0]]
	}
	r.errorf(pos, path, "unknown-source", "no source description named %q%s", name, suggest(name, sourceNames(doc)))
	return nil
}

// dottedOperationID binds SOURCE.ID, a form some tools write for
// $sourceDescriptions.SOURCE.ID, with a warning.
func dottedOperationID(doc *Document, s *Step, r *reporter) Target {
	name, id, ok := strings.Cut(s.OperationID, ".")
	src := doc.sources[name]
	if !ok || src == nil || src.OpenAPI == nil {
		return Target{}
	}
	op, found := src.OpenAPI.Operation(id)
	if !found {
		return Target{}
	}
	r.warnf(s.FieldPos("operationId"), s.FieldPath("operationId"), "operation-id-form",
		"operationId %q runs as $sourceDescriptions.%s, the form the spec requires", s.OperationID, s.OperationID)
	return Target{Source: src, Operation: op}
}

// sourcePointer is splitSourcePointer that also accepts a bare source
// name before the # (petstore#/paths/...), as some generators write it.
func sourcePointer(doc *Document, v string) (name, pointer string, exact, ok bool) {
	if name, pointer, exact, ok = splitSourcePointer(v); ok {
		return name, pointer, exact, ok
	}
	ref, pointer, found := strings.Cut(strings.TrimSpace(v), "#")
	if found && doc.Source(ref) != nil {
		return ref, pointer, false, true
	}
	return "", "", false, false
}

// bindWorkflow resolves a workflowId, local or $sourceDescriptions.NAME.ID.
func bindWorkflow(doc *Document, id string, pos Pos, path string, r *reporter) Target {
	if name, wid, ok := splitQualified(id); ok {
		src := findSource(doc, name, pos, path, r)
		if src == nil {
			return Target{}
		}
		if src.Arazzo == nil {
			r.errorf(pos, path, "wrong-source-type", "source %q is not an Arazzo document, so it has no workflows", name)
			return Target{}
		}
		if w := src.Arazzo.Workflow(wid); w != nil {
			return Target{Source: src, Workflow: w, Document: src.Arazzo}
		}
		if short, ok := strings.CutPrefix(wid, "workflows."); ok && src.Arazzo.Workflow(short) != nil {
			r.warnf(pos, path, "workflow-id-form",
				"workflowId %q runs as $sourceDescriptions.%s.%s, the form the spec requires", id, name, short)
			return Target{Source: src, Workflow: src.Arazzo.Workflow(short), Document: src.Arazzo}
		}
		r.errorf(pos, path, "unknown-workflow", "source %q has no workflow %q%s", name, wid, suggest(wid, workflowIDs(src.Arazzo)))
		return Target{}
	}
	if w := doc.Workflow(id); w != nil {
		return Target{Workflow: w, Document: doc}
	}
	r.errorf(pos, path, "unknown-workflow", "no workflow %q in this document%s", id, suggest(id, workflowIDs(doc)))
	return Target{}
}

// apiSourceNames returns the names of the sources that are not Arazzo
// documents (as declared or as loaded).
func apiSourceNames(doc *Document) []string {
	var out []string
	for _, sd := range doc.SourceDescriptions {
		kind := sd.Type
		if src := doc.sources[sd.Name]; src != nil {
			kind = src.Kind
		}
		if kind != "arazzo" {
			out = append(out, sd.Name)
		}
	}
	return out
}

// missingAPISource reports whether a source that may describe operations
// could not be loaded, so that an operation not found may still exist.
func missingAPISource(doc *Document) bool {
	for name := range doc.unloaded {
		if sd := doc.Source(name); sd == nil || sd.Type != "arazzo" {
			return true
		}
	}
	return false
}

// splitQualified splits $sourceDescriptions.NAME.REST.
func splitQualified(s string) (name, rest string, ok bool) {
	const prefix = "$sourceDescriptions."
	if !strings.HasPrefix(s, prefix) {
		return "", "", false
	}
	return strings.Cut(s[len(prefix):], ".")
}

func suggest(name string, candidates []string) string {
	if s := spell.Nearest(name, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

func sourceNames(doc *Document) []string {
	var out []string
	for _, s := range doc.SourceDescriptions {
		out = append(out, s.Name)
	}
	return out
}

func workflowIDs(doc *Document) []string {
	var out []string
	for _, w := range doc.Workflows {
		out = append(out, w.WorkflowID)
	}
	return out
}

func operationIDs(srcs []*Source) []string {
	var out []string
	for _, s := range srcs {
		out = append(out, s.OpenAPI.OperationIDs()...)
	}
	return out
}

func sourceList(ts []Target) string {
	var names []string
	for _, t := range ts {
		names = append(names, t.Source.Name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func describeSources(srcs []*Source) string {
	if len(srcs) == 1 {
		return fmt.Sprintf("source %q", srcs[0].Name)
	}
	var names []string
	for _, s := range srcs {
		names = append(names, s.Name)
	}
	return "sources " + strings.Join(names, ", ")
}
