package openapi

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

func build(t *testing.T, o *Operation, in RequestInput) *http.Request {
	t.Helper()
	req, err := o.BuildRequest(context.Background(), in)
	if err != nil {
		t.Fatalf("BuildRequest(%s): %v", o.Name(), err)
	}
	return req
}

func bodyOf(t *testing.T, req *http.Request) string {
	t.Helper()
	if req.Body == nil {
		return ""
	}
	data, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestBuildRequestURL(t *testing.T) {
	d := mustLoad(t, "testdata/pets.yaml")
	tests := []struct {
		name string
		op   string
		in   RequestInput
		want string
	}{
		{"document server with defaults", "listPets", RequestInput{},
			"https://eu.pets.example/v1/pets"},
		{"server variables", "listPets", RequestInput{ServerVars: map[string]string{"region": "us", "base": "v2"}},
			"https://us.pets.example/v2/pets"},
		{"base URL override", "listPets", RequestInput{BaseURL: "http://127.0.0.1:9/api/"},
			"http://127.0.0.1:9/api/pets"},
		{"path-item server", "getPet", RequestInput{Params: []ParamValue{{"petId", "path", "a b/c"}}},
			"https://pets-by-id.example/pets/a%20b%2Fc"},
		{"operation server", "replacePet", RequestInput{Params: []ParamValue{{"petId", "path", 7}}},
			"http://localhost:8080/pets/7"},
		{"label and matrix", "uploadPhoto", RequestInput{Params: []ParamValue{
			{"petId", "path", "rex"}, {"ext", "path", map[string]any{"size": "large", "fmt": "png"}}}},
			"https://eu.pets.example/v1/pets/.rex/photo;fmt=png;size=large"},
		{"query styles", "listPets", RequestInput{Params: []ParamValue{
			{"tags", "query", []any{"a", "b c"}},
			{"limit", "query", 10},
			{"ids", "query", []any{1, 2}},
			{"filter", "query", map[string]any{"kind": "dog"}},
			{"raw", "query", "a/b?c"},
			{"where", "query", map[string]any{"age": 3}},
			{"absent", "query", nil},
			{"extra", "query", "undeclared"},
		}}, "https://eu.pets.example/v1/pets?tags=a&tags=b%20c&limit=10&ids=1,2&filter[kind]=dog" +
			"&raw=a/b?c&where=%7B%22age%22%3A3%7D&extra=undeclared"},
		{"querystring", "listPets", RequestInput{Params: []ParamValue{
			{"", "querystring", map[string]any{"q": "x y", "n": 1}}}},
			"https://eu.pets.example/v1/pets?n=1&q=x%20y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := mustOp(t, d, tt.op)
			req := build(t, op, tt.in)
			if got := req.URL.String(); got != tt.want {
				t.Errorf("URL = %s\nwant  %s", got, tt.want)
			}
			if id, _ := OperationIDFromContext(req.Context()); id != tt.op {
				t.Errorf("context operationId = %q, want %q", id, tt.op)
			}
			if got, _ := OperationFromContext(req.Context()); got != op {
				t.Errorf("context operation = %v, want %s", got, op.Name())
			}
		})
	}
}

func TestRelativeServers(t *testing.T) {
	data := []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: /api/v1}]
paths:
  /ping:
    get:
      operationId: ping
      responses: {"200": {description: ok}}
