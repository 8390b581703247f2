package runtime

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/expr"
)

// maxResponseBytes bounds how much of a response body is read.
const maxResponseBytes = 32 << 20

// exchange is one HTTP request and its response, in the forms runtime
// expressions read.
type exchange struct {
	method, url string
	status      int
	reqBody     []byte
	request     *expr.Message
	response    *expr.Message
	header      http.Header // response headers
}

// send performs the request. A 429 or 503 answer that carries Retry-After
// is waited out and the request sent again, a few times at most, as long
// as the wait fits in the run's time.
func (st *state) send(ctx context.Context, step *arazzo.Step, req *http.Request) (*exchange, error) {
	reqBody, err := snapshotBody(req)
	if err != nil {
		return nil, err
	}
	st.mask.addHeaderSecrets(req.Header)
	ex := newExchange(req, reqBody)
	for attempt := 1; ; attempt++ {
		resp, body, err := st.roundTrip(ctx, step, req, reqBody, attempt)
		if err != nil {
			return ex, err
		}
		wait, ok := throttleWait(resp, st.opts.MaxRetryAfter)
		if !ok || attempt > maxThrottleRetries || !fitsDeadline(ctx, wait) {
			ex.setResponse(resp, body)
			return ex, nil
		}
		st.opts.Logger.Warn("server asked to wait", "workflow", st.wf.WorkflowID, "step", step.StepID,
			"status", resp.StatusCode, "retry_after", wait)
		st.emit(Event{Kind: RetryScheduled, StepID: step.StepID, StatusCode: resp.StatusCode, Delay: wait})
		if err := st.opts.Sleep(ctx, wait); err != nil {
			return ex, st.contextError(ctx, step, err)
		}
	}
}

// roundTrip sends the request once and reads the whole response.
func (st *state) roundTrip(ctx context.Context, step *arazzo.Step, req *http.Request, body []byte, attempt int) (*http.Response, []byte, error) {
	if body != nil {
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	url := st.mask.text(req.URL.Redacted())
	st.emit(Event{Kind: RequestSent, StepID: step.StepID, Method: req.Method, URL: url, Attempt: attempt})
	start := time.Now()
	resp, err := st.opts.HTTPClient.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, st.contextError(ctx, step, ctx.Err())
		}
		return nil, nil, fmt.Errorf("%s %s: %s", req.Method, url, st.mask.text(unwrapURLError(err)))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: reading the response: %s", req.Method, url, st.mask.text(err.Error()))
	}
	if len(data) > maxResponseBytes {
		return nil, nil, fmt.Errorf("%s %s: response body larger than %d bytes", req.Method, url, maxResponseBytes)
	}
	st.opts.Logger.Debug("http exchange", "workflow", st.wf.WorkflowID, "step", step.StepID, "method", req.Method,
		"url", url, "status", resp.StatusCode, "elapsed", time.Since(start), "attempt", attempt)
	st.emit(Event{Kind: ResponseReceived, StepID: step.StepID, StatusCode: resp.StatusCode, Attempt: attempt})
	return resp, data, nil
}

// contextError explains an interrupted request: the run's timeout or a
// cancellation.
func (st *state) contextError(ctx context.Context, step *arazzo.Step, err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("the run reached its timeout of %s (--timeout) during step %q", st.opts.Timeout, step.StepID)
	}
	return fmt.Errorf("the run was cancelled during step %q", step.StepID)
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

func newExchange(req *http.Request, body []byte) *exchange {
	path := map[string]string{}
	return &exchange{
		method:  req.Method,
		url:     req.URL.String(),
		reqBody: body,
		request: &expr.Message{
			Header: req.Header,
			Query:  req.URL.Query(),
			Path:   path,
			Body:   expr.NewBody(body, req.Header.Get("Content-Type")),
		},
	}
}

func (ex *exchange) setResponse(resp *http.Response, body []byte) {
	ex.status = resp.StatusCode
	ex.header = resp.Header
	ex.response = &expr.Message{Header: resp.Header, Body: expr.NewBody(body, resp.Header.Get("Content-Type"))}
}

// throttleWait reports how long a 429 or 503 response asks to wait, when
// it says so with Retry-After and the wait is at most limit.
func throttleWait(resp *http.Response, limit time.Duration) (time.Duration, bool) {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0, false
	}
	d, ok := retryAfter(resp.Header, time.Now())
	return d, ok && d <= limit
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
	t := &RequestTrace{Method: req.Method, URL: st.mask.text(req.URL.Redacted()), Header: st.mask.header(req.Header)}
	if ex != nil {
		t.Body = st.mask.text(truncate(string(ex.reqBody), maxTraceBody))
	}
	return t
}

func (st *state) responseTrace(ex *exchange) *ResponseTrace {
	return &ResponseTrace{
		StatusCode: ex.status,
		Header:     st.mask.header(ex.header),
		Body:       st.mask.text(truncate(string(ex.response.Body.Raw()), maxTraceBody)),
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("... (%d bytes more)", len(s)-n)
}
