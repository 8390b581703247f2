package main

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// ciAPI is the description the report tests run against: an item that
// the server fails to read, a teapot that answers an undeclared status,
// a text answer to an operation that declares JSON too, and a
// connection that the server drops.
const ciAPI = `openapi: 3.0.3
info: {title: Items, version: "1"}
servers: [{url: http://127.0.0.1:1}]
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: an item
          content:
            application/json:
              schema: {type: object, properties: {id: {type: integer}}}
        "500": {description: broken}
  /teapot:
    get:
      operationId: getTeapot
      responses:
        "200": {description: fine}
  /text:
    get:
      operationId: getText
      responses:
        "200":
          description: text or JSON
          content:
            application/json:
              schema: {type: object}
            text/plain:
              schema: {type: string}
  /reset:
    get:
      operationId: getReset
      responses:
        "200": {description: never}
`

const ciFlow = `arazzo: 1.0.1
info: {title: CI reports, version: "1"}
sourceDescriptions:
  - {name: items, url: ./api.yaml, type: openapi}
workflows:
  - workflowId: prepare
    steps:
      - stepId: read
        operationId: getItem
        parameters:
          - {name: id, in: path, value: 1}
        successCriteria:
          - condition: $statusCode == 200
  - workflowId: main
    dependsOn: [prepare]
    steps:
      - stepId: again
        operationId: getItem
        parameters:
          - {name: id, in: path, value: 2}
  - workflowId: outer
    steps:
      - stepId: call
        workflowId: prepare
  - workflowId: teapot
    steps:
      - stepId: brew
        operationId: getTeapot
        successCriteria:
          - condition: $statusCode == 418
      - stepId: text
        operationId: getText
  - workflowId: reset
    steps:
      - stepId: drop
        operationId: getReset
`

// ciServer fails item 1 with 500, serves item 2, answers the teapot with
// 418, /text with text/plain and drops the connection of /reset.
func ciServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/items/1":
			w.WriteHeader(http.StatusInternalServerError)
		case "/items/2":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id":2}`)
		case "/teapot":
			w.WriteHeader(http.StatusTeapot)
		case "/text":
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "hello")
		case "/reset":
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// runCI runs one workflow of ciFlow against srv with every report and
// returns stderr and the reports.
func runCI(t *testing.T, srv *httptest.Server, workflow string, extra ...string) (errOut string, jsonRep, junit, har []byte) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"api.yaml": ciAPI, "flow.yaml": ciFlow} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"run", filepath.Join(dir, "flow.yaml"), "--server", "items=" + srv.URL}
	if workflow != "" {
		args = append(args, "--workflow", workflow)
	}
	args = append(append(args, reportArgs(dir)...), extra...)
	_, errOut, _ = cli(t, args...)
	jsonRep, junit, har = readReports(t, dir)
	return errOut, jsonRep, junit, har
}

