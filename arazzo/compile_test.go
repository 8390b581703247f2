package arazzo

import (
	"strings"
	"testing"
)

// TestCompileFollowsDeclaredVersion checks that expressions are parsed
// with the grammar of the version the document declares: $self exists
// only from 1.1 on.
func TestCompileFollowsDeclaredVersion(t *testing.T) {
	const doc = `arazzo: %s
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ./missing.yaml, type: openapi}]
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: op
        successCriteria:
          - condition: $self == 'x'
`
	tests := []struct {
		version string
		wantErr bool
	}{
		{"1.0.1", true},
		{"1.1.0", false},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			src := strings.Replace(doc, "%s", tt.version, 1)
			_, diags := LoadData(t.Context(), []byte(src), "v.yaml", LoadOptions{HTTPClient: offline})
			got := hasCode(diags, "bad-criterion")
			if got != tt.wantErr {
				t.Errorf("arazzo %s: bad-criterion reported = %v, want %v\n%v", tt.version, got, tt.wantErr, diags)
			}
		})
	}
}

// TestCompatWarningAtContext checks that a compatibility form in a
// criterion's context is reported at the context, not the condition.
func TestCompatWarningAtContext(t *testing.T) {
	const src = `arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ./missing.yaml, type: openapi}]
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: op
        successCriteria:
          - context: $response.headers.Location
            condition: ^https://
            type: regex
`
	_, diags := LoadData(t.Context(), []byte(src), "c.yaml", LoadOptions{HTTPClient: offline})
	for _, d := range diags {
		if d.Code == "headers-plural" {
			if d.Pos.Line != 10 || !strings.HasSuffix(d.Path, ".context") {
				t.Errorf("headers-plural at %s (%s), want line 10 at the context", d.Pos, d.Path)
			}
			return
		}
	}
	t.Errorf("no headers-plural warning in\n%v", diags)
}

func hasCode(diags Diagnostics, code string) bool {
	for _, d := range diags {
		if d.Code == code {
			return true
		}
	}
	return false
}
