package expr

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// compatContext adds what the corpus's compatibility forms read.
func compatContext() *Context {
	c := evalContext()
	c.Steps["getCurrentUser"] = map[string]any{"userId": "u-7"}
	c.Steps["Plan a Trip_search_0"] = map[string]any{"search Response": 3.0}
	c.Workflows["producer"] = &WorkflowValues{Steps: map[string]map[string]any{"waitForEvent": {"userId": "u-9"}}}
	return c
}

// TestCompatForms checks each compatibility form found in real documents:
// it parses with its code, evaluates to what the author meant, and is
// rejected in strict mode.
func TestCompatForms(t *testing.T) {
	tests := []struct {
		src, code string
		want      any
	}{
		{"$response.body#items", "pointer-missing-slash", []any{map[string]any{"id": "i0"}, map[string]any{"id": "i1"}}},
		{"$response.body#items/1/id", "pointer-missing-slash", "i1"},
		{"$inputs.customer#address/city", "pointer-missing-slash", "Oslo"},
		{"$request.body/user/uuid", "pointer-missing-hash", "u-1"},
		{"$response.headers.Location", "headers-plural", "/pets/42"},
		{"$request.Headers.accept", "headers-plural", "application/json"},
		{"$steps.getCurrentUser.userId", "missing-outputs-segment", "u-7"},
		{"$steps.login.pets#/0/id", "missing-outputs-segment", 7.0},
		{"$steps.getCurrentUser.output.userId", "missing-outputs-segment", "u-7"},
		{"$workflows.producer.steps.waitForEvent.outputs.userId", "workflow-step-output", "u-9"},
		{"$steps.getCurrentUser.Outputs.userId", "missing-outputs-segment", "u-7"},
		{"$steps.login.output.pets#/0/id", "missing-outputs-segment", 7.0},
		{"$steps.login.outputs", "whole-map", map[string]any{"token": "s3cr3t", "pets": []any{map[string]any{"id": 7.0}}}},
		{"$outputs", "whole-map", map[string]any{"result": []any{1.0, 2.0}}},
		{"$workflows.auth.inputs", "whole-map", map[string]any{"user": "ann"}},
		{"$workflow.inputs.token", "workflow-singular", "tok"},
		{"$workflow.outputs.result", "workflow-singular", []any{1.0, 2.0}},
		{"$steps.Plan a Trip_search_0.outputs.search Response", "spaces-in-name", 3.0},
	}
	c := compatContext()
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			e, err := Parse(tt.src)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.src, err)
			}
			if !contains(e.Compat(), tt.code) {
				t.Errorf("Parse(%q).Compat() = %v, want %q", tt.src, e.Compat(), tt.code)
			}
			got, err := e.Eval(c)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Eval(%q) = %#v, %v; want %#v", tt.src, got, err, tt.want)
			}
			if _, err := ParseWith(tt.src, ParseOptions{Strict: true}); err == nil {
				t.Errorf("ParseWith(%q, strict) gave no error", tt.src)
			}
		})
	}
}

func TestCompatWholeInputsEmpty(t *testing.T) {
	e, err := Parse("$inputs")
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.Eval(&Context{})
	if err != nil || !reflect.DeepEqual(got, map[string]any{}) {
		t.Errorf("Eval($inputs) with no inputs = %#v, %v; want an empty object", got, err)
	}
}

// TestCompatRefused checks forms whose meaning is not plain: they stay
// errors, and the message says what was probably meant.
func TestCompatRefused(t *testing.T) {
	tests := []struct {
		src, msg string
	}{
		{"$body.claimAmount", "did you mean $response.body (or $request.body)?"},
		{"$workflow.steps.x", "did you mean $inputs.NAME or $outputs.NAME"},
		{"$status", "did you mean $statusCode?"},
		{"$response.statusCode", "the status code is $statusCode"},
		{"$steps.my.step.outputs.x", `want outputs after $steps.my., found "step"`},
		{"$steps.foo.inputs.x", `found "inputs"`},
		{"$steps.a.outputs.b || 'x'", "a runtime expression holds no operators"},
		{"$response.body#~", `json pointer must start with "/"`},
		{"$steps.a b", `want ".outputs"`},
		{"$workflows.w.steps.s", `want ".outputs.NAME" after the step id of $workflows.w.steps.s`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := Parse(tt.src)
			var se *SyntaxError
			if !errors.As(err, &se) || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("Parse(%q) error = %v, want %q", tt.src, err, tt.msg)
			}
		})
	}
}

