package arazzo

// This file checks how control moves through a workflow: dependsOn
// (targets exist, no cycles), workflow steps that call each other in a
// cycle, steps no path reaches, and goto loops that only a failure can
// leave. It also checks duplicate parameters and actions, and parameters
// an operation does not declare.

import (
	"fmt"
	"strings"
)

func checkFlow(doc *Document, r *reporter) {
	checkWorkflowDeps(doc, r)
	checkCallCycles(doc, r)
	for _, w := range doc.Workflows {
		checkParamList(w.Parameters, r)
		checkActionList(w.SuccessActions, r)
		checkActionList(w.FailureActions, r)
		for _, s := range w.Steps {
			checkParamList(s.Parameters, r)
			checkActionList(s.OnSuccess, r)
			checkActionList(s.OnFailure, r)
			checkStepDeps(doc, w, s, r)
			checkOperationParams(s, r)
			checkRequiredParams(doc, w, s, r)
		}
		checkStepCycles(w, r)
		checkReachable(doc, w, r)
		checkEndlessLoops(doc, w, r)
	}
}

// checkParamList reports a parameter given twice: the same name and
// location, or the same reusable object.
func checkParamList(ps []*Parameter, r *reporter) {
	seen := map[string]bool{}
	for _, p := range ps {
		key := p.Name + "\x00" + p.In
		what := fmt.Sprintf("parameter %q", p.Name)
		if p.In != "" {
			what += " in " + p.In
		}
		if p.Reference != "" {
			key, what = "ref\x00"+p.Reference, "reference "+p.Reference
		}
		if seen[key] {
			r.errorf(p.Pos, p.Path, "duplicate-parameter", "%s is given more than once in this list", what)
		}
		seen[key] = true
	}
}

// checkActionList reports two actions of one list with the same name, or
// the same reusable action twice.
func checkActionList(as []*Action, r *reporter) {
	seen := map[string]bool{}
	for _, a := range as {
		key, what := "name\x00"+a.Name, fmt.Sprintf("action name %q", a.Name)
		if a.Reference != "" {
			key, what = "ref\x00"+a.Reference, "reference "+a.Reference
		} else if a.Name == "" {
			continue
		}
		if seen[key] {
			r.errorf(a.Pos, a.Path, "duplicate-action", "%s is used more than once in this list", what)
		}
		seen[key] = true
	}
}

// checkStepDeps resolves a step's dependsOn: a stepId of the same
// workflow, $workflows.ID.steps.STEP, or
// $sourceDescriptions.NAME.WORKFLOW.steps.STEP.
func checkStepDeps(doc *Document, w *Workflow, s *Step, r *reporter) {
	for i, d := range s.DependsOn {
		path := fmt.Sprintf("%s[%d]", s.FieldPath("dependsOn"), i)
		pos := doc.posAt(path, s.FieldPos("dependsOn"))
		switch {
		case strings.HasPrefix(d, "$workflows."):
			wid, sid, ok := strings.Cut(strings.TrimPrefix(d, "$workflows."), ".steps.")
			other := doc.Workflow(wid)
			switch {
			case !ok:
				r.errorf(pos, path, "bad-depends-on", "dependsOn %q must read $workflows.ID.steps.STEP", d)
			case other == nil:
				r.errorf(pos, path, "unknown-workflow", "dependsOn %q: no workflow %q%s", d, wid, suggest(wid, workflowIDs(doc)))
			case other.Step(sid) == nil:
				r.errorf(pos, path, "unknown-step", "dependsOn %q: workflow %q has no step %q%s",
					d, wid, sid, suggest(sid, stepIDs(other)))
			}
		case strings.HasPrefix(d, "$sourceDescriptions."):
			checkRemoteStepDep(doc, d, pos, path, r)
		case d == s.StepID:
			r.errorf(pos, path, "dependency-cycle", "step %q depends on itself", d)
		case w.Step(d) == nil:
			r.errorf(pos, path, "unknown-step", "dependsOn: no step %q in workflow %q%s", d, w.WorkflowID, suggest(d, stepIDs(w)))
		}
	}
}

