package expr

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func criterionContext() *Context {
	return &Context{
		StatusCode: 200,
		Inputs: map[string]any{
			"threshold": 3.0, "name": "ANN", "limit": "10", "pattern": "^c", "state": "started",
			"minPrice": 5.0,
		},
		Response: &Message{
			Header: http.Header{"X-Rate-Limit": {"10"}},
			Body: NewBody([]byte(`{"count":5,"data":{"id":1},"state":"Started","name":"ann","none":null,`+
				`"items":[{"state":"started","n":1},{"state":"error","n":2}],"ok":true,"tag":"it's"}`),
				"application/json"),
		},
	}
}

func TestSimpleConditions(t *testing.T) {
	tests := []struct {
		cond string
		want bool
		expl string // part of the explanation
	}{
		{"$statusCode == 200", true, "$statusCode = 200, want == 200"},
		{"$statusCode != 200", false, "$statusCode = 200, want != 200"},
		{"$statusCode >= 200 && $statusCode < 300", true, "want < 300"},
		{"$statusCode == 404 || $statusCode == 200", true, "want == 404; $statusCode = 200"},
		{"!($statusCode == 404)", true, "want == 404"},
		{"$response.body.count > $inputs.threshold", true, "$response.body.count = 5, want > $inputs.threshold = 3"},
		{"$response.body#/count > 4.5", true, ""},
		{"$response.body#/count < -1", false, ""},
		{"$response.body#/count == 5e0", true, ""},
		{"$statusCode == 200 && $response.body.data != null", true, ""},
		{"$response.body#/none == null", true, ""},
		{"$response.body#/none != null", false, ""},
		{"null == null", true, ""},
		{"$response.body#/count == null", false, ""},
		{"$response.body#/none < 1", false, ""},
		{"$response.body#/state == 'started'", true, `$response.body#/state = "Started", want == "started"`},
		{`$response.body#/state == "STARTED"`, true, ""},
		{"$response.body#/name == $inputs.name", true, ""},
		{"$response.body#/name < 'b'", true, ""},
		{"$response.body#/tag == 'it''s'", true, ""},
		{"$response.header.X-Rate-Limit > 5", true, ""},
		{"$inputs.limit == 10", true, ""},
		{"$inputs.limit == '10.0'", false, ""},
		{"$response.body#/ok", true, "$response.body#/ok = true"},
		{"$response.body#/ok == true", true, ""},
		{"!$response.body#/ok", false, ""},
		{"$response.body#/items[1].state == 'error'", true, `$response.body#/items[1].state = "error"`},
		{"$response.body.items[0].n == 1", true, ""},
		{"$response.body#/data == $response.body#/data", true, ""},
		{"($statusCode == 200) && (($response.body#/count > 1))", true, ""},
	}
	c := criterionContext()
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			cr, err := CompileCriterion(CriterionSpec{Condition: tt.cond})
			if err != nil {
				t.Fatalf("CompileCriterion(%q): %v", tt.cond, err)
			}
			r := cr.Eval(c)
			if r.Passed != tt.want || r.Err != nil || !strings.Contains(r.Explanation, tt.expl) {
				t.Errorf("%q = %+v, want passed %v with %q", tt.cond, r, tt.want, tt.expl)
			}
		})
	}
}

func TestSimpleUnresolved(t *testing.T) {
	tests := []struct {
		cond string
		err  error
		expl string // part of the explanation
	}{
		{"$response.body#/missing == 1", ErrUndefined, `json pointer "/missing" (no "missing") is undefined`},
		{"$inputs.nope != 'x'", ErrUndefined, `$inputs.nope: input "nope" is undefined`},
		{"$response.body#/items[5].n == 1", ErrUndefined, `$response.body#/items[5]: "5" of an array is undefined`},
		{"$response.body#/count.x == 1", ErrUndefined, `json pointer "/count.x" (no "count.x")`},
		{"$statusCode == 200 && $steps.x.outputs.y == 1", ErrUndefined, `step "x" (it has not run)`},
		{"$response.body#/ok < true", nil, "cannot order a boolean and a boolean with <"},
		{"$response.body#/count && true", nil, "$response.body#/count = 5 is a number, not a boolean"},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			cr, err := CompileCriterion(CriterionSpec{Condition: tt.cond})
			if err != nil {
				t.Fatal(err)
			}
			r := cr.Eval(criterionContext())
			if r.Passed || r.Err == nil || (tt.err != nil && !errors.Is(r.Err, tt.err)) ||
				!strings.Contains(r.Explanation, tt.expl) {
				t.Errorf("%q = %+v, want a failure with an error explained with %q", tt.cond, r, tt.expl)
			}
		})
	}
	// Short-circuit: the missing operand is never read.
	cr, _ := CompileCriterion(CriterionSpec{Condition: "$statusCode == 200 || $inputs.nope == 1"})
	if r := cr.Eval(criterionContext()); !r.Passed || r.Err != nil {
		t.Errorf("short-circuit || = %+v", r)
	}
}

