package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/arazzo-run/arazzo/arazzo"
)

// Defaults for the zero values of [Options].
const (
	DefaultLoopDelay = time.Second
	DefaultMaxSteps  = 1000
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
	// its own; the run's Timeout and the context bound every request.
	HTTPClient *http.Client
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
	// Timeout bounds the whole run. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxRetryAfter is the longest Retry-After waited out on a 429 or 503.
	// Zero means DefaultMaxRetryAfter.
	MaxRetryAfter time.Duration
	// Sleep waits for d or until ctx is done. Nil means a timer; tests
	// replace it to run without real waits.
	Sleep func(ctx context.Context, d time.Duration) error
	// Secrets lists extra values to mask in every output, beyond the
	// inputs recognised as secret and the credential headers sent.
	Secrets []string
}

// Runner executes workflows of loaded documents. It is safe for
// concurrent use: each Run keeps its own state.
type Runner struct {
	opts Options
}

// New returns a Runner with the given options, defaults filled in.
func New(opts Options) *Runner {
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{}
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
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxRetryAfter <= 0 {
		opts.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	return &Runner{opts: opts}
}

// ErrInvalidInputs is wrapped by the error Run returns when the inputs do
// not satisfy the workflow's input schema. Nothing has been sent then.
var ErrInvalidInputs = errors.New("invalid inputs")

// ErrUnknownWorkflow is wrapped when the requested workflow does not exist.
var ErrUnknownWorkflow = errors.New("unknown workflow")

// Run executes one workflow of doc with the given inputs. An error is
// returned only when the run could not start (unknown workflow, invalid
// inputs, a document with errors); a workflow that ran and failed is
// reported in the Result, with Status Failed and Error set.
func (r *Runner) Run(ctx context.Context, doc *arazzo.Document, workflowID string, inputs map[string]any) (*Result, error) {
	wf := doc.Workflow(workflowID)
	if wf == nil {
		return nil, fmt.Errorf("%w %q in %s", ErrUnknownWorkflow, workflowID, doc.File)
	}
	resolved, err := PrepareInputs(doc, wf, inputs)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
	defer cancel()
	st := newState(r, doc, wf, resolved)
	return st.run(ctx), nil
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
