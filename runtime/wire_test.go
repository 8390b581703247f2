package runtime_test

// End-to-end tests of what reaches a local server: every style and
// explode combination of the OpenAPI 3.0.3 style examples table, for
// path, query, header and cookie parameters, and every kind of body.

import (
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/runtime"
)

// The values of the style examples table, as YAML. Object members are
// sent in sorted key order (B, G, R).
const (
	tableString = "blue"
	tableArray  = "[blue, black, brown]"
	tableObject = "{R: 100, G: 200, B: 150}"
)

// styleCase is one row of the table: a style, explode, and what the
// string, array and object values become ("" where the table has n/a).
type styleCase struct {
	in, style string
	explode   bool
	want      [3]string
}

var styleCases = []styleCase{
	{"path", "matrix", false, [3]string{";color=blue", ";color=blue,black,brown", ";color=B,150,G,200,R,100"}},
	{"path", "matrix", true, [3]string{";color=blue", ";color=blue;color=black;color=brown", ";B=150;G=200;R=100"}},
	{"path", "label", false, [3]string{".blue", ".blue.black.brown", ".B.150.G.200.R.100"}},
	{"path", "label", true, [3]string{".blue", ".blue.black.brown", ".B=150.G=200.R=100"}},
	{"path", "simple", false, [3]string{"blue", "blue,black,brown", "B,150,G,200,R,100"}},
	{"path", "simple", true, [3]string{"blue", "blue,black,brown", "B=150,G=200,R=100"}},
	{"query", "form", false, [3]string{"color=blue", "color=blue,black,brown", "color=B,150,G,200,R,100"}},
	{"query", "form", true, [3]string{"color=blue", "color=blue&color=black&color=brown", "B=150&G=200&R=100"}},
	{"query", "spaceDelimited", false, [3]string{"", "color=blue%20black%20brown", "color=B%20150%20G%20200%20R%20100"}},
	{"query", "pipeDelimited", false, [3]string{"", "color=blue|black|brown", "color=B|150|G|200|R|100"}},
	{"query", "deepObject", true, [3]string{"", "", "color[B]=150&color[G]=200&color[R]=100"}},
	{"header", "simple", false, [3]string{"blue", "blue,black,brown", "B,150,G,200,R,100"}},
	{"header", "simple", true, [3]string{"blue", "blue,black,brown", "B=150,G=200,R=100"}},
	{"cookie", "form", false, [3]string{"color=blue", "color=blue,black,brown", "color=B,150,G,200,R,100"}},
}

// opID names the operation that declares the case's parameter.
func (c styleCase) opID() string {
	return fmt.Sprintf("%s_%s_%v", c.in, c.style, c.explode)
}

// received is what the server saw of the case's parameter.
func (c styleCase) received(r seenRequest) string {
	switch c.in {
	case "path":
		return strings.TrimPrefix(r.rawPath, "/"+c.opID()+"/")
	case "query":
		return r.query
	case "header":
		return r.header.Get("X-Color")
	}
	return r.header.Get("Cookie")
}

// styleAPI declares one operation per style case.
func styleAPI() string {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: Styles, version: \"1\"}\npaths:\n")
	for _, c := range styleCases {
		name, path := "color", "/"+c.opID()
		switch c.in {
		case "path":
			path += "/{color}"
		case "header":
			name = "X-Color"
		}
		fmt.Fprintf(&b, "  %s:\n    get:\n      operationId: %s\n", path, c.opID())
		fmt.Fprintf(&b, "      parameters:\n        - {name: %s, in: %s, required: %v, style: %s, explode: %v}\n",
			name, c.in, c.in == "path", c.style, c.explode)
		b.WriteString("      responses: {\"200\": {description: ok}}\n")
	}
	return b.String()
}

func TestWireParameterStyles(t *testing.T) {
	values := [3]string{tableString, tableArray, tableObject}
	columns := [3]string{"string", "array", "object"}
	var steps strings.Builder
	type sent struct {
		c   styleCase
		col int
	}
	var order []sent
	for _, c := range styleCases {
		name := "color"
		if c.in == "header" {
			name = "X-Color"
		}
		for i, v := range values {
			if c.want[i] == "" {
				continue
			}
			fmt.Fprintf(&steps, "      - {stepId: s%d, operationId: %s, parameters: [{name: %s, in: %s, value: %s}]}\n",
				len(order), c.opID(), name, c.in, v)
			order = append(order, sent{c, i})
		}
	}

	srv := newAPIServer(t, nil)
	doc := loadDoc(t, map[string]string{"api.yaml": styleAPI(), "flow.arazzo.yaml": fmt.Sprintf(flowTemplate, steps.String())})
	res := runFlow(t, doc, srv, runtime.Options{})
	if res.Status != runtime.Succeeded {
		t.Fatalf("run failed: %v", res.Error)
	}
	if len(srv.requests) != len(order) {
		t.Fatalf("%d requests, want %d", len(srv.requests), len(order))
	}
	for i, s := range order {
		got := s.c.received(srv.requests[i])
		name := fmt.Sprintf("%s/%s/explode=%v/%s", s.c.in, s.c.style, s.c.explode, columns[s.col])
		if got != s.c.want[s.col] {
			t.Errorf("%s: server received %q, want %q", name, got, s.c.want[s.col])
		}
	}
}

