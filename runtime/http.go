package runtime

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/expr"
	"github.com/arazzo-run/arazzo/openapi"
)

// maxResponseBytes bounds how much of a response body is read.
const maxResponseBytes = 32 << 20

// exchange is one HTTP request and its response, in the forms runtime
// expressions read.
type exchange struct {
	method, url string
	traceURL    string // url redacted and masked, as events, logs and traces show it
	status      int
	reqBody     []byte
	throttled   []Exchange // 429 and 503 answers waited out before the last
	request     *expr.Message
	response    *expr.Message
	header      http.Header // response headers
}

// send performs the request. A 429 or 503 answer that carries Retry-After
// is waited out and the request sent again, a few times at most, as long
// as the wait fits in the run's time, unless the step has a retry action:
// then the retry action decides.
func (st *state) send(ctx context.Context, step *arazzo.Step, req *http.Request) (*exchange, error) {
	reqBody, err := snapshotBody(req)
	if err != nil {
		return nil, err
	}
	st.mask.addHeaderSecrets(req.Header)
	ex := newExchange(req, reqBody)
	ex.traceURL = st.mask.text(redacted(req.URL, ex.url))
	limit := maxThrottleRetries
	if st.hasRetryAction(step) {
		limit = 0
	}
	for attempt := 1; ; attempt++ {
		sent := st.opts.Now()
		resp, body, err := st.roundTrip(ctx, step, req, ex, attempt)
		if err != nil {
			return ex, err
		}
		wait, ok := throttleWait(resp, st.opts.MaxRetryAfter, st.opts.Now())
		if !ok || attempt > limit || !fitsDeadline(ctx, wait) {
			ex.setResponse(resp, body)
			return ex, nil
		}
		ex.throttled = append(ex.throttled, st.throttledExchange(req, ex, resp, body, sent))
		st.opts.Logger.Warn("server asked to wait", "workflow", st.wf.WorkflowID, "step", step.StepID,
			"status", resp.StatusCode, "retry_after", wait)
		st.emit(Event{Kind: RetryScheduled, StepID: step.StepID, StatusCode: resp.StatusCode, Delay: wait})
		if err := st.opts.Sleep(ctx, wait); err != nil {
			return ex, st.contextError(ctx, step)
		}
	}
}

// throttledExchange records a 429 or 503 answer that is being waited out.
func (st *state) throttledExchange(req *http.Request, ex *exchange, resp *http.Response, body []byte, sent time.Time) Exchange {
	t := st.requestTrace(req, ex)
	t.Sent, t.Size = sent, len(ex.reqBody)
	return Exchange{Request: t, Response: &ResponseTrace{StatusCode: resp.StatusCode, Header: st.mask.header(resp.Header),
		Body: clip(st.mask, body, maxTraceBody), Elapsed: st.opts.Now().Sub(sent), Size: len(body)}}
}

// errRequestTimeout is the cause of a context that Options.RequestTimeout
// ended.
var errRequestTimeout = errors.New("request timeout")

// roundTrip sends the request once and reads the whole response, within
// the request timeout when one is set.
func (st *state) roundTrip(ctx context.Context, step *arazzo.Step, req *http.Request, ex *exchange, attempt int) (*http.Response, []byte, error) {
	if ex.reqBody != nil {
		req.Body = io.NopCloser(bytes.NewReader(ex.reqBody))
	}
	if st.opts.RequestTimeout > 0 {
		rctx, cancel := context.WithTimeoutCause(req.Context(), st.opts.RequestTimeout, errRequestTimeout)
		defer cancel()
		req = req.WithContext(rctx)
	}
	st.emit(Event{Kind: RequestSent, StepID: step.StepID, Method: req.Method, URL: ex.traceURL, Attempt: attempt})
	start := st.opts.Now()

	resp, data, err := st.do(req)
	if err != nil {
		return nil, nil, st.requestError(ctx, step, req, ex.traceURL, err)
	}
	if st.logs(slog.LevelDebug) {
		st.opts.Logger.Debug("http exchange", "workflow", st.wf.WorkflowID, "step", step.StepID, "method", req.Method,
			"url", ex.traceURL, "status", resp.StatusCode, "elapsed", st.opts.Now().Sub(start), "attempt", attempt)
	}
	st.emit(Event{Kind: ResponseReceived, StepID: step.StepID, StatusCode: resp.StatusCode, Attempt: attempt})
	return resp, data, nil
}

