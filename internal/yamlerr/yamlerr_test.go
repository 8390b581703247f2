package yamlerr

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestLocate(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string // Error() of the located error
	}{
		{"fault below the block v3 names", "list:\n  - a: 1\n   b: 2\n",
			"3:4: did not find expected '-' indicator (while parsing a block collection from line 2)"},
		{"mapping value in a plain scalar", "a: b: c\n", "1:5: mapping values are not allowed in this context"},
		{"input ran out: v3's line alone", "a: [1, 2\n", "1: did not find expected ',' or ']'"},
		{"tab indentation", "a:\n\tb: 1\n", "2:1: found character that cannot start any token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v any
			err := yaml.Unmarshal([]byte(tt.text), &v)
			if err == nil {
				t.Fatal("yaml.v3 accepted the text")
			}
			if got := Locate([]byte(tt.text), err).Error(); got != tt.want {
				t.Errorf("Locate = %q, want %q (v3 said %q)", got, tt.want, err)
			}
		})
	}
}