func TestCompatUnquotedLiteral(t *testing.T) {
	ctx := criterionContext()
	ctx.Response.Header.Set("Content-Type", "application/json")
	tests := []struct {
		cond string
		want bool
		expl string
	}{
		{"$response.header.Content-Type == application/json", true, `want == "application/json"`},
		{"$response.body#/state == STARTED", true, `$response.body#/state = "Started", want == "STARTED"`},
		{"$response.body#/state == NEW", false, `want == "NEW"`},
		{"$response.body#/state != NEW && $statusCode == 200", true, `want != "NEW"`},
		{"($response.body#/name == ann)", true, `want == "ann"`},
		{"$response.body#/name == ann lee", false, `want == "ann lee"`},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			cr, err := CompileCriterion(CriterionSpec{Condition: tt.cond})
			if err != nil {
				t.Fatalf("CompileCriterion(%q): %v", tt.cond, err)
			}
			if !contains(cr.Compat(), "unquoted-string-literal") {
				t.Errorf("Compat() = %v, want unquoted-string-literal", cr.Compat())
			}
			r := cr.Eval(ctx)
			if r.Passed != tt.want || r.Err != nil || !strings.Contains(r.Explanation, tt.expl) {
				t.Errorf("%q = %+v, want passed %v with %q", tt.cond, r, tt.want, tt.expl)
			}
		})
	}
}

func TestCompatUnquotedOrdering(t *testing.T) {
	cr, err := CompileCriterion(CriterionSpec{Condition: "$response.body#/count > four"})
	if err != nil {
		t.Fatal(err)
	}
	if r := cr.Eval(criterionContext()); r.Passed || r.Err == nil {
		t.Errorf("Eval = %+v, want an error: a number cannot be ordered against a string", r)
	}
}

func TestCompatConditionOperands(t *testing.T) {
	cr, err := CompileCriterion(CriterionSpec{Condition: "$response.body#count == 5 && $response.body.count == 5"})
	if err != nil {
		t.Fatal(err)
	}
	if got := cr.Compat(); !reflect.DeepEqual(got, []string{"pointer-missing-slash"}) {
		t.Errorf("Compat() = %v, want [pointer-missing-slash]", got)
	}
	if r := cr.Eval(criterionContext()); !r.Passed {
		t.Errorf("Eval = %+v, want a pass", r)
	}
}

func TestJSONPathOperands(t *testing.T) {
	tests := []struct {
		cond    string
		version string
		want    bool
		expl    string
	}{
		{"$.count <= $inputs.threshold", "", false, "$.count = 5, $inputs.threshold = 3"},
		{"$.count > $inputs.threshold", "", true, "$.count > $inputs.threshold with $.count = 5, $inputs.threshold = 3"},
		{"$.name == $inputs.name", "", true, `$inputs.name = "ANN"`},
		{"$.count == $response.body#/count && $.state != 'not $inputs.x'", "", true, ""},
		{`$.items[?(@.state == $inputs.state)]`, goessner, true, "1 node(s)"},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			cr, err := CompileCriterion(CriterionSpec{Context: "$response.body", Condition: tt.cond,
				Type: "jsonpath", Version: tt.version})
			if err != nil {
				t.Fatalf("CompileCriterion(%q): %v", tt.cond, err)
			}
			r := cr.Eval(criterionContext())
			if r.Passed != tt.want || r.Err != nil || !strings.Contains(r.Explanation, tt.expl) {
				t.Errorf("%q = %+v, want passed %v with %q", tt.cond, r, tt.want, tt.expl)
			}
		})
	}
}

func TestJSONPathOperandUndefined(t *testing.T) {
	cr, err := CompileCriterion(CriterionSpec{Context: "$response.body",
		Condition: "$.count != $inputs.nope", Type: "jsonpath"})
	if err != nil {
		t.Fatal(err)
	}
	r := cr.Eval(criterionContext())
	if r.Passed || !errors.Is(r.Err, ErrUndefined) {
		t.Errorf("Eval = %+v, want a failure wrapping ErrUndefined", r)
	}
	_, err = CompileCriterion(CriterionSpec{Context: "$response.body",
		Condition: "$.count != $inputs.", Type: "jsonpath"})
	var se *SyntaxError
	if !errors.As(err, &se) || se.Offset != 19 {
		t.Errorf("CompileCriterion with a bad operand: error = %v, want a syntax error at 19", err)
	}
}

