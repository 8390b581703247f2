package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/arazzo-run/arazzo/internal/reporttest"
	"github.com/arazzo-run/arazzo/runtime"
	"github.com/arazzo-run/arazzo/runtime/report"
)

var t0 = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)

// exchange builds the traces of one masked HTTP exchange.
func exchange(method, url string, status int, body string) (*runtime.RequestTrace, *runtime.ResponseTrace) {
	req := &runtime.RequestTrace{Method: method, URL: url, Sent: t0,
		Header: http.Header{"Authorization": {"Bearer " + runtime.Mask}, "Cookie": {"sid=abc; theme=dark"}}}
	resp := &runtime.ResponseTrace{StatusCode: status, Body: body, Size: len(body), Elapsed: 42 * time.Millisecond,
		Header: http.Header{"Content-Type": {"application/json"}, "Set-Cookie": {"next=1; Path=/"}}}
	return req, resp
}

func check(name string, outcome runtime.CheckOutcome, level runtime.CheckLevel, msg string) runtime.CheckResult {
	r := runtime.CheckResult{Check: name, Level: level, Outcome: outcome}
	if msg != "" {
		fl := level
		if outcome == runtime.CheckWarned {
			fl = runtime.LevelWarn
		}
		r.Findings = []runtime.CheckFinding{{Level: fl, Message: msg, SchemaPath: "#/components/schemas/Pet/properties/id/type", Pointer: "/id"}}
	}
	return r
}

// sample holds three runs: one failed by a check after a recovered
// failure, one failed without a failed step, one that passed.
func sample() []*runtime.Result {
	req1, resp1 := exchange("POST", "http://127.0.0.1:1/pets?dry=true&tag=a&tag=b", 201, `{"id":1}`)
	req2, resp2 := exchange("GET", "http://127.0.0.1:1/pets/1", 503, `{}`)
	req3, resp3 := exchange("GET", "http://127.0.0.1:1/pets/1", 200, `{"id":"x"}`)
	return []*runtime.Result{
		{WorkflowID: "adopt", Status: runtime.Failed, DurationMs: 1500,
			Error: &runtime.RunError{WorkflowID: "adopt", StepID: "fetch", Message: "the response does not conform: body-schema: id"},
			Steps: []*runtime.StepResult{
				{StepID: "create", WorkflowID: "adopt", Status: runtime.Succeeded, Attempt: 1, DurationMs: 40,
					Request: req1, Response: resp1, Checks: []runtime.CheckResult{
						check("status-declared", runtime.CheckPassed, runtime.LevelError, ""),
						check("header-schema", runtime.CheckWarned, runtime.LevelError, "header X-Rate-Limit: not an integer")}},
				{StepID: "fetch", WorkflowID: "adopt", Status: runtime.Failed, Attempt: 1, DurationMs: 30,
					Error: "status 503 is not 2xx", Request: req2, Response: resp2},
				{StepID: "fetch", WorkflowID: "adopt", Status: runtime.Failed, Attempt: 2, DurationMs: 30,
					Error: "the response does not conform: body-schema: getPet: response body at /id: value must be an integer", Request: req3, Response: resp3,
					Checks: []runtime.CheckResult{check("body-schema", runtime.CheckFailed, runtime.LevelError, "getPet: response body at /id: value must be an integer")}},
				{StepID: "notify", WorkflowID: "mail", Status: runtime.Succeeded, Attempt: 1, DurationMs: 5},
			}},
		{WorkflowID: "report", Status: runtime.Failed, DurationMs: 10,
			Error: &runtime.RunError{WorkflowID: "report", Message: `output "total" cannot be evaluated`},
			Steps: []*runtime.StepResult{{StepID: "count", WorkflowID: "report", Status: runtime.Succeeded, Attempt: 1}}},
		{WorkflowID: "ping", Status: runtime.Succeeded, DurationMs: 3,
			Steps: []*runtime.StepResult{{StepID: "ping", Status: runtime.Succeeded, Attempt: 1}}},
	}
}

