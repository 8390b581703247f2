// Conformance checks of responses against the operation's declarations.

package openapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Finding checks and severities.
const (
	CheckStatus         = "status-declared"
	CheckContentType    = "content-type-declared"
	CheckBodySchema     = "body-schema"
	CheckHeaderSchema   = "header-schema"
	CheckRequiredHeader = "required-header"
	CheckParameter      = "parameter-schema" // requests only
	CheckSecurity       = "security"         // requests only

	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Finding is one way a response (or request) departs from the operation's
// declaration. SchemaPath is a reference into the description, from a
// $ref target when there is one ("api.yaml#/components/schemas/Pet/
// properties/age/minimum", "api.yaml#/paths/~1pets/get/responses");
// Pointer locates the offending value in the body ("/age").
type Finding struct {
	Check      string
	Severity   string
	Message    string
	SchemaPath string
	Pointer    string
}

// String formats the finding for people.
func (f Finding) String() string {
	return fmt.Sprintf("%s %s: %s", f.Severity, f.Check, f.Message)
}

// CheckResponse compares resp, whose body has already been read into body,
// with the operation's declared responses: the status, the content type,
// the body against its JSON schema (as a response: writeOnly properties
// must be absent) and the declared headers. Only JSON bodies are checked
// against schemas. It returns nil when everything conforms.
func (o *Operation) CheckResponse(resp *http.Response, body []byte, opts ...CheckOption) []Finding {
	return o.CheckDecodedResponse(resp, body, nil, opts...)
}

// CheckOption adjusts how a check reports what it found.
type CheckOption func(*checkConfig)

type checkConfig struct {
	redact  func(string) string
	applied func(check string)
}

// WithApplied calls applied with the name of each response check that
// found something to check in the response: status-declared always;
// content-type-declared when there is a body, or a Content-Type for
// declared content; body-schema when the body's declared media type is
// JSON with a schema; header-schema when a declared header with a schema
// is present; required-header when the response declares a required
// header. A check not named had nothing to check (a status not declared
// leaves only status-declared), which is not the same as passing.
func WithApplied(applied func(check string)) CheckOption {
	return func(c *checkConfig) { c.applied = applied }
}

// ran notes that check had something to check.
func (c checkConfig) ran(check string) {
	if c.applied != nil {
		c.applied(check)
	}
}

// WithRedact passes each value a finding quotes through redact, a secret
// masker, before the value is shortened for the message: a secret that
// the cut would leave half-shown is still recognised and masked whole.
func WithRedact(redact func(string) string) CheckOption {
	return func(c *checkConfig) { c.redact = redact }
}

func newCheckConfig(opts []CheckOption) checkConfig {
	var c checkConfig
	for _, o := range opts {
		o(&c)
	}
	return c
}

// CheckDecodedResponse is [Operation.CheckResponse] for a body that its
// caller decodes anyway: decoded, when not nil, returns the body decoded
// as encoding/json decodes into an any, and is called only for a JSON
// content type. A nil value or an error falls back to decoding body, so
// that an empty or malformed body is reported as CheckResponse reports it.
func (o *Operation) CheckDecodedResponse(resp *http.Response, body []byte, decoded func() (any, error), opts ...CheckOption) []Finding {
	if o == nil || resp == nil {
		return nil
	}
	cfg := newCheckConfig(opts)
	cfg.ran(CheckStatus)
	ref, key := o.response(resp.StatusCode)
	if ref == nil || ref.Value == nil {
		return []Finding{o.undeclaredStatus(resp.StatusCode)}
	}

	base := o.Pointer + "/responses/" + escapePointerToken(key)
	if ref.Ref != "" {
		base = ref.Ref
	}
	c := &checker{op: o, decoded: decoded, v31: o.desc.doc.IsOpenAPI31OrLater(), checkConfig: cfg}
	c.headers(ref.Value.Headers, resp.Header, base)
	c.content(ref.Value.Content, resp.Header.Get("Content-Type"), body, base, "response")
	return c.findings
}

// response finds the declared response for status: exact, then the
// "2XX"-style range, then default. key is the one that matched.
func (o *Operation) response(status int) (*openapi3.ResponseRef, string) {
	rs := o.op.Responses
	if rs == nil {
		return nil, ""
	}
	exact := strconv.Itoa(status)
	rng := exact[:1] + "XX"
	for _, key := range []string{exact, rng, strings.ToLower(rng), "default"} {
		if r := rs.Value(key); r != nil {
			return r, key
		}
	}
	return nil, ""
}

func (o *Operation) undeclaredStatus(status int) Finding {
	var keys []string
	if o.op.Responses != nil {
		keys = slices.Sorted(func(yield func(string) bool) {
			for k := range o.op.Responses.Map() {
				if !yield(k) {
					return
				}
			}
		})
	}
	return Finding{
		Check:      CheckStatus,
		Severity:   SeverityError,
		Message:    fmt.Sprintf("%s: status %d is not declared (declared: %s)", o.Name(), status, strings.Join(keys, ", ")),
		SchemaPath: o.schemaRef(o.Pointer + "/responses"),
	}
}

// visitOptions adds the JSON Schema 2020-12 validator for 3.1 documents.
func (o *Operation) visitOptions(opts ...openapi3.SchemaValidationOption) []openapi3.SchemaValidationOption {
	opts = append(opts, openapi3.MultiErrors())
	if o.desc.doc.IsOpenAPI31OrLater() {
		opts = append(opts, openapi3.EnableJSONSchema2020())
	}
	return opts
}

// checker collects the findings of one check run.
type checker struct {
	checkConfig
	op       *Operation
	visit    []openapi3.SchemaValidationOption // set on first use
	decoded  func() (any, error)               // the body already decoded, or nil
	v31      bool                              // the description is OpenAPI 3.1 or later
	findings []Finding
}

// schemaRef writes a JSON pointer into the operation's description as a
// reference to it, "api.yaml#/paths/~1pets/get/responses", as a $ref
// would, so that every SchemaPath reads alike and names its file when
// a document has several sources. A reference that names its file
// already is kept.
func (o *Operation) schemaRef(pointer string) string {
	pointer = strings.TrimPrefix(pointer, "#")
	if !strings.HasPrefix(pointer, "/") {
		return pointer
	}
	return o.desc.name() + "#" + pointer
}

func (c *checker) add(check, severity, schemaPath, pointer, format string, args ...any) {
	c.findings = append(c.findings, Finding{Check: check, Severity: severity,
		Message: c.op.Name() + ": " + fmt.Sprintf(format, args...), SchemaPath: c.op.schemaRef(schemaPath), Pointer: pointer})
}

// content checks the content type and the body against the declared
// content map. what is "response" or "request" for messages.
func (c *checker) content(content openapi3.Content, ct string, body []byte, base, what string) {
	if len(body) > 0 || (len(content) > 0 && ct != "") {
		c.ran(CheckContentType)
	}
	if len(content) == 0 {
		if len(body) > 0 {
			c.add(CheckContentType, SeverityWarning, base, "",
				"%s has a %d-byte body but declares no content", what, len(body))
		}
		return
	}
	if ct == "" {
		if len(body) > 0 {
			c.add(CheckContentType, SeverityError, base+"/content", "",
				"%s has a body but no Content-Type (declared: %s)", what, contentKeys(content))
		}
		return
	}

	mt := mediaType(ct)
	media := lookupMedia(content, mt)
	if media == nil {
		c.add(CheckContentType, SeverityError, base+"/content", "",
			"%s content type %q is not declared (declared: %s)", what, mt, contentKeys(content))
		return
	}
	if media.Schema == nil || !isJSON(mt) {
		return // TODO(spec): only JSON bodies are checked against schemas
	}
	c.ran(CheckBodySchema)
	c.jsonBody(media.Schema, body, mt, base+"/content/"+escapePointerToken(mediaKey(content, media))+"/schema", what)
}

func contentKeys(content openapi3.Content) string {
	keys := make([]string, 0, len(content))
	for k := range content {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return strings.Join(keys, ", ")
}

func mediaKey(content openapi3.Content, media *openapi3.MediaType) string {
	for k, m := range content {
		if m == media {
			return k
		}
	}
	return ""
}

// jsonBody decodes body and validates it against schema.
func (c *checker) jsonBody(schema *openapi3.SchemaRef, body []byte, mt, schemaPath, what string) {
	if schema.Ref != "" {
		schemaPath = schema.Ref
	}
	if v := c.decodedBody(mt); v != nil {
		c.validate(CheckBodySchema, schema, v, schemaPath, what+" body")
		return
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		c.add(CheckBodySchema, SeverityError, schemaPath, "", "%s body is not valid JSON: %v", what, err)
		return
	}
	c.validate(CheckBodySchema, schema, v, schemaPath, what+" body")
}

// decodedBody returns the body its caller decoded, or nil when there is
// none or it failed. Only the JSON media types every caller decodes as
// JSON qualify: application/json, text/json and any +json type.
func (c *checker) decodedBody(mt string) any {
	strict := mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
	if c.decoded == nil || !strict {
		return nil
	}
	v, err := c.decoded()
	if err != nil {
		return nil
	}
	return v
}

// conforms reports whether v certainly conforms to schema, at schemaPath
// in the description, sparing kin-openapi's costly validator.
func (c *checker) conforms(schema *openapi3.Schema, v any, schemaPath string) bool {
	if c.v31 {
		return c.op.desc.conforms31(schemaPath, schema, v)
	}
	return c.op.desc.conforms(schema, v)
}

// validate runs the schema and adds one finding per schema error.
func (c *checker) validate(check string, schema *openapi3.SchemaRef, v any, schemaPath, what string) {
	if schema.Value == nil || c.conforms(schema.Value, v, schemaPath) {
		return
	}
	if c.visit == nil {
		c.visit = c.op.visitOptions(openapi3.VisitAsResponse())
	}
	err := schema.Value.VisitJSON(v, c.visit...)
	errs := schemaErrors(err)
	for _, se := range c.missingMembers(check, schema, errs, schemaPath, what) {
		tokens := se.JSONPointer()
		pointer := ""
		if len(tokens) > 0 {
			pointer = "/" + strings.Join(escapeTokens(tokens), "/")
		}
		walk := tokens
		if se.SchemaField == "required" && len(walk) > 0 {
			walk = walk[:len(walk)-1] // the pointer names the missing member
		}
		path := locateSchema(schemaPath, schema, walk, se.Schema)
		if se.SchemaField != "" {
			path += "/" + se.SchemaField
		}
		c.add(check, SeverityError, path, pointer, "%s%s: %s",
			what, atPointer(pointer), reasonWithValue(se.Reason, c.show(se.Value)))
	}
	if err != nil && len(errs) == 0 {
		c.add(check, SeverityError, schemaPath, "", "%s: %v", what, err)
	}
}

// missingMembers reports two or more required members missing from one
// object as a single finding at the object, listing them, rather than one
// finding per member that each quotes the whole object. It returns the
// other errors.
func (c *checker) missingMembers(check string, schema *openapi3.SchemaRef, errs []*openapi3.SchemaError, schemaPath, what string) []*openapi3.SchemaError {
	type group struct {
		names []string
		first *openapi3.SchemaError
	}
	groups := map[string]*group{}
	var order []string
	var rest []*openapi3.SchemaError
	for _, se := range errs {
		tokens := se.JSONPointer()
		if se.SchemaField != "required" || len(tokens) == 0 {
			rest = append(rest, se)
			continue
		}
		parent := "/" + strings.Join(escapeTokens(tokens[:len(tokens)-1]), "/")
		g := groups[parent]
		if g == nil {
			g = &group{first: se}
			groups[parent] = g
			order = append(order, parent)
		}
		g.names = append(g.names, tokens[len(tokens)-1])
	}
	for _, parent := range order {
		g := groups[parent]
		if len(g.names) == 1 {
			rest = append(rest, g.first) // reported as usual, at the member
			continue
		}
		tokens := g.first.JSONPointer()
		path := locateSchema(schemaPath, schema, tokens[:len(tokens)-1], g.first.Schema) + "/required"
		pointer := strings.TrimSuffix(parent, "/")
		c.add(check, SeverityError, path, pointer, "%s%s: missing required properties %s (got %s)",
			what, atPointer(pointer), strings.Join(g.names, ", "), c.show(g.first.Value))
	}
	return rest
}

// reasonPrefix matches the location prefixes the 2020-12 validator puts
// before its reasons, which the finding already carries.
var reasonPrefix = regexp.MustCompile(`^(error at "[^"]*": )?(at '[^']*': )?`)

func cleanReason(r string) string { return reasonPrefix.ReplaceAllString(r, "") }

// typeReason is the JSON Schema validator's wording of a type mismatch,
// which names the type it got but not the value.
var typeReason = regexp.MustCompile(`^got (\w+), want (.+)$`)

// reasonWithValue says why a value failed its schema, and what the value
// was (shown, as show gives it): "value must be an integer (got "abc")",
// or "want integer, got string "abc"" where the reason already says what
// it got.
func reasonWithValue(reason, shown string) string {
	reason = cleanReason(reason)
	if m := typeReason.FindStringSubmatch(reason); m != nil {
		return fmt.Sprintf("want %s, got %s %s", m[2], m[1], shown)
	}
	if strings.Contains(reason, "got "+shown) {
		return reason // "maximum: got 99, want 10" says it already
	}
	return fmt.Sprintf("%s (got %s)", reason, shown)
}

func atPointer(p string) string {
	if p == "" {
		return ""
	}
	return " at " + p
}

func escapeTokens(tokens []string) []string {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		out[i] = escapePointerToken(t)
	}
	return out
}

// schemaErrors flattens kin-openapi's multi-errors into schema errors.
func schemaErrors(err error) []*openapi3.SchemaError {
	if err == nil {
		return nil
	}
	var me openapi3.MultiError
	if errors.As(err, &me) && len(me) > 0 {
		var out []*openapi3.SchemaError
		for _, e := range me {
			out = append(out, schemaErrors(e)...)
		}
		return out
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		return []*openapi3.SchemaError{se}
	}
	return nil
}

// show renders an offending value briefly, masked first when the caller
// gave a redactor (see [WithRedact]).
func (c checkConfig) show(v any) string {
	data, err := json.Marshal(v)
	text := string(data)
	if err != nil {
		text = fmt.Sprintf("%v", v)
	}
	if c.redact != nil {
		text = c.redact(text)
	}
	const max = 80
	if r := []rune(text); len(r) > max {
		return string(r[:max]) + "…"
	}
	return text
}

// locateSchema follows tokens (a pointer into the value) through the
// schema's properties, items and additionalProperties, restarting from
// each $ref target, and returns where the failing schema sits. It stops
// where the walk cannot go on, and looks one level into allOf, anyOf and
// oneOf for the failing subschema.
func locateSchema(path string, ref *openapi3.SchemaRef, tokens []string, failed *openapi3.Schema) string {
	for _, tok := range tokens {
		next, step := childSchema(ref.Value, tok)
		if next == nil {
			break
		}
		path, ref = path+step, next
		if ref.Ref != "" {
			path = ref.Ref
		}
	}
	if failed == nil || ref.Value == failed {
		return path
	}
	return subschemaPath(path, ref.Value, failed)
}

func childSchema(s *openapi3.Schema, tok string) (*openapi3.SchemaRef, string) {
	if s == nil {
		return nil, ""
	}
	if p := s.Properties[tok]; p != nil {
		return p, "/properties/" + escapePointerToken(tok)
	}
	if _, err := strconv.Atoi(tok); err == nil && s.Items != nil {
		return s.Items, "/items"
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		return ap, "/additionalProperties"
	}
	for i, sub := range s.AllOf {
		if next, step := childSchema(sub.Value, tok); next != nil {
			return next, fmt.Sprintf("/allOf/%d%s", i, step)
		}
	}
	return nil, ""
}

// subschemaPath locates failed among the direct subschemas of s.
func subschemaPath(path string, s *openapi3.Schema, failed *openapi3.Schema) string {
	groups := []struct {
		name string
		refs openapi3.SchemaRefs
	}{{"allOf", s.AllOf}, {"anyOf", s.AnyOf}, {"oneOf", s.OneOf}}
	for _, g := range groups {
		for i, sub := range g.refs {
			switch {
			case sub.Value != failed:
			case sub.Ref != "":
				return sub.Ref
			default:
				return fmt.Sprintf("%s/%s/%d", path, g.name, i)
			}
		}
	}
	return path
}

// headers checks the declared response headers: present when required,
// and valid against their schema when present.
func (c *checker) headers(declared openapi3.Headers, got http.Header, base string) {
	for _, h := range c.op.declaredHeaders(declared, base) {
		c.header(h, got.Values(h.name))
	}
}

// declaredHeader is a response header's declaration, with the strings
// its findings use.
type declaredHeader struct {
	name       string
	decl       *openapi3.Header
	path       string // where the declaration is
	schemaPath string // where its schema is
	what       string // "header NAME"
}

// declaredHeaders lists the headers the response at base declares, but
// Content-Type, sorted by name. The list is made once per response.
func (o *Operation) declaredHeaders(declared openapi3.Headers, base string) []declaredHeader {
	if list, ok := o.headers.Load(base); ok {
		return list.([]declaredHeader)
	}
	var list []declaredHeader
	for _, name := range slices.Sorted(maps.Keys(declared)) {
		ref := declared[name]
		if ref == nil || ref.Value == nil || strings.EqualFold(name, "Content-Type") {
			continue
		}
		h := declaredHeader{name: name, decl: ref.Value, what: "header " + name,
			path: base + "/headers/" + escapePointerToken(name)}
		if ref.Ref != "" {
			h.path = ref.Ref
		}
		h.schemaPath = h.path + "/schema"
		if s := ref.Value.Schema; s != nil && s.Ref != "" {
			h.schemaPath = s.Ref
		}
		list = append(list, h)
	}
	o.headers.Store(base, list)
	return list
}

func (c *checker) header(h declaredHeader, values []string) {
	if h.decl.Required {
		c.ran(CheckRequiredHeader)
	}
	if len(values) == 0 {
		if h.decl.Required {
			c.add(CheckRequiredHeader, SeverityError, h.path, "", "required header %s is missing", h.name)
		}
		return
	}
	schema := h.decl.Schema
	if schema == nil {
		return
	}
	c.ran(CheckHeaderSchema)
	joined := values[0]
	if len(values) > 1 {
		joined = strings.Join(values, ",")
	}
	v := headerValue(joined, schema.Value)
	before := len(c.findings)
	c.validate(CheckHeaderSchema, schema, v, h.schemaPath, h.what)
	for i := before; i < len(c.findings); i++ {
		c.findings[i].Pointer = ""
	}
}

// headerValue converts a simple-style header value to the schema's type,
// leaving it a string when it does not parse (so validation reports it).
func headerValue(s string, schema *openapi3.Schema) any {
	if schema == nil || schema.Type == nil {
		return s
	}
	switch {
	case schema.Type.Is("array"):
		parts := strings.Split(s, ",")
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = headerValue(strings.TrimSpace(p), itemsOf(schema))
		}
		return out
	case schema.Type.Includes("integer"), schema.Type.Includes("number"):
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
			return f
		}
	case schema.Type.Includes("boolean"):
		if b, err := strconv.ParseBool(strings.TrimSpace(s)); err == nil {
			return b
		}
	}
	return s
}

func itemsOf(s *openapi3.Schema) *openapi3.Schema {
	if s.Items == nil {
		return nil
	}
	return s.Items.Value
}
