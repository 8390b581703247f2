package report

import (
	"cmp"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/arazzo-run/arazzo/runtime"
)

// HAR is an HTTP Archive 1.2 document, as [WriteHAR] writes it.
type HAR struct {
	Log HARLog `json:"log"`
}

// HARLog is the archive's log object.
type HARLog struct {
	Version string     `json:"version"` // "1.2"
	Creator HARCreator `json:"creator"`
	Entries []HAREntry `json:"entries"`
}

// HARCreator names the program that wrote the archive.
type HARCreator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// HAREntry is one HTTP exchange, tied to the step that made it.
type HAREntry struct {
	StartedDateTime string      `json:"startedDateTime"` // RFC 3339 with milliseconds
	Time            float64     `json:"time"`            // milliseconds
	Request         HARRequest  `json:"request"`
	Response        HARResponse `json:"response"`
	Cache           struct{}    `json:"cache"`
	Timings         HARTimings  `json:"timings"`
	WorkflowID      string      `json:"_workflowId"`
	StepID          string      `json:"_stepId"`
	Attempt         int         `json:"_attempt"`
	// Error says why a request got no response (the connection failed, a
	// timeout ran out); the response then has status 0. Comment repeats
	// it for viewers that show only standard fields.
	Error   string `json:"_error,omitempty"`
	Comment string `json:"comment,omitempty"`
}

// HARRequest is a request as sent, masked.
type HARRequest struct {
	Method      string       `json:"method"`
	URL         string       `json:"url"`
	HTTPVersion string       `json:"httpVersion"`
	Cookies     []HARPair    `json:"cookies"`
	Headers     []HARPair    `json:"headers"`
	QueryString []HARPair    `json:"queryString"`
	PostData    *HARPostData `json:"postData,omitempty"`
	HeadersSize int          `json:"headersSize"` // -1: unknown
	BodySize    int          `json:"bodySize"`
}

// HARResponse is a response as received, masked.
type HARResponse struct {
	Status      int        `json:"status"`
	StatusText  string     `json:"statusText"`
	HTTPVersion string     `json:"httpVersion"`
	Cookies     []HARPair  `json:"cookies"`
	Headers     []HARPair  `json:"headers"`
	Content     HARContent `json:"content"`
	RedirectURL string     `json:"redirectURL"`
	HeadersSize int        `json:"headersSize"` // -1: unknown
	BodySize    int        `json:"bodySize"`
}

// HARPair is a header, cookie or query parameter.
type HARPair struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// HARPostData is a request body.
type HARPostData struct {
	MimeType string `json:"mimeType"`
	Text     string `json:"text"`
}

// HARContent is a response body; Text may be truncated, Size is not.
type HARContent struct {
	Size     int    `json:"size"`
	MimeType string `json:"mimeType"`
	Text     string `json:"text,omitempty"`
}

// HARTimings splits an entry's time. The runner measures the exchange as
// a whole, so it is all wait; the phases it cannot see are -1.
type HARTimings struct {
	Blocked float64 `json:"blocked"`
	DNS     float64 `json:"dns"`
	Connect float64 `json:"connect"`
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
	SSL     float64 `json:"ssl"`
}

