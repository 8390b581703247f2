package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/expr"
)

// shared is the part of a run's state that nested workflows share with
// the workflow that started them.
type shared struct {
	runner    *Runner
	opts      *Options
	steps     int // steps executed so far, against opts.MaxSteps
	workflows map[string]*expr.WorkflowValues
	// finished holds the results of the workflows run as dependencies
	// and, in RunAll, of every workflow, so that each runs once per run.
	// A workflow called by a step or a goto is not recorded: it runs
	// again when called again.
	finished map[*arazzo.Workflow]*Result
	running  map[*arazzo.Workflow]bool            // workflows whose dependencies are being run
	done     map[*arazzo.Workflow]map[string]bool // steps that completed, per workflow
	inputs   map[string]any                       // the run's inputs, which dependencies receive
	mask     *masker
	result   *Result               // the top-level result, whose trace every workflow appends to
	tokens   map[string]oauthToken // OAuth 2.0 tokens fetched this run, by scheme and scopes
	auth     []Exchange            // token requests made for the step being prepared
	// produced holds each finished workflow's outputs as produced,
	// unmasked: what a caller reads as $outputs or
	// $workflows.ID.outputs. Result.Outputs is their masked copy, for
	// showing; it stays out of Result so that no printing of one shows
	// a secret.
	produced map[*Result]map[string]any
	// endedSteps holds, for each workflow run that failed, the step
	// executions whose failure ended it: its own step, then those that
	// ended the workflow that step called or the dependency that failed.
	endedSteps map[*Result][]*StepResult
	// calls holds the result of the workflow each workflow step
	// execution ran.
	calls map[*StepResult]*Result
	// checks holds what every conformance check of the run is given, made
	// once: a check runs on every response.
	checks checkOptions
}

// state is the executor's view of one running workflow: where it is, what
// its steps produced, and how it ends. Every error it reports names the
// workflow and step it happened in.
type state struct {
	*shared
	doc     *arazzo.Document
	wf      *arazzo.Workflow
	inputs  map[string]any
	steps   map[string]map[string]any // outputs of the steps that ran, latest run wins
	ran     map[string]int            // executions per step
	retries map[retryKey]int          // retries used per step and failure action
	depth   int                       // nesting of workflow steps, workflow gotos and dependencies
	ended   *endInfo                  // set when an end action stopped the workflow
	last    *exchange                 // the latest HTTP exchange, for failure messages
	outputs map[string]any
	// sources and components are what $sourceDescriptions and
	// $components read, built once per workflow run.
	sources    map[string]map[string]any
	components map[string]any
	// transferred is the result of a workflow that a goto handed the
	// run to; it becomes this workflow's result.
	transferred *Result
	// failedDep is the result of the dependency whose failure failed
	// this workflow.
	failedDep *Result
	first     int // the index in the trace of this run's first step
}

// retryKey counts the retries one failure action spent on one step.
type retryKey struct {
	step   *arazzo.Step
	action *arazzo.Action
}

// endInfo records which action ended the workflow early, and where.
type endInfo struct {
	action *arazzo.Action
	step   *arazzo.Step
}

func newShared(r *Runner, inputs map[string]any) *shared {
	opts := r.opts
	sh := &shared{
		runner:     r,
		opts:       &opts,
		workflows:  map[string]*expr.WorkflowValues{},
		inputs:     inputs,
		finished:   map[*arazzo.Workflow]*Result{},
		running:    map[*arazzo.Workflow]bool{},
		done:       map[*arazzo.Workflow]map[string]bool{},
		mask:       newMasker(opts.Secrets),
		produced:   map[*Result]map[string]any{},
		endedSteps: map[*Result][]*StepResult{},
		calls:      map[*StepResult]*Result{},
	}
	sh.checks = newCheckOptions(sh.mask)
	return sh
}

// workflow returns the state for running wf; its secret inputs are
// masked from then on.
func (sh *shared) workflow(doc *arazzo.Document, wf *arazzo.Workflow, inputs map[string]any, depth int) *state {
	sh.mask.addInputs(doc, wf, inputs)
	return &state{
		shared:  sh,
		doc:     doc,
		wf:      wf,
		inputs:  inputs,
		steps:   map[string]map[string]any{},
		ran:     map[string]int{},
		retries: map[retryKey]int{},
		depth:   depth,
	}
}

// run executes the workflow, after its dependencies, and returns its
// result.
func (st *state) run(ctx context.Context) *Result {
	start := st.opts.Now()
	res := &Result{WorkflowID: st.wf.WorkflowID, Status: Succeeded}
	if st.result == nil {
		st.result = res
	}
	st.first = len(st.result.Steps)
	st.emit(Event{Kind: WorkflowStarted})
	st.opts.Logger.Info("workflow started", "workflow", st.wf.WorkflowID)

	rerr := st.runDependencies(ctx)
	if rerr == nil {
		rerr = st.loop(ctx)
	}
	var outputs map[string]any
	if rerr == nil {
		outputs, rerr = st.workflowOutputs()
	}
	if rerr != nil {
		if rerr.cause == nil && ctx.Err() != nil {
			rerr.cause = context.Cause(ctx)
		}
		rerr.Message = st.mask.text(rerr.Message)
		res.Status, res.Error = Failed, rerr
		outputs = st.partialOutputs()
		st.endedSteps[res] = st.endedBy(rerr)
	}
	if outputs != nil {
		res.Outputs = st.mask.values(outputs)
	}
	st.produced[res] = outputs
	st.workflows[st.wf.WorkflowID] = &expr.WorkflowValues{Inputs: st.inputs, Outputs: outputs, Steps: st.steps}
	res.Duration = st.opts.Now().Sub(start)
	res.DurationMs = res.Duration.Milliseconds()
	if st.result == res {
		res.Steps = st.result.Steps
		for _, s := range st.endedSteps[res] {
			s.EndedRun = true
		}
	}
	st.finishLog(res)
	st.emit(Event{Kind: WorkflowFinished, Result: res, Err: errText(res.Error)})
	return res
}

