package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/arazzo-run/arazzo/arazzo"
)

// Defaults for the zero values of [Options].
const (
	DefaultLoopDelay = time.Second
	DefaultMaxSteps  = 1000
	DefaultMaxDepth  = 32
	DefaultTimeout   = 30 * time.Minute
	// DefaultMaxRetryAfter is the longest Retry-After the runner waits out
	// on a 429 or 503 before it gives up on the request.
	DefaultMaxRetryAfter = 2 * time.Minute
	// maxThrottleRetries bounds how often one request is resent after a
	// 429 or 503 that carried Retry-After.
	maxThrottleRetries = 5
)

// Options configures a [Runner]. The zero value is ready to use.
type Options struct {
	// HTTPClient sends the requests. Nil means a client with no timeout of
	// its own, over Transport; the run's Timeout, RequestTimeout and the
	// context bound every request.
	HTTPClient *http.Client
	// Transport carries the requests when HTTPClient is nil. Nil means
	// http.DefaultTransport.
	Transport http.RoundTripper
	// Logger receives structured logs: Info per workflow and step, Debug
	// per HTTP exchange, Warn for retries. Nil discards them. Secrets are
	// masked before anything is logged.
	Logger *slog.Logger
	// Observer receives an [Event] at each point of the run. Nil means none.
	Observer Observer
	// Servers maps a source description name to a base URL that replaces
	// the servers of that OpenAPI description.
	Servers map[string]string
	// LoopDelay is the pause before a goto runs the same or an earlier
	// step again (a polling loop). Zero means DefaultLoopDelay; a negative
	// value disables the pause.
	LoopDelay time.Duration
	// MaxSteps bounds the number of steps executed in one run, counting
	// every repetition. Zero means DefaultMaxSteps.
	MaxSteps int
	// MaxDepth bounds how deeply workflows nest: workflow steps, gotos to
	// workflows and dependencies. Zero means DefaultMaxDepth.
	MaxDepth int
	// Timeout bounds the whole run. Zero means DefaultTimeout.
	Timeout time.Duration
	// RequestTimeout bounds each HTTP request, from sending it to reading
	// the whole response. Zero means no bound of its own.
	RequestTimeout time.Duration
	// MaxRetryAfter is the longest Retry-After waited out on a 429 or 503,
	// and the most a retry action waits when a response asks for longer.
	// Zero means DefaultMaxRetryAfter.
	MaxRetryAfter time.Duration
	// Sleep waits for d or until ctx is done. Nil means a timer. Together
	// with Now it is the run's clock: tests replace both to run without
	// real waits.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now returns the current time, for timings and Retry-After dates.
	// Nil means time.Now.
	Now func() time.Time
	// Secrets lists extra values to mask in every output, beyond the
	// inputs recognised as secret and the credential headers sent.
	Secrets []string
	// Credentials supplies what meets an operation's security requirement
	// when a step does not send a credential itself (see [CredentialFunc]).
	// Nil means none: requests go out as the steps build them. Every value
	// used is masked.
	Credentials CredentialFunc
	// ServerVars gives values for the server variables of each source
	// description, by source name and then variable name; the declared
	// defaults fill the rest.
	ServerVars map[string]map[string]string
	// Checks sets the level of each conformance check by name (see
	// [CheckNames]). A check not listed runs at its default level: warn
	// for the response checks, off for [CheckRequest]. A failed check at
	// error fails its step.
	Checks map[string]CheckLevel
	// ReadFile reads the files that request bodies name as {"$file": path},
	// for multipart parts and octet-stream bodies. Nil means no file is
	// read: such a step fails, saying that reading files is not enabled.
	//
	// SECURITY: whoever wrote the workflow chooses the paths. Use
	// [FilesUnder] to confine them to one directory; os.ReadFile would
	// let a workflow upload any file the process can read.
	ReadFile func(path string) ([]byte, error)
}

// Runner executes workflows of loaded documents. It is safe for
// concurrent use: each Run keeps its own state.
type Runner struct {
	opts  Options
	cache compileCache // selectors and replacement targets, parsed on first use
}

