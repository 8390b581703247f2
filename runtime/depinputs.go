package runtime

// Inputs meant for the workflows a workflow depends on. A run of W whose
// dependsOn lists D passes the run's inputs on to D (those D declares), so
// a caller running W must be able to give D's inputs too: they are
// accepted by name, typed by D's schema and checked against it before
// anything runs, not against W's schema, which may well be closed.

import (
	"errors"
	"fmt"

	"github.com/arazzo-run/arazzo/arazzo"
)

// dependencies returns the workflows wf depends on, directly or further
// down, each once, with their documents, in the order first met.
func dependencies(doc *arazzo.Document, wf *arazzo.Workflow) []docWorkflow {
	if len(wf.DependsOn) == 0 {
		return nil // the usual case, without allocating
	}
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

// runInputs checks the inputs of a run of wf, before anything runs, and
// reports every problem at once: those wf takes against its schema, with
// its defaults applied (resolved), and those its dependencies take
// (forDeps) against theirs, since a dependency missing a required input
// would otherwise fail the run after other requests were sent.
func runInputs(doc *arazzo.Document, wf *arazzo.Workflow, inputs map[string]any) (resolved, forDeps map[string]any, err error) {
	deps := dependencies(doc, wf)
	own, forDeps := splitForDependencies(inputs, dependencyProperties(doc, wf, deps))
	resolved, err = PrepareInputs(doc, wf, own)
	errs := []error{checkUnknownInputs(doc, wf, own), err}
	for _, d := range deps {
		if _, err := PrepareInputs(d.doc, d.wf, declaredOnly(d.doc, d.wf, inputs)); err != nil {
			errs = append(errs, fmt.Errorf("%w (%q depends on it)", err, wf.WorkflowID))
		}
	}
	return resolved, forDeps, errors.Join(errs...)
}

// dependencyProperties returns the input schema properties declared by
// deps, the workflows wf depends on, that wf does not declare itself; the
// first declaration of a name wins.
func dependencyProperties(doc *arazzo.Document, wf *arazzo.Workflow, deps []docWorkflow) map[string]any {
	if len(deps) == 0 {
		return nil
	}
	own := schemaProperties(inputSchema(doc, wf))
	out := map[string]any{}
	for _, d := range deps {
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

// splitForDependencies separates the inputs of a run into those for the
// workflow itself and those only its dependencies declare (depProps).
func splitForDependencies(inputs, depProps map[string]any) (own, forDeps map[string]any) {
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
