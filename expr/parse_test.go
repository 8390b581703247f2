package expr

import (
	"errors"
	"strings"
	"testing"
)

// Section 9.1 of runtime-expression-vectors.md: valid under both grammars.
var validBoth = []string{
	"$url", "$method", "$statusCode",
	"$request.header.accept", "$request.header.content-Type", "$request.header.Content-Type",
	"$request.header.X-Custom-Header", "$request.query.page", "$request.query.queryUrl",
	"$request.query.filter", "$request.path.id", "$request.path.userId",
	"$request.path.eventType", "$request.path.petId", "$request.body",
	"$request.body#/url", "$request.body#/failedUrl", "$request.body#/successUrls/2",
	"$request.body#/user/uuid", "$request.body#/data/items/0", "$request.body#/nested/deep/value",
	"$request.body#/a~0b~1c", "$response.header.Location", "$response.header.Server",
	"$response.header.content-type", "$response.header.X-Rate-Limit",
	"$response.header.X-Expires-After", "$response.header.Set-Cookie", "$response.body",
	"$response.body#/status", "$response.body#/uuid", "$response.body#/results/0/name",
	"$response.body#/items/0/id", "$response.body#/links/self", "$response.body#/a~1b",
	"$inputs.username", "$inputs.a", "$inputs.my-input", "$inputs.my_input",
	"$inputs.my.nested.name", "$inputs.x-api-key", "$inputs.PARrequestBody",
	"$inputs.customer#/firstName", "$inputs.customer#/address/city", "$outputs.result",
	"$outputs.my.nested.name", "$outputs.response#/name", "$outputs.mappedResponse#/data/id",
	"$outputs.result#/items/0/name", "$steps.loginStep.outputs.sessionToken",
	"$steps.someStepId.outputs.pets", "$steps.someStepId.outputs.pets#/0/id",
	"$steps.browser-authorize.outputs.code", "$steps.get-pet.outputs.id",
	"$workflows.myWorkflow.inputs.username", "$workflows.foo.outputs.bar",
	"$workflows.foo.outputs.mappedResponse#/name",
	"$workflows.authWorkflow.outputs.token#/accessToken", "$workflows.foo-bar.inputs.x",
	"$sourceDescriptions.petStoreDescription.url",
	"$sourceDescriptions.petStoreDescription.loginUser", "$sourceDescriptions.auth-api.PAR",
	"$components.parameters.petId", "$components.parameters.my.org.User",
	"$components.successActions.notifyUser", "$components.failureActions.logError",
}

// The "surprising" strings of 9.1 that we accept.
var validSurprising = []string{
	"$request.query.a b", "$request.body#", "$request.body#/", "$response.body#/0/",
	"$request.body#/a b", "$request.body#/é", "$sourceDescriptions.foo.bar.baz",
	"$sourceDescriptions.my.api.url", "$sourceDescriptions.petstore.get pet",
	"$steps.foo.outputs.bar.baz",
}

// Section 9.2: valid only for 1.1 documents.
var valid11 = []string{
	"$self", "$message.header.Server", "$message.header.content-type",
	"$message.query.page", "$message.path.id", "$message.body", "$message.body#/status",
	"$message.payload", "$message.payload#/user/id", "$message.payload#/data/items/0",
	"$response.payload", "$request.payload#/x",
}

func TestParseValid(t *testing.T) {
	all := append(append(append([]string{}, validBoth...), validSurprising...), valid11...)
	for _, src := range all {
		t.Run(src, func(t *testing.T) {
			e, err := ParseWith(src, ParseOptions{Version: "1.1.0", Strict: true})
			if err != nil {
				t.Fatalf("ParseWith(%q, 1.1 strict): %v", src, err)
			}
			if e.String() != src {
				t.Errorf("String() = %q, want %q", e.String(), src)
			}
		})
	}
}

func TestParseVersion10(t *testing.T) {
	for _, src := range validBoth {
		if _, err := ParseWith(src, ParseOptions{Version: "1.0.1", Strict: true}); err != nil {
			t.Errorf("ParseWith(%q, 1.0.1): %v", src, err)
		}
	}
	for _, src := range valid11 {
		_, err := ParseWith(src, ParseOptions{Version: "1.0.1"})
		if err == nil || !strings.Contains(err.Error(), "needs Arazzo 1.1") {
			t.Errorf("ParseWith(%q, 1.0.1) error = %v, want needs Arazzo 1.1", src, err)
		}
	}
}