// loadDoc writes files to a temporary directory and loads
// flow.arazzo.yaml from it.
func loadDoc(t *testing.T, files map[string]string) *arazzo.Document {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	doc, diags := arazzo.Load(context.Background(), filepath.Join(dir, "flow.arazzo.yaml"), arazzo.LoadOptions{})
	if doc == nil || diags.HasErrors() {
		t.Fatalf("the fixture does not load:\n%v", diags)
	}
	return doc
}

// bodyAPI accepts every kind of body on POST /upload.
const bodyAPI = `openapi: 3.0.3
info: {title: Bodies, version: "1"}
paths:
  /upload:
    post:
      operationId: upload
      requestBody:
        content:
          application/json: {schema: {type: object}}
          application/x-www-form-urlencoded: {schema: {type: object}}
          multipart/form-data: {schema: {type: object}}
          application/xml: {schema: {type: object, xml: {name: pet}}}
          text/plain: {schema: {type: string}}
          application/octet-stream: {schema: {type: string, format: binary}}
      responses: {"200": {description: ok}}
`

func TestWireBodies(t *testing.T) {
	tests := []struct {
		name, contentType, payload string
		wantType                   string // media type received
		check                      func(r seenRequest) string
	}{
		{"json", "", `{name: Rex, tags: [a, b]}`, "application/json", func(r seenRequest) string {
			return want("body", r.body, `{"name":"Rex","tags":["a","b"]}`)
		}},
		{"form", "application/x-www-form-urlencoded", `{name: Rex Dog, age: 3}`, "application/x-www-form-urlencoded",
			func(r seenRequest) string { return want("body", r.body, "age=3&name=Rex%20Dog") }},
		{"xml", "application/xml", `{name: Rex}`, "application/xml", func(r seenRequest) string {
			if !strings.Contains(r.body, "<pet><name>Rex</name></pet>") {
				return fmt.Sprintf("body %q lacks <pet><name>Rex</name></pet>", r.body)
			}
			return ""
		}},
		{"text", "text/plain", `"hello, world"`, "text/plain", func(r seenRequest) string {
			return want("body", r.body, "hello, world")
		}},
		{"octet-stream file", "application/octet-stream", `{$file: photo.png}`, "application/octet-stream",
			func(r seenRequest) string { return want("body", r.body, "PNG-DATA") }},
		{"multipart with a file", "multipart/form-data", `{name: Rex, photo: {$file: photo.png, $filename: rex.png}}`,
			"multipart/form-data", checkMultipart},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct := ""
			if tt.contentType != "" {
				ct = ", contentType: " + tt.contentType
			}
			step := fmt.Sprintf("      - {stepId: up, operationId: upload, requestBody: {payload: %s%s}}\n", tt.payload, ct)
			files := map[string]string{"api.yaml": bodyAPI, "flow.arazzo.yaml": fmt.Sprintf(flowTemplate, step)}
			srv := newAPIServer(t, nil)
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "photo.png"), []byte("PNG-DATA"), 0o644); err != nil {
				t.Fatal(err)
			}
			res := runFlow(t, loadDoc(t, files), srv, runtime.Options{ReadFile: runtime.FilesUnder(dir)})
			if res.Status != runtime.Succeeded {
				t.Fatalf("run failed: %v", res.Error)
			}
			got := srv.sent("/upload")[0]
			if mt, _, _ := mime.ParseMediaType(got.header.Get("Content-Type")); mt != tt.wantType {
				t.Errorf("Content-Type = %q, want %s", got.header.Get("Content-Type"), tt.wantType)
			}
			if msg := tt.check(got); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func checkMultipart(r seenRequest) string {
	_, params, err := mime.ParseMediaType(r.header.Get("Content-Type"))
	if err != nil {
		return err.Error()
	}
	parts := map[string]string{}
	filenames := map[string]string{}
	mr := multipart.NewReader(strings.NewReader(r.body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "reading the multipart body: " + err.Error()
		}
		data, _ := io.ReadAll(p)
		parts[p.FormName()], filenames[p.FormName()] = string(data), p.FileName()
	}
	return want("name part", parts["name"], "Rex") + want("photo part", parts["photo"], "PNG-DATA") +
		want("photo filename", filenames["photo"], "rex.png")
}

// TestWireFilesConfined refuses files outside the directory, and all
// files when reading is not enabled.
func TestWireFilesConfined(t *testing.T) {
	tests := []struct {
		name, path string
		read       func(string) ([]byte, error)
		want       string
	}{
		{"escape", "../secret.txt", runtime.FilesUnder(t.TempDir()), "escapes"},
		{"absolute", "/etc/hostname", runtime.FilesUnder(t.TempDir()), "is an absolute path"},
		{"not enabled", "photo.png", nil, "reading files is not enabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step := fmt.Sprintf("      - {stepId: up, operationId: upload, requestBody: {contentType: application/octet-stream, payload: {$file: %q}}}\n", tt.path)
			files := map[string]string{"api.yaml": bodyAPI, "flow.arazzo.yaml": fmt.Sprintf(flowTemplate, step)}
			srv := newAPIServer(t, nil)
			res := runFlow(t, loadDoc(t, files), srv, runtime.Options{ReadFile: tt.read})
			if res.Status != runtime.Failed || !strings.Contains(res.Steps[0].Error, tt.want) {
				t.Errorf("status %s, error %q; want a failure containing %q", res.Status, res.Steps[0].Error, tt.want)
			}
			if n := len(srv.requests); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}