func TestJSONPathPointerForm(t *testing.T) {
	tests := []struct {
		ctx, cond string
		want      bool
		expl      string
	}{
		{"$response.body", "#/name == ann", true, `$response.body#/name = "ann", want == "ann"`},
		{"$response.body", "#/count == 4", false, "$response.body#/count = 5, want == 4"},
		{"$response.body", "#/state == Order not started", false, `want == "Order not started"`},
		{"$response.body#/data", "#/id == 1", true, "$response.body#/data/id = 1"},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			cr, err := CompileCriterion(CriterionSpec{Context: tt.ctx, Condition: tt.cond,
				Type: "jsonpath", Version: goessner})
			if err != nil {
				t.Fatalf("CompileCriterion(%q): %v", tt.cond, err)
			}
			if !contains(cr.Compat(), "jsonpath-pointer-form") {
				t.Errorf("Compat() = %v, want jsonpath-pointer-form", cr.Compat())
			}
			r := cr.Eval(criterionContext())
			if r.Passed != tt.want || r.Err != nil || !strings.Contains(r.Explanation, tt.expl) {
				t.Errorf("%q = %+v, want passed %v with %q", tt.cond, r, tt.want, tt.expl)
			}
		})
	}
	_, err := CompileCriterion(CriterionSpec{Context: "$response.body", Condition: "#/a == 'x",
		Type: "jsonpath"})
	var se *SyntaxError
	if !errors.As(err, &se) || se.Src != "#/a == 'x" || se.Offset != 7 {
		t.Errorf("CompileCriterion(#/a == 'x) error = %#v, want an unclosed string at 7", err)
	}
}

func TestCompatRefusedCriteria(t *testing.T) {
	tests := []struct {
		spec CriterionSpec
		msg  string
	}{
		{CriterionSpec{Context: "<root><id>1</id></root>", Condition: "/root/id = 1", Type: "xpath"},
			"a context must be a runtime expression, such as $response.body"},
		{CriterionSpec{Condition: "(?i).*logged in.*", Type: "regex"},
			"a regex criterion needs a context, such as $response.body"},
		{CriterionSpec{Condition: "$statusCode == 500%s"}, `unexpected word "s"`},
	}
	for _, tt := range tests {
		t.Run(tt.spec.Condition, func(t *testing.T) {
			_, err := CompileCriterion(tt.spec)
			var se *SyntaxError
			if !errors.As(err, &se) || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("CompileCriterion(%+v) error = %v, want %q", tt.spec, err, tt.msg)
			}
		})
	}
}

func TestJSONPathLength(t *testing.T) {
	body := map[string]any{"results": []any{"a", "b"}, "none": []any{}, "obj": map[string]any{"length": 7.0},
		"data": []any{map[string]any{"id": "x", "tags": []any{"t"}}, map[string]any{"id": "y", "tags": []any{}}}}
	tests := []struct {
		cond    string
		version string
		want    bool
	}{
		{"$.results.length > 0", "", true},
		{"$.results.length == 2", "", true},
		{"$.none.length == 0", "", true},
		{"$.none.length > 0", "", false},
		{"$.missing.length == 0", "", false},
		{"$.missing.length > 0", "", false},
		{"$.obj.length == 7", "", true},
		{"$.data[?(@.id == 'x')].length == 1", "", true},
		{"$.data[?(@.tags.length > 0)]", goessner, true},
		{"$.data[?(@.tags.length > 5)]", goessner, false},
		{`$.results.length > 0 && $.obj.length == 7 && "$.x.length" != ""`, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			cr, err := CompileCriterion(CriterionSpec{Context: "$inputs.body", Condition: tt.cond,
				Type: "jsonpath", Version: tt.version})
			if err != nil {
				t.Fatalf("CompileCriterion(%q): %v", tt.cond, err)
			}
			if !contains(cr.Compat(), "jsonpath-length") {
				t.Errorf("Compat() = %v, want jsonpath-length", cr.Compat())
			}
			r := cr.Eval(&Context{Inputs: map[string]any{"body": body}})
			if r.Passed != tt.want || r.Err != nil {
				t.Errorf("%q = %+v, want passed %v", tt.cond, r, tt.want)
			}
		})
	}
	// RFC 9535 reads .length as a member name.
	cr, err := CompileCriterion(CriterionSpec{Context: "$inputs.body", Condition: "$.obj.length", Type: "jsonpath"})
	if err != nil || contains(cr.Compat(), "jsonpath-length") {
		t.Errorf("RFC 9535 $.obj.length: %v, compat %v; want a plain query", err, cr.Compat())
	}
}

