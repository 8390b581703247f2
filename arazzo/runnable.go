package arazzo

// This file answers, before anything is sent, whether a workflow can run
// as loaded: a document may be valid and still not runnable here, because
// a source was out of reach or a step calls an AsyncAPI operation.

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrAsyncUnsupported is wrapped by [Document.Runnable] for a step that
// sends or receives AsyncAPI messages, which this runner cannot do yet.
var ErrAsyncUnsupported = fmt.Errorf("running AsyncAPI steps is not supported yet: %w", errors.ErrUnsupported)

// ErrInvalidWorkflow is wrapped by [Document.Runnable] for a workflow that
// Load found errors in: a document that cannot run as written sends
// nothing.
var ErrInvalidWorkflow = errors.New("the workflow has errors (see arazzo validate)")

// Runnable reports whether the workflow can run as loaded: Load found no
// error in it, nor in the document outside its workflows, and every step
// it may run, and every workflow those steps, its dependsOn and its goto
// actions reach, is bound to an operation or workflow. The error names
// each problem at its position, with the reason (for example the source
// that could not be fetched). Call it after [Load] and before sending
// anything.
func (d *Document) Runnable(workflowID string) error {
	w := d.Workflow(workflowID)
	if w == nil {
		return fmt.Errorf("no workflow %q in %s%s", workflowID, d.File, suggest(workflowID, workflowIDs(d)))
	}
	var errs []error
	seen := map[*Workflow]bool{}
	d.runnable(w, seen, &errs)
	return errors.Join(errs...)
}

func (d *Document) runnable(w *Workflow, seen map[*Workflow]bool, errs *[]error) {
	if seen[w] {
		return
	}
	seen[w] = true
	if err := d.errorsIn(w); err != nil {
		*errs = append(*errs, err)
	}
	for _, dep := range w.DependsOn {
		d.reach(dep, seen, errs)
	}
	for _, s := range w.Steps {
		if err := d.stepRunnable(s); err != nil {
			*errs = append(*errs, fmt.Errorf("%s: step %q: %w", s.Pos, s.StepID, err))
		}
		if t := s.Target(); t.Workflow != nil {
			t.Document.runnable(t.Workflow, seen, errs)
		}
		for _, a := range append(append([]*Action{}, s.OnSuccess...), s.OnFailure...) {
			if a = resolveAction(d, a); a != nil && a.WorkflowID != "" {
				d.reach(a.WorkflowID, seen, errs)
			}
		}
	}
}

// reach follows a workflowId written in a dependsOn or an action.
func (d *Document) reach(id string, seen map[*Workflow]bool, errs *[]error) {
	t := bindWorkflow(d, id, Pos{}, "", &reporter{})
	if t.Workflow != nil {
		t.Document.runnable(t.Workflow, seen, errs)
	}
}

func (d *Document) stepRunnable(s *Step) error {
	kind, source := stepSourceKind(d, s)
	if kind == "asyncapi" || s.Kind() == "channel" {
		return ErrAsyncUnsupported
	}
	t := s.Target()
	if t.Operation != nil || t.Workflow != nil {
		return nil
	}
	if reason, ok := d.unloaded[source]; ok {
		return errors.New(reason)
	}
	if source == "" && len(d.unloaded) > 0 {
		return fmt.Errorf("not bound; a source it may need could not be read (%s)", firstReason(d.unloaded))
	}
	return errors.New("not bound to an operation or workflow (run arazzo validate)")
}

func firstReason(m map[string]string) string {
	best := ""
	for name := range m {
		if best == "" || name < best {
			best = name
		}
	}
	return m[best]
}

// maxListedErrors is how many of a workflow's errors Runnable quotes.
const maxListedErrors = 3

// errorsIn returns the errors Load found in w, or in the document outside
// every workflow, wrapping ErrInvalidWorkflow; nil when there are none.
func (d *Document) errorsIn(w *Workflow) error {
	var found []string
	prefix := fmt.Sprintf("workflows[%d]", slices.Index(d.Workflows, w))
	for _, diag := range d.errors {
		if concerns(diag.Path, prefix) {
			found = append(found, diag.Error())
		}
	}
	if len(found) == 0 {
		return nil
	}
	more := ""
	if len(found) > maxListedErrors {
		more = fmt.Sprintf("\n  and %d more", len(found)-maxListedErrors)
		found = found[:maxListedErrors]
	}
	return fmt.Errorf("workflow %q: %w:\n  %s%s", w.WorkflowID, ErrInvalidWorkflow, strings.Join(found, "\n  "), more)
}

// concerns reports whether a diagnostic at path concerns the workflow
// whose spec path is prefix ("workflows[2]"): it lies inside it, or
// outside every workflow.
func concerns(path, prefix string) bool {
	if !strings.HasPrefix(path, "workflows[") {
		return true
	}
	rest, ok := strings.CutPrefix(path, prefix)
	return ok && (rest == "" || rest[0] == '.' || rest[0] == '[')
}
