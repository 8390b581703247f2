package expr

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const petsXML = `<root><pets><pet id="1">Rex</pet><pet id="2">Tom</pet></pets>` +
	`<items><item><price>3</price></item><item><price>9</price></item></items></root>`

func typedContext() *Context {
	c := criterionContext()
	c.Steps = map[string]map[string]any{"xml": {"doc": petsXML}}
	c.Request = &Message{Body: NewBody([]byte(petsXML), "application/xml")}
	return c
}

func TestTypedCriteria(t *testing.T) {
	tests := []struct {
		name string
		spec CriterionSpec
		want bool
		expl string
	}{
		{"regex status", CriterionSpec{Context: "$statusCode", Condition: `^2\d{2}$`, Type: "regex"}, true, `on "200": matched`},
		{"regex exact", CriterionSpec{Context: "$statusCode", Condition: `^200$`, Type: "regex"}, true, ""},
		{"regex miss", CriterionSpec{Context: "$response.body#/name", Condition: `^bob`, Type: "regex"}, false, "no match"},
		{"regex embedded", CriterionSpec{Context: "$response.body.name", Condition: `({$inputs.pattern})`, Type: "regex"}, false, ""},
		{"regex lookahead", CriterionSpec{Context: "$response.body#/state", Condition: `^(?=S)\w+$`, Type: "regex"}, true, ""},
		{"regex on object", CriterionSpec{Context: "$response.body#/data", Condition: `"id":1`, Type: "regex"}, true, ""},
		{"jsonpath count", CriterionSpec{Context: "$response.body", Condition: `$[?count(@.items) > 0]`, Type: "jsonpath"}, true, "0 node(s) among the member values, 1 testing the object itself"},
		{"jsonpath root filter members", CriterionSpec{Context: "$response.body", Condition: `$[?@.id == 1]`, Type: "jsonpath"}, true, "1 node(s) among the member values, 0 testing the object itself"},
		{"jsonpath root filter then child", CriterionSpec{Context: "$response.body", Condition: `$[?@.count > 1].state`, Type: "jsonpath"}, true, "1 testing the object itself"},
		{"jsonpath root filter root ref", CriterionSpec{Context: "$response.body", Condition: `$[?$.count == 5 && @.ok == true]`, Type: "jsonpath"}, true, ""},
		{"jsonpath root filter array", CriterionSpec{Context: "$response.body#/items", Condition: `$[?@.n > 5]`, Type: "jsonpath"}, false, "0 node(s)"},
		{"jsonpath wildcard", CriterionSpec{Context: "$response.body", Condition: `$.items[*]`, Type: "jsonpath"}, true, "2 node(s)"},
		{"jsonpath filter", CriterionSpec{Context: "$response.body", Condition: `$.items[?@.n > 1]`, Type: "jsonpath"}, true, "1 node(s)"},
		{"jsonpath embedded", CriterionSpec{Context: "$response.body", Condition: `$.items[?(@.state == "{$inputs.state}")]`, Type: "jsonpath", Version: goessner}, true, ""},
		{"jsonpath embedded rfc", CriterionSpec{Context: "$response.body", Condition: `$.items[?@.state == '{$inputs.state}']`, Type: "jsonpath"}, true, ""},
		{"jsonpath empty", CriterionSpec{Context: "$response.body", Condition: `$.nope`, Type: "jsonpath"}, false, "0 node(s)"},
		{"boolean missing ==", CriterionSpec{Context: "$response.body", Condition: `$.nope == "x"`, Type: "jsonpath"}, false, ""},
		{"boolean missing !=", CriterionSpec{Context: "$response.body", Condition: `$.nope != "x"`, Type: "jsonpath"}, true, ""},
		{"boolean missing null", CriterionSpec{Context: "$response.body", Condition: `$.nope == null`, Type: "jsonpath"}, true, ""},
		{"boolean missing zero", CriterionSpec{Context: "$response.body", Condition: `$.nope == 0`, Type: "jsonpath"}, false, ""},
		{"boolean missing false", CriterionSpec{Context: "$response.body", Condition: `$.nope == false`, Type: "jsonpath"}, false, ""},
		{"boolean missing ordered", CriterionSpec{Context: "$response.body", Condition: `$.nope < 1`, Type: "jsonpath"}, false, ""},
		{"boolean case-insensitive", CriterionSpec{Context: "$response.body", Condition: `$.state == "STARTED"`, Type: "jsonpath"}, true, ""},
		{"boolean numeric string", CriterionSpec{Context: "$response.body", Condition: `$.count == "5"`, Type: "jsonpath"}, true, ""},
		{"boolean false is not zero", CriterionSpec{Context: "$response.body", Condition: `$.ok != 1`, Type: "jsonpath"}, true, ""},
		{"boolean number", CriterionSpec{Context: "$response.body", Condition: `$.count > 3 && $.ok`, Type: "jsonpath"}, true, ""},
		{"boolean single quotes", CriterionSpec{Context: "$response.body", Condition: `$.name == 'ann'`, Type: "jsonpath"}, true, ""},
		{"goessner path", CriterionSpec{Context: "$response.body", Condition: `$.items[?(@.state == "error")]`, Type: "jsonpath", Version: goessner}, true, "1 node(s)"},
		{"goessner miss", CriterionSpec{Context: "$response.body", Condition: `$.nope`, Type: "jsonpath", Version: goessner}, false, "no match"},
		{"xpath count", CriterionSpec{Context: "$request.body", Condition: `count(/root/pets/*) > 0`, Type: "xpath"}, true, "true"},
		{"xpath nodes", CriterionSpec{Context: "$request.body", Condition: `/root/pets`, Type: "xpath"}, true, "node-set"},
		{"xpath none", CriterionSpec{Context: "$request.body", Condition: `/root/cats`, Type: "xpath"}, false, "empty node-set"},
		{"xpath number", CriterionSpec{Context: "$steps.xml.outputs.doc", Condition: `count(//pet)`, Type: "xpath", Version: "xpath-10"}, true, "number 2"},
		{"xpath string", CriterionSpec{Context: "$steps.xml.outputs.doc", Condition: `string(//cat)`, Type: "xpath"}, false, ""},
		{"xpath embedded", CriterionSpec{Context: "$request.body", Condition: `/root/items/item[price > {$inputs.minPrice}]`, Type: "xpath"}, true, ""},
		{"jsonpointer", CriterionSpec{Context: "$response.body", Condition: `/items/1/state`, Type: "jsonpointer"}, true, `"error"`},
		{"jsonpointer null", CriterionSpec{Context: "$response.body", Condition: `/none`, Type: "jsonpointer"}, false, ""},
		{"jsonpointer miss", CriterionSpec{Context: "$response.body", Condition: `/items/9`, Type: "jsonpointer", Version: "rfc6901"}, false, "no value"},
	}
	c := typedContext()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cr, err := CompileCriterion(tt.spec)
			if err != nil {
				t.Fatalf("CompileCriterion(%+v): %v", tt.spec, err)
			}
			r := cr.Eval(c)
			if r.Passed != tt.want || r.Err != nil || !strings.Contains(r.Explanation, tt.expl) {
				t.Errorf("%+v = %+v, want passed %v with %q", tt.spec, r, tt.want, tt.expl)
			}
		})
	}
}