`)
	remote, err := LoadData(data, "http://127.0.0.1:8080/specs/api.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := build(t, mustOp(t, remote, "ping"), RequestInput{}).URL.String(); got != "http://127.0.0.1:8080/api/v1/ping" {
		t.Errorf("relative server of a remote description: URL = %s", got)
	}

	local, err := LoadData(data, "api.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = mustOp(t, local, "ping").BuildRequest(context.Background(), RequestInput{})
	if err == nil || !strings.Contains(err.Error(), "give a base URL") {
		t.Errorf("relative server of a file description: error = %v, want a request for a base URL", err)
	}
	req := build(t, mustOp(t, local, "ping"), RequestInput{BaseURL: "http://127.0.0.1:1"})
	if got := req.URL.String(); got != "http://127.0.0.1:1/ping" {
		t.Errorf("override: URL = %s", got)
	}
}

func TestBuildRequestHeaders(t *testing.T) {
	o := mustOp(t, mustLoad(t, "testdata/pets.yaml"), "listPets")
	req := build(t, o, RequestInput{Params: []ParamValue{
		{"X-Trace", "header", []any{"a", "b"}},
		{"Authorization", "header", "Bearer t0k"},
		{"session", "cookie", "s 1"},
		{"theme", "cookie", "dark"},
	}})
	want := map[string]string{
		"X-Trace":       "a,b",
		"Authorization": "Bearer t0k",
		"Cookie":        "session=s%201; theme=dark",
		"Content-Type":  "",
	}
	for k, v := range want {
		if got := req.Header.Get(k); got != v {
			t.Errorf("header %s = %q, want %q", k, got, v)
		}
	}
	if req.Body != nil || req.ContentLength != 0 {
		t.Errorf("request without a body has Body %v, length %d", req.Body, req.ContentLength)
	}
}

func TestBuildRequestErrors(t *testing.T) {
	d := mustLoad(t, "testdata/pets.yaml")
	tests := []struct {
		name string
		op   string
		in   RequestInput
		want string
	}{
		{"missing path value", "getPet", RequestInput{}, `getPet: path parameter "petId": no value given`},
		{"bad location", "listPets", RequestInput{Params: []ParamValue{{"x", "body", 1}}}, `unknown location "body"`},
		{"header newline", "listPets", RequestInput{Params: []ParamValue{{"X-A", "header", "a\r\nb"}}}, "control character"},
		{"header name", "listPets", RequestInput{Params: []ParamValue{{"X A", "header", "a"}}}, "not a valid header name"},
		{"deepObject scalar", "listPets", RequestInput{Params: []ParamValue{{"filter", "query", "x"}}}, "deepObject needs an object"},
		{"server enum", "listPets", RequestInput{ServerVars: map[string]string{"region": "mars"}}, `value "mars" is not one of eu, us`},
		{"bad override", "listPets", RequestInput{BaseURL: "ftp://x"}, "not an absolute http(s) URL"},
		{"unencodable", "listPets", RequestInput{Params: []ParamValue{{"limit", "query", make(chan int)}}}, `query parameter "limit"`},
		{"text object", "replacePet", RequestInput{Params: []ParamValue{{"petId", "path", 1}},
			Body: map[string]any{"a": 1}}, "text body needs a string"},
		{"file not enabled", "uploadPhoto", RequestInput{Params: []ParamValue{{"petId", "path", 1},
			{"ext", "path", map[string]any{}}}, Body: map[string]any{"$file": "/etc/hostname"}}, "reading files is not enabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mustOp(t, d, tt.op).BuildRequest(context.Background(), tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("BuildRequest error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	var pe *ParamError
	_, err := mustOp(t, d, "getPet").BuildRequest(context.Background(), RequestInput{})
	if !errors.As(err, &pe) || pe.Name != "petId" {
		t.Errorf("error %v is not a *ParamError for petId", err)
	}
}

func TestBuildRequestBodies(t *testing.T) {
	d := mustLoad(t, "testdata/pets.yaml")
	create := mustOp(t, d, "createPet")
	tests := []struct {
		name     string
		op       *Operation
		in       RequestInput
		wantCT   string
		wantBody string
	}{
		{"json by preference", create, RequestInput{Body: map[string]any{"name": "<rex>", "age": 3}},
			"application/json", `{"age":3,"name":"<rex>"}`},
		{"json null", create, RequestInput{HasBody: true}, "application/json", "null"},
		{"json raw text", create, RequestInput{Body: `{"name":"rex"}`}, "application/json", `{"name":"rex"}`},
		{"form", create, RequestInput{ContentType: "application/x-www-form-urlencoded",
			Body: map[string]any{"name": "a b", "colors": []any{"red", "tan"}, "tags": []any{"x", "y"}, "skip": nil}},
			"application/x-www-form-urlencoded", "colors=red|tan&name=a%20b&tags=x&tags=y"},
		{"xml from map", create, RequestInput{ContentType: "application/xml",
			Body: map[string]any{"name": "r&x", "tags": []any{"a", "b"}}},
			"application/xml", `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
				"<pet><name>r&amp;x</name><tags>a</tags><tags>b</tags></pet>"},
		{"xml from string", create, RequestInput{ContentType: "application/xml", Body: "<pet/>"},
			"application/xml", "<pet/>"},
		{"text", mustOp(t, d, "replacePet"), RequestInput{Params: []ParamValue{{"petId", "path", 1}}, Body: "hello"},
			"text/plain", "hello"},
		{"octet-stream file", mustOp(t, d, "uploadPhoto"), RequestInput{
			Params:   []ParamValue{{"petId", "path", 1}, {"ext", "path", map[string]any{}}},
			Body:     map[string]any{"$file": "photo.png"},
			ReadFile: func(string) ([]byte, error) { return []byte("PNG"), nil }},
			"application/octet-stream", "PNG"},
		{"content type from header param", create, RequestInput{Body: "a=b",
			Params: []ParamValue{{"Content-Type", "header", "application/x-www-form-urlencoded"}}},
			"application/x-www-form-urlencoded", "a=b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := build(t, tt.op, tt.in)
			if got := req.Header.Get("Content-Type"); got != tt.wantCT {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantCT)
			}
			if got := bodyOf(t, req); got != tt.wantBody {
				t.Errorf("body = %q\nwant   %q", got, tt.wantBody)
			}
		})
	}
}

