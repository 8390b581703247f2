package runtime_test

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/arazzo-run/arazzo/runtime"
)

// answer returns a handler that replies with the given status, headers
// ("Name: value" lines) and body.
func answer(status int, headers, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for _, line := range strings.Split(headers, "\n") {
			if name, value, ok := strings.Cut(line, ": "); ok {
				w.Header().Set(name, value)
			}
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

const goodHeaders = "Content-Type: application/json\nX-Rate-Limit: 100"

// allErrors sets every response check to error.
func allErrors() map[string]runtime.CheckLevel {
	m := map[string]runtime.CheckLevel{}
	for _, c := range runtime.CheckNames() {
		if c != runtime.CheckRequest {
			m[c] = runtime.LevelError
		}
	}
	return m
}

// outcomes maps each check that ran to its outcome.
func outcomes(r *runtime.StepResult) map[string]runtime.CheckOutcome {
	out := map[string]runtime.CheckOutcome{}
	for _, c := range r.Checks {
		out[c.Check] = c.Outcome
	}
	return out
}

// TestChecksCatchWrongServers answers getPet wrongly in one way per case
// and expects exactly the matching check to fail the step, with a message
// naming the schema location and the offending value.
func TestChecksCatchWrongServers(t *testing.T) {
	tests := []struct {
		name    string
		api     string
		handler http.HandlerFunc
		failed  string   // the check that must fail; "" when all pass
		message []string // substrings of the step's error
	}{
		{"conforming", "checks.yaml", answer(200, goodHeaders, `{"id":1,"name":"Rex"}`), "", nil},
		{"status range", "checks.yaml",
			answer(404, "Content-Type: application/problem+json", `{"title":"no pet"}`), "", nil},
		{"undeclared status", "checks.yaml", answer(500, goodHeaders, `{}`),
			"status-declared", []string{"status 500 is not declared", "/paths/~1pet/get/responses"}},
		{"undeclared content type", "checks.yaml",
			answer(200, "Content-Type: text/html\nX-Rate-Limit: 1", "<p>Rex</p>"),
			"content-type-declared", []string{`"text/html" is not declared`}},
		{"wrong type", "checks.yaml", answer(200, goodHeaders, `{"id":"one","name":"Rex"}`),
			"body-schema", []string{"at /id", `"one"`, "#/components/schemas/Pet/properties/id/type"}},
		{"missing property", "checks.yaml", answer(200, goodHeaders, `{"id":1}`),
			"body-schema", []string{"name", "#/components/schemas/Pet/required"}},
		{"writeOnly in a response", "checks.yaml",
			answer(200, goodHeaders, `{"id":1,"name":"Rex","password":"hunter22"}`),
			"body-schema", []string{"password"}},
		{"header of the wrong type", "checks.yaml",
			answer(200, "Content-Type: application/json\nX-Rate-Limit: lots", `{"id":1,"name":"Rex"}`),
			"header-schema", []string{"X-Rate-Limit", "lots"}},
		{"required header missing", "checks.yaml",
			answer(200, "Content-Type: application/json", `{"id":1,"name":"Rex"}`),
			"required-header", []string{"X-Rate-Limit"}},
		{"3.1 conforming", "checks31.yaml", answer(200, "Content-Type: application/json", `{"kind":"pet","tag":null}`), "", nil},
		{"3.1 const", "checks31.yaml", answer(200, "Content-Type: application/json", `{"kind":"cat"}`),
			"body-schema", []string{"/kind", "cat"}},
	}
	// skipped lists, per case, the checks that had nothing to check.
	headers := []string{"header-schema", "required-header"}
	skipped := map[string][]string{
		"status range":            headers,
		"undeclared status":       {"content-type-declared", "body-schema", "header-schema", "required-header"},
		"undeclared content type": {"body-schema"},
		"required header missing": {"header-schema"},
		"3.1 conforming":          headers,
		"3.1 const":               headers,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAPIServer(t, map[string]http.HandlerFunc{"/pet": tt.handler})
			doc := loadFlow(t, tt.api, "      - {stepId: get, operationId: getPet, successCriteria: [{condition: $statusCode != 0}]}\n")
			res := runFlow(t, doc, srv, runtime.Options{Checks: allErrors()})
			step := res.Steps[0]

			for check, got := range outcomes(step) {
				want := runtime.CheckPassed
				switch {
				case check == tt.failed:
					want = runtime.CheckFailed
				case slices.Contains(skipped[tt.name], check):
					want = runtime.CheckSkipped
				}
				if got != want {
					t.Errorf("%s: outcome %s, want %s (checks %+v)", check, got, want, step.Checks)
				}
			}
			wantStatus := runtime.Succeeded
			if tt.failed != "" {
				wantStatus = runtime.Failed
			}
			if step.Status != wantStatus {
				t.Fatalf("step status %s, want %s (error %q)", step.Status, wantStatus, step.Error)
			}
			for _, want := range append(tt.message, tt.failed) {
				if !strings.Contains(step.Error, want) {
					t.Errorf("error %q lacks %q", step.Error, want)
				}
			}
		})
	}
}

