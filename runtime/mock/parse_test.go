package mock

import (
	"errors"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string // substrings of the error, in order
	}{
		{"empty", "", []string{"s.yml: empty scenario"}},
		{"not a mapping", "- a\n", []string{"s.yml:1:1: want a mapping"}},
		{"missing operations", "description: x\n", []string{"s.yml:1:1: missing operations"}},
		{"unknown top key", "operations: {}\nextra: 1\n", []string{"s.yml:2:1: extra: unknown key"}},
		{"syntax", "operations:\n  a: [\n", []string{"s.yml:2: did not find expected node content"}},
		{"operations not mapping", "operations: [1]\n",
			[]string{"s.yml:1:13: operations: want a mapping"}},
		{"responses not list", "operations:\n  op: {status: 200}\n",
			[]string{"s.yml:2:7: operations.op: want a list of responses"}},
		{"no responses", "operations:\n  op: []\n",
			[]string{"s.yml:2:7: operations.op: want at least one response"}},
		{"response not mapping", "operations:\n  op:\n    - 200\n",
			[]string{"s.yml:3:7: operations.op[0]: want a response mapping"}},
		{"unknown response key", "operations:\n  op:\n    - stauts: 200\n",
			[]string{"s.yml:3:7: operations.op[0].stauts: unknown key; want status"}},
		{"status not int", "operations:\n  op:\n    - status: ok\n",
			[]string{`s.yml:3:15: operations.op[0].status: want an integer, found "ok"`}},
		{"status out of range", "operations:\n  op:\n    - status: 700\n",
			[]string{"operations.op[0].status: want 100 to 599, found 700"}},
		{"times zero", "operations:\n  op:\n    - times: 0\n",
			[]string{"s.yml:3:14: operations.op[0].times: want 1 to"}},
		{"bad delay", "operations:\n  op:\n    - delay: soon\n",
			[]string{`operations.op[0].delay: want a duration such as 250ms, found "soon"`}},
		{"negative delay", "operations:\n  op:\n    - delay: -1s\n",
			[]string{"operations.op[0].delay: want a duration"}},
		{"headers not mapping", "operations:\n  op:\n    - headers: [a]\n",
			[]string{"operations.op[0].headers: want a mapping"}},
		{"header value list", "operations:\n  op:\n    - headers: {X-A: [1]}\n",
			[]string{"operations.op[0].headers.X-A: want a header value, found a list"}},
		{"bad header name", "operations:\n  op:\n    - headers: {\"a b\": 1}\n",
			[]string{`invalid header name "a b"`}},
		{"text body not string", "operations:\n  op:\n    - headers: {Content-Type: text/plain}\n      body: {a: 1}\n",
			[]string{`s.yml:4:13: operations.op[0].body: content type "text/plain" needs a string body`}},
		{"infinite number", "operations:\n  op:\n    - body: {n: .inf}\n",
			[]string{"s.yml:3:17: operations.op[0].body: cannot encode"}},
		{"merge key", "operations:\n  op:\n    - body: {<<: {a: 1}}\n",
			[]string{"operations.op[0].body: body mapping keys must be plain strings"}},
		{"duplicate operation", "operations:\n  op: [{}]\n  op: [{}]\n",
			[]string{"s.yml:3:3: operations.op: operation listed twice"}},
		{"several problems", "operations:\n  a:\n    - status: x\n  b:\n    - times: y\n",
			[]string{"s.yml:3:15: operations.a[0].status", "s.yml:5:14: operations.b[0].times"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc), "s.yml")
			if err == nil {
				t.Fatalf("Parse(%q) = nil error, want %q", tt.doc, tt.want)
			}
			msg := err.Error()
			rest := msg
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("Parse(%q) error:\n%s\nwant it to contain, in order: %q", tt.doc, msg, tt.want)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

func TestParseErrorIsTyped(t *testing.T) {
	_, err := Parse([]byte("operations:\n  op:\n    - status: x\n"), "s.yml")
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v is not a *ParseError", err)
	}
	if pe.Line != 3 || pe.Col != 15 || pe.Path != "operations.op[0].status" {
		t.Errorf("got %+v, want line 3, col 15, path operations.op[0].status", pe)
	}
}

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		op    string
		total int
	}{
		{"defaults", "operations:\n  op:\n    - {}\n", "op", 1},
		{"times", "operations:\n  op:\n    - times: 3\n    - status: 500\n", "op", 4},
		{"description", "description: hi\noperations:\n  op: [{}]\n", "op", 1},
		{"json", `{"operations": {"op": [{"status": 204}, {"body": [1, 2]}]}}`, "op", 2},
		{"alias", "operations:\n  op:\n    - &ok {body: {a: 1}}\n    - *ok\n", "op", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse([]byte(tt.doc), "s.yml")
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.doc, err)
			}
			if got := s.Responses(tt.op); got != tt.total {
				t.Errorf("Responses(%q) = %d, want %d", tt.op, got, tt.total)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load("testdata/does-not-exist.yml")
	if err == nil || !strings.Contains(err.Error(), "does-not-exist.yml") {
		t.Errorf("Load of a missing file: got %v, want an error naming the file", err)
	}
}

