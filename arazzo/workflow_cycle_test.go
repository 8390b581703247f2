package arazzo

import (
	"strings"
	"testing"
)

// TestWorkflowCallCycle checks that workflows calling each other through
// workflow steps in a cycle are an error at the step that closes the
// cycle, naming the chain, and that a call chain without a cycle is not.
func TestWorkflowCallCycle(t *testing.T) {
	const head = `arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ./missing.yaml, type: openapi}]
workflows:
`
	tests := []struct {
		name, body string
		line       int    // of the diagnostic; 0: none
		chain      string // named in the message
		severity   Severity
	}{
		{"a calls b calls a", `  - workflowId: a
    steps:
      - stepId: callB
        workflowId: b
  - workflowId: b
    steps:
      - stepId: callA
        workflowId: a
`, 12, "a -> b -> a", SeverityError},
		{"a calls itself", `  - workflowId: a
    steps:
      - stepId: again
        workflowId: a
`, 8, "a -> a", SeverityError},
		{"cycle further down", `  - workflowId: a
    steps:
      - stepId: callB
        workflowId: b
  - workflowId: b
    steps:
      - stepId: callC
        workflowId: c
  - workflowId: c
    steps:
      - stepId: callB
        workflowId: b
`, 16, "b -> c -> b", SeverityError},
		{"chain without cycle", `  - workflowId: a
    steps:
      - stepId: callB
        workflowId: b
      - stepId: callBAgain
        workflowId: b
  - workflowId: b
    steps:
      - stepId: op
        operationId: op
`, 0, "", 0},
		{"recursion an action can stop", `  - workflowId: page
    steps:
      - stepId: fetch
        operationId: op
        onSuccess:
          - {name: last, type: end, criteria: [{condition: $statusCode == 204}]}
      - stepId: next
        workflowId: page
`, 12, "page -> page", SeverityWarning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := LoadData(t.Context(), []byte(head+tt.body), "w.yaml", LoadOptions{HTTPClient: offline})
			var found []Diagnostic
			for _, d := range diags {
				if d.Code == "workflow-cycle" {
					found = append(found, d)
				}
			}
			if tt.line == 0 {
				if len(found) != 0 {
					t.Errorf("got %v, want no workflow-cycle", found)
				}
				return
			}
			if len(found) != 1 {
				t.Fatalf("got %d workflow-cycle diagnostics, want 1 in\n%v", len(found), diags)
			}
			d := found[0]
			if d.Severity != tt.severity || d.Pos.Line != tt.line || !strings.Contains(d.Message, tt.chain) {
				t.Errorf("got %s at line %d: %q, want %s at line %d naming %s", d.Severity, d.Pos.Line, d.Message, tt.severity, tt.line, tt.chain)
			}
		})
	}
}
