package arazzo

import (
	"fmt"
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

// TestBareExpressionColumn checks that a bare expression inside a string
// is reported at its own column, whether the scalar is plain or quoted,
// and at the start of the value when the text differs from the source.
func TestBareExpressionColumn(t *testing.T) {
	const doc = `arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ./missing.yaml, type: openapi}]
workflows:
  - workflowId: w
    inputs: {type: object, properties: {token: {type: string}}}
    steps:
      - stepId: s
        operationId: op
        parameters:
          - {name: a, in: header, value: %s}
`
	tests := []struct {
		value string
		col   int
	}{
		{`Bearer $inputs.token`, 49},
		{`"Bearer $inputs.token"`, 50},
		{`'{$inputs.token} and $inputs.token'`, 63},
		{`"Bearer\t$inputs.token"`, 42}, // an escape: the column of the value
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			src := strings.Replace(doc, "%s", tt.value, 1)
			_, diags := LoadData(t.Context(), []byte(src), "b.yaml", LoadOptions{HTTPClient: offline})
			for _, d := range diags {
				if d.Code == "bare-expression" {
					if d.Pos.Line != 11 || d.Pos.Col != tt.col {
						t.Errorf("bare-expression at %d:%d, want 11:%d", d.Pos.Line, d.Pos.Col, tt.col)
					}
					return
				}
			}
			t.Errorf("no bare-expression warning in\n%v", diags)
		})
	}
}

// TestUnmatchedBrace checks that a bare expression followed by a "}" is
// reported as a stray brace at the brace, with a message that says the
// brace is sent as text, and not as a bare expression that runs braced.
func TestUnmatchedBrace(t *testing.T) {
	const doc = `arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ./missing.yaml, type: openapi}]
workflows:
  - workflowId: w
    inputs: {type: object, properties: {token: {type: string}}}
    steps:
      - stepId: s
        operationId: op
        parameters:
          - name: a
            in: header
            value: %s
`
	tests := []struct {
		value, code string
		col         int
	}{
		{`$inputs.token}`, "unmatched-brace", 33},
		{`"$inputs.token}"`, "unmatched-brace", 34},
		{`Bearer $inputs.token}`, "unmatched-brace", 40},
		{`Bearer $inputs.token`, "bare-expression", 27},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			src := strings.Replace(doc, "%s", tt.value, 1)
			_, diags := LoadData(t.Context(), []byte(src), "b.yaml", LoadOptions{HTTPClient: offline})
			var found []string
			for _, d := range diags {
				if d.Code != "unmatched-brace" && d.Code != "bare-expression" {
					continue
				}
				found = append(found, d.Code)
				if d.Code != tt.code || d.Pos.Line != 13 || d.Pos.Col != tt.col {
					t.Errorf("%s at %d:%d, want %s at 13:%d", d.Code, d.Pos.Line, d.Pos.Col, tt.code, tt.col)
				}
				if d.Code == "unmatched-brace" && !strings.Contains(d.Message, `followed by the text "}"`) {
					t.Errorf("message %q does not say the brace is sent as text", d.Message)
				}
			}
			if len(found) != 1 {
				t.Errorf("got %v, want one %s in\n%v", found, tt.code, diags)
			}
		})
	}
}

// TestUnknownExpressionSource checks that a value holding a near miss of
// a runtime expression is a warning at its "$" that names the likely
// meaning, and that ordinary text with "$" is not.
func TestUnknownExpressionSource(t *testing.T) {
	const doc = `arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ./missing.yaml, type: openapi}]
workflows:
  - workflowId: w
    inputs: {type: object, properties: {item: {type: string}}}
    steps:
      - stepId: s
        operationId: op
        requestBody:
          payload: {a: %s}
`
	tests := []struct {
		value string
		col   int    // 0: no warning
		want  string // in the message
	}{
		{`$input.item`, 24, "did you mean $inputs.item?"},
		{`"$step.s.outputs.id"`, 25, "did you mean $steps.s.outputs.id?"},
		{`'see $respone.body#/id'`, 29, "did you mean $response.body#/id?"},
		{`"costs $100"`, 0, ""},
		{`$HOME`, 0, ""},
		{`"echo $PATH && ls $5"`, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			src := strings.Replace(doc, "%s", tt.value, 1)
			_, diags := LoadData(t.Context(), []byte(src), "u.yaml", LoadOptions{HTTPClient: offline})
			var found []Diagnostic
			for _, d := range diags {
				if d.Code == "unknown-expression-source" {
					found = append(found, d)
				}
			}
			if tt.col == 0 {
				if len(found) != 0 {
					t.Errorf("got %v, want no warning", found)
				}
				return
			}
			if len(found) != 1 {
				t.Fatalf("got %d unknown-expression-source, want 1 in\n%v", len(found), diags)
			}
			d := found[0]
			if d.Severity != SeverityWarning || d.Pos.Line != 11 || d.Pos.Col != tt.col || !strings.Contains(d.Message, tt.want) {
				t.Errorf("got %s at %d:%d: %q, want a warning at 11:%d with %q", d.Severity, d.Pos.Line, d.Pos.Col, d.Message, tt.col, tt.want)
			}
		})
	}
}

