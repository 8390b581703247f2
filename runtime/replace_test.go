package runtime

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/arazzo-run/arazzo/arazzo"
)

// TestReplaceTarget parses each target and sets the value in the
// payload: want is the result as JSON (text for XML payloads), or
// wantErr a substring of the error.
func TestReplaceTarget(t *testing.T) {
	tests := []struct {
		name, kind, version, target string
		payload, value              any
		want, wantErr               string
	}{
		// JSON Pointer
		{name: "pointer member", kind: "jsonpointer", target: "/a/b",
			payload: obj(`{"a":{"b":1}}`), value: 2.0, want: `{"a":{"b":2}}`},
		{name: "pointer appends", kind: "jsonpointer", target: "/l/-",
			payload: obj(`{"l":[1]}`), value: "x", want: `{"l":[1,"x"]}`},
		{name: "pointer creates members", kind: "jsonpointer", target: "/a/b",
			payload: obj(`{}`), value: true, want: `{"a":{"b":true}}`},
		{name: "pointer into JSON text", kind: "jsonpointer", target: "/n",
			payload: `{"n":1}`, value: 5.0, want: `{"n":5}`},
		{name: "pointer keeps the value's type", kind: "jsonpointer", target: "/n",
			payload: obj(`{"n":1}`), value: obj(`{"x":[1]}`), want: `{"n":{"x":[1]}}`},
		{name: "pointer index out of range", kind: "jsonpointer", target: "/l/3",
			payload: obj(`{"l":[1]}`), value: 1.0, wantErr: `array index "3" out of range 0..1`},
		{name: "pointer bad syntax", kind: "jsonpointer", target: "a/b",
			payload: obj(`{}`), value: 1.0, wantErr: `json pointer must start with "/"`},
		{name: "pointer through a scalar", kind: "jsonpointer", target: "/a/b",
			payload: obj(`{"a":1}`), value: 1.0, wantErr: `cannot set "b" inside a float64`},
		{name: "pointer into JSON text keeps big numbers", kind: "jsonpointer", target: "/a",
			payload: `{"id":9007199254740993,"a":1}`, value: "x", want: `{"a":"x","id":9007199254740993}`},
		{name: "pointer into JSON text followed by more", kind: "jsonpointer", target: "/a",
			payload: `{"a":1} {}`, value: 1.0, wantErr: "text follows the JSON value"},
		{name: "pointer into text that is not JSON", kind: "jsonpointer", target: "/a",
			payload: "plain", value: 1.0, wantErr: "the payload is text that is not JSON"},

		// JSONPath
		{name: "jsonpath every match", kind: "jsonpath", target: "$.items[*].qty",
			payload: obj(`{"items":[{"qty":1},{"qty":2}]}`), value: 0.0, want: `{"items":[{"qty":0},{"qty":0}]}`},
		{name: "jsonpath filter", kind: "jsonpath", target: "$.items[?@.id == 'b'].qty",
			payload: obj(`{"items":[{"id":"a","qty":1},{"id":"b","qty":2}]}`), value: 9.0,
			want: `{"items":[{"id":"a","qty":1},{"id":"b","qty":9}]}`},
		{name: "jsonpath negative index", kind: "jsonpath", version: "rfc9535", target: "$.l[-1]",
			payload: obj(`{"l":[1,2,3]}`), value: "z", want: `{"l":[1,2,"z"]}`},
		{name: "jsonpath nested matches set deepest first", kind: "jsonpath", target: "$..a",
			payload: obj(`{"a":{"a":1}}`), value: 7.0, want: `{"a":7}`},
		{name: "jsonpath root", kind: "jsonpath", target: "$",
			payload: obj(`{"a":1}`), value: obj(`[1]`), want: `[1]`},
		{name: "jsonpath copies the value per match", kind: "jsonpath", target: "$.l[*]",
			payload: obj(`{"l":[1,2]}`), value: obj(`{"k":1}`), want: `{"l":[{"k":1},{"k":1}]}`},
		{name: "jsonpath no match", kind: "jsonpath", target: "$.missing",
			payload: obj(`{"a":1}`), value: 1.0, wantErr: "replacement target matched nothing"},
		{name: "jsonpath bad syntax", kind: "jsonpath", target: "$.items[",
			payload: obj(`{}`), value: 1.0, wantErr: "$.items["},
		{name: "jsonpath on XML text", kind: "jsonpath", target: "$.a",
			payload: "<a/>", value: 1.0, wantErr: "the payload is text that is not JSON"},

		// XPath
		{name: "xpath element text", kind: "xpath", target: "/order/qty",
			payload: `<order><qty>1</qty><sku>a</sku></order>`, value: 3.0,
			want: `<order><qty>3</qty><sku>a</sku></order>`},
		{name: "xpath every match", kind: "xpath", target: "//qty",
			payload: `<o><i><qty>1</qty></i><i><qty>2</qty></i></o>`, value: "0",
			want: `<o><i><qty>0</qty></i><i><qty>0</qty></i></o>`},
		{name: "xpath attribute", kind: "xpath", version: "xpath-10", target: "/o/@id",
			payload: `<o id="1" x="y"/>`, value: "a&b", want: `<o id="a&amp;b" x="y"></o>`},
		{name: "xpath replaces child elements", kind: "xpath", target: "/o/meta",
			payload: `<o><meta><k>v</k></meta></o>`, value: "<raw>", want: `<o><meta>&lt;raw&gt;</meta></o>`},
		{name: "xpath text node keeps the declaration", kind: "xpath", target: "/o/text()",
			payload: `<?xml version="1.0"?>` + "\n<o> old </o>", value: " new ",
			want: `<?xml version="1.0"?>` + "\n<o> new </o>"},
		{name: "xpath bytes stay bytes", kind: "xpath", target: "/o",
			payload: []byte(`<o/>`), value: true, want: `<o>true</o>`},
		{name: "xpath namespaced names", kind: "xpath", target: "/s:Env/s:Body/m:id",
			payload: `<s:Env xmlns:s="urn:s"><s:Body><m:id xmlns:m="urn:m">1</m:id></s:Body></s:Env>`, value: "it's",
			want: `<s:Env xmlns:s="urn:s"><s:Body><m:id xmlns:m="urn:m">it&#39;s</m:id></s:Body></s:Env>`},
		{name: "xpath CDATA", kind: "xpath", target: "/o/text()",
			payload: `<o><![CDATA[a<b]]></o>`, value: "c<d", want: `<o><![CDATA[c<d]]></o>`},
		{name: "xpath CDATA end marker becomes text", kind: "xpath", target: "/o/text()",
			payload: `<o><![CDATA[a]]></o>`, value: "]]>", want: `<o>]]&gt;</o>`},
		{name: "xpath comment", kind: "xpath", target: "/o/comment()",
			payload: `<o><!-- c --></o>`, value: "x", wantErr: "not a comment"},
		{name: "xpath document node", kind: "xpath", target: "/",
			payload: `<o/>`, value: "x", wantErr: "not a document or declaration"},
		{name: "xpath no match", kind: "xpath", target: "/o/missing",
			payload: `<o/>`, value: "x", wantErr: "replacement target matched nothing"},
		{name: "xpath not a node-set", kind: "xpath", target: "count(/o)",
			payload: `<o/>`, value: "x", wantErr: "an xpath target must select nodes"},
		{name: "xpath bad syntax", kind: "xpath", target: "/o[",
			payload: `<o/>`, value: "x", wantErr: "invalid xpath"},
		{name: "xpath 2.0", kind: "xpath", target: "for $x in /o return $x",
			payload: `<o/>`, value: "x", wantErr: "needs XPath 2.0 or later"},
		{name: "xpath on an object payload", kind: "xpath", target: "/o",
			payload: obj(`{"o":1}`), value: "x", wantErr: "needs an XML payload written as text, found an object"},
		{name: "xpath on text that is not XML", kind: "xpath", target: "/o",
			payload: `<o>`, value: "x", wantErr: "the payload is not XML"},

		{name: "unknown kind", kind: "regex", target: "a",
			payload: obj(`{}`), value: 1.0, wantErr: `unknown targetSelectorType "regex"`},
		{name: "unknown version", kind: "jsonpointer", version: "rfc9999", target: "/a",
			payload: obj(`{}`), value: 1.0, wantErr: `unknown jsonpointer version "rfc9999"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := replaceOnce(tt.kind, tt.version, tt.target, tt.payload, tt.value)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("%s %q on %v: error = %v, want it to contain %q", tt.kind, tt.target, tt.payload, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s %q on %v: %v", tt.kind, tt.target, tt.payload, err)
			}
			if s := render(got); s != tt.want {
				t.Errorf("%s %q on %v = %s, want %s", tt.kind, tt.target, tt.payload, s, tt.want)
			}
		})
	}
}

func replaceOnce(kind, version, src string, payload, v any) (any, error) {
	tg, err := parseTarget(kind, version, src)
	if err != nil {
		return nil, err
	}
	return tg.apply(payload, v)
}

// obj decodes JSON text, for payloads and values.
func obj(text string) any {
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		panic(err)
	}
	return v
}

// render writes text payloads as they are and others as JSON.
func render(v any) string {
	if text, ok := payloadText(v); ok {
		return text
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func TestReplaceNoMatchIsErrNoMatch(t *testing.T) {
	_, err := replaceOnce("jsonpath", "", "$.x", obj(`{}`), 1.0)
	if !errors.Is(err, errNoMatch) {
		t.Errorf("error = %v, want errNoMatch", err)
	}
}

func TestTargetKind(t *testing.T) {
	jsonpath := &arazzo.ExpressionType{Type: "jsonpath"}
	pointer := &arazzo.ExpressionType{Type: "jsonpointer"}
	tests := []struct {
		name, target string
		typ          *arazzo.ExpressionType
		ct           string
		payload      any
		wantKind     string
	}{
		{"explicit wins", "/a", jsonpath, "application/xml", "<a/>", "jsonpath"},
		{"json media type", "/a", nil, "application/json; charset=utf-8", "<a/>", "jsonpointer"},
		{"json suffix", "/a", nil, "application/problem+json", obj(`{}`), "jsonpointer"},
		{"xml media type", "/a", nil, "application/xml", obj(`{}`), "xpath"},
		{"xml suffix", "/a", nil, "application/atom+xml", "<feed/>", "xpath"},
		{"text/xml", "/a", nil, "text/xml", "<a/>", "xpath"},
		{"no media type, XML text", "/a", nil, "", "  <a/>", "xpath"},
		{"no media type, JSON text", "/a", nil, "", `{"a":1}`, "jsonpointer"},
		{"no media type, object", "/a", nil, "", obj(`{}`), "jsonpointer"},
		{"JSONPath written without a type", "$.a", nil, "application/json", obj(`{}`), "jsonpath"},
		{"JSONPath, no media type", "$.a", nil, "", obj(`{}`), "jsonpath"},
		{"explicit pointer starting with $", "$.a", pointer, "", obj(`{}`), "jsonpointer"},
		{"XML payload, target starting with $", "$.a", nil, "application/xml", "<a/>", "xpath"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rp := &arazzo.PayloadReplacement{Target: tt.target, TargetSelectorType: tt.typ}
			if got := targetKind(rp, tt.ct, tt.payload); got != tt.wantKind {
				t.Errorf("targetKind(%q, %v, %q, %v) = %q, want %q",
					tt.target, tt.typ, tt.ct, tt.payload, got, tt.wantKind)
			}
		})
	}
}

// TestTargetParsedOnce checks that the runner parses a replacement's
// target on first use only.
func TestTargetParsedOnce(t *testing.T) {
	var cc compileCache
	rp := &arazzo.PayloadReplacement{Target: "$.a"}
	first, err := cc.target(rp, "jsonpath")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := cc.target(rp, "jsonpath")
	if first != again {
		t.Errorf("target %q parsed twice: %p then %p", rp.Target, first, again)
	}
	bad := &arazzo.PayloadReplacement{Target: "$["}
	_, err1 := cc.target(bad, "jsonpath")
	_, err2 := cc.target(bad, "jsonpath")
	if err1 == nil || err1 != err2 {
		t.Errorf("target %q: errors %v then %v, want the same error twice", bad.Target, err1, err2)
	}
}

func TestSelectorParsedOnce(t *testing.T) {
	var cc compileCache
	s := &arazzo.CompiledSelector{Type: "jsonpointer", Selector: "/a"}
	first, err := cc.selector(s)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := cc.selector(s); first != again {
		t.Errorf("selector %q parsed twice", s.Selector)
	}
	if _, err := cc.selector(&arazzo.CompiledSelector{Type: "jsonpointer", Selector: "a"}); err == nil {
		t.Errorf("selector %q: no error, want one", "a")
	}
}

// TestXPathTargetConcurrent applies one parsed XPath target from many
// goroutines, as concurrent runs of one document do.
func TestXPathTargetConcurrent(t *testing.T) {
	tg, err := parseTarget("xpath", "", "//qty")
	if err != nil {
		t.Fatal(err)
	}
	const want = `<o><qty>2</qty><qty>2</qty></o>`
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			got, err := tg.apply(`<o><qty>1</qty><qty>1</qty></o>`, 2.0)
			if err == nil && got != want {
				err = fmt.Errorf("got %v, want %s", got, want)
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