// Sections 9.3 and 9.4: rejected, each with the start of the message we
// give and the offset of the caret.
var invalid = []struct {
	src, msg string
	off      int
}{
	// 9.3: the loose 1.0.1 ABNF admits these; we do not.
	{"$inputs.", "want an input name", 8},
	{"$inputs.a b", `unexpected " " after $inputs`, 9},
	{"$inputs.my:input", `unexpected ":"`, 10},
	{"$inputs.x#a", `json pointer must start with "/"`, 10},
	{"$inputs.x/y", `unexpected "/"`, 9},
	{"$inputs.x == 1", `unexpected " "`, 9},
	{"$inputs.a|b", `unexpected "|"`, 9},
	{"$inputs.é", "want an input name, found non-ASCII", 8},
	{`$inputs.a\b`, `unexpected "\"`, 9},
	{`$inputs.a\u0041`, `unexpected "\"`, 9},
	{"$inputs.foo}", `unexpected "}"`, 11},
	{"$inputs.foo{", `unexpected "{"`, 11},
	{"$inputs.{foo}", "want an input name", 8},
	{"$outputs.", "want an output name", 9},
	{"$outputs.a$b", `unexpected "$"`, 10},
	{"$outputs.x}", `unexpected "}"`, 10},
	{"$steps.foo", `want ".outputs" after the steps id`, 10},
	{"$steps.foo.outputs", `want "." and an output name`, 18},
	{"$steps.foo.outputs.", "want an output name", 19},
	{"$steps.foo.bar", `want outputs after $steps.foo., found "bar"`, 11},
	{"$steps.my.step.outputs.x", `want outputs after $steps.my., found "step"`, 10},
	{"$steps..outputs.x", "want a step id", 7},
	{"$steps.foo.inputs.x", `found "inputs"`, 11},
	{"$steps.a b.outputs.x", `want ".outputs"`, 8},
	{"$steps.a.outputs.b#c", `json pointer must start with "/"`, 19},
	{"$workflows.foo", `want ".inputs or outputs"`, 14},
	{"$workflows.foo.inputs", `want "." and a name`, 21},
	{"$workflows.foo.inputs.", "want a name", 22},
	{"$workflows.foo.steps.bar", `want ".outputs.NAME" after the step id`, 24},
	{"$workflows.foo.bar.baz", `found "bar"`, 15},
	{"$workflows.f.o.outputs.x", `found "o"`, 13},
	{"$sourceDescriptions.foo", `want "." and an operationId`, 23},
	{"$sourceDescriptions..x", "want a source description name", 20},
	{"$components.", "unknown component type", 12},
	{"$components.parameters", `want "." and a component name`, 22},
	{"$components.inputs.foo", `unknown component type "inputs"`, 12},
	{"$components.foo.bar", `unknown component type "foo"`, 12},
	{"$components.parameters.a b", `unexpected " "`, 24},
	{"$request.query.a{b", `unexpected "{"`, 16},
	{"$request.body#/foo}", `json pointer cannot contain "}"`, 18},
	{"$request.body#/foo{", `json pointer cannot contain "{"`, 18},
	{"$request.body#/{foo}", `json pointer cannot contain "{"`, 15},
	{"$request.path.eventType}", `unexpected "}"`, 23},

	// 9.4: invalid under both grammars.
	{"", `must start with "$", found end of expression`, 0},
	{"1", `must start with "$", found "1"`, 0},
	{"nonsensical string", `must start with "$"`, 0},
	{"inside$urlstring", `must start with "$"`, 0},
	{"inside $url string", `must start with "$"`, 0},
	{"$url ", `unexpected " " after $url`, 4},
	{" $url", `must start with "$", found " "`, 0},
	{"$url.foo", `unexpected "." after $url`, 4},
	{"$method.x", `unexpected "." after $method`, 7},
	{"$statusCode.value", `unexpected "."`, 11},
	{"$statusCode#/x", `unexpected "#"`, 11},
	{"$", `unknown source "$"`, 1},
	{"$foo", `unknown source "$foo"`, 1},
	{"url", `must start with "$"`, 0},
	{"$request", `want "." and header, query, path, body or payload`, 8},
	{"$request.", `unknown part ""`, 9},
	{"$request.header", `want "." and a header name`, 15},
	{"$request.header.", "want a header name", 16},
	{"$request.header.X Custom", `unexpected " "`, 17},
	{"$request.header.a b", `unexpected " "`, 17},
	{"$request.header.a:b", `unexpected ":"`, 17},
	{"$request.header.a/b", `unexpected "/"`, 17},
	{"$request.header.accept#/x", `unexpected "/"`, 23},
	{"$response.header.", "want a header name", 17},
	{"$response.header.a{b", `unexpected "{"`, 18},
	{"$request.cookie.session", `unknown part "cookie"`, 9},
	{"$request.body/foo", `unexpected "/" after $request`, 13},
	{"$request.body.foo", "use a json pointer", 13},
	{"$request.body#foo", `json pointer must start with "/"`, 14},
	{"$request.body#/a~2b", `"~" in a json pointer must be followed by 0 or 1`, 16},
	{"$request.body#/a~", `"~" in a json pointer`, 16},
	{"$response.body#~", `json pointer must start with "/"`, 15},
	{"$response.headers.Location", `unknown part "headers"`, 10},
	{"$response.body.redirectAuthToken", "use a json pointer", 14},
	{"$response.statusCode", `unknown part "statusCode"`, 10},
	{"$inputs", `want "." and an input name`, 7},
	{`$inputs.a"b`, `unexpected """`, 9},
	{"$message.payload.orderId", "use a json pointer", 16},
	{"$self.url", `unexpected "." after $self`, 5},
	{"{$url}", `must start with "$", found "{"`, 0},
	{"$url}", `unexpected "}"`, 4},
	{"$statusCode == 200", `unexpected " "`, 11},
	{"$unknown.type", `unknown source "$unknown"`, 1},
	{"$URL", "must be written $url", 1},
	{"$request.HEADER.accept", "must be written header", 9},
}

