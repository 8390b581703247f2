package expr

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// flagshipContext is the state of the Daytona workflow's pollState step.
func flagshipContext(state string) *Context {
	body := `{"id":"sb-1","state":"` + state + `","cpu":2,"items":[{"state":"` + state + `"}]}`
	return &Context{
		StatusCode: 200,
		Inputs:     map[string]any{"apiToken": "tok", "snapshot": "snap", "cpu": 2.0},
		Steps:      map[string]map[string]any{"createSandbox": {"sandboxId": "sb-1"}},
		Response: &Message{
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   NewBody([]byte(body), "application/json"),
		},
	}
}

func TestFlagshipCriteria(t *testing.T) {
	tests := []struct {
		name  string
		spec  CriterionSpec
		state string
		want  bool
	}{
		{"status", CriterionSpec{Condition: "$statusCode == 200"}, "started", true},
		{"jsonpath equal", CriterionSpec{Context: "$response.body",
			Condition: `$.state == "started"`, Type: "jsonpath"}, "started", true},
		{"jsonpath equal other", CriterionSpec{Context: "$response.body",
			Condition: `$.state == "started"`, Type: "jsonpath"}, "creating", false},
		{"jsonpath and", CriterionSpec{Context: "$response.body",
			Condition: `$.state != "started" && $.state != "error"`, Type: "jsonpath"}, "creating", true},
		{"jsonpath and started", CriterionSpec{Context: "$response.body",
			Condition: `$.state != "started" && $.state != "error"`, Type: "jsonpath"}, "started", false},
		{"rfc9535 filter", CriterionSpec{Context: "$response.body#/items",
			Condition: `$[?@.state == 'started']`, Type: "jsonpath"}, "started", true},
		{"rfc9535 filter miss", CriterionSpec{Context: "$response.body#/items",
			Condition: `$[?@.state == 'started']`, Type: "jsonpath"}, "error", false},
		{"rfc9535 filter on object", CriterionSpec{Context: "$response.body",
			Condition: `$[?@.state == 'started']`, Type: "jsonpath"}, "started", true},
		{"rfc9535 filter on object miss", CriterionSpec{Context: "$response.body",
			Condition: `$[?@.state == 'started']`, Type: "jsonpath"}, "creating", false},
		{"rfc9535 count on object", CriterionSpec{Context: "$response.body",
			Condition: `$[?count(@.items) > 0]`, Type: "jsonpath"}, "creating", true},
		{"rfc9535 count on object miss", CriterionSpec{Context: "$response.body",
			Condition: `$[?count(@.items) > 1]`, Type: "jsonpath"}, "creating", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := CompileCriterion(tt.spec)
			if err != nil {
				t.Fatalf("CompileCriterion(%+v): %v", tt.spec, err)
			}
			r := c.Eval(flagshipContext(tt.state))
			if r.Passed != tt.want || r.Err != nil {
				t.Errorf("%q on state %q = %+v, want passed %v", tt.spec.Condition, tt.state, r, tt.want)
			}
			if r.Explanation == "" {
				t.Errorf("%q: empty explanation", tt.spec.Condition)
			}
		})
	}
}

func TestFlagshipValues(t *testing.T) {
	tests := []struct {
		src  string
		want any
	}{
		{"Bearer $inputs.apiToken", "Bearer tok"},
		{"$response.body#/id", "sb-1"},
		{"$steps.createSandbox.outputs.sandboxId", "sb-1"},
		{"$inputs.cpu", 2.0},
		{"$statusCode", 200},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			tm, err := ParseTemplate(tt.src)
			if err != nil {
				t.Fatalf("ParseTemplate(%q): %v", tt.src, err)
			}
			got, err := tm.Eval(flagshipContext("started"))
			if err != nil || got != tt.want {
				t.Errorf("Eval(%q) = %#v, %v; want %#v", tt.src, got, err, tt.want)
			}
		})
	}
}

func TestFlagshipOptionalInputUndefined(t *testing.T) {
	tm, err := ParseTemplate("$inputs.name")
	if err != nil {
		t.Fatal(err)
	}
	_, err = tm.Eval(flagshipContext("started"))
	if !errors.Is(err, ErrUndefined) {
		t.Errorf("Eval($inputs.name) error = %v, want ErrUndefined", err)
	}
}

func TestFlagshipCompat(t *testing.T) {
	c, err := CompileCriterion(CriterionSpec{Context: "$response.body",
		Condition: `$.state == "started"`, Type: "jsonpath"})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Compat(); len(got) != 1 || got[0] != "jsonpath-boolean-form" {
		t.Errorf("Compat() = %v, want [jsonpath-boolean-form]", got)
	}
	tm, _ := ParseTemplate("Bearer $inputs.apiToken")
	if !tm.Bare() {
		t.Errorf("Bare() = false for %q", tm)
	}
}

// TestBooleanFormExplainsOperands checks that a failed boolean-form
// criterion shows the value each path read, not the whole context.
func TestBooleanFormExplainsOperands(t *testing.T) {
	cr, err := CompileCriterion(CriterionSpec{Context: "$response.body", Condition: `$.state == "started"`, Type: "jsonpath"})
	if err != nil {
		t.Fatal(err)
	}
	body := NewBody([]byte(`{"id":"x","state":"creating","target":"us"}`), "application/json")
	r := cr.Eval(&Context{Response: &Message{Body: body}})
	want := `jsonpath $.state == "started" with $.state = "creating": false`
	if r.Passed || r.Explanation != want {
		t.Errorf("got %+v, want failed with %q", r, want)
	}
	missing := cr.Eval(&Context{Response: &Message{Body: NewBody([]byte(`{}`), "application/json")}})
	if missing.Passed || !strings.Contains(missing.Explanation, "$.state absent") {
		t.Errorf("missing field: got %+v, want the path reported absent", missing)
	}
}
