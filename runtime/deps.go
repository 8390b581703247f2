package runtime

// Dependencies: a workflow's dependsOn (run first, once per run) and a
// step's dependsOn (1.1: checked, never triggered).

import (
	"context"
	"fmt"
	"strings"

	"github.com/arazzo-run/arazzo/arazzo"
)

// runDependencies runs the workflows this one depends on, in the order
// listed, each once per run and with the run's inputs (those it
// declares). A dependency that fails fails this workflow.
func (st *state) runDependencies(ctx context.Context) *RunError {
	if len(st.wf.DependsOn) == 0 {
		return nil
	}
	st.running[st.wf] = true
	defer delete(st.running, st.wf)
	for _, ref := range st.wf.DependsOn {
		if err := st.runDependency(ctx, ref); err != nil {
			return err
		}
	}
	return nil
}

func (st *state) runDependency(ctx context.Context, ref string) *RunError {
	doc, wf := resolveWorkflow(st.doc, ref)
	switch {
	case wf == nil:
		return st.fail(nil, "dependsOn names workflow %q, which cannot be found", ref)
	case st.running[wf]:
		return st.fail(nil, "dependsOn %q makes a cycle: that workflow is waiting for this one", ref)
	}
	res := st.finished[wf]
	if res == nil {
		var err error
		if res, err = st.runChild(ctx, doc, wf, declaredOnly(doc, wf, st.shared.inputs)); err != nil {
			return st.fail(nil, "dependency %q: %v", ref, err)
		}
		st.finished[wf] = res
	}
	if res.Status != Succeeded {
		st.failedDep = res
		return st.fail(nil, "dependency %q failed: %s", ref, errText(res.Error))
	}
	return nil
}

// resolveWorkflow finds the workflow a workflowId or a
// $sourceDescriptions.NAME.WORKFLOW reference names, with its document.
func resolveWorkflow(doc *arazzo.Document, ref string) (*arazzo.Document, *arazzo.Workflow) {
	name, id, ok := cutQualified(ref)
	if !ok {
		return doc, doc.Workflow(ref)
	}
	src, found := doc.Sources()[name]
	if !found || src.Arazzo == nil {
		return nil, nil
	}
	return src.Arazzo, src.Arazzo.Workflow(id)
}

// checkStepDependencies fails a step whose dependsOn (1.1) names a step
// that has not completed successfully in this run. The named steps are
// not run: dependsOn only states a prerequisite.
func (st *state) checkStepDependencies(step *arazzo.Step) error {
	for _, ref := range step.DependsOn {
		wf, id, err := st.stepRef(ref)
		if err != nil {
			return err
		}
		if !st.done[wf][id] {
			return fmt.Errorf("step %q depends on step %q, which has not completed", step.StepID, ref)
		}
	}
	return nil
}

// stepRef resolves a step dependsOn entry: a stepId of this workflow,
// $workflows.W.steps.S, or $sourceDescriptions.NAME.W.steps.S.
func (st *state) stepRef(ref string) (*arazzo.Workflow, string, error) {
	if !strings.HasPrefix(ref, "$") {
		return st.wf, ref, nil
	}
	wfRef, id, ok := strings.Cut(strings.TrimPrefix(ref, "$workflows."), ".steps.")
	if !ok {
		return nil, "", fmt.Errorf("dependsOn %q: want a stepId, $workflows.W.steps.S or $sourceDescriptions.NAME.W.steps.S", ref)
	}
	_, wf := resolveWorkflow(st.doc, wfRef)
	if wf == nil {
		return nil, "", fmt.Errorf("dependsOn %q names a workflow that cannot be found", ref)
	}
	return wf, id, nil
}

// markDone records that step completed successfully.
func (st *state) markDone(step *arazzo.Step) {
	set := st.done[st.wf]
	if set == nil {
		set = map[string]bool{}
		st.done[st.wf] = set
	}
	set[step.StepID] = true
}

// dependencyOrder lists the document's workflows so that each comes after
// the local workflows it depends on, otherwise in document order.
func dependencyOrder(doc *arazzo.Document) ([]*arazzo.Workflow, error) {
	var order []*arazzo.Workflow
	state := map[*arazzo.Workflow]int{} // 1 visiting, 2 placed
	var visit func(wf *arazzo.Workflow, path []string) error
	visit = func(wf *arazzo.Workflow, path []string) error {
		switch state[wf] {
		case 1:
			return fmt.Errorf("workflows depend on each other in a cycle: %s", strings.Join(append(path, wf.WorkflowID), " -> "))
		case 2:
			return nil
		}
		state[wf] = 1
		for _, ref := range wf.DependsOn {
			if dep := doc.Workflow(ref); dep != nil {
				if err := visit(dep, append(path, wf.WorkflowID)); err != nil {
					return err
				}
			}
		}
		state[wf] = 2
		order = append(order, wf)
		return nil
	}
	for _, wf := range doc.Workflows {
		if err := visit(wf, nil); err != nil {
			return nil, err
		}
	}
	return order, nil
}