func TestParseInvalid(t *testing.T) {
	for _, tt := range invalid {
		t.Run(tt.src, func(t *testing.T) {
			_, err := ParseWith(tt.src, ParseOptions{Strict: true})
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("ParseWith(%q) error = %v, want a *SyntaxError", tt.src, err)
			}
			if !strings.Contains(se.Msg, tt.msg) || se.Offset != tt.off {
				t.Errorf("ParseWith(%q) = %q at %d, want %q at %d", tt.src, se.Msg, se.Offset, tt.msg, tt.off)
			}
		})
	}
}

func TestParseCompat(t *testing.T) {
	tests := []struct {
		src, code string
	}{
		{"$response.body.redirectAuthToken", "dot-path-body"},
		{"$request.body.foo", "dot-path-body"},
		{"$message.payload.orderId", "dot-path-body"},
		{"$response.body.items.0.id", "dot-path-body"},
		{"$URL", "source-case"},
		{"$Method", "source-case"},
		{"$StatusCode", "source-case"},
		{"$Inputs.x", "source-case"},
		{"$request.HEADER.accept", "source-case"},
		{"$Request.Body#/x", "source-case"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			e, err := Parse(tt.src)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.src, err)
			}
			if !contains(e.Compat(), tt.code) {
				t.Errorf("Parse(%q).Compat() = %v, want %q", tt.src, e.Compat(), tt.code)
			}
		})
	}
}

func TestParseParts(t *testing.T) {
	tests := []struct {
		src              string
		source           Source
		part             Part
		name, field, key string
		ptr              string
	}{
		{"$request.header.X-Custom", SourceRequest, PartHeader, "X-Custom", "", "", ""},
		{"$response.body#/a~1b", SourceResponse, PartBody, "", "", "", "/a~1b"},
		{"$inputs.customer#/address/city", SourceInputs, PartNone, "customer", "", "", "/address/city"},
		{"$steps.get-pet.outputs.id", SourceSteps, PartNone, "get-pet", "outputs", "id", ""},
		{"$workflows.foo.inputs.x.y", SourceWorkflows, PartNone, "foo", "inputs", "x.y", ""},
		{"$sourceDescriptions.api.get pet", SourceSourceDescriptions, PartNone, "api", "", "get pet", ""},
		{"$components.parameters.my.org.User", SourceComponents, PartNone, "parameters", "", "my.org.User", ""},
		{"$message.payload#/x", SourceMessage, PartPayload, "", "", "", "/x"},
		{"$self", SourceSelf, PartNone, "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			e, err := Parse(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			ptr := ""
			if e.Pointer() != nil {
				ptr = e.Pointer().String()
			}
			got := []any{e.Source(), e.Part(), e.Name(), e.Field(), e.Key(), ptr}
			want := []any{tt.source, tt.part, tt.name, tt.field, tt.key, tt.ptr}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("Parse(%q) = %v, want %v", tt.src, got, want)
					break
				}
			}
		})
	}
}

func TestSyntaxErrorCaret(t *testing.T) {
	_, err := Parse("$inputs.é x")
	want := "want an input name, found non-ASCII character\n\t$inputs.é x\n\t        ^"
	if err == nil || err.Error() != want {
		t.Errorf("Parse error =\n%v\nwant\n%s", err, want)
	}
	_, err = Parse("$inputs.xé}")
	want = "unexpected non-ASCII character after $inputs.x\n\t$inputs.xé}\n\t         ^"
	if err == nil || err.Error() != want {
		t.Errorf("Parse error =\n%v\nwant\n%s", err, want)
	}
}