func TestTypedCriteriaFail(t *testing.T) {
	tests := []struct {
		name string
		spec CriterionSpec
	}{
		{"regex null context", CriterionSpec{Context: "$response.body#/none", Condition: `.*`, Type: "regex"}},
		{"jsonpath null context", CriterionSpec{Context: "$response.body#/none", Condition: `$.x`, Type: "jsonpath"}},
		{"xpath on json", CriterionSpec{Context: "$response.body", Condition: `/a`, Type: "xpath"}},
		{"boolean non-boolean", CriterionSpec{Context: "$response.body", Condition: `$.count + 1`, Type: "jsonpath"}},
		{"missing context", CriterionSpec{Context: "$inputs.nope", Condition: `x`, Type: "regex"}},
		{"bad embedded regex", CriterionSpec{Context: "$statusCode", Condition: `({$inputs.name}`, Type: "regex"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cr, err := CompileCriterion(tt.spec)
			if err != nil {
				t.Fatalf("CompileCriterion: %v", err)
			}
			r := cr.Eval(typedContext())
			if r.Passed || r.Explanation == "" {
				t.Errorf("%+v = %+v, want a failure with an explanation", tt.spec, r)
			}
		})
	}
}

func TestCriterionCompileErrors(t *testing.T) {
	tests := []struct {
		name string
		spec CriterionSpec
		msg  string
		off  int
	}{
		{"unknown type", CriterionSpec{Condition: "x", Type: "jmespath", Context: "$url"}, "unknown criterion type", 0},
		{"bad version", CriterionSpec{Condition: "$", Type: "jsonpath", Version: "xpath-10", Context: "$url"}, "unknown jsonpath version", 0},
		{"no context", CriterionSpec{Condition: "^a", Type: "regex"}, "needs a context", 0},
		{"bad context", CriterionSpec{Condition: "^a", Type: "regex", Context: "$response.bdy"}, "unknown part", 10},
		{"bad regex", CriterionSpec{Condition: "(a", Type: "regex", Context: "$url"}, "invalid regex", 0},
		{"bad jsonpath", CriterionSpec{Condition: "$.a[", Type: "jsonpath", Context: "$url"}, "invalid jsonpath", 4},
		{"bad boolean form", CriterionSpec{Condition: `$.a == `, Type: "jsonpath", Context: "$url"}, "invalid jsonpath", 7},
		{"bad goessner", CriterionSpec{Condition: "$.a[", Type: "jsonpath", Version: goessner, Context: "$url"}, "invalid jsonpath", 4},
		{"bad xpath", CriterionSpec{Condition: "/a[", Type: "xpath", Context: "$url"}, "invalid xpath", 0},
		{"bad pointer", CriterionSpec{Condition: "a/b", Type: "jsonpointer", Context: "$url"}, "must start with", 0},
		{"bad embedded", CriterionSpec{Condition: "^{$inputs.}", Type: "regex", Context: "$url"}, "want an input name", 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CompileCriterion(tt.spec)
			var se *SyntaxError
			if !errors.As(err, &se) || !strings.Contains(se.Msg, tt.msg) || se.Offset != tt.off {
				t.Errorf("CompileCriterion(%+v) error = %v, want %q at %d", tt.spec, err, tt.msg, tt.off)
			}
		})
	}
}

