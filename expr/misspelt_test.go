package expr

import (
	"reflect"
	"testing"
)

// TestMisspellings checks that text which would be a runtime expression
// but for a slip in its source is found with what it likely means, and
// that ordinary text holding "$" is not.
func TestMisspellings(t *testing.T) {
	tests := []struct {
		src  string
		want []Misspelling
	}{
		{"$input.item", []Misspelling{{0, "$input.item", "$inputs.item"}}},
		{"$step.create.outputs.id", []Misspelling{{0, "$step.create.outputs.id", "$steps.create.outputs.id"}}},
		{"$respone.body#/id", []Misspelling{{0, "$respone.body#/id", "$response.body#/id"}}},
		{"$responses.body", []Misspelling{{0, "$responses.body", "$response.body"}}},
		{"$workflow.auth.outputs.token", []Misspelling{{0, "$workflow.auth.outputs.token", "$workflows.auth.outputs.token"}}},
		{"$sourceDescription.api.url", []Misspelling{{0, "$sourceDescription.api.url", "$sourceDescriptions.api.url"}}},
		{"got $statuscode", []Misspelling{{4, "$statuscode", "$statusCode"}}},
		{"$statuscode", nil}, // a whole expression: the source-case form
		{"Bearer $Inputs.token", []Misspelling{{7, "$Inputs.token", "$inputs.token"}}},
		{"id={$inputs.id}&item=$input.item.", []Misspelling{{21, "$input.item", "$inputs.item"}}},
		{"$inputs.a and $imputs.b", []Misspelling{{14, "$imputs.b", "$inputs.b"}}},
		{"$5", nil},
		{"$HOME", nil},
		{"costs $100", nil},
		{"echo $PATH && ls $HOME/bin", nil},
		{"curl $URL -X $METHOD", nil},
		{"export X=$input", nil},
		{"${input}", nil},
		{"a$input.x", nil},
		{"$Responses are kept", nil},
		{"$steps", nil},
		{"{$inputs.item}", nil},
		{"Bearer $inputs.token", nil},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			tpl, err := ParseTemplate(tt.src)
			if err != nil {
				t.Fatalf("ParseTemplate(%q): %v", tt.src, err)
			}
			if got := tpl.Misspellings(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Misspellings(%q) = %+v, want %+v", tt.src, got, tt.want)
			}
		})
	}
}

// TestMisspeltSentAsWritten checks that a misspelt expression stays
// text at run time: what was meant is only a guess.
func TestMisspeltSentAsWritten(t *testing.T) {
	for _, src := range []string{"$input.item", "Bearer $Inputs.token", "$respone.body#/id"} {
		tpl, err := ParseTemplate(src)
		if err != nil {
			t.Fatalf("ParseTemplate(%q): %v", src, err)
		}
		got, err := tpl.Eval(evalContext())
		if err != nil || got != src {
			t.Errorf("Eval(%q) = %#v, %v; want the text as written", src, got, err)
		}
	}
}
