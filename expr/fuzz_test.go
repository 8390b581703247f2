package expr

import (
	"errors"
	"testing"
)

// checkErr fails when err is not a *SyntaxError with an offset inside its
// source, or an unsupported-feature error.
func checkErr(t *testing.T, in string, err error) {
	t.Helper()
	if err == nil || errors.Is(err, errors.ErrUnsupported) {
		return
	}
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("%q: error %T without a position: %v", in, err, err)
	}
	if se.Offset < 0 || se.Offset > len(se.Src) {
		t.Fatalf("%q: offset %d outside %q", in, se.Offset, se.Src)
	}
	_ = se.Error()
}

func FuzzParse(f *testing.F) {
	for _, s := range validBoth {
		f.Add(s)
	}
	for _, v := range invalid {
		f.Add(v.src)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		checkErr(t, s, err)
		if err == nil {
			if e.String() != s {
				t.Fatalf("String() = %q, want %q", e.String(), s)
			}
			_, serr := ParseWith(s, ParseOptions{Strict: true})
			if (serr == nil) != (len(e.Compat()) == 0) {
				t.Fatalf("%q: compat %v but strict error %v", s, e.Compat(), serr)
			}
			_, _ = e.Eval(evalContext())
		}
	})
}

func FuzzParseTemplate(f *testing.F) {
	for _, s := range []string{"{$url}", "Bearer $inputs.apiToken", `{"a":1}-{$inputs.x}`,
		"x {$url", "$5 and $steps.a.outputs.b#/0", "a=$inputs.x&b=$inputs.y."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseTemplate(s)
		checkErr(t, s, err)
		if err == nil {
			_, _ = tm.Eval(templateContext())
		}
	})
}

func FuzzCompileCriterion(f *testing.F) {
	seeds := []struct{ typ, cond string }{
		{"", "$statusCode == 200"},
		{"", "$response.body.count > $inputs.threshold && !($inputs.name == 'a''b')"},
		{"jsonpath", `$.state != "started" && $.state != "error"`},
		{"jsonpath", `$[?@.state == 'started']`},
		{"regex", `^2\d{2}$`},
		{"xpath", `count(/root/pets/*) > 0`},
		{"jsonpointer", `/items/0`},
	}
	for _, s := range seeds {
		f.Add(s.typ, s.cond)
	}
	f.Fuzz(func(t *testing.T, typ, cond string) {
		ctx := ""
		if typ != "" && typ != "simple" {
			ctx = "$response.body"
		}
		c, err := CompileCriterion(CriterionSpec{Context: ctx, Condition: cond, Type: typ})
		checkErr(t, cond, err)
		if err == nil {
			r := c.Eval(typedContext())
			if r.Err != nil && r.Passed {
				t.Fatalf("%q passed with an error", cond)
			}
		}
	})
}