// TestUndeclaredInputs checks which names a workflow reads without
// declaring: the top name of each, once, and none a closed schema
// refuses (that is an error instead).
func TestUndeclaredInputs(t *testing.T) {
	const doc = `arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ./missing.yaml, type: openapi}]
workflows:
  - workflowId: open
    inputs: {type: object, properties: {token: {type: string}}}
    steps:
      - stepId: s
        operationId: op
        parameters:
          - {name: a, in: query, value: $inputs.create_body}
          - {name: b, in: query, value: $inputs.filter.state}
          - {name: c, in: query, value: $inputs.create_body}
          - {name: d, in: query, value: $inputs.token}
  - workflowId: closed
    inputs: {type: object, additionalProperties: false, properties: {token: {type: string}}}
    steps:
      - stepId: s
        operationId: op
        parameters:
          - {name: a, in: query, value: $inputs.tokn}
  - workflowId: none
    steps:
      - stepId: s
        operationId: op
        parameters:
          - {name: a, in: query, value: $inputs.id}
`
	d, _ := LoadData(t.Context(), []byte(doc), "u.yaml", LoadOptions{HTTPClient: offline})
	want := map[string]string{"open": "create_body,filter", "closed": "", "none": "id"}
	for id, names := range want {
		if got := strings.Join(d.Workflow(id).UndeclaredInputs(), ","); got != names {
			t.Errorf("%s: UndeclaredInputs = %q, want %q", id, got, names)
		}
	}
}

// TestCriterionTypeFaultPosition checks that a criterion whose type or
// version is unknown is reported where that is written, not at its
// condition.
func TestCriterionTypeFaultPosition(t *testing.T) {
	const doc = `arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ./missing.yaml, type: openapi}]
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: op
        successCriteria:
          - context: $response.body
            condition: $[?@.state == 'started']
            type: {type: jsonpath, version: draft-nope}
          - context: $response.body
            condition: //state
            type: xpath2
`
	_, diags := LoadData(t.Context(), []byte(doc), "c.yaml", LoadOptions{HTTPClient: offline})
	want := []string{"12:45 workflows[0].steps[0].successCriteria[0].type.version",
		"15:19 workflows[0].steps[0].successCriteria[1].type"}
	var got []string
	for _, d := range diags {
		if d.Code == "bad-criterion" {
			got = append(got, fmt.Sprintf("%d:%d %s", d.Pos.Line, d.Pos.Col, d.Path))
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("bad-criterion at\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestWorkflowStepOutputRefs checks $workflows.W.steps.S.outputs.NAME: a
// compatibility warning when it resolves, an error naming the nearest
// step or output when it does not.
func TestWorkflowStepOutputRefs(t *testing.T) {
	const doc = `arazzo: 1.1.0
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ./missing.yaml, type: openapi}]
workflows:
  - workflowId: producer
    steps:
      - stepId: make
        operationId: op
        outputs: {id: $response.body#/id}
  - workflowId: consumer
    steps:
      - stepId: read
        operationId: op
        parameters:
          - {name: a, in: query, value: $workflows.producer.steps.make.outputs.id}
          - {name: b, in: query, value: $workflows.producer.steps.mak.outputs.id}
          - {name: c, in: query, value: $workflows.producer.steps.make.outputs.ids}
`
	_, diags := LoadData(t.Context(), []byte(doc), "w.yaml", LoadOptions{HTTPClient: offline})
	want := []string{
		"15:41 warning workflow-step-output",
		"16:41 warning workflow-step-output",
		`16:41 error unknown-step (did you mean "make"?)`,
		"17:41 warning workflow-step-output",
		`17:41 error unknown-output (did you mean "id"?)`,
	}
	var got []string
	for _, d := range diags {
		if d.Pos.Line >= 15 && d.Pos.Line <= 17 {
			line := fmt.Sprintf("%d:%d %s %s", d.Pos.Line, d.Pos.Col, d.Severity, d.Code)
			if i := strings.Index(d.Message, " (did you mean"); i >= 0 {
				line += d.Message[i:]
			}
			got = append(got, line)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
