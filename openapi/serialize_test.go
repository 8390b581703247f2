package openapi

import (
	"strings"
	"testing"
)

// The values of the style examples table in OpenAPI 3.0.3, section
// "Style Examples". Object members come out in sorted key order (B, G,
// R), where the table shows the order of its example (R, G, B).
var (
	tableEmpty  = ""
	tableString = "blue"
	tableArray  = []any{"blue", "black", "brown"}
	tableObject = map[string]any{"R": 100, "G": 200, "B": 150}
)

func TestStyleTable(t *testing.T) {
	const na = "n/a"
	tests := []struct {
		style   string
		explode bool
		want    [4]string // empty, string, array, object
	}{
		{"matrix", false, [4]string{";color", ";color=blue", ";color=blue,black,brown", ";color=B,150,G,200,R,100"}},
		{"matrix", true, [4]string{";color", ";color=blue", ";color=blue;color=black;color=brown", ";B=150;G=200;R=100"}},
		{"label", false, [4]string{".", ".blue", ".blue.black.brown", ".B.150.G.200.R.100"}},
		{"label", true, [4]string{".", ".blue", ".blue.black.brown", ".B=150.G=200.R=100"}},
		{"form", false, [4]string{"color=", "color=blue", "color=blue,black,brown", "color=B,150,G,200,R,100"}},
		{"form", true, [4]string{"color=", "color=blue", "color=blue&color=black&color=brown", "B=150&G=200&R=100"}},
		{"simple", false, [4]string{"", "blue", "blue,black,brown", "B,150,G,200,R,100"}},
		{"simple", true, [4]string{"", "blue", "blue,black,brown", "B=150,G=200,R=100"}},
		{"spaceDelimited", false, [4]string{na, na, "color=blue%20black%20brown", "color=B%20150%20G%20200%20R%20100"}},
		{"pipeDelimited", false, [4]string{na, na, "color=blue|black|brown", "color=B|150|G|200|R|100"}},
		{"deepObject", true, [4]string{na, na, na, "color[B]=150&color[G]=200&color[R]=100"}},
	}
	values := []any{tableEmpty, tableString, tableArray, tableObject}
	columns := []string{"empty", "string", "array", "object"}
	for _, tt := range tests {
		for i, v := range values {
			if tt.want[i] == na {
				continue
			}
			name := tt.style + "/" + columns[i]
			if tt.explode {
				name += "/explode"
			}
			t.Run(name, func(t *testing.T) {
				got, err := serialiseForTest(tt.style, tt.explode, v)
				if err != nil {
					t.Fatalf("serialise %v: %v", v, err)
				}
				if got != tt.want[i] {
					t.Errorf("serialise %v = %q, want %q", v, got, tt.want[i])
				}
			})
		}
	}
}

// serialiseForTest runs the path/header or query serialiser for style.
func serialiseForTest(style string, explode bool, v any) (string, error) {
	f, err := flatten(v)
	if err != nil {
		return "", err
	}
	switch style {
	case "simple", "label", "matrix":
		return styleString(style, explode, "color", f, urlEncoder(false))
	}
	pairs, err := stylePairs(style, explode, "color", f, urlEncoder(false))
	return strings.Join(pairs, "&"), err
}

func TestPercentEncoding(t *testing.T) {
	tests := []struct {
		in       string
		reserved bool
		want     string
	}{
		{"a b/c", false, "a%20b%2Fc"},
		{"a b/c", true, "a%20b/c"},
		{"x,y;z=1&q", false, "x%2Cy%3Bz%3D1%26q"},
		{"x,y;z=1&q", true, "x,y;z=1&q"},
		{"100%", true, "100%25"},
		{"%41", true, "%41"},
		{"ünï", false, "%C3%BCn%C3%AF"},
		{"A-z_0.9~", false, "A-z_0.9~"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := pctEncode(tt.in, tt.reserved); got != tt.want {
				t.Errorf("pctEncode(%q, %v) = %q, want %q", tt.in, tt.reserved, got, tt.want)
			}
		})
	}
}

func TestFlattenValues(t *testing.T) {
	type point struct {
		X int `json:"x"`
	}
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"float", 1.5, "1.5"},
		{"whole float", float64(100), "100"},
		{"bool", true, "true"},
		{"typed slice", []int{1, 2}, "1,2"},
		{"typed map", map[string]int{"b": 2, "a": 1}, "a,1,b,2"},
		{"nested", []any{map[string]any{"k": "v"}, nil}, "%7B%22k%22%3A%22v%22%7D,"},
		{"struct", point{X: 3}, "x,3"},
		{"pointer", &point{X: 4}, "x,4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := serialiseForTest("simple", false, tt.in)
			if err != nil {
				t.Fatalf("serialise %v: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("serialise %v = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFlattenErrors(t *testing.T) {
	for _, v := range []any{make(chan int), func() {}, []any{make(chan int)}} {
		if _, err := flatten(v); err == nil {
			t.Errorf("flatten(%T) succeeded, want an error", v)
		}
	}
	f, _ := flatten("x")
	if _, err := stylePairs("deepObject", true, "p", f, urlEncoder(false)); err == nil {
		t.Error("deepObject with a string succeeded, want an error")
	}
	if _, err := styleString("form", false, "p", f, rawEncoder); err == nil {
		t.Error("form style for a path value succeeded, want an error")
	}
}
