package expr

import (
	"errors"
	"strings"
	"testing"
)

func TestCriterionArazzoVersion(t *testing.T) {
	tests := []struct {
		name string
		spec CriterionSpec
		msg  string // the 1.0.1 error
	}{
		{"self context", CriterionSpec{Context: "$self", Condition: "^https", Type: "regex"},
			"$self needs Arazzo 1.1"},
		{"message operand", CriterionSpec{Condition: "$message.body#/ok == true"},
			"$message needs Arazzo 1.1"},
		{"payload embedded", CriterionSpec{Context: "$response.body", Condition: "^{$response.payload#/a}$",
			Type: "regex"}, "$response.payload needs Arazzo 1.1"},
		{"jsonpath operand", CriterionSpec{Context: "$response.body", Condition: "$.a == $self",
			Type: "jsonpath"}, "$self needs Arazzo 1.1"},
		{"jsonpointer type", CriterionSpec{Context: "$response.body", Condition: "/a", Type: "jsonpointer"},
			"criterion type jsonpointer needs Arazzo 1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range []string{"", "1.1.0"} {
				spec := tt.spec
				spec.ArazzoVersion = v
				if _, err := CompileCriterion(spec); err != nil {
					t.Errorf("CompileCriterion(%+v): %v", spec, err)
				}
			}
			spec := tt.spec
			spec.ArazzoVersion = "1.0.1"
			_, err := CompileCriterion(spec)
			var se *SyntaxError
			if !errors.As(err, &se) || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("CompileCriterion(%+v) error = %v, want %q", spec, err, tt.msg)
			}
		})
	}
}

func TestParseTemplateVersion(t *testing.T) {
	for _, s := range []string{"{$self}", "id={$message.payload#/id}", "$response.payload"} {
		if _, err := ParseTemplateWith(s, ParseOptions{Version: "1.1.0"}); err != nil {
			t.Errorf("ParseTemplateWith(%q, 1.1.0): %v", s, err)
		}
		if _, err := ParseTemplateWith(s, ParseOptions{Version: "1.0.0"}); err == nil {
			t.Errorf("ParseTemplateWith(%q, 1.0.0) gave no error", s)
		}
	}
}
