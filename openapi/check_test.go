package openapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// canned is a deliberately wrong (or right) server answer.
type canned struct {
	status  int
	headers map[string]string
	body    string
}

// fetch serves c from a loopback server and calls it with a request built
// for o, returning the response and its body.
func fetch(t *testing.T, o *Operation, in RequestInput, c canned) (*http.Response, []byte) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		for k, v := range c.headers {
			w.Header().Set(k, v)
		}
		w.WriteHeader(c.status)
		io.WriteString(w, c.body)
	}))
	defer srv.Close()

	in.BaseURL = srv.URL
	req := build(t, o, in)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// want describes one expected finding; empty fields are not compared. Its
// schemaPath is the part from "#" on: the file before it is the
// description's location, which varies with where tests run.
type want struct {
	check, schemaPath, pointer, message string
}

func (w want) matches(f Finding) bool {
	_, fragment, _ := strings.Cut(f.SchemaPath, "#")
	return f.Check == w.check &&
		(w.schemaPath == "" || "#"+fragment == w.schemaPath) &&
		(w.pointer == "" || f.Pointer == w.pointer) &&
		strings.Contains(f.Message, w.message)
}

func assertFindings(t *testing.T, got []Finding, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Errorf("got %d findings, want %d:\n%s", len(got), len(wants), listFindings(got))
		return
	}
	for _, w := range wants {
		found := false
		for _, f := range got {
			found = found || w.matches(f)
		}
		if !found {
			t.Errorf("no finding matches %+v among:\n%s", w, listFindings(got))
		}
	}
}

func listFindings(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.String() + " [" + f.SchemaPath + " " + f.Pointer + "]\n")
	}
	return b.String()
}

const goodUser = `{"id": 1, "name": "ann", "tags": ["a"]}`