func TestQuotedExpression(t *testing.T) {
	ctx := typedContext()
	ctx.Inputs["model"] = "gpt"
	ctx.Inputs["petId"] = "2"
	ctx.Response.Body = NewBody([]byte(`{"data":[{"id":"gpt"},{"id":"llama"}]}`), "application/json")
	tests := []struct {
		spec CriterionSpec
		want bool
	}{
		{CriterionSpec{Context: "$response.body", Condition: "$.data[?(@.id == '$inputs.model')]", Type: "jsonpath"}, true},
		{CriterionSpec{Context: "$response.body", Condition: `$.data[?(@.id == "$inputs.model")]`, Type: "jsonpath", Version: goessner}, true},
		{CriterionSpec{Context: "$response.body", Condition: "$.data[?(@.id == '$inputs.model')].length == 0", Type: "jsonpath"}, false},
		{CriterionSpec{Context: "$request.body", Condition: "//pet[@id = '$inputs.petId']", Type: "xpath"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.spec.Condition, func(t *testing.T) {
			cr, err := CompileCriterion(tt.spec)
			if err != nil {
				t.Fatalf("CompileCriterion(%+v): %v", tt.spec, err)
			}
			if !contains(cr.Compat(), "quoted-expression") {
				t.Errorf("Compat() = %v, want quoted-expression", cr.Compat())
			}
			if r := cr.Eval(ctx); r.Passed != tt.want || r.Err != nil {
				t.Errorf("Eval = %+v, want passed %v", r, tt.want)
			}
		})
	}
	// Text that merely mentions an expression stays a string.
	cr, err := CompileCriterion(CriterionSpec{Context: "$response.body",
		Condition: "$.data[?(@.id == 'costs $inputs.model')]", Type: "jsonpath"})
	if err != nil || contains(cr.Compat(), "quoted-expression") {
		t.Errorf("a sentence holding an expression: %v, compat %v", err, cr.Compat())
	}
}

func TestRegexLiteral(t *testing.T) {
	tests := []struct {
		cond, value string
		literal     bool
		want        bool
	}{
		{`/^[0-9A-F]{8}$/i`, "deadbeef", true, true},
		{`/^[0-9A-F]{8}$/`, "deadbeef", true, false},
		{`/^a.b$/s`, "a\nb", true, true},
		{`/^b$/m`, "a\nb", true, true},
		{`/^b$/gu`, "b", true, true},
		{`/pets/i`, "/pets/i", false, true},
		{`^/cookies/4711/eat$`, "/cookies/4711/eat", false, true},
		{`/^a$/y`, "a", false, false}, // sticky: not read as a literal
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			cr, err := CompileCriterion(CriterionSpec{Context: "$inputs.v", Condition: tt.cond, Type: "regex"})
			if err != nil {
				t.Fatalf("CompileCriterion(%q): %v", tt.cond, err)
			}
			if got := contains(cr.Compat(), "regex-literal"); got != tt.literal {
				t.Errorf("Compat() = %v, want regex-literal %v", cr.Compat(), tt.literal)
			}
			r := cr.Eval(&Context{Inputs: map[string]any{"v": tt.value}})
			if r.Passed != tt.want || r.Err != nil {
				t.Errorf("%q on %q = %+v, want passed %v", tt.cond, tt.value, r, tt.want)
			}
		})
	}
}

func TestJSONPathBareWords(t *testing.T) {
	tests := []struct {
		cond    string
		version string
		want    bool
		words   bool
	}{
		{"$.state == started", "", true, true},
		{"$.state == creating", "", false, true},
		{"$.state != creating && $.ok == true", "", true, true},
		{"$.items[?(@.state == error)]", goessner, true, true},
		{"$.nope == null", "", true, false},
		{"$.none == null && $.count in [5, 6]", "", true, false},
		{"$.items[0].state == 'started'", "", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			cr, err := CompileCriterion(CriterionSpec{Context: "$response.body", Condition: tt.cond,
				Type: "jsonpath", Version: tt.version})
			if err != nil {
				t.Fatalf("CompileCriterion(%q): %v", tt.cond, err)
			}
			if got := contains(cr.Compat(), "unquoted-string-literal"); got != tt.words {
				t.Errorf("Compat() = %v, want unquoted-string-literal %v", cr.Compat(), tt.words)
			}
			if r := cr.Eval(criterionContext()); r.Passed != tt.want || r.Err != nil {
				t.Errorf("%q = %+v, want passed %v", tt.cond, r, tt.want)
			}
		})
	}
	// A body member named "null" does not change what null means.
	cr, _ := CompileCriterion(CriterionSpec{Context: "$inputs.b", Condition: "$.x == null", Type: "jsonpath"})
	r := cr.Eval(&Context{Inputs: map[string]any{"b": map[string]any{"x": 1.0, "null": 1.0}}})
	if r.Passed {
		t.Errorf("$.x == null with a member named null = %+v, want a failure", r)
	}
}
