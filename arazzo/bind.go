package arazzo

import (
	"fmt"
	"sort"
	"strings"

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
	id := s.OperationID
	candidates := openAPISources(doc)
	if name, op, ok := splitQualified(id); ok {
		src := doc.sources[name]
		if src == nil || src.OpenAPI == nil {
			if doc.Source(name) == nil {
				r.errorf(pos, path, "unknown-source", "no source description named %q%s", name, suggest(name, sourceNames(doc)))
			}
			return Target{}
		}
		candidates, id = []*Source{src}, op
	}
	var found []Target
	for _, src := range candidates {
		if op, ok := src.OpenAPI.Operation(id); ok {
			found = append(found, Target{Source: src, Operation: op})
		}
	}
	switch {
	case len(found) == 1:
		return found[0]
	case len(found) > 1:
		r.errorf(pos, path, "ambiguous-operation",
			"operationId %q is defined by several sources (%s); qualify it as $sourceDescriptions.NAME.%s",
			id, sourceList(found), id)
	case len(candidates) > 0:
		r.errorf(pos, path, "unknown-operation", "no operation with operationId %q in %s%s",
			id, describeSources(candidates), suggest(id, operationIDs(candidates)))
	}
	return Target{}
}

// bindOperationPath resolves {$sourceDescriptions.NAME.url}#/paths/...
func bindOperationPath(doc *Document, s *Step, r *reporter) Target {
	pos, path := s.FieldPos("operationPath"), s.FieldPath("operationPath")
	ref, pointer, ok := strings.Cut(s.OperationPath, "#")
	name := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(ref), "{$sourceDescriptions."), ".url}")
	if !ok || name == ref {
		r.errorf(pos, path, "bad-operation-path",
			"operationPath must read {$sourceDescriptions.NAME.url}#/paths/..., got %q", s.OperationPath)
		return Target{}
	}
	src := doc.sources[name]
	if src == nil || src.OpenAPI == nil {
		if doc.Source(name) == nil {
			r.errorf(pos, path, "unknown-source", "no source description named %q%s", name, suggest(name, sourceNames(doc)))
		}
		return Target{}
	}
	op, err := src.OpenAPI.OperationByPointer(pointer)
	if err != nil {
		r.errorf(pos, path, "unknown-operation", "operationPath %q: %v", s.OperationPath, err)
		return Target{}
	}
	return Target{Source: src, Operation: op}
}

// bindWorkflow resolves a workflowId, local or $sourceDescriptions.NAME.ID.
func bindWorkflow(doc *Document, id string, pos Pos, path string, r *reporter) Target {
	if name, wid, ok := splitQualified(id); ok {
		src := doc.sources[name]
		if src == nil {
			if doc.Source(name) == nil {
				r.errorf(pos, path, "unknown-source", "no source description named %q%s", name, suggest(name, sourceNames(doc)))
			}
			return Target{}
		}
		if src.Arazzo == nil {
			r.errorf(pos, path, "wrong-source-type", "source %q is not an Arazzo document, so it has no workflows", name)
			return Target{}
		}
		if w := src.Arazzo.Workflow(wid); w != nil {
			return Target{Source: src, Workflow: w, Document: src.Arazzo}
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

// splitQualified splits $sourceDescriptions.NAME.REST.
func splitQualified(s string) (name, rest string, ok bool) {
	const prefix = "$sourceDescriptions."
	if !strings.HasPrefix(s, prefix) {
		return "", "", false
	}
	return strings.Cut(s[len(prefix):], ".")
}

func suggest(name string, candidates []string) string {
	if s := nearest(name, candidates); s != "" {
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