func TestCheckResponse(t *testing.T) {
	o := mustOp(t, mustLoad(t, "testdata/checks.yaml"), "getUser")
	in := RequestInput{Params: []ParamValue{{"id", "path", 1}}}
	okHeaders := map[string]string{"Content-Type": "application/json", "X-Request-ID": "req-12345"}
	withHeader := func(k, v string) map[string]string {
		h := map[string]string{k: v}
		for hk, hv := range okHeaders {
			if _, set := h[hk]; !set {
				h[hk] = hv
			}
		}
		return h
	}
	userPath := "#/components/schemas/User"
	tests := []struct {
		name  string
		c     canned
		wants []want
	}{
		{"conforming", canned{200, okHeaders, goodUser}, nil},
		{"range status", canned{404, map[string]string{"Content-Type": "application/problem+json"}, `{"title": "gone"}`}, nil},
		{"default status", canned{500, nil, ""}, nil},
		{"content type", canned{200, withHeader("Content-Type", "text/html"), "<p>hi</p>"},
			[]want{{CheckContentType, "#/paths/~1users~1{id}/get/responses/200/content", "", `"text/html" is not declared`}}},
		{"enum-free schema errors", canned{200, okHeaders, `{"id": "one", "tags": ["long"]}`},
			[]want{
				{CheckBodySchema, userPath + "/properties/id/type", "/id", `"one"`},
				{CheckBodySchema, userPath + "/required", "/name", `property "name" is missing`},
				{CheckBodySchema, userPath + "/properties/tags/items/maxLength", "/tags/0", `"long"`},
			}},
		{"writeOnly in response", canned{200, okHeaders, `{"id": 1, "name": "a", "password": "x"}`},
			[]want{{CheckBodySchema, "", "/password", "writeOnly"}}},
		{"not JSON", canned{200, okHeaders, `{"id":`}, []want{{CheckBodySchema, userPath, "", "not valid JSON"}}},
		{"missing required header", canned{200, map[string]string{"Content-Type": "application/json"}, goodUser},
			[]want{{CheckRequiredHeader, "#/paths/~1users~1{id}/get/responses/200/headers/X-Request-ID", "", "X-Request-ID is missing"}}},
		{"invalid header", canned{200, withHeader("X-Rate-Remaining", "-1"), goodUser},
			[]want{{CheckHeaderSchema, "#/paths/~1users~1{id}/get/responses/200/headers/X-Rate-Remaining/schema/minimum", "", "header X-Rate-Remaining"}}},
		{"short header", canned{200, withHeader("X-Request-ID", "r1"), goodUser},
			[]want{{CheckHeaderSchema, "", "", `"r1"`}}},
		{"problem body", canned{400, map[string]string{"Content-Type": "application/problem+json"}, `{}`},
			[]want{{CheckBodySchema, "#/paths/~1users~1{id}/get/responses/4XX/content/application~1problem+json/schema/required", "", "title"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := fetch(t, o, in, tt.c)
			assertFindings(t, o.CheckResponse(resp, body), tt.wants)
			decoded := func() (any, error) {
				var v any
				err := json.Unmarshal(body, &v)
				return v, err
			}
			assertFindings(t, o.CheckDecodedResponse(resp, body, decoded), tt.wants)
		})
	}
}

func TestCheckResponseDaytona(t *testing.T) {
	d, err := LoadData([]byte(DaytonaSandboxAPI), DaytonaSandboxAPIName)
	if err != nil {
		t.Fatal(err)
	}
	o := mustOp(t, d, "getSandbox")
	in := RequestInput{Params: []ParamValue{{"sandboxIdOrName", "path", "sb1"}}}
	sandbox := `{"id":"sb1","organizationId":"o","name":"sb1","user":"daytona","env":{},"labels":{},
		"public":false,"networkBlockAll":false,"target":"us","cpu":1,"gpu":0,"memory":1,"disk":3,
		"toolboxProxyUrl":"https://proxy.app.daytona.io/toolbox","state":%s,"errorReason":null}`
	jsonCT := map[string]string{"Content-Type": "application/json; charset=utf-8"}
	tests := []struct {
		name  string
		c     canned
		wants []want
	}{
		{"started", canned{200, jsonCT, strings.Replace(sandbox, "%s", `"started"`, 1)}, nil},
		{"null state", canned{200, jsonCT, strings.Replace(sandbox, "%s", `null`, 1)}, nil},
		{"unknown state", canned{200, jsonCT, strings.Replace(sandbox, "%s", `"running"`, 1)},
			[]want{{CheckBodySchema, "#/components/schemas/SandboxState/enum", "/state", `"running"`}}},
		{"undeclared status", canned{418, nil, ""}, []want{{CheckStatus, "#/paths/~1sandbox~1{sandboxIdOrName}/get/responses", "", "status 418 is not declared"}}},
		{"error body", canned{404, jsonCT, `{"statusCode":"404","error":"Not Found"}`},
			[]want{
				{CheckBodySchema, "#/components/schemas/Error/properties/statusCode/type", "/statusCode", `"404"`},
				{CheckBodySchema, "#/components/schemas/Error/required", "/message", "missing"},
			}},
		{"retry-after", canned{429, map[string]string{"Content-Type": "application/json", "Retry-After": "soon"},
			`{"statusCode":429,"error":"Too Many Requests","message":"ThrottlerException: Too Many Requests"}`},
			[]want{{CheckHeaderSchema, "#/components/headers/RetryAfter/schema/type", "", `"soon"`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := fetch(t, o, in, tt.c)
			assertFindings(t, o.CheckResponse(resp, body), tt.wants)
		})
	}
}

func TestCheckResponse31(t *testing.T) {
	d := mustLoad(t, "testdata/pets31.yaml")
	o := mustOp(t, d, "getPet")
	in := RequestInput{BaseURL: "http://x", Params: []ParamValue{{"id", "path", "p1"}}}
	jsonCT := map[string]string{"Content-Type": "application/json"}
	tests := []struct {
		name  string
		body  string
		wants []want
	}{
		{"null allowed by type array", `{"id": "p1", "name": null}`, nil},
		{"exclusiveMinimum as a number", `{"id": "p1", "name": "rex", "age": 0}`,
			[]want{{CheckBodySchema, "", "/age", "0"}}},
		{"wrong type", `{"id": 1, "name": "rex"}`, []want{{CheckBodySchema, "", "/id", "1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := fetch(t, o, in, canned{200, jsonCT, tt.body})
			assertFindings(t, o.CheckResponse(resp, body), tt.wants)
		})
	}
}

func TestCheckRequest(t *testing.T) {
	d := mustLoad(t, "testdata/checks.yaml")
	put := mustOp(t, d, "putUser")
	tests := []struct {
		name  string
		op    *Operation
		in    RequestInput
		wants []want
	}{
		{"conforming", put, RequestInput{Params: []ParamValue{{"id", "path", 7}},
			Body: map[string]any{"name": "ann", "password": "pw"}}, nil},
		{"bad path parameter", put, RequestInput{Params: []ParamValue{{"id", "path", "seven"}},
			Body: map[string]any{"name": "ann"}}, []want{{CheckParameter, "", "", `"id"`}}},
		{"readOnly in request", put, RequestInput{Params: []ParamValue{{"id", "path", 7}},
			Body: map[string]any{"id": 7, "name": "ann"}}, []want{{CheckBodySchema, "", "/id", "readOnly"}}},
		{"missing body", put, RequestInput{Params: []ParamValue{{"id", "path", 7}}},
			[]want{{CheckBodySchema, "", "", "required"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.BaseURL = "http://127.0.0.1:1/base"
			req := build(t, tt.op, tt.in)
			body := []byte(bodyOf(t, req))
			assertFindings(t, tt.op.CheckRequest(req, body), tt.wants)
		})
	}
}

func TestCheckNil(t *testing.T) {
	o := mustOp(t, mustLoad(t, "testdata/checks.yaml"), "getUser")
	if f := o.CheckResponse(nil, nil); f != nil {
		t.Errorf("CheckResponse(nil) = %v, want nil", f)
	}
	if f := o.CheckRequest(nil, nil); f != nil {
		t.Errorf("CheckRequest(nil) = %v, want nil", f)
	}
	req, _ := http.NewRequestWithContext(context.Background(), "GET", "http://x/other/path", nil)
	if f := o.CheckRequest(req, nil); len(f) != 1 || !strings.Contains(f[0].Message, "does not match") {
		t.Errorf("CheckRequest(wrong path) = %v, want one mismatch finding", f)
	}
}

// TestCheckResponseGroupsMissingMembers checks that several required
// members missing from one object make one finding that lists them.
func TestCheckResponseGroupsMissingMembers(t *testing.T) {
	d, err := LoadData([]byte(DaytonaSandboxAPI), "daytona.yml")
	if err != nil {
		t.Fatal(err)
	}
	op, _ := d.Operation("getSandbox")
	resp := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}}
	findings := op.CheckResponse(resp, []byte(`{"id":"x","state":"started"}`))
	var grouped []Finding
	for _, f := range findings {
		if f.Check == CheckBodySchema && strings.Contains(f.Message, "missing required properties") {
			grouped = append(grouped, f)
		}
	}
	if len(grouped) != 1 || !strings.Contains(grouped[0].Message, "organizationId, name") ||
		grouped[0].SchemaPath != "daytona.yml#/components/schemas/Sandbox/required" {
		t.Errorf("want one grouped finding at daytona.yml#/components/schemas/Sandbox/required, got %v", findings)
	}
}

func TestReasonWithValue(t *testing.T) {
	tests := []struct {
		reason string
		value  any
		want   string
	}{
		{"value must be an integer", "abc", `value must be an integer (got "abc")`},
		{"got string, want integer", "abc", `want integer, got string "abc"`},
		{`error at "/n": got number, want string`, 3.5, `want string, got number 3.5`},
		{"maximum: got 99, want 10", 99.0, "maximum: got 99, want 10"},
	}
	for _, tt := range tests {
		if got := reasonWithValue(tt.reason, checkConfig{}.show(tt.value)); got != tt.want {
			t.Errorf("reasonWithValue(%q, %v) = %q, want %q", tt.reason, tt.value, got, tt.want)
		}
	}
}

// TestRedactBeforeShortening checks that a value is masked before it is
// cut for a message, so that a secret the cut falls inside is not shown
// in part.
func TestRedactBeforeShortening(t *testing.T) {
	const secret = "bt_TOKEN_abcdef987"
	value := map[string]any{"debug": strings.Repeat("x", 55) + "auth=Bearer " + secret}
	mask := func(s string) string { return strings.ReplaceAll(s, secret, "****") }
	if got := (checkConfig{}).show(value); !strings.Contains(got, "bt_") {
		t.Fatalf("without a redactor the fixture shows no part of the secret: %s", got)
	}
	got := checkConfig{redact: mask}.show(value)
	if strings.Contains(got, "bt_") || !strings.HasSuffix(got, "…") {
		t.Errorf("show = %s, want it shortened with no part of the secret", got)
	}
}

func TestPlainValidatorText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"query parameter \"limit\": jsonschema validation failed with 'https://example.com/schema.json#'\n- at '': maximum: got 1,000, want 100",
			`query parameter "limit": maximum: got 1000, want 100`},
		{"request body has an error: jsonschema validation failed with 'x#'\n- at '/name': minLength: got 0, want 1\n- at '/color': value must be one of 'red', 'blue'",
			"request body has an error: at /name: minLength: got 0, want 1; at /color: value must be one of 'red', 'blue'"},
		{"plain message", "plain message"},
		{"jsonschema validation failed with 'x#'\n- at '': got 1,234,567, want 2", "got 1234567, want 2"},
	}
	for _, tt := range tests {
		if got := plainValidatorText(tt.in); got != tt.want {
			t.Errorf("plainValidatorText(%q) =\n%q, want\n%q", tt.in, got, tt.want)
		}
	}
}