func TestSimpleRejected(t *testing.T) {
	tests := []struct {
		cond, msg string
		off       int
	}{
		{"$statusCode + 1 == 201", `operator "+" is not allowed`, 12},
		{"len($inputs.x) > 1", `unexpected word "len"`, 0},
		{"$statusCode == 200 and true", `operator "and" is not allowed`, 19},
		{"$statusCode in [200]", `unexpected word "in"`, 12},
		{"foo == $statusCode", `unexpected word "foo"`, 0},
		{"$statusCode == 200 foo", `unexpected word "foo"`, 19},
		{"$statusCode == a$b", `unexpected word "a"`, 15},
		{"$statusCode == not", `operator "not" is not allowed`, 15},
		{"$statusCode == 'x", "string has no closing quote", 15},
		{"$statusCode == `x`", "unexpected \"`\"", 15},
		{"$statusCode ==", "the condition ends after ==; an operand is missing", 14},
		{"$statusCode == 200 ? 1 : 2", "a conditional is not allowed", 19},
		{"$inputs.x matches 'a'", `unexpected word "matches"`, 10},
		{"$inputs.x?.y", "", 0},
		{"$statsCode == 200", `unknown source "$statsCode"`, 1},
		{"$response.body#~ == 1", `json pointer must start with "/"`, 15},
		{"", "empty condition", 0},
		{"$statusCode == 200; true", "", 0},
		{"$inputs.x[1:2] == 1", "a slice is not allowed", 9},
		{"$inputs.x % 2 == 0", `operator "%" is not allowed`, 10},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			_, err := CompileCriterion(CriterionSpec{Condition: tt.cond})
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("CompileCriterion(%q) error = %v, want a *SyntaxError", tt.cond, err)
			}
			if tt.msg != "" && (!strings.Contains(se.Msg, tt.msg) || se.Offset != tt.off) {
				t.Errorf("CompileCriterion(%q) = %q at %d, want %q at %d\n%v", tt.cond, se.Msg, se.Offset, tt.msg, tt.off, se)
			}
		})
	}
}

// TestConditionParseWording checks that expr-lang's parse errors are
// worded as the condition is written, never with its token kinds, and
// keep the caret on the failing character.
func TestConditionParseWording(t *testing.T) {
	tests := []struct {
		cond, msg string
		off       int
	}{
		{"$statusCode === 201", `unexpected "=": did you mean ==?`, 14},
		{"$statusCode !== 201", `unexpected "=": did you mean !=?`, 14},
		{"$statusCode = 201", `unexpected "=": did you mean ==?`, 12},
		{"$statusCode => 200", `unexpected "=": did you mean >=?`, 12},
		{"$statusCode <> 200", `unexpected ">": did you mean !=?`, 13},
		{"$statusCode == 201 &&", "the condition ends after &&; an operand is missing", 21},
		{"$statusCode == 201 || ", "the condition ends after ||; an operand is missing", 22},
		{"!", "the condition ends after !; an operand is missing", 1},
		{"($statusCode == 201", `the condition ends before the "(" is closed`, 19},
		{"$statusCode == 201)", `unexpected ")": no "(" is open`, 18},
		{"$statusCode == 201 200", "unexpected number 200: is an operator", 19},
		{"$statusCode == 201 'x'", `unexpected string "x": is an operator`, 19},
		{"$statusCode == 201 $inputs.x", "unexpected $inputs.x: is an operator", 19},
		{"$statusCode == #", `unexpected "#"`, 15},
		{"$statusCode == 1e", "invalid number 1e", 16},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			_, err := CompileCriterion(CriterionSpec{Condition: tt.cond})
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("CompileCriterion(%q) error = %v, want a *SyntaxError", tt.cond, err)
			}
			if !strings.HasPrefix(se.Msg, tt.msg) || se.Offset != tt.off {
				t.Errorf("CompileCriterion(%q) = %q at %d, want %q at %d", tt.cond, se.Msg, se.Offset, tt.msg, tt.off)
			}
			for _, internal := range []string{"token", "EOF", "Operator(", "Identifier(", "_0", "_1"} {
				if strings.Contains(se.Msg, internal) {
					t.Errorf("CompileCriterion(%q) = %q, which shows the parser's %q", tt.cond, se.Msg, internal)
				}
			}
		})
	}
}