// A syntax error is reported where the fault is, with its column when the
// YAML library knows one, and as file:line alone (no trailing colon) when
// it does not.
func TestParseSyntaxErrors(t *testing.T) {
	tests := []struct {
		name      string
		doc       string
		line, col int
		want      string // the whole message
	}{
		{"item key indented one space too little",
			"operations:\n  createOrder:\n    - status: 201\n     body: x\n", 4, 6,
			"s.yml:4:6: did not find expected '-' indicator (while parsing a block collection from line 3)"},
		{"key outdented below its siblings",
			"operations:\n  a: [{}]\n  b: [{}]\n c: 1\n", 4, 2,
			"s.yml:4:2: did not find expected key (while parsing a block mapping from line 1)"},
		{"colon inside a plain value",
			"operations:\n  a:\n    - body: a: b\n", 3, 14,
			"s.yml:3:14: mapping values are not allowed in this context"},
		{"tab indentation",
			"operations:\n\ta: []\n", 2, 1,
			"s.yml:2:1: found character that cannot start any token"},
		{"unclosed flow mapping",
			"operations:\n  a:\n    - body: {x: 1\n    - status: 2\n", 4, 13,
			"s.yml:4:13: did not find expected ',' or '}' (while parsing a flow mapping from line 3)"},
		// The input runs out: no column is known, only the line where
		// the unfinished construct starts.
		{"unclosed flow list at the end",
			"operations:\n  a: [\n", 2, 0,
			"s.yml:2: did not find expected node content"},
		{"unterminated quote",
			"operations:\n  a:\n    - body: \"abc\n", 3, 0,
			"s.yml:3: found unexpected end of stream"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc), "s.yml")
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) = %v, want a *ParseError", tt.doc, err)
			}
			if pe.Line != tt.line || pe.Col != tt.col {
				t.Errorf("position %d:%d, want %d:%d", pe.Line, pe.Col, tt.line, tt.col)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// Operations without an operationId are keyed "METHOD /path"; the method
// may be written in any case and is looked up in upper case.
func TestParseRouteKeys(t *testing.T) {
	s, err := Parse([]byte(`operations:
  getArticle: [{}]
  "GET /articles/{id}": [{}, {}]
  post  /orders: [{}]
  delete /orders/{id}/items: [{times: 3}]
  bare: [{}]
`), "s.yml")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"DELETE /orders/{id}/items", "GET /articles/{id}", "POST /orders", "bare", "getArticle"}
	if got := s.Operations(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Operations() = %q, want %q", got, want)
	}
	for _, tt := range []struct {
		key       string
		total     int
		line, col int
	}{
		{"GET /articles/{id}", 2, 3, 3},
		{"POST /orders", 1, 4, 3},
		{"DELETE /orders/{id}/items", 3, 5, 3},
		{"getArticle", 1, 2, 3},
		{"missing", 0, 0, 0},
	} {
		if got := s.Responses(tt.key); got != tt.total {
			t.Errorf("Responses(%q) = %d, want %d", tt.key, got, tt.total)
		}
		if line, col := s.Position(tt.key); line != tt.line || col != tt.col {
			t.Errorf("Position(%q) = %d:%d, want %d:%d", tt.key, line, col, tt.line, tt.col)
		}
	}

	_, err = Parse([]byte("operations:\n  GET /a: [{}]\n  get /a: [{}]\n"), "s.yml")
	if err == nil || !strings.Contains(err.Error(), "s.yml:3:3: operations.GET /a: operation listed twice (first at line 2)") {
		t.Errorf("same route spelt twice: got %v", err)
	}
}