// TestCheckLevels runs a check that fails at each level: error fails the
// step, warn records it, off does not run it.
func TestCheckLevels(t *testing.T) {
	tests := []struct {
		level      runtime.CheckLevel
		wantStatus runtime.Status
		wantRan    bool
		outcome    runtime.CheckOutcome
	}{
		{runtime.LevelError, runtime.Failed, true, runtime.CheckFailed},
		{runtime.LevelWarn, runtime.Succeeded, true, runtime.CheckWarned},
		{runtime.LevelOff, runtime.Succeeded, false, ""},
		{"", runtime.Succeeded, true, runtime.CheckWarned}, // the default, warn
	}
	for _, tt := range tests {
		t.Run(string(tt.level), func(t *testing.T) {
			srv := newAPIServer(t, map[string]http.HandlerFunc{
				"/pet": answer(200, goodHeaders, `{"id":"one","name":"Rex"}`)})
			checks := map[string]runtime.CheckLevel{}
			if tt.level != "" {
				checks["body-schema"] = tt.level
			}
			res := runFlow(t, loadFlow(t, "checks.yaml", callStep("get", "getPet")), srv,
				runtime.Options{Checks: checks})

			step := res.Steps[0]
			if step.Status != tt.wantStatus {
				t.Errorf("step status %s, want %s (%s)", step.Status, tt.wantStatus, step.Error)
			}
			got, ran := outcomes(step)["body-schema"]
			if ran != tt.wantRan || got != tt.outcome {
				t.Errorf("body-schema ran=%v outcome %q, want ran=%v %q", ran, got, tt.wantRan, tt.outcome)
			}
		})
	}
}

// TestCheckRequestBeforeSending validates requests when asked: a bad one
// is not sent at error level, and is sent with a warning at warn.
func TestCheckRequestBeforeSending(t *testing.T) {
	steps := "      - {stepId: add, operationId: addPet, requestBody: {payload: {id: 7, name: 3}}}\n"
	tests := []struct {
		level      runtime.CheckLevel
		wantSent   int
		wantStatus runtime.Status
	}{
		{runtime.LevelError, 0, runtime.Failed},
		{runtime.LevelWarn, 1, runtime.Succeeded},
		{runtime.LevelOff, 1, runtime.Succeeded},
	}
	for _, tt := range tests {
		t.Run(string(tt.level), func(t *testing.T) {
			srv := newAPIServer(t, nil)
			res := runFlow(t, loadFlow(t, "checks.yaml", steps), srv,
				runtime.Options{Checks: map[string]runtime.CheckLevel{runtime.CheckRequest: tt.level}})
			step := res.Steps[0]
			if n := len(srv.sent("/pets")); n != tt.wantSent {
				t.Errorf("%d requests sent, want %d", n, tt.wantSent)
			}
			if step.Status != tt.wantStatus {
				t.Errorf("step status %s, want %s (%s)", step.Status, tt.wantStatus, step.Error)
			}
			if tt.level == runtime.LevelError && !strings.Contains(step.Error, "was not sent") {
				t.Errorf("error %q does not say the request was not sent", step.Error)
			}
		})
	}
}

// TestCheckFindingsMasked keeps secrets out of check messages.
func TestCheckFindingsMasked(t *testing.T) {
	srv := newAPIServer(t, map[string]http.HandlerFunc{
		"/pet": answer(200, goodHeaders, `{"id":"tok-secret-42","name":"Rex"}`)})
	res := runFlow(t, loadFlow(t, "checks.yaml", callStep("get", "getPet")), srv,
		runtime.Options{Checks: allErrors(), Secrets: []string{"tok-secret-42"}})
	if l := leaks(resultJSON(t, res), "tok-secret-42"); len(l) > 0 {
		t.Errorf("the result shows %q: %s", l, res.Steps[0].Error)
	}
	if !strings.Contains(res.Steps[0].Error, runtime.Mask) {
		t.Errorf("error %q does not show the masked value", res.Steps[0].Error)
	}
}

func TestParseCheckLevel(t *testing.T) {
	for in, want := range map[string]runtime.CheckLevel{"error": "error", "WARN": "warn", "warning": "warn", "off": "off"} {
		if got, err := runtime.ParseCheckLevel(in); err != nil || got != want {
			t.Errorf("ParseCheckLevel(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := runtime.ParseCheckLevel("fatal"); err == nil {
		t.Error(`ParseCheckLevel("fatal") succeeded, want an error`)
	}
}