// do sends req and reads its whole response body, up to the limit.
func (st *state) do(req *http.Request) (*http.Response, []byte, error) {
	resp, err := st.opts.HTTPClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("reading the response: %w", err)
	}
	if len(data) > maxResponseBytes {
		return nil, nil, fmt.Errorf("response body larger than %d bytes", maxResponseBytes)
	}
	return resp, data, nil
}

// requestError explains a request that got no usable response: the step
// or run was interrupted, the request timed out, or the transport failed.
func (st *state) requestError(ctx context.Context, step *arazzo.Step, req *http.Request, shown string, err error) error {
	switch {
	case ctx.Err() != nil:
		return st.contextError(ctx, step)
	case errors.Is(context.Cause(req.Context()), errRequestTimeout):
		return fmt.Errorf("%s %s: no response within the request timeout of %s", req.Method, shown, st.opts.RequestTimeout)
	}
	return &transportError{msg: fmt.Sprintf("%s %s: %s", req.Method, shown, st.mask.text(unwrapURLError(err))), cause: err}
}

// transportError is a request the transport could not complete. Its text
// is masked; the cause, kept for errors.Is, is the transport's own error.
type transportError struct {
	msg   string
	cause error
}

func (e *transportError) Error() string { return e.msg }
func (e *transportError) Unwrap() error { return e.cause }

// contextError explains an interrupted request: a step's timeout, the
// run's timeout or a cancellation.
func (st *state) contextError(ctx context.Context, step *arazzo.Step) error {
	return fmt.Errorf("%s during step %q", st.interruption(ctx), step.StepID)
}

// unwrapURLError drops the method and URL that *url.Error repeats.
func unwrapURLError(err error) string {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) && ue.Unwrap() != nil {
		return ue.Unwrap().Error()
	}
	return err.Error()
}

// snapshotBody reads the request body once so it can be resent and traced.
func snapshotBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	data, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, fmt.Errorf("reading the request body: %w", err)
	}
	return data, nil
}

// redacted returns u, whose String is s, with any password masked.
func redacted(u *url.URL, s string) string {
	if u.User == nil {
		return s
	}
	return u.Redacted()
}

func newExchange(req *http.Request, body []byte) *exchange {
	return &exchange{
		method:  req.Method,
		url:     req.URL.String(),
		reqBody: body,
		request: &expr.Message{
			Header: req.Header,
			Query:  req.URL.Query(),
			Body:   expr.NewBody(body, req.Header.Get("Content-Type")),
		},
	}
}

// setPathParams records the path parameters sent, which $request.path.NAME
// reads; the URL alone no longer says which segment was which.
func (ex *exchange) setPathParams(params []openapi.ParamValue) {
	for _, p := range params {
		if p.In != "path" || p.Value == nil {
			continue
		}
		if ex.request.Path == nil {
			ex.request.Path = map[string]string{}
		}
		if v, ok := p.Value.(string); ok {
			ex.request.Path[p.Name] = v
		} else {
			ex.request.Path[p.Name] = fmt.Sprint(p.Value)
		}
	}
}

func (ex *exchange) setResponse(resp *http.Response, body []byte) {
	ex.status = resp.StatusCode
	ex.header = resp.Header
	ex.response = &expr.Message{Header: resp.Header, Body: expr.NewBody(body, resp.Header.Get("Content-Type"))}
}

// throttleWait reports how long a 429 or 503 response asks to wait, when
// it says so with Retry-After and the wait is at most limit.
func throttleWait(resp *http.Response, limit time.Duration, now time.Time) (time.Duration, bool) {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0, false
	}
	d, ok := retryAfter(resp.Header, now)
	if !ok || d > limit {
		return 0, false
	}
	return d, true
}

// retryAfter parses a Retry-After header: delay seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// fitsDeadline reports whether waiting d still leaves the run time to act.
func fitsDeadline(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}

// maxTraceBody bounds the bodies kept in traces.
const maxTraceBody = 4096

func (st *state) requestTrace(req *http.Request, ex *exchange) *RequestTrace {
	t := &RequestTrace{Method: req.Method, Header: st.mask.header(req.Header)}
	if ex == nil {
		t.URL = st.mask.text(req.URL.Redacted())
		return t
	}
	t.URL = ex.traceURL
	t.Body = clip(st.mask, ex.reqBody, maxTraceBody)
	return t
}

func (st *state) responseTrace(ex *exchange) *ResponseTrace {
	return &ResponseTrace{
		StatusCode: ex.status,
		Header:     st.mask.header(ex.header),
		Body:       clip(st.mask, ex.response.Body.Raw(), maxTraceBody),
	}
}