func checkRemoteStepDep(doc *Document, d string, pos Pos, path string, r *reporter) {
	name, rest, _ := splitQualified(d)
	wid, sid, ok := strings.Cut(rest, ".steps.")
	if !ok {
		r.errorf(pos, path, "bad-depends-on", "dependsOn %q must read $sourceDescriptions.NAME.WORKFLOW.steps.STEP", d)
		return
	}
	t := bindWorkflow(doc, "$sourceDescriptions."+name+"."+wid, pos, path, r)
	if t.Workflow != nil && t.Workflow.Step(sid) == nil {
		r.errorf(pos, path, "unknown-step", "dependsOn %q: workflow %q has no step %q%s",
			d, wid, sid, suggest(sid, stepIDs(t.Workflow)))
	}
}

// checkStepCycles reports a cycle among the local dependsOn of a workflow.
func checkStepCycles(w *Workflow, r *reporter) {
	edges := map[string][]string{}
	for _, s := range w.Steps {
		for _, d := range s.DependsOn {
			if w.Step(d) != nil && d != s.StepID {
				edges[s.StepID] = append(edges[s.StepID], d)
			}
		}
	}
	for _, cyc := range cycles(stepIDs(w), edges) {
		s := w.Step(cyc[0])
		r.errorf(s.FieldPos("dependsOn"), s.FieldPath("dependsOn"), "dependency-cycle",
			"steps depend on each other in a cycle: %s", strings.Join(cyc, " -> "))
	}
}

// checkWorkflowDeps resolves each workflow's dependsOn and reports cycles.
func checkWorkflowDeps(doc *Document, r *reporter) {
	edges := map[string][]string{}
	for _, w := range doc.Workflows {
		for i, d := range w.DependsOn {
			path := fmt.Sprintf("%s[%d]", w.FieldPath("dependsOn"), i)
			pos := doc.posAt(path, w.FieldPos("dependsOn"))
			if d == w.WorkflowID {
				r.errorf(pos, path, "dependency-cycle", "workflow %q depends on itself", d)
				continue
			}
			t := bindWorkflow(doc, d, pos, path, r)
			if t.Workflow != nil && t.Document == doc {
				edges[w.WorkflowID] = append(edges[w.WorkflowID], d)
			}
		}
	}
	for _, cyc := range cycles(workflowIDs(doc), edges) {
		w := doc.Workflow(cyc[0])
		r.errorf(w.FieldPos("dependsOn"), w.FieldPath("dependsOn"), "dependency-cycle",
			"workflows depend on each other in a cycle: %s", strings.Join(cyc, " -> "))
	}
}

// checkCallCycles reports workflows of the document that call each other
// through workflow steps in a cycle. When every call on the cycle is made
// unconditionally (no step before it, nor the workflow, has an action that
// could branch or end), every run nests calls until the runner's depth
// limit stops it: an error, at the step that closes the cycle. Otherwise
// the recursion may be meant (paging through results, say) and stops when
// a condition says so: a warning.
func checkCallCycles(doc *Document, r *reporter) {
	type call struct{ from, to string }
	edges := map[string][]string{}
	closing := map[call]*Step{}
	always := map[call]bool{} // some step makes the call on every run
	for _, w := range doc.Workflows {
		for i, s := range w.Steps {
			t := s.Target()
			if t.Workflow == nil || t.Document != doc {
				continue
			}
			c := call{w.WorkflowID, t.Workflow.WorkflowID}
			if closing[c] == nil {
				closing[c] = s
				edges[c.from] = append(edges[c.from], c.to)
			}
			always[c] = always[c] || straightTo(w, i)
		}
	}
	for _, cyc := range cycles(workflowIDs(doc), edges) {
		s := closing[call{cyc[len(cyc)-2], cyc[len(cyc)-1]}]
		endless := true
		for i := 0; i+1 < len(cyc); i++ {
			endless = endless && always[call{cyc[i], cyc[i+1]}]
		}
		chain := strings.Join(cyc, " -> ")
		if endless {
			r.errorf(s.FieldPos("workflowId"), s.FieldPath("workflowId"), "workflow-cycle",
				"workflow steps call workflows in a cycle: %s, with nothing to stop it; every run nests calls until the depth limit", chain)
			continue
		}
		r.warnf(s.FieldPos("workflowId"), s.FieldPath("workflowId"), "workflow-cycle",
			"workflow steps call workflows in a cycle: %s; a run ends only when an action's condition stops the recursion", chain)
	}
}

