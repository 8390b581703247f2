package arazzo

import (
	"strings"
	"testing"
	"time"
)

// TestHostileDocuments feeds documents built to hurt: deep nesting, many
// objects, alias expansion, wrong types everywhere. Each must get located
// errors, quickly, and no panic.
func TestHostileDocuments(t *testing.T) {
	head := "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\nsourceDescriptions: [{name: s, url: s.yaml}]\n"
	tests := []struct {
		name, src, want string
	}{
		{"deep flow sequence", "arazzo: 1.0.1\nx-deep: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n", "yaml-syntax"},
		{"deep input schema", head + "workflows:\n  - workflowId: w\n    steps: [{stepId: a, operationId: o}]\n    inputs: " +
			strings.Repeat("{a: ", 5000) + "1" + strings.Repeat("}", 5000) + "\n", "too-deep"},
		{"deep JSON", `{"arazzo": "1.0.1", "info": ` + strings.Repeat(`{"a":`, 3000) + "1" + strings.Repeat("}", 3000) + "}", "unknown-field"},
		{"many workflows", head + "workflows:\n" + strings.Repeat("  - workflowId: w\n    steps: [{stepId: a, operationId: o}]\n", 20000), "duplicate-id"},
		{"alias bomb", aliasBomb(), "document-too-large"},
		{"wrong types", head + "workflows:\n  - workflowId: [w]\n    steps:\n      - stepId: {a: 1}\n        operationId: 3\n        parameters: yes\n        successCriteria: {condition: x}\n", "wrong-type"},
		{"tab indentation", "arazzo: 1.0.1\ninfo:\n\ttitle: t\n", "yaml-syntax"},
		{"binary", "\x00\x01\x02\xff", "yaml-syntax"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, diags := LoadData(t.Context(), []byte(tt.src), "x.yaml", LoadOptions{HTTPClient: offline})
			if took := time.Since(start); took > slowdown*10*time.Second {
				t.Errorf("took %v", took)
			}
			if !diags.HasErrors() || !strings.Contains(join(codes(diags)), tt.want) {
				t.Errorf("codes = %v, want %s among the errors", codes(diags), tt.want)
			}
			for _, d := range diags {
				if !d.Pos.IsValid() {
					t.Errorf("diagnostic without a position: %v", d)
				}
			}
		})
	}
}