func TestSummarize(t *testing.T) {
	s := report.Summarize(sample())
	want := report.Summary{
		Workflows: report.Counts{Passed: 1, Failed: 2},
		Steps:     report.Counts{Passed: 3, Failed: 1, Warned: 2},
		Checks:    report.Counts{Passed: 1, Failed: 1, Warned: 1},
	}
	got := s
	got.Failures, got.Warnings = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Summarize counts = %+v, want %+v", got, want)
	}
	if len(s.Failures) != 2 {
		t.Fatalf("failures = %+v, want 2", s.Failures)
	}
	if f := s.Failures[0]; f.StepID != "fetch" || f.Attempt != 2 || !reflect.DeepEqual(f.Checks, []string{"body-schema"}) {
		t.Errorf("first failure = %+v, want fetch #2 by body-schema", f)
	}
	if got, want := s.Failures[1].String(), `report: output "total" cannot be evaluated`; got != want {
		t.Errorf("second failure = %q, want %q", got, want)
	}
	if !s.Failed() {
		t.Error("Failed() = false, want true")
	}
	wantWarn := "adopt › create: header-schema: header X-Rate-Limit: not an integer (schema #/components/schemas/Pet/properties/id/type)"
	if len(s.Warnings) != 1 || s.Warnings[0].String() != wantWarn {
		t.Errorf("warnings = %q, want [%q]", s.Warnings, wantWarn)
	}
}

func TestStepOutcome(t *testing.T) {
	res := sample()[0]
	want := []runtime.CheckOutcome{runtime.CheckWarned, runtime.CheckWarned, runtime.CheckFailed, runtime.CheckPassed}
	for i, w := range want {
		if got := report.StepOutcome(res, i); got != w {
			t.Errorf("StepOutcome(step %d %s #%d) = %s, want %s", i, res.Steps[i].StepID, res.Steps[i].Attempt, got, w)
		}
	}
}

