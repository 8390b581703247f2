package expr

import (
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func evalContext() *Context {
	doc := `{"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\j":5,` +
		`"k\"l":6," ":7,"m~n":8,"x.y":9,"items":[{"id":"i0"},{"id":"i1"}]}`
	return &Context{
		URL: "https://api.example.com/pets", Method: "GET", StatusCode: 201,
		Request: &Message{
			Header: http.Header{"Accept": {"application/json"}},
			Query:  url.Values{"page": {"2", "3"}},
			Path:   map[string]string{"id": "42"},
			Body:   BodyOf(map[string]any{"user": map[string]any{"uuid": "u-1"}}),
		},
		Response: &Message{
			Header: http.Header{"x-rate-limit": {"10"}, "Location": {"/pets/42"}},
			Body:   NewBody([]byte(doc), "application/json; charset=utf-8"),
		},
		Inputs: map[string]any{
			"token": "tok", "my.nested": map[string]any{"name": "deep"},
			"my.nested.name": "exact", "customer": map[string]any{"address": map[string]any{"city": "Oslo"}},
		},
		Outputs: map[string]any{"result": []any{1.0, 2.0}},
		Steps: map[string]map[string]any{
			"login": {"token": "s3cr3t", "pets": []any{map[string]any{"id": 7.0}}},
		},
		Workflows: map[string]*WorkflowValues{
			"auth": {Inputs: map[string]any{"user": "ann"}, Outputs: map[string]any{"token": map[string]any{"accessToken": "at"}}},
		},
		SourceDescriptions: map[string]map[string]any{"petstore": {"url": "https://x/openapi.yaml", "get pet": "op"}},
		Components:         map[string]any{"parameters": map[string]any{"my.org.User": "param"}},
		Self:               "https://example.com/doc.arazzo.yaml",
		Message:            &Message{Body: NewBody([]byte(`{"user":{"id":"m1"}}`), "application/json")},
	}
}

func TestEval(t *testing.T) {
	tests := []struct {
		src  string
		want any
	}{
		{"$url", "https://api.example.com/pets"},
		{"$method", "GET"},
		{"$statusCode", 201},
		{"$self", "https://example.com/doc.arazzo.yaml"},
		{"$request.header.accept", "application/json"},
		{"$request.header.ACCEPT", "application/json"},
		{"$response.header.X-Rate-Limit", "10"},
		{"$request.query.page", "2"},
		{"$request.path.id", "42"},
		{"$request.body#/user/uuid", "u-1"},
		{"$response.body#/foo", []any{"bar", "baz"}},
		{"$response.body#/foo/0", "bar"},
		{"$response.body#/", 0.0},
		{"$response.body#/a~1b", 1.0},
		{"$response.body#/c%d", 2.0},
		{"$response.body#/e^f", 3.0},
		{"$response.body#/g|h", 4.0},
		{`$response.body#/i\j`, 5.0},
		{"$response.body#/ ", 7.0},
		{"$response.body#/m~0n", 8.0},
		{"$response.body#/x.y", 9.0},
		{"$response.body#/items/1/id", "i1"},
		{"$response.body.items.1.id", "i1"},
		{"$inputs.token", "tok"},
		{"$inputs.my.nested.name", "exact"},
		{"$inputs.customer#/address/city", "Oslo"},
		{"$inputs.customer.address.city", "Oslo"},
		{"$outputs.result#/1", 2.0},
		{"$steps.login.outputs.token", "s3cr3t"},
		{"$steps.login.outputs.pets#/0/id", 7.0},
		{"$workflows.auth.inputs.user", "ann"},
		{"$workflows.auth.outputs.token#/accessToken", "at"},
		{"$sourceDescriptions.petstore.url", "https://x/openapi.yaml"},
		{"$sourceDescriptions.petstore.get pet", "op"},
		{"$components.parameters.my.org.User", "param"},
		{"$message.payload#/user/id", "m1"},
		{"$message.body#/user/id", "m1"},
	}
	c := evalContext()
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			e, err := Parse(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.Eval(c)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Eval(%q) = %#v, %v; want %#v", tt.src, got, err, tt.want)
			}
		})
	}
}

func TestEvalLongestName(t *testing.T) {
	c := &Context{Inputs: map[string]any{"my.nested": map[string]any{"name": "via-prefix"}}}
	e, _ := Parse("$inputs.my.nested.name")
	got, err := e.Eval(c)
	if err != nil || got != "via-prefix" {
		t.Errorf("Eval = %v, %v; want via-prefix", got, err)
	}
}

func TestEvalUndefined(t *testing.T) {
	tests := []struct {
		src, what string
	}{
		{"$inputs.missing", `input "missing"`},
		{"$steps.nope.outputs.x", `step "nope" (it has not run)`},
		{"$steps.login.outputs.nope", `output "nope"`},
		{"$response.body#/foo/2", `json pointer "/foo/2" (no "2")`},
		{"$response.body#/foo/01", `(no "01")`},
		{"$response.body#/foo/-", `(no "-")`},
		{"$response.body#/nope/x", `(no "nope")`},
		{"$response.header.X-Missing", `header "X-Missing"`},
		{"$request.query.nope", `query parameter "nope"`},
		{"$workflows.other.outputs.x", `workflow "other"`},
		{"$sourceDescriptions.petstore.nope", `"nope" of source description "petstore"`},
		{"$components.successActions.x", `components "successActions"`},
	}
	c := evalContext()
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			e, err := Parse(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			_, err = e.Eval(c)
			var ue *UndefinedError
			if !errors.Is(err, ErrUndefined) || !errors.As(err, &ue) || !strings.Contains(ue.What, tt.what) {
				t.Errorf("Eval(%q) error = %v, want undefined %s", tt.src, err, tt.what)
			}
		})
	}
}

func TestEvalEmptyContext(t *testing.T) {
	for _, src := range append(append([]string{}, validBoth...), valid11...) {
		e, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Eval(nil); !errors.Is(err, ErrUndefined) {
			t.Errorf("Eval(%q) on nil context error = %v, want ErrUndefined", src, err)
		}
	}
}

func TestBody(t *testing.T) {
	tests := []struct {
		name, raw, ct string
		want          any
	}{
		{"json", `{"a":1}`, "application/json", map[string]any{"a": 1.0}},
		{"problem json", `{"a":1}`, "application/problem+json", map[string]any{"a": 1.0}},
		{"looks like json", ` [1,2]`, "", []any{1.0, 2.0}},
		{"text that looks like json", `{not json`, "text/plain", "{not json"},
		{"xml", `<a>1</a>`, "application/xml", "<a>1</a>"},
		{"xml braces", `{x}`, "text/xml", "{x}"},
		{"text", "hello", "text/plain", "hello"},
		{"empty", "", "application/json", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBody([]byte(tt.raw), tt.ct)
			got, err := b.Value()
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("NewBody(%q, %q).Value() = %#v, %v; want %#v", tt.raw, tt.ct, got, err, tt.want)
			}
			if string(b.Raw()) != tt.raw || b.ContentType() != tt.ct {
				t.Errorf("Raw/ContentType changed")
			}
		})
	}
	if _, err := NewBody([]byte("{bad"), "application/json").Value(); err == nil {
		t.Error("bad JSON with a JSON content type gave no error")
	}
}