// New returns a Runner with the given options, defaults filled in.
func New(opts Options) *Runner {
	if f, ok := opts.Observer.(ObserverFunc); ok && f == nil {
		opts.Observer = nil
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Transport: opts.Transport}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.LoopDelay == 0 {
		opts.LoopDelay = DefaultLoopDelay
	}
	if opts.MaxSteps <= 0 {
		opts.MaxSteps = DefaultMaxSteps
	}
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = DefaultMaxDepth
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxRetryAfter <= 0 {
		opts.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Runner{opts: opts}
}

// ErrInvalidInputs is wrapped by the error Run returns when the inputs do
// not satisfy the workflow's input schema, or name an input it does not
// declare. Nothing has been sent then.
var ErrInvalidInputs = errors.New("invalid inputs")

// ErrUnknownWorkflow is wrapped when the requested workflow does not exist.
var ErrUnknownWorkflow = errors.New("unknown workflow")

// ErrNotRunnable is wrapped when the workflow, or one it calls or depends
// on, has errors (see arazzo.ErrInvalidWorkflow), or has a step that needs
// a source that could not be loaded or could not be bound to its
// operation. Nothing has been sent then.
var ErrNotRunnable = errors.New("workflow cannot run")

// ErrRunTimeout is the cause of a run that reached Options.Timeout (see
// [RunError.Unwrap]).
var ErrRunTimeout = errors.New("the run reached its time limit")

// ErrStepLimit is the cause of a run that reached Options.MaxSteps (see
// [RunError.Unwrap]).
var ErrStepLimit = errors.New("the run reached its step limit")

// ErrInvalidOptions is wrapped when the Runner's options do not fit the
// document: a server for a source it does not have, an unknown check or
// level, or a Runner not made by New.
var ErrInvalidOptions = errors.New("invalid runner options")

// checkRun refuses what would make a run misbehave rather than fail
// cleanly: a nil context, a Runner not made by New, and options that name
// sources or checks the document does not have (a server override that
// matched no source would send its requests, with their credentials, to
// the description's own server).
func (r *Runner) checkRun(ctx context.Context, doc *arazzo.Document) error {
	switch {
	case ctx == nil:
		return fmt.Errorf("%w: nil context", ErrInvalidOptions)
	case r == nil || r.opts.HTTPClient == nil:
		return fmt.Errorf("%w: the Runner was not made by New", ErrInvalidOptions)
	case doc == nil:
		return errNoDocument
	}
	var errs []error
	var sources map[string]bool
	if len(r.opts.Servers) > 0 {
		sources = sourceNames(doc)
	}
	for _, name := range slices.Sorted(maps.Keys(r.opts.Servers)) {
		if !sources[name] {
			errs = append(errs, fmt.Errorf("%w: Servers names source %q, which %s does not have", ErrInvalidOptions, name, doc.File))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(r.opts.Checks)) {
		if !slices.Contains(CheckNames(), name) {
			errs = append(errs, fmt.Errorf("%w: Checks names %q, which is not a check (%s)", ErrInvalidOptions, name, strings.Join(CheckNames(), ", ")))
		}
		if _, err := ParseCheckLevel(string(r.opts.Checks[name])); err != nil {
			errs = append(errs, fmt.Errorf("%w: Checks[%q]: %w", ErrInvalidOptions, name, err))
		}
	}
	return errors.Join(errs...)
}

// errNoDocument is returned for a nil document, as arazzo.Load gives
// when the file could not be parsed at all.
var errNoDocument = errors.New("no document to run (it could not be loaded)")

// sourceNames returns the names of the sources a run of doc may reach.
func sourceNames(doc *arazzo.Document) map[string]bool {
	names := map[string]bool{}
	for _, src := range doc.AllSources() {
		names[src.Name] = true
	}
	return names
}

// Run executes one workflow of doc with the given inputs. An error is
// returned only when the run could not start, and nothing was sent then:
// an unknown workflow ([ErrUnknownWorkflow]), invalid or unknown inputs
// ([ErrInvalidInputs]), a workflow with errors or a step that cannot be
// bound ([ErrNotRunnable]), options that do not fit the document
// ([ErrInvalidOptions]). A workflow that ran and failed is reported in the
// Result, with Status Failed and Error set. When ctx is cancelled the run
// stops at the request or wait in progress and the Result says what ran
// until then.
func (r *Runner) Run(ctx context.Context, doc *arazzo.Document, workflowID string, inputs map[string]any) (*Result, error) {
	if err := r.checkRun(ctx, doc); err != nil {
		return nil, err
	}
	wf := doc.Workflow(workflowID)
	if wf == nil {
		return nil, fmt.Errorf("%w %q in %s", ErrUnknownWorkflow, workflowID, doc.File)
	}
	if err := doc.Runnable(workflowID); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotRunnable, err)
	}
	resolved, forDeps, err := runInputs(doc, wf, inputs)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeoutCause(ctx, r.opts.Timeout, ErrRunTimeout)
	defer cancel()
	sh := newShared(r, withInputs(resolved, forDeps))
	return sh.workflow(doc, wf, resolved, 0).run(ctx), nil
}

// RunAll executes every workflow of doc, dependencies before the
// workflows that depend on them and otherwise in document order, and
// returns one Result per workflow in the order they ran. Each workflow
// runs once and receives the inputs its schema declares; an input no
// workflow declares is an error, as are invalid inputs, and then nothing
// runs. The run's Timeout bounds all of them together; the step budget
// applies to each.
func (r *Runner) RunAll(ctx context.Context, doc *arazzo.Document, inputs map[string]any) ([]*Result, error) {
	if err := r.checkRun(ctx, doc); err != nil {
		return nil, err
	}
	order, err := dependencyOrder(doc)
	if err != nil {
		return nil, err
	}
	for _, wf := range order {
		if err := doc.Runnable(wf.WorkflowID); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNotRunnable, err)
		}
	}
	prepared, err := prepareAll(doc, order, inputs)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeoutCause(ctx, r.opts.Timeout, ErrRunTimeout)
	defer cancel()

	sh := newShared(r, inputs)
	results := make([]*Result, 0, len(order))
	for i, wf := range order {
		sh.steps, sh.result = 0, nil
		res := sh.workflow(doc, wf, prepared[i], 0).run(ctx)
		sh.finished[wf] = res
		results = append(results, res)
	}
	return results, nil
}

// prepareAll gives each workflow the inputs it declares, checked and with
// defaults applied. Every problem is reported at once.
func prepareAll(doc *arazzo.Document, order []*arazzo.Workflow, inputs map[string]any) ([]map[string]any, error) {
	declared := map[string]bool{}
	out := make([]map[string]any, len(order))
	var errs []error
	for i, wf := range order {
		for _, name := range takenNames(doc, wf) {
			declared[name] = true
		}
		in, err := PrepareInputs(doc, wf, declaredOnly(doc, wf, inputs))
		if err != nil {
			errs = append(errs, err)
		}
		out[i] = in
	}
	if unknown := unknownNames(inputs, declared); len(unknown) > 0 {
		errs = append(errs, fmt.Errorf("%w: no workflow of %s declares %s", ErrInvalidInputs, doc.File, quoteList(unknown)))
	}
	return out, errors.Join(errs...)
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