// A failure a later execution recovered from fails nothing, and a check
// failure at error level fails the run even when the workflow passed.
func TestSummaryFailed(t *testing.T) {
	recovered := &runtime.Result{WorkflowID: "w", Status: runtime.Succeeded, Steps: []*runtime.StepResult{
		{StepID: "s", Status: runtime.Failed, Attempt: 1}, {StepID: "s", Status: runtime.Succeeded, Attempt: 2}}}
	checked := &runtime.Result{WorkflowID: "w", Status: runtime.Succeeded, Steps: []*runtime.StepResult{
		{StepID: "s", Status: runtime.Failed, Attempt: 1, Checks: []runtime.CheckResult{{Check: "status-declared", Outcome: runtime.CheckFailed}}},
		{StepID: "s", Status: runtime.Succeeded, Attempt: 2}}}
	for _, tt := range []struct {
		name string
		res  *runtime.Result
		want bool
	}{{"recovered", recovered, false}, {"check failed", checked, true}} {
		if got := report.Summarize([]*runtime.Result{tt.res}).Failed(); got != tt.want {
			t.Errorf("%s: Failed() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

type junitDoc struct {
	Suites []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Out      string `xml:"system-out"`
		Cases    []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Type    string `xml:"type,attr"`
				Message string `xml:"message,attr"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestWriteJUnit(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteJUnit(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	if err := reporttest.ValidateJUnit(buf.Bytes()); err != nil {
		t.Fatalf("the JUnit file breaks the schema: %v\n%s", err, buf.String())
	}
	var doc junitDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}

	var got []string
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			line := s.Name + "/" + c.Name
			if c.Failure != nil {
				line += " FAIL " + c.Failure.Type
			}
			got = append(got, line)
		}
	}
	want := []string{"adopt/create", "adopt/fetch", "adopt/fetch #2 FAIL check", "mail/notify",
		"report/count", "report/report FAIL workflow", "ping/ping"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("testcases = %q, want %q", got, want)
	}
	if !strings.Contains(doc.Suites[0].Out, "header X-Rate-Limit: not an integer") {
		t.Errorf("system-out of %s = %q, want the check warning", doc.Suites[0].Name, doc.Suites[0].Out)
	}
}

func TestWriteJUnitEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteJUnit(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if err := reporttest.ValidateJUnit(buf.Bytes()); err != nil {
		t.Fatalf("empty JUnit file invalid: %v\n%s", err, buf.String())
	}
}

func TestWriteHAR(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteHAR(&buf, sample(), "test"); err != nil {
		t.Fatal(err)
	}
	if err := reporttest.ValidateHAR(buf.Bytes()); err != nil {
		t.Fatalf("the HAR breaks HAR 1.2: %v\n%s", err, buf.String())
	}
	var har report.HAR
	if err := json.Unmarshal(buf.Bytes(), &har); err != nil {
		t.Fatal(err)
	}
	if n := len(har.Log.Entries); n != 3 {
		t.Fatalf("%d entries, want 3 (the steps that sent a request)", n)
	}

	e := har.Log.Entries[0]
	wantQuery := []report.HARPair{{Name: "dry", Value: "true"}, {Name: "tag", Value: "a"}, {Name: "tag", Value: "b"}}
	if !reflect.DeepEqual(e.Request.QueryString, wantQuery) {
		t.Errorf("queryString = %+v, want %+v", e.Request.QueryString, wantQuery)
	}
	if e.StartedDateTime != "2026-12-03T10:00:00.000Z" || e.Time != 42 || e.Timings.Wait != 42 {
		t.Errorf("started %s, time %v, wait %v; want 2026-12-03T10:00:00.000Z, 42, 42", e.StartedDateTime, e.Time, e.Timings.Wait)
	}
	if e.StepID != "create" || e.WorkflowID != "adopt" || e.Response.Status != 201 || e.Response.StatusText != "Created" {
		t.Errorf("entry = %s/%s %d %q, want adopt/create 201 Created", e.WorkflowID, e.StepID, e.Response.Status, e.Response.StatusText)
	}
	if len(e.Request.Cookies) != 2 || len(e.Response.Cookies) != 1 {
		t.Errorf("cookies = %+v / %+v, want 2 sent and 1 set", e.Request.Cookies, e.Response.Cookies)
	}
	if !strings.Contains(buf.String(), `"Bearer ****"`) {
		t.Error("the masked Authorization header is not in the archive")
	}
}

func TestWriteJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	var rep report.JSONReport
	if err := json.Unmarshal(buf.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Tool != "arazzo" || rep.Status != "failed" || len(rep.Workflows) != 3 {
		t.Errorf("report = %s %s with %d workflows, want arazzo failed with 3", rep.Tool, rep.Status, len(rep.Workflows))
	}
	if rep.Summary.Checks.Failed != 1 || len(rep.Workflows[0].Steps[2].Checks) != 1 {
		t.Errorf("checks not reported: %+v", rep.Summary.Checks)
	}
}

// TestWriteHARExchanges checks that a token request a step made comes
// before the step's own request, marked as such, and that one that got
// no answer is an entry with status 0.
func TestWriteHARExchanges(t *testing.T) {
	sent := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	token := &runtime.RequestTrace{Method: "POST", URL: "https://auth.example/token", Sent: sent,
		Header: http.Header{"Authorization": {"Basic ****"}}, Body: "grant_type=client_credentials"}
	step := &runtime.StepResult{StepID: "call", Status: runtime.Succeeded, StatusCode: 200, Attempt: 1,
		Auth: []runtime.Exchange{
			{Request: token, Error: "token request to https://auth.example/token: connection refused"},
			{Request: token, Response: &runtime.ResponseTrace{StatusCode: 200, Body: `{"access_token":"****"}`, Elapsed: 5 * time.Millisecond}},
		},
		Request:  &runtime.RequestTrace{Method: "GET", URL: "https://api.example/pets", Sent: sent},
		Response: &runtime.ResponseTrace{StatusCode: 200, Elapsed: 7 * time.Millisecond}}
	var buf bytes.Buffer
	res := []*runtime.Result{{WorkflowID: "w", Status: runtime.Succeeded, Steps: []*runtime.StepResult{step}}}
	if err := report.WriteHAR(&buf, res, "test"); err != nil {
		t.Fatal(err)
	}
	if err := reporttest.ValidateHAR(buf.Bytes()); err != nil {
		t.Fatalf("the HAR breaks HAR 1.2: %v\n%s", err, buf.String())
	}
	var har report.HAR
	if err := json.Unmarshal(buf.Bytes(), &har); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range har.Log.Entries {
		got = append(got, fmt.Sprintf("%s %s %d %q", e.Request.Method, e.Request.URL, e.Response.Status, e.Comment))
	}
	want := []string{
		`POST https://auth.example/token 0 "OAuth 2.0 token request; no response: token request to https://auth.example/token: connection refused"`,
		`POST https://auth.example/token 200 "OAuth 2.0 token request"`,
		`GET https://api.example/pets 200 ""`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