// straightTo reports whether every run of w that succeeds reaches its
// step i: neither the workflow nor any earlier step has an action that
// could branch or end.
func straightTo(w *Workflow, i int) bool {
	if len(w.SuccessActions) > 0 || len(w.FailureActions) > 0 {
		return false
	}
	for _, s := range w.Steps[:i] {
		if len(s.OnSuccess) > 0 || len(s.OnFailure) > 0 {
			return false
		}
	}
	return true
}

// cycles returns each cycle of a directed graph once, as the path that
// closes it (a -> b -> a), in the order of nodes.
func cycles(nodes []string, edges map[string][]string) [][]string {
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var out [][]string
	var stack []string
	var visit func(n string)
	visit = func(n string) {
		state[n] = active
		stack = append(stack, n)
		for _, m := range edges[n] {
			switch state[m] {
			case unseen:
				visit(m)
			case active:
				i := indexOf(stack, m)
				out = append(out, append(append([]string{}, stack[i:]...), m))
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = done
	}
	for _, n := range nodes {
		if state[n] == unseen {
			visit(n)
		}
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// checkOperationParams warns about a parameter the bound operation does
// not declare: it is sent anyway, but is most likely a typo.
func checkOperationParams(s *Step, r *reporter) {
	op := s.Target().Operation
	if op == nil {
		return
	}
	for _, p := range s.Parameters {
		if p.Reference != "" || p.In == "" || p.In == "querystring" || implicitHeader(p.In, p.Name) {
			continue
		}
		if _, ok := op.Parameter(p.Name, p.In); ok {
			continue
		}
		var names []string
		for _, d := range op.Parameters() {
			if d.In == p.In {
				names = append(names, d.Name)
			}
		}
		r.warnf(p.FieldPos("name"), p.FieldPath("name"), "undeclared-parameter",
			"operation %s declares no %s parameter %q%s; it is sent anyway", op.Name(), p.In, p.Name, suggest(p.Name, names))
	}
}

// successActions returns the actions that decide where a step goes after
// it succeeds (or fails): its own, then the workflow's that it does not
// override by name, with reusable ones resolved.
func stepActions(doc *Document, own, wide []*Action) []*Action {
	var out []*Action
	names := map[string]bool{}
	for _, a := range own {
		if a = resolveAction(doc, a); a != nil {
			out = append(out, a)
			names[a.Name] = true
		}
	}
	for _, a := range wide {
		if a = resolveAction(doc, a); a != nil && !names[a.Name] {
			out = append(out, a)
		}
	}
	return out
}

// resolveAction follows a reusable action into the components; nil when
// it does not resolve (reported elsewhere).
func resolveAction(doc *Document, a *Action) *Action {
	if a.Reference == "" {
		return a
	}
	name, ok := strings.CutPrefix(a.Reference, "$components.")
	if !ok || doc.Components == nil {
		return nil
	}
	typ, name, _ := strings.Cut(name, ".")
	switch typ {
	case "successActions":
		return doc.Components.SuccessActions[name]
	case "failureActions":
		return doc.Components.FailureActions[name]
	}
	return nil
}

// successors returns the indexes of the steps that may run after step i.
func successors(doc *Document, w *Workflow, i int) []int {
	var out []int
	s := w.Steps[i]
	falls := true
	for _, a := range stepActions(doc, s.OnSuccess, w.SuccessActions) {
		if a.Type == "goto" && a.StepID != "" {
			out = append(out, w.StepIndex(a.StepID))
		}
		if len(a.Criteria) == 0 {
			falls = false
			break
		}
	}
	if falls && i+1 < len(w.Steps) {
		out = append(out, i+1)
	}
	for _, a := range stepActions(doc, s.OnFailure, w.FailureActions) {
		switch {
		case a.Type == "retry" && a.StepID == "" && a.WorkflowID == "":
			out = append(out, i)
		case (a.Type == "goto" || a.Type == "retry") && a.StepID != "":
			out = append(out, w.StepIndex(a.StepID))
		}
	}
	return out
}

// checkReachable warns about steps that no path from the first step
// reaches: steps run in order, so dependsOn does not make one reachable.
func checkReachable(doc *Document, w *Workflow, r *reporter) {
	if len(w.Steps) == 0 {
		return
	}
	seen := map[int]bool{0: true}
	queue := []int{0}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, j := range successors(doc, w, i) {
			if j >= 0 && !seen[j] {
				seen[j] = true
				queue = append(queue, j)
			}
		}
	}
	for i, s := range w.Steps {
		if !seen[i] {
			r.warnf(s.Pos, s.Path, "unreachable-step",
				"step %q never runs: no step falls through or goes to it", s.StepID)
		}
	}
}

// forcedNext returns where step i always goes after succeeding: the
// target of a first action without criteria, or the next step when it
// has no success actions. ok is false when the step may leave the loop
// (a criterion decides, or it ends or calls a workflow).
func forcedNext(doc *Document, w *Workflow, i int) (next int, ok bool) {
	acts := stepActions(doc, w.Steps[i].OnSuccess, w.SuccessActions)
	if len(acts) == 0 {
		return i + 1, i+1 < len(w.Steps)
	}
	a := acts[0]
	if len(a.Criteria) > 0 || a.Type != "goto" || a.StepID == "" {
		return 0, false
	}
	j := w.StepIndex(a.StepID)
	return j, j >= 0
}

// checkEndlessLoops warns about a cycle of steps that, whenever they
// succeed, go round again: only a failure ends such a workflow.
func checkEndlessLoops(doc *Document, w *Workflow, r *reporter) {
	reported := map[int]bool{}
	for start := range w.Steps {
		seen := map[int]bool{}
		i, forced := start, true
		for forced && !seen[i] {
			seen[i] = true
			i, forced = forcedNext(doc, w, i)
		}
		if !forced || i != start || reported[start] {
			continue
		}
		for j := range seen {
			reported[j] = true
		}
		s := w.Steps[start]
		r.warnf(s.Pos, s.Path, "endless-loop",
			"step %q loops back to itself on every success with no criterion to stop; only a failure ends this workflow", s.StepID)
	}
}

// implicitHeader reports the headers OpenAPI describes elsewhere than in
// parameters (security schemes, content negotiation), which a step may
// set without the operation declaring them.
func implicitHeader(in, name string) bool {
	if in != "header" {
		return false
	}
	switch strings.ToLower(name) {
	case "authorization", "accept", "content-type":
		return true
	}
	return false
}

// checkRequiredParams reports a required parameter of the bound operation
// that neither the step nor its workflow gives. Without a path parameter
// no URL can be built, so that is an error; a missing required query,
// header or cookie parameter is a warning (a security scheme or the
// server may still supply it).
func checkRequiredParams(doc *Document, w *Workflow, s *Step, r *reporter) {
	op := s.Target().Operation
	if op == nil {
		return
	}
	given := map[string]bool{}
	for _, p := range append(append([]*Parameter{}, w.Parameters...), s.Parameters...) {
		if p = resolveParameter(doc, p); p != nil {
			given[paramKey(p.In, p.Name)] = true
		}
	}
	for _, d := range op.Parameters() {
		if !d.Required || implicitHeader(d.In, d.Name) || given[paramKey(d.In, d.Name)] {
			continue
		}
		msg := "operation %s requires the %s parameter %q, which this step does not give"
		if d.In == "path" {
			r.errorf(s.Pos, s.Path, "missing-parameter", msg, op.Name(), d.In, d.Name)
		} else {
			r.warnf(s.Pos, s.Path, "missing-parameter", msg, op.Name(), d.In, d.Name)
		}
	}
}

// paramKey identifies a parameter by location and name; header names
// are case-insensitive, the others are not.
func paramKey(in, name string) string {
	if in == "header" {
		name = strings.ToLower(name)
	}
	return in + "\x00" + name
}

// resolveParameter follows a reusable parameter into the components; nil
// when it does not resolve (reported elsewhere).
func resolveParameter(doc *Document, p *Parameter) *Parameter {
	if p.Reference == "" {
		return p
	}
	name, ok := strings.CutPrefix(p.Reference, "$components.parameters.")
	if !ok || doc.Components == nil {
		return nil
	}
	return doc.Components.Parameters[name]
}
