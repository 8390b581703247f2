package arazzo

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestParseFlagship(t *testing.T) {
	data, err := os.ReadFile("../workflows/daytona-provision.yml")
	if err != nil {
		t.Fatal(err)
	}
	doc, diags := Parse(data, "daytona-provision.yml")
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	w := doc.Workflow("provision-sandbox")
	if w == nil || len(w.Steps) != 3 {
		t.Fatalf("workflow not decoded: %+v", doc.Workflows)
	}
	poll := w.Step("pollState")
	if got := poll.OnSuccess[2].Criteria[0].Type; got != "jsonpath" {
		t.Errorf("criterion type = %q, want jsonpath", got)
	}
	if got := poll.FieldPos("operationId").String(); got != "daytona-provision.yml:77:18" {
		t.Errorf("operationId position = %s", got)
	}
	if len(w.Outputs) != 3 || w.Outputs[0].Name != "sandboxId" {
		t.Errorf("outputs not in document order: %+v", w.Outputs)
	}
}

func TestParseReportsStructuralErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // substrings of the joined diagnostics
	}{
		{"syntax", "arazzo: 1.0.1\ninfo: [\n", []string{"x.yml:2:1", "invalid YAML"}},
		{"indentation", "arazzo: 1.0.1\nworkflows:\n  - workflowId: w\n    steps:\n    - stepId: a\n      outputs:\n        x: y\n     successCriteria: []\n", []string{"x.yml:8:6", "invalid YAML"}},
		{"empty", "", []string{"x.yml:1:1", "empty"}},
		{"unknown field", "arazzo: 1.0.1\ninfo:\n  title: t\n  titel: u\n", []string{"x.yml:4:3", `unknown field "titel"`, `did you mean "title"`}},
		{"duplicate key", "arazzo: 1.0.1\narazzo: 1.0.0\n", []string{"x.yml:2:1", "more than once"}},
		{"wrong type", "arazzo: 1.0.1\nworkflows: {}\n", []string{"x.yml:2:12", "must be a list"}},
		{"number for string", "arazzo: 1.0.1\ninfo:\n  title: t\n  version: 1.0\n", []string{"x.yml:4:12", "quote it"}},
		{"two documents", "arazzo: 1.0.1\n---\narazzo: 1.0.0\n", []string{"second YAML document"}},
		{"alias bomb", aliasBomb(), []string{"more than"}},
		{"not a mapping", "- a\n- b\n", []string{"x.yml:1:1", "must be an object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse([]byte(tt.src), "x.yml")
			got := diags.Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("diagnostics %q lack %q", got, w)
				}
			}
		})
	}
}

// aliasBomb builds the classic "billion laughs" document: each level
// doubles the size of the one before through aliases.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("arazzo: 1.0.1\nx-a0: &a0 [lol, lol]\n")
	for i := 1; i < 40; i++ {
		b.WriteString(fmt.Sprintf("x-a%d: &a%d [*a%d, *a%d]\n", i, i, i-1, i-1))
	}
	return b.String()
}

// TestParseRecognisesMockScenario checks that a --mock scenario given
// where an Arazzo document is expected is named for what it is.
func TestParseRecognisesMockScenario(t *testing.T) {
	_, diags := Parse([]byte("operations:\n  getSandbox:\n    - {status: 200}\n"), "s.mock.yml")
	if len(diags) != 1 || diags[0].Code != "not-arazzo" || !strings.Contains(diags[0].Message, "--mock scenario") {
		t.Errorf("diagnostics = %v, want one not-arazzo naming a --mock scenario", diags)
	}
}

// TestDiagnosticJSON checks that a diagnostic as JSON says where it is.
func TestDiagnosticJSON(t *testing.T) {
	d := Diagnostic{Severity: SeverityError, Code: "unknown-step", Message: "no step",
		Pos: Pos{File: "f.yaml", Line: 3, Col: 7}, Path: "workflows[0]"}
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"severity":"error","code":"unknown-step","message":"no step","path":"workflows[0]","file":"f.yaml","line":3,"column":7}`
	if string(data) != want {
		t.Errorf("JSON = %s, want %s", data, want)
	}
}