// endedBy lists the step executions whose failure rerr reports: the
// last execution in this run of the step it names, and, through a
// workflow that step called, a dependency that failed or a workflow a
// goto handed the run to, the executions that ended that one.
func (st *state) endedBy(rerr *RunError) []*StepResult {
	switch {
	case st.transferred != nil && rerr == st.transferred.Error:
		return st.endedSteps[st.transferred]
	case st.failedDep != nil:
		return st.endedSteps[st.failedDep]
	case rerr.StepID == "" || rerr.WorkflowID != st.wf.WorkflowID:
		return nil
	}
	steps := st.result.Steps[min(st.first, len(st.result.Steps)):]
	for i := len(steps) - 1; i >= 0; i-- {
		s := steps[i]
		if s.StepID != rerr.StepID || s.WorkflowID != st.wf.WorkflowID {
			continue
		}
		if s.Status != Failed {
			return nil
		}
		return append([]*StepResult{s}, st.endedSteps[st.calls[s]]...)
	}
	return nil
}

func (st *state) finishLog(res *Result) {
	switch {
	case res.Error != nil && st.logs(slog.LevelError):
		st.opts.Logger.Error("workflow failed", "workflow", st.wf.WorkflowID, "elapsed", res.Duration, "error", res.Error.Message)
	case res.Error == nil && st.logs(slog.LevelInfo):
		st.opts.Logger.Info("workflow succeeded", "workflow", st.wf.WorkflowID, "elapsed", res.Duration)
	}
}

func errText(e *RunError) string {
	if e == nil {
		return ""
	}
	return e.Message
}

// loop runs the steps in order, following the actions they choose.
func (st *state) loop(ctx context.Context) *RunError {
	for i := 0; i < len(st.wf.Steps); {
		step := st.wf.Steps[i]
		if err := st.checkLimits(ctx, step); err != nil {
			return err
		}
		out := st.execStep(ctx, step)
		next, done, err := st.follow(ctx, step, i, out)
		if err != nil || done {
			return err
		}
		i = next
	}
	return nil
}

// checkLimits stops the run when its step budget or time is used up, or
// when it was cancelled, saying which limit was hit and where.
func (st *state) checkLimits(ctx context.Context, step *arazzo.Step) *RunError {
	if err := ctx.Err(); err != nil {
		return st.limitError(ctx, step, "before it started")
	}
	st.shared.steps++
	if st.shared.steps > st.opts.MaxSteps {
		e := st.fail(step, "the run reached its limit of %d steps before step %q ran; a loop may never end",
			st.opts.MaxSteps, step.StepID)
		e.cause = ErrStepLimit
		return e
	}
	return nil
}

// limitError explains why the context ended: a step's timeout, the
// run's timeout or a cancellation.
func (st *state) limitError(ctx context.Context, step *arazzo.Step, when string) *RunError {
	return st.fail(step, "%s %s", st.interruption(ctx), when)
}

// interruption says what ended ctx.
func (st *state) interruption(ctx context.Context) string {
	var te *stepTimeout
	cause := context.Cause(ctx)
	switch {
	case errors.As(cause, &te):
		return te.Error()
	case errors.Is(cause, ErrRunTimeout):
		return fmt.Sprintf("the run reached its time limit of %s", st.opts.Timeout)
	case errors.Is(cause, context.DeadlineExceeded):
		return "the caller's deadline passed"
	case cause != nil && !errors.Is(cause, context.Canceled):
		return "the run was cancelled (" + st.mask.text(cause.Error()) + ")"
	}
	return "the run was cancelled"
}

// fail builds a RunError for step (which may be nil) in this workflow.
func (st *state) fail(step *arazzo.Step, format string, args ...any) *RunError {
	e := &RunError{WorkflowID: st.wf.WorkflowID, Message: fmt.Sprintf(format, args...)}
	if step != nil {
		e.StepID = step.StepID
		e.Pos = step.Pos.String()
	}
	return e
}

// logs reports whether the logger takes records at level. Checking
// first spares building the arguments of a record that would be dropped,
// a few allocations per step with the default discarding logger.
func (st *state) logs(level slog.Level) bool {
	return st.opts.Logger.Enabled(context.Background(), level)
}

func (st *state) emit(e Event) {
	if st.opts.Observer == nil {
		return
	}
	e.Time = st.opts.Now()
	if e.WorkflowID == "" {
		e.WorkflowID = st.wf.WorkflowID
	}
	st.opts.Observer.Observe(e)
}
