// Checking a built request before it is sent.

package openapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// CheckRequest validates a request built for the operation, whose body is
// given separately, with kin-openapi's request validator: required and
// well-formed parameters, the body's content type and, for JSON, its
// schema (as a request: readOnly properties must be absent). Security is
// not checked, since credentials are the workflow's business. It returns
// nil when the request conforms.
func (o *Operation) CheckRequest(req *http.Request, body []byte, opts ...CheckOption) []Finding {
	if o == nil || req == nil || req.URL == nil {
		return nil
	}
	pathParams, ok := o.pathParams(req.URL)
	if !ok {
		return []Finding{{Check: CheckParameter, Severity: SeverityError, SchemaPath: o.schemaRef(o.Pointer),
			Message: o.Name() + ": request path " + req.URL.EscapedPath() + " does not match " + o.PathTemplate}}
	}

	clone := req.Clone(req.Context())
	clone.Body = io.NopCloser(bytes.NewReader(body))
	input := &openapi3filter.RequestValidationInput{
		Request:    clone,
		PathParams: pathParams,
		Route: &routers.Route{Spec: o.desc.doc, Path: o.PathTemplate, PathItem: o.item,
			Method: o.Method, Operation: o.op},
		Options: &openapi3filter.Options{MultiError: true,
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	err := openapi3filter.ValidateRequest(context.Background(), input)
	return o.requestFindings(err, newCheckConfig(opts))
}

// pathParams matches the end of the request path against the template
// and returns the unescaped values of its parameters.
func (o *Operation) pathParams(u *url.URL) (map[string]string, bool) {
	var names []string
	re := templateRegexp(o.PathTemplate, &names)
	m := re.FindStringSubmatch(u.EscapedPath())
	if m == nil {
		return nil, false
	}
	out := make(map[string]string, len(names))
	for i, name := range names {
		v, err := url.PathUnescape(m[i+1])
		if err != nil {
			v = m[i+1]
		}
		out[name] = v
	}
	return out, true
}

// templateRegexp turns "/pets/{id}" into `/pets/([^/]*)$`, collecting the
// parameter names.
func templateRegexp(template string, names *[]string) *regexp.Regexp {
	var b strings.Builder
	rest := template
	for {
		open := strings.IndexByte(rest, '{')
		end := strings.IndexByte(rest, '}')
		if open < 0 || end < open {
			b.WriteString(regexp.QuoteMeta(rest))
			break
		}
		b.WriteString(regexp.QuoteMeta(rest[:open]))
		b.WriteString(`([^/]*)`)
		*names = append(*names, rest[open+1:end])
		rest = rest[end+1:]
	}
	return regexp.MustCompile(b.String() + "$")
}

// requestFindings converts the validator's errors.
func (o *Operation) requestFindings(err error, cfg checkConfig) []Finding {
	if err == nil {
		return nil
	}
	var errs []error
	var me openapi3.MultiError
	if errors.As(err, &me) {
		errs = me
	} else {
		errs = []error{err}
	}
	var out []Finding
	for _, e := range errs {
		out = append(out, o.requestFinding(e, cfg))
	}
	return out
}

func (o *Operation) requestFinding(err error, cfg checkConfig) Finding {
	f := Finding{Check: CheckParameter, Severity: SeverityError, SchemaPath: o.schemaRef(o.Pointer),
		Message: o.Name() + ": " + plainValidatorText(err.Error())}
	var re *openapi3filter.RequestError
	if errors.As(err, &re) && re.RequestBody != nil {
		f.Check = CheckBodySchema
		f.SchemaPath = o.schemaRef(o.Pointer + "/requestBody")
		if strings.Contains(strings.ToLower(re.Reason), "content type") ||
			strings.Contains(strings.ToLower(re.Reason), "content-type") {
			f.Check = CheckContentType
		}
	}
	if re != nil && re.Parameter != nil {
		f.SchemaPath = o.schemaRef(o.Pointer + "/parameters")
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		if tokens := se.JSONPointer(); len(tokens) > 0 {
			f.Pointer = "/" + strings.Join(escapeTokens(tokens), "/")
		}
		f.Message = fmt.Sprintf("%s: %s%s: %s", o.Name(), requestPart(re),
			atPointer(f.Pointer), reasonWithValue(se.Reason, cfg.show(se.Value)))
	}
	var sre *openapi3filter.SecurityRequirementsError
	if errors.As(err, &sre) {
		f.Check = CheckSecurity
	}
	return f
}

// requestPart names what a request error is about.
func requestPart(re *openapi3filter.RequestError) string {
	switch {
	case re != nil && re.Parameter != nil:
		return fmt.Sprintf("%s parameter %q", re.Parameter.In, re.Parameter.Name)
	case re != nil && re.RequestBody != nil:
		return "request body"
	}
	return "request"
}

// validatorPreamble is how the JSON Schema 2020-12 validator, which
// kin-openapi uses for 3.1, opens its report, naming a made-up schema URL.
var validatorPreamble = regexp.MustCompile(`jsonschema validation failed with '[^']*'`)

// validatorLine is one problem of that report: "- at '/a': reason".
var validatorLine = regexp.MustCompile(`(?m)^[ \t]*- at '([^']*)': (.*)$`)

// thousands matches a digit group separator the validator prints in
// numbers ("1,000"), which reads as two numbers in a message.
var thousands = regexp.MustCompile(`(\d),(\d{3})\b`)

// plainValidatorText turns the validator's multi-line report into one
// line: "query parameter "limit": maximum: got 1000, want 100".
func plainValidatorText(msg string) string {
	if !validatorPreamble.MatchString(msg) {
		return msg
	}
	head := validatorPreamble.ReplaceAllString(msg, "")
	var parts []string
	for _, m := range validatorLine.FindAllStringSubmatch(head, -1) {
		if m[1] != "" {
			parts = append(parts, "at "+m[1]+": "+m[2])
		} else {
			parts = append(parts, m[2])
		}
	}
	head = strings.TrimSpace(validatorLine.ReplaceAllString(head, ""))
	text := strings.Join(parts, "; ")
	if head != "" {
		text = strings.TrimSuffix(head, ":") + ": " + text
	}
	for thousands.MatchString(text) {
		text = thousands.ReplaceAllString(text, "$1$2")
	}
	return text
}
