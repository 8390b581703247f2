package runtime

// Inputs meant for the workflows a workflow depends on. A run of W whose
// dependsOn lists D passes the run's inputs on to D (those D declares), so
// a caller running W must be able to give D's inputs too: they are
// accepted by name and typed by D's schema, and checked when D runs, not
// against W's schema, which may well be closed.

import (
	"errors"
	"fmt"

	"github.com/arazzo-run/arazzo/arazzo"
)

// dependencies returns the workflows wf depends on, directly or further
// down, each once, with their documents, in the order first met.
func dependencies(doc *arazzo.Document, wf *arazzo.Workflow) []docWorkflow {
	var out []docWorkflow
	seen := map[*arazzo.Workflow]bool{wf: true}
	var visit func(*arazzo.Document, *arazzo.Workflow)
	visit = func(d *arazzo.Document, w *arazzo.Workflow) {
		for _, ref := range w.DependsOn {
			depDoc, dep := resolveWorkflow(d, ref)
			if dep == nil || seen[dep] {
				continue
			}
			seen[dep] = true
			out = append(out, docWorkflow{depDoc, dep})
			visit(depDoc, dep)
		}
	}
	visit(doc, wf)
	return out
}

// docWorkflow is a workflow with the document that holds it.
type docWorkflow struct {
	doc *arazzo.Document
	wf  *arazzo.Workflow
}

// checkDependencyInputs checks, before anything runs, the inputs each
// dependency of wf will receive from the run's inputs: a dependency
// missing a required input would otherwise fail the run after other
// requests were sent.
func checkDependencyInputs(doc *arazzo.Document, wf *arazzo.Workflow, inputs map[string]any) error {
	var errs []error
	for _, d := range dependencies(doc, wf) {
		if _, err := PrepareInputs(d.doc, d.wf, declaredOnly(d.doc, d.wf, inputs)); err != nil {
			errs = append(errs, fmt.Errorf("%w (%q depends on it)", err, wf.WorkflowID))
		}
	}
	return errors.Join(errs...)
}

// dependencyProperties returns the input schema properties declared by the
// workflows wf depends on, directly or further down, that wf does not
// declare itself; the first declaration of a name wins.
func dependencyProperties(doc *arazzo.Document, wf *arazzo.Workflow) map[string]any {
	own := schemaProperties(inputSchema(doc, wf))
	out := map[string]any{}
	for _, d := range dependencies(doc, wf) {
		for name, p := range schemaProperties(inputSchema(d.doc, d.wf)) {
			if _, mine := own[name]; mine {
				continue
			}
			if _, taken := out[name]; !taken {
				out[name] = p
			}
		}
	}
	return out
}

// splitForDependencies separates the inputs of a run of wf into those for
// wf itself and those only its dependencies declare.
func splitForDependencies(doc *arazzo.Document, wf *arazzo.Workflow, inputs map[string]any) (own, forDeps map[string]any) {
	depProps := dependencyProperties(doc, wf)
	if len(depProps) == 0 {
		return inputs, nil
	}
	own = make(map[string]any, len(inputs))
	forDeps = map[string]any{}
	for name, v := range inputs {
		if _, dep := depProps[name]; dep {
			forDeps[name] = v
		} else {
			own[name] = v
		}
	}
	return own, forDeps
}
