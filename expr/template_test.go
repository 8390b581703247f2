package expr

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func templateContext() *Context {
	return &Context{
		URL: "https://x.test/a",
		Inputs: map[string]any{
			"clientId": "cid", "grantType": "code", "name": "Ann", "role": "admin",
			"host": "api.test", "apiToken": "tok", "n": 3.0, "flag": true, "none": nil,
			"obj": map[string]any{"a": 1.0}, "username": "ann",
		},
		Steps: map[string]map[string]any{
			"browser-authorize": {"code": "c0de"},
			"someStepId":        {"pets": []any{map[string]any{"id": 5.0}}},
			"create":            {"id": "c1"},
		},
		Request: &Message{Body: BodyOf(map[string]any{"user": map[string]any{"uuid": "u1"}})},
		SourceDescriptions: map[string]map[string]any{
			"petStoreDescription": {"url": "https://p.test/openapi.json"},
		},
	}
}

// Section 9.5 of runtime-expression-vectors.md, with our decisions where
// the reference library rejects a whole template.
func TestTemplate(t *testing.T) {
	tests := []struct {
		src   string
		n     int // expressions found
		want  any
		bare  bool
		whole bool
	}{
		{"{$url}", 1, "https://x.test/a", false, false},
		{"client_id={$inputs.clientId}&grant_type={$inputs.grantType}", 2, "client_id=cid&grant_type=code", false, false},
		{"code={$steps.browser-authorize.outputs.code}", 1, "code=c0de", false, false},
		{"Hello {$inputs.name}, your role is {$inputs.role}", 2, "Hello Ann, your role is admin", false, false},
		{"pet={$steps.someStepId.outputs.pets#/0/id}", 1, "pet=5", false, false},
		{"{$request.body#/user/uuid}", 1, "u1", false, false},
		{"prefix{$url}suffix", 1, "prefixhttps://x.test/asuffix", false, false},
		{"a|b{$url}c|d", 1, "a|bhttps://x.test/ac|d", false, false},
		{"https://{$inputs.host}/api/{$steps.create.outputs.id}/status", 2, "https://api.test/api/c1/status", false, false},
		{"{$sourceDescriptions.petStoreDescription.url}#/paths/~1pet~1findByStatus/get", 1,
			"https://p.test/openapi.json#/paths/~1pet~1findByStatus/get", false, false},
		{"no expressions here", 0, "no expressions here", false, false},
		{"0123456789", 0, "0123456789", false, false},
		{"special!@#$%^&*()", 0, "special!@#$%^&*()", false, false},
		// The reference rejects these; we keep braces that do not open "{$" literal.
		{"{invalid}", 0, "{invalid}", false, false},
		{"{}", 0, "{}", false, false},
		{"{{$url}}", 1, "{https://x.test/a}", false, false},
		{"{$url}}", 1, "https://x.test/a}", false, false},
		{"text with } in it", 0, "text with } in it", false, false},
		{"text with { in it", 0, "text with { in it", false, false},
		// JSON with literal braces: left alone, and {$...} in it still expands.
		{`{"a":1}`, 0, `{"a":1}`, false, false},
		{`{"x":1}-{$inputs.username}`, 1, `{"x":1}-ann`, false, false},
		{`<a id="{$inputs.name}"/>`, 1, `<a id="Ann"/>`, false, false},
		// Stringification.
		{"n={$inputs.n} f={$inputs.flag} none=[{$inputs.none}] obj={$inputs.obj}", 4,
			`n=3 f=true none=[] obj={"a":1}`, false, false},
		// Whole-string expressions keep their type.
		{"$inputs.n", 1, 3.0, false, true},
		{"$inputs.obj", 1, map[string]any{"a": 1.0}, false, true},
		// Bare expressions inside text (1.0.x compatibility).
		{"Bearer $inputs.apiToken", 1, "Bearer tok", true, false},
		{"token $inputs.apiToken.", 1, "token tok.", true, false},
		{"a=$inputs.clientId&b=$inputs.grantType", 2, "a=cid&b=code", true, false},
		{"($inputs.name)", 1, "(Ann)", true, false},
		{"costs $5 or $HOME or $urls", 0, "costs $5 or $HOME or $urls", false, false},
		{"at $url now", 1, "at https://x.test/a now", true, false},
	}
	c := templateContext()
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			tm, err := ParseTemplate(tt.src)
			if err != nil {
				t.Fatalf("ParseTemplate(%q): %v", tt.src, err)
			}
			if len(tm.Exprs()) != tt.n || tm.Bare() != tt.bare || tm.Whole() != tt.whole ||
				tm.IsLiteral() != (tt.n == 0) {
				t.Errorf("ParseTemplate(%q): %d exprs, bare %v, whole %v; want %d, %v, %v",
					tt.src, len(tm.Exprs()), tm.Bare(), tm.Whole(), tt.n, tt.bare, tt.whole)
			}
			got, err := tm.Eval(c)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Eval(%q) = %#v, %v; want %#v", tt.src, got, err, tt.want)
			}
		})
	}
}

func TestTemplateErrors(t *testing.T) {
	tests := []struct {
		src, msg string
		off      int
	}{
		{"{$unknown.type}", `unknown source "$unknown"`, 2},
		{"x {$inputs.a b}", `unexpected " " after $inputs`, 12},
		{"x {$url", `"{$" has no closing "}"`, 2},
		{"id: $steps.foo", `want ".outputs"`, 14},
		{"go $response.body#~", `json pointer must start with "/"`, 18},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := ParseTemplate(tt.src)
			var se *SyntaxError
			if !errors.As(err, &se) || !strings.Contains(se.Msg, tt.msg) || se.Offset != tt.off || se.Src != tt.src {
				t.Errorf("ParseTemplate(%q) error = %#v, want %q at %d", tt.src, err, tt.msg, tt.off)
			}
		})
	}
}

func TestTemplateUndefined(t *testing.T) {
	tm, err := ParseTemplate("Bearer {$inputs.missing}")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tm.Eval(templateContext()); !errors.Is(err, ErrUndefined) {
		t.Errorf("Eval error = %v, want ErrUndefined", err)
	}
}

func TestTemplateCompat(t *testing.T) {
	tm, err := ParseTemplate("x $response.body.id y")
	if err != nil {
		t.Fatal(err)
	}
	if got := tm.Compat(); !reflect.DeepEqual(got, []string{"bare-expression", "dot-path-body"}) {
		t.Errorf("Compat() = %v", got)
	}
}
