package expr

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// jsonCases are texts decodeJSON must decode exactly as encoding/json
// does, errors included.
var jsonCases = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `1.5e3`, `-12.25E-2`, `1e400`, `123456789012345678901`,
	`"plain"`, `"esc \" \\ \/ \b \f \n \r \t"`, `"\u00e9\u4e2d"`, `"\ud83d\ude00"`, `"\ud83d"`, `"é ünï 中"`,
	`{"a": 1, "b": [true, false, null, "x"], "c": {"d": {}}, "a": 2}`,
	` [1 , 2 ,3 ] `, "{\"id\":\t\"x\"\n}",
	// invalid texts
	``, ` `, `{`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a: 1}`, `01`, `1.`, `.5`, `-`, `1e`, `+1`, `tru`, `nul`,
	`"open`, "\"ctl\x01\"", `"\x"`, `"\u12"`, `"\u12g4"`, `[1] 2`, `{"a":1}}`, "\"bad \xff utf8\"",
	`"\ud83d\u0041"`, strings.Repeat("[", 1200) + strings.Repeat("]", 1200),
}

func TestDecodeJSON(t *testing.T) {
	for _, text := range jsonCases {
		checkDecodeJSON(t, text)
	}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, text := range jsonCases {
		f.Add(text)
	}
	f.Fuzz(checkDecodeJSON)
}

func checkDecodeJSON(t *testing.T, text string) {
	got, gotErr := decodeJSON([]byte(text))
	var want any
	wantErr := json.Unmarshal([]byte(text), &want)
	if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
		t.Fatalf("decodeJSON(%q) error = %v, want %v", text, gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeJSON(%q) = %#v, want %#v", text, got, want)
	}
}