func TestBuildRequestMultipart(t *testing.T) {
	o := mustOp(t, mustLoad(t, "testdata/pets.yaml"), "createPet")
	var read []string
	req := build(t, o, RequestInput{
		ContentType: "multipart/form-data",
		Body: map[string]any{
			"name":  "rex",
			"meta":  map[string]any{"age": 3},
			"photo": map[string]any{"$file": "/tmp/rex.png"},
			"docs":  []any{map[string]any{"$file": "a.txt", "$filename": "notes.txt", "$contentType": "text/markdown"}},
		},
		ReadFile: func(p string) ([]byte, error) { read = append(read, p); return []byte("data:" + p), nil },
	})

	mt, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		t.Fatalf("Content-Type %q: %v", req.Header.Get("Content-Type"), err)
	}
	type part struct{ name, file, ct, body string }
	var got []part
	r := multipart.NewReader(req.Body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(p)
		got = append(got, part{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), string(data)})
	}
	want := []part{
		{"docs", "notes.txt", "text/markdown", "data:a.txt"},
		{"meta", "", "application/json", `{"age":3}`},
		{"name", "", "", "rex"},
		{"photo", "rex.png", "image/png", "data:/tmp/rex.png"},
	}
	if len(got) != len(want) {
		t.Fatalf("parts = %+v\nwant %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("part %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if len(read) != 2 {
		t.Errorf("files read = %v, want the two named", read)
	}
}

func TestBuildRequestNoPanics(t *testing.T) {
	d := mustLoad(t, "testdata/pets.yaml")
	values := []any{nil, "", "x", 1, -2.5, true, []any{}, []any{nil, []any{1}}, map[string]any{},
		map[string]any{"a": map[string]any{"b": nil}}, []byte{0, 1}, make(chan int), struct{}{},
		map[int]string{1: "a"}, [2]string{"a", "b"}, errors.New("e"), map[string]any{"$file": 3}}
	for _, o := range d.Operations() {
		for _, p := range append(o.Parameters(), &Parameter{Name: "zz", In: "cookie"}) {
			for _, v := range values {
				for _, ct := range []string{"", "application/json", "application/xml", "multipart/form-data",
					"application/x-www-form-urlencoded", "text/plain", "image/png", ";;"} {
					in := RequestInput{Params: []ParamValue{{p.Name, p.In, v}}, Body: v, ContentType: ct}
					_, _ = o.BuildRequest(context.Background(), in)
				}
			}
		}
	}
}

func BenchmarkBuildRequestJSON(b *testing.B) {
	d, err := LoadData([]byte(DaytonaSandboxAPI), DaytonaSandboxAPIName)
	if err != nil {
		b.Fatal(err)
	}
	o := mustOp(b, d, "createSandbox")
	in := RequestInput{
		BaseURL: "http://127.0.0.1:3000/api",
		Params:  []ParamValue{{"Authorization", "header", "Bearer dtn_0123"}},
		Body:    map[string]any{"snapshot": "daytona-small", "name": "bench", "labels": map[string]any{"a": "b"}},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := o.BuildRequest(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}