func TestXPath2Unsupported(t *testing.T) {
	for _, cond := range []string{
		`if (/a) then 1 else 0`,
		`some $p in //pet satisfies $p/@id = 1`,
		`//pet[1] eq 'Rex'`,
		`for $p in //pet return $p`,
	} {
		t.Run(cond, func(t *testing.T) {
			_, err := CompileCriterion(CriterionSpec{Context: "$request.body", Condition: cond, Type: "xpath", Version: "xpath-30"})
			var se *SyntaxError
			if !errors.Is(err, errors.ErrUnsupported) || !errors.As(err, &se) {
				t.Errorf("CompileCriterion(%q) error = %v, want ErrUnsupported with a position", cond, err)
			}
		})
	}
}

func TestSelect(t *testing.T) {
	body := map[string]any{"user": map[string]any{"profile": map[string]any{"email": "a@b"}},
		"items": []any{map[string]any{"id": 1.0}, map[string]any{"id": 2.0}}}
	tests := []struct {
		typ, version, expr string
		value              any
		want               any
	}{
		{"jsonpath", "", "$.user.profile.email", body, "a@b"},
		{"jsonpath", "rfc9535", "$.items[*].id", body, []any{1.0, 2.0}},
		{"jsonpath", goessner, "$.items[1].id", body, 2.0},
		{"jsonpointer", "", "/items/0/id", body, 1.0},
		{"xpath", "", "/root/pets/pet[2]", petsXML, "Tom"},
		{"xpath", "xpath-10", "count(//pet)", petsXML, 2.0},
		{"xpath", "", "//pet/@id", NewBody([]byte(petsXML), "text/xml"), []any{"1", "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.typ+" "+tt.expr, func(t *testing.T) {
			got, err := SelectVersion(tt.value, tt.typ, tt.version, tt.expr)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Select(%s %q) = %#v, %v; want %#v", tt.typ, tt.expr, got, err, tt.want)
			}
		})
	}
	if _, err := Select(body, "jsonpath", "$.nope"); !errors.Is(err, ErrUndefined) {
		t.Errorf("Select($.nope) error = %v, want ErrUndefined", err)
	}
	if _, err := Select(body, "regex", "x"); err == nil {
		t.Error("Select with type regex gave no error")
	}
}