type ciJUnit struct {
	Suites []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Cases    []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Type string `xml:"type,attr"`
			} `xml:"failure"`
			Error *struct {
				Type string `xml:"type,attr"`
			} `xml:"error"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, data []byte) ciJUnit {
	t.Helper()
	var doc ciJUnit
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

type ciJSON struct {
	Summary struct {
		Steps  map[string]int `json:"steps"`
		Checks map[string]int `json:"checks"`
	} `json:"summary"`
	Workflows []struct {
		WorkflowID string            `json:"workflowId"`
		Steps      []json.RawMessage `json:"steps"`
	} `json:"workflows"`
}

func parseJSON(t *testing.T, data []byte) ciJSON {
	t.Helper()
	var rep ciJSON
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

// A step of a dependency, or of a workflow a step called, whose failure
// ended its workflow and so the run counts as a failure in the summary,
// the JSON report and the JUnit report.
func TestReportNestedFailureCounts(t *testing.T) {
	srv := ciServer(t)
	for _, tt := range []struct {
		workflow string
		steps    int // failed step executions
	}{
		{"main", 1},  // prepare runs as a dependency
		{"outer", 2}, // prepare runs from the step call, which fails too
	} {
		t.Run(tt.workflow, func(t *testing.T) {
			errOut, jsonRep, junit, _ := runCI(t, srv, tt.workflow)
			if want := "steps        0 passed    " + string(rune('0'+tt.steps)) + " failed    0 warned"; !strings.Contains(errOut, want) {
				t.Errorf("stderr lacks %q:\n%s", want, errOut)
			}
			if rep := parseJSON(t, jsonRep); rep.Summary.Steps["failed"] != tt.steps || rep.Summary.Steps["warned"] != 0 {
				t.Errorf("JSON summary steps = %v, want %d failed", rep.Summary.Steps, tt.steps)
			}
			doc := parseJUnit(t, junit)
			found := false
			for _, s := range doc.Suites {
				if s.Failures == 0 {
					t.Errorf("testsuite %s has no failure:\n%s", s.Name, junit)
				}
				if s.Name != "prepare" {
					continue
				}
				found = true
				if len(s.Cases) != 1 || s.Cases[0].Name != "read" || s.Cases[0].Failure == nil {
					t.Errorf("prepare's testcases lack the failed read:\n%s", junit)
				}
			}
			if !found {
				t.Errorf("no testsuite for prepare:\n%s", junit)
			}
		})
	}
}

// A workflow that ran no step (here main, whose dependency already
// failed in the same --all run) lists its steps as [], not null.
func TestReportJSONNoSteps(t *testing.T) {
	_, jsonRep, _, _ := runCI(t, ciServer(t), "", "--all")
	rep := parseJSON(t, jsonRep)
	found := false
	for _, w := range rep.Workflows {
		if w.WorkflowID == "main" {
			found = true
			if w.Steps == nil || len(w.Steps) != 0 {
				t.Errorf("main's steps = %v, want []", w.Steps)
			}
		}
	}
	if !found || strings.Contains(string(jsonRep), `"steps": null`) {
		t.Errorf("JSON report lacks main or has null steps:\n%s", jsonRep)
	}
}

// Checks with nothing to check are skipped, not passed: a 418 the
// operation does not declare leaves only status-declared to run, and a
// text/plain body has no JSON schema to meet.
func TestReportSkippedChecks(t *testing.T) {
	errOut, jsonRep, _, _ := runCI(t, ciServer(t), "teapot", "--check", "status-declared=warn")
	var rep struct {
		Summary struct {
			Checks map[string]int `json:"checks"`
		} `json:"summary"`
		Workflows []struct {
			Steps []struct {
				StepID string `json:"stepId"`
				Checks []struct {
					Check   string `json:"check"`
					Outcome string `json:"outcome"`
				} `json:"checks"`
			} `json:"steps"`
		} `json:"workflows"`
	}
	if err := json.Unmarshal(jsonRep, &rep); err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		"brew": {"status-declared": "warned", "content-type-declared": "skipped", "body-schema": "skipped",
			"header-schema": "skipped", "required-header": "skipped"},
		"text": {"status-declared": "passed", "content-type-declared": "passed", "body-schema": "skipped",
			"header-schema": "skipped", "required-header": "skipped"},
	}
	steps := 0
	for _, w := range rep.Workflows {
		for _, s := range w.Steps {
			steps++
			got := map[string]string{}
			for _, c := range s.Checks {
				got[c.Check] = c.Outcome
			}
			if !reflect.DeepEqual(got, want[s.StepID]) {
				t.Errorf("%s: outcomes %v, want %v", s.StepID, got, want[s.StepID])
			}
		}
	}
	if steps != 2 {
		t.Errorf("%d steps in the JSON report, want 2:\n%s", steps, jsonRep)
	}
	if got := rep.Summary.Checks; got["passed"] != 2 || got["warned"] != 1 || got["skipped"] != 7 {
		t.Errorf("JSON summary checks = %v, want 2 passed, 1 warned, 7 skipped", got)
	}
	if want := "checks       2 passed    0 failed    1 warned    7 skipped"; !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errOut)
	}
}

// A request that got no answer is a JUnit error, counted in errors=; a
// failed criterion stays a failure.
func TestReportJUnitTransportError(t *testing.T) {
	srv := ciServer(t)
	_, _, junit, _ := runCI(t, srv, "reset")
	doc := parseJUnit(t, junit)
	if len(doc.Suites) != 1 {
		t.Fatalf("want one testsuite:\n%s", junit)
	}
	s := doc.Suites[0]
	if s.Errors != 1 || s.Failures != 0 || len(s.Cases) != 1 || s.Cases[0].Error == nil ||
		s.Cases[0].Error.Type != "transport" || s.Cases[0].Failure != nil {
		t.Errorf("want drop as one transport error and no failure:\n%s", junit)
	}

	_, _, junit, _ = runCI(t, srv, "prepare")
	s = parseJUnit(t, junit).Suites[0]
	if s.Errors != 0 || s.Failures != 1 || s.Cases[0].Failure == nil || s.Cases[0].Failure.Type != "step" {
		t.Errorf("want read as one step failure and no error:\n%s", junit)
	}
}

// A request that got no response is in the HAR with status 0 and the
// error.
func TestReportHARUnanswered(t *testing.T) {
	_, _, _, har := runCI(t, ciServer(t), "reset")
	var doc struct {
		Log struct {
			Entries []struct {
				Request  struct{ URL string }
				Response struct{ Status int }
				Error    string `json:"_error"`
				Comment  string `json:"comment"`
				StepID   string `json:"_stepId"`
			}
		}
	}
	if err := json.Unmarshal(har, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Log.Entries) != 1 {
		t.Fatalf("want one entry:\n%s", har)
	}
	e := doc.Log.Entries[0]
	if e.StepID != "drop" || e.Response.Status != 0 || e.Error == "" || !strings.Contains(e.Comment, e.Error) ||
		!strings.HasSuffix(e.Request.URL, "/reset") {
		t.Errorf("entry = %+v, want drop's request with status 0 and its error", e)
	}
}