// WriteHAR writes every HTTP exchange of the results as a HAR 1.2
// archive. version is the creator version recorded in it.
func WriteHAR(w io.Writer, results []*runtime.Result, version string) error {
	har := HAR{Log: HARLog{Version: "1.2", Creator: HARCreator{Name: "arazzo", Version: version},
		Entries: []HAREntry{}}}
	for _, res := range results {
		for _, step := range res.Steps {
			wf := cmp.Or(step.WorkflowID, res.WorkflowID)
			for _, a := range step.Auth {
				har.Log.Entries = append(har.Log.Entries, sideEntry(wf, step, a, "OAuth 2.0 token request"))
			}
			for _, x := range step.Throttled {
				har.Log.Entries = append(har.Log.Entries, sideEntry(wf, step, x, "waited out (Retry-After) and sent again"))
			}
			switch {
			case step.Request != nil && step.Response != nil:
				ms := float64(step.Response.Elapsed) / float64(time.Millisecond)
				har.Log.Entries = append(har.Log.Entries, exchangeEntry(wf, step, step.Request, step.Response, ms, ""))
			case unanswered(step):
				// All that is known of its timing is the step's time.
				har.Log.Entries = append(har.Log.Entries, exchangeEntry(wf, step, step.Request, nil, float64(step.DurationMs), step.Error))
			}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(har)
}

// sideEntry records an exchange a step made besides its final request,
// saying what it was in the comment.
func sideEntry(wf string, step *runtime.StepResult, x runtime.Exchange, what string) HAREntry {
	ms := 0.0
	if x.Response != nil {
		ms = float64(x.Response.Elapsed) / float64(time.Millisecond)
	}
	e := exchangeEntry(wf, step, x.Request, x.Response, ms, x.Error)
	e.Comment = strings.TrimSuffix(what+"; "+e.Comment, "; ")
	return e
}

// exchangeEntry records a request and its response. A nil response is
// one that never came: status 0, with errText saying why.
func exchangeEntry(wf string, step *runtime.StepResult, req *runtime.RequestTrace, resp *runtime.ResponseTrace, ms float64, errText string) HAREntry {
	e := HAREntry{
		StartedDateTime: req.Sent.UTC().Format("2006-01-02T15:04:05.000Z07:00"),
		Time:            ms,
		Request:         harRequest(req),
		Timings:         HARTimings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1, Wait: ms},
		WorkflowID:      wf,
		StepID:          step.StepID,
		Attempt:         step.Attempt,
	}
	if resp == nil {
		e.Response = HARResponse{Cookies: []HARPair{}, Headers: []HARPair{}, HeadersSize: -1, BodySize: -1}
		e.Error, e.Comment = errText, "no response: "+errText
		return e
	}
	e.Response = harResponse(resp)
	return e
}

func harRequest(t *runtime.RequestTrace) HARRequest {
	r := HARRequest{Method: t.Method, URL: t.URL, HTTPVersion: "HTTP/1.1",
		Cookies: requestCookies(t.Header), Headers: pairs(t.Header), QueryString: query(t.URL),
		HeadersSize: -1, BodySize: t.Size}
	if t.Body != "" || t.Size > 0 {
		r.PostData = &HARPostData{MimeType: t.Header.Get("Content-Type"), Text: t.Body}
	}
	return r
}

func harResponse(t *runtime.ResponseTrace) HARResponse {
	return HARResponse{
		Status: t.StatusCode, StatusText: http.StatusText(t.StatusCode), HTTPVersion: "HTTP/1.1",
		Cookies: responseCookies(t.Header), Headers: pairs(t.Header),
		Content:     HARContent{Size: t.Size, MimeType: t.Header.Get("Content-Type"), Text: t.Body},
		RedirectURL: t.Header.Get("Location"), HeadersSize: -1, BodySize: t.Size,
	}
}

// pairs lists headers sorted by name, one pair per value.
func pairs(h http.Header) []HARPair {
	out := []HARPair{}
	for _, name := range sortedKeys(h) {
		for _, v := range h[name] {
			out = append(out, HARPair{Name: name, Value: v})
		}
	}
	return out
}

func query(rawURL string) []HARPair {
	out := []HARPair{}
	u, err := url.Parse(rawURL)
	if err != nil {
		return out
	}
	q := u.Query()
	for _, name := range sortedKeys(q) {
		for _, v := range q[name] {
			out = append(out, HARPair{Name: name, Value: v})
		}
	}
	return out
}

// requestCookies reads the Cookie header. Its values are masked as a
// whole by the runtime, so a masked header yields no names.
func requestCookies(h http.Header) []HARPair {
	out := []HARPair{}
	for _, c := range (&http.Request{Header: h}).Cookies() {
		out = append(out, HARPair{Name: c.Name, Value: c.Value})
	}
	return out
}

func responseCookies(h http.Header) []HARPair {
	out := []HARPair{}
	for _, c := range (&http.Response{Header: h}).Cookies() {
		out = append(out, HARPair{Name: c.Name, Value: c.Value})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