// TestTypedCriteriaErrors checks, for each type, that a criterion that
// cannot be evaluated fails with Err set and an explanation naming the
// cause.
func TestTypedCriteriaErrors(t *testing.T) {
	tests := []struct {
		name      string
		spec      CriterionSpec
		undefined bool   // Err wraps ErrUndefined
		expl      string // part of the explanation
	}{
		{"regex context", CriterionSpec{Context: "$inputs.nope", Condition: `x`, Type: "regex"},
			true, `context $inputs.nope: $inputs.nope: input "nope" is undefined`},
		{"regex embedded", CriterionSpec{Context: "$statusCode", Condition: `^{$inputs.nope}`, Type: "regex"},
			true, `input "nope" is undefined`},
		{"regex bad embedded", CriterionSpec{Context: "$statusCode", Condition: `({$inputs.name}`, Type: "regex"},
			false, "invalid regex"},
		{"jsonpath context", CriterionSpec{Context: "$steps.x.outputs.y", Condition: `$.a`, Type: "jsonpath"},
			true, `step "x" (it has not run)`},
		{"jsonpath non-boolean", CriterionSpec{Context: "$response.body", Condition: `$.count + 1`, Type: "jsonpath"},
			false, "6, want a boolean"},
		{"jsonpath embedded", CriterionSpec{Context: "$response.body", Condition: `$.items[?@.state == '{$inputs.nope}']`, Type: "jsonpath"},
			true, `input "nope" is undefined`},
		{"xpath on json", CriterionSpec{Context: "$response.body", Condition: `/a`, Type: "xpath"},
			false, "xpath needs XML text, the context is an object"},
		{"xpath embedded", CriterionSpec{Context: "$request.body", Condition: `//pet[@id = {$inputs.nope}]`, Type: "xpath"},
			true, `input "nope" is undefined`},
		{"jsonpointer context", CriterionSpec{Context: "$response.body#/nope", Condition: `/a`, Type: "jsonpointer"},
			true, `json pointer "/nope" (no "nope")`},
		{"jsonpointer embedded", CriterionSpec{Context: "$response.body", Condition: `/items/{$inputs.nope}`, Type: "jsonpointer"},
			true, `input "nope" is undefined`},
	}
	c := typedContext()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cr, err := CompileCriterion(tt.spec)
			if err != nil {
				t.Fatalf("CompileCriterion(%+v): %v", tt.spec, err)
			}
			r := cr.Eval(c)
			if r.Passed || r.Err == nil || errors.Is(r.Err, ErrUndefined) != tt.undefined ||
				!strings.Contains(r.Explanation, tt.expl) {
				t.Errorf("%+v = %+v, want an error (undefined %v) explained with %q", tt.spec, r, tt.undefined, tt.expl)
			}
		})
	}
}

func TestCompileSelector(t *testing.T) {
	s, err := CompileSelector("jsonpath", "rfc9535", "$.items[*].id")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		value any
		want  any
	}{
		{map[string]any{"items": []any{map[string]any{"id": 1.0}}}, 1.0},
		{map[string]any{"items": []any{map[string]any{"id": 1.0}, map[string]any{"id": 2.0}}}, []any{1.0, 2.0}},
	} {
		if got, err := s.Select(tt.value); err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Select(%v) = %#v, %v; want %#v", tt.value, got, err, tt.want)
		}
	}
	for _, bad := range [][3]string{
		{"jsonpath", "", "$.a["}, {"jsonpointer", "", "a/b"}, {"xpath", "xpath-30", "for $p in //a return $p"},
		{"regex", "", "x"}, {"jsonpath", "xpath-10", "$"},
	} {
		if _, err := CompileSelector(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("CompileSelector(%q, %q, %q) gave no error", bad[0], bad[1], bad[2])
		}
	}
}

func TestCriterionExprs(t *testing.T) {
	tests := []struct {
		spec CriterionSpec
		want []string
	}{
		{CriterionSpec{Condition: "$statusCode == 200 && $response.body#/a == $inputs.a"},
			[]string{"$statusCode", "$response.body#/a", "$inputs.a"}},
		{CriterionSpec{Context: "$response.body", Condition: "$.a == $inputs.a", Type: "jsonpath"},
			[]string{"$response.body", "$inputs.a"}},
		{CriterionSpec{Context: "$response.body", Condition: "$.items[?@.id == '{$steps.s.outputs.id}']", Type: "jsonpath"},
			[]string{"$response.body", "$steps.s.outputs.id"}},
		{CriterionSpec{Context: "$response.body", Condition: "#/a == x", Type: "jsonpath"},
			[]string{"$response.body", "$response.body#/a"}},
		{CriterionSpec{Context: "$statusCode", Condition: "^{$inputs.p}$", Type: "regex"},
			[]string{"$statusCode", "$inputs.p"}},
		{CriterionSpec{Context: "$request.body", Condition: "//a[@id={$inputs.i}]", Type: "xpath"},
			[]string{"$request.body", "$inputs.i"}},
		{CriterionSpec{Context: "$response.body", Condition: "/a", Type: "jsonpointer"},
			[]string{"$response.body"}},
	}
	for _, tt := range tests {
		t.Run(tt.spec.Condition, func(t *testing.T) {
			cr, err := CompileCriterion(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range cr.Exprs() {
				got = append(got, e.String())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Exprs() = %q, want %q", got, tt.want)
			}
		})
	}
}
