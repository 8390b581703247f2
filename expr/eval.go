package expr

// This file evaluates a parsed runtime expression against a Context.

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
)

// Eval returns the value the expression names. Values keep their type:
// $statusCode is an int, a JSON body member is whatever the body decoded
// to (see [Body]). A value that is absent gives an error wrapping
// [ErrUndefined]; a body that fails to decode gives that error.
func (e *Expr) Eval(c *Context) (any, error) {
	if c == nil {
		c = &Context{}
	}
	switch e.source {
	case SourceURL:
		return e.nonEmpty(c.URL, "the request URL")
	case SourceMethod:
		return e.nonEmpty(c.Method, "the request method")
	case SourceSelf:
		return e.nonEmpty(c.Self, "the document's $self")
	case SourceStatusCode:
		if c.StatusCode == 0 {
			return nil, undefined(e.src, "the status code (no response yet)")
		}
		return c.StatusCode, nil
	case SourceRequest, SourceResponse, SourceMessage:
		return e.evalMessage(c)
	}
	return e.evalNamed(c)
}

func (e *Expr) nonEmpty(s, what string) (any, error) {
	if s == "" {
		return nil, undefined(e.src, "%s", what)
	}
	return s, nil
}

func (e *Expr) evalNamed(c *Context) (any, error) {
	switch e.source {
	case SourceInputs:
		return e.lookup(c.Inputs, e.name, "input")
	case SourceOutputs:
		return e.lookup(c.Outputs, e.name, "output")
	case SourceSteps:
		outs, ok := c.Steps[e.name]
		if !ok {
			return nil, undefined(e.src, "step %q (it has not run)", e.name)
		}
		return e.lookup(outs, e.key, "output")
	case SourceWorkflows:
		return e.evalWorkflow(c)
	case SourceSourceDescriptions:
		sd, ok := c.SourceDescriptions[e.name]
		if !ok {
			return nil, undefined(e.src, "source description %q", e.name)
		}
		v, ok := sd[e.key]
		if !ok {
			return nil, undefined(e.src, "%q of source description %q", e.key, e.name)
		}
		return v, nil
	}
	return e.evalComponent(c)
}

func (e *Expr) evalWorkflow(c *Context) (any, error) {
	wv := c.Workflows[e.name]
	if wv == nil {
		return nil, undefined(e.src, "workflow %q (it has not run)", e.name)
	}
	m, what := wv.Outputs, "output"
	switch {
	case e.step != "":
		outputs, ran := wv.Steps[e.step]
		if !ran {
			return nil, undefined(e.src, "step %q of workflow %q (it has not run)", e.step, e.name)
		}
		m = outputs
	case e.field == "inputs":
		m, what = wv.Inputs, "input"
	}
	return e.lookup(m, e.key, what)
}

func (e *Expr) evalComponent(c *Context) (any, error) {
	v, ok := c.Components[e.name]
	if !ok {
		return nil, undefined(e.src, "components %q", e.name)
	}
	m, ok := v.(map[string]any)
	if !ok {
		got, found := step(v, e.key)
		if !found {
			return nil, undefined(e.src, "component %q", e.key)
		}
		return got, nil
	}
	return e.lookup(m, e.key, "component")
}

// lookup finds name in m. Names may contain dots, so the longest prefix of
// name (cut at a dot) that m defines wins, and the rest of the dotted
// name walks into that value. Then the pointer applies.
func (e *Expr) lookup(m map[string]any, name, what string) (any, error) {
	if name == "" {
		return wholeMap(m), nil
	}
	base, rest := name, ""
	for {
		if v, ok := m[base]; ok {
			return e.walk(v, splitDots(rest))
		}
		i := strings.LastIndexByte(base, '.')
		if i < 0 {
			return nil, undefined(e.src, "%s %q", what, name)
		}
		base, rest = base[:i], name[i+1:]
	}
}

// wholeMap gives the value of $inputs or $steps.ID.outputs: every name,
// as an object, empty rather than null when there are none.
func wholeMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func splitDots(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ".")
}

// walk applies dotted property names, then the pointer, to v.
func (e *Expr) walk(v any, dots []string) (any, error) {
	for _, d := range dots {
		next, ok := step(v, d)
		if !ok {
			return nil, undefined(e.src, "property %q of %s", d, typeName(v))
		}
		v = next
	}
	if e.ptr == nil {
		return v, nil
	}
	got, at, ok := e.ptr.Get(v)
	if !ok {
		return nil, e.pointerMiss(v, at)
	}
	return got, nil
}

func (e *Expr) pointerMiss(v any, at int) error {
	if s, ok := v.(string); ok && at == 0 {
		return undefined(e.src, "json pointer %q (the value is text, not JSON: %s)",
			e.ptr.raw, truncate(s, 40))
	}
	return undefined(e.src, "json pointer %q (no %q)", e.ptr.raw, e.ptr.tokens[at])
}

func (e *Expr) evalMessage(c *Context) (any, error) {
	m, what := c.Request, "request"
	switch e.source {
	case SourceResponse:
		m, what = c.Response, "response"
	case SourceMessage:
		m, what = c.Message, "message"
	}
	if m == nil {
		return nil, undefined(e.src, "the %s (there is none yet)", what)
	}
	switch e.part {
	case PartHeader:
		return e.header(m.Header)
	case PartQuery:
		vs, ok := m.Query[e.name]
		if !ok || len(vs) == 0 {
			return nil, undefined(e.src, "query parameter %q", e.name)
		}
		return vs[0], nil
	case PartPath:
		v, ok := m.Path[e.name]
		if !ok {
			return nil, undefined(e.src, "path parameter %q", e.name)
		}
		return v, nil
	}
	return e.body(m.Body, what)
}

// header returns the first value of the header, matching its name without
// regard to case even when the map was not built with canonical keys.
func (e *Expr) header(h http.Header) (any, error) {
	if vs := h[http.CanonicalHeaderKey(e.name)]; len(vs) > 0 {
		return vs[0], nil
	}
	for k, vs := range h {
		if strings.EqualFold(k, e.name) && len(vs) > 0 {
			return vs[0], nil
		}
	}
	return nil, undefined(e.src, "header %q", e.name)
}

func (e *Expr) body(b *Body, what string) (any, error) {
	if b == nil {
		return nil, undefined(e.src, "the %s body (there is none)", what)
	}
	v, err := b.Value()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", e.src, err)
	}
	return e.walk(v, e.dots)
}

// wholeBody returns the Body an expression names as a whole, such as
// $response.body, so xpath can reuse its parsed document.
func (e *Expr) wholeBody(c *Context) *Body {
	if e == nil || c == nil || e.ptr != nil || len(e.dots) > 0 || (e.part != PartBody && e.part != PartPayload) {
		return nil
	}
	switch e.source {
	case SourceRequest:
		return bodyOfMessage(c.Request)
	case SourceResponse:
		return bodyOfMessage(c.Response)
	case SourceMessage:
		return bodyOfMessage(c.Message)
	}
	return nil
}

func bodyOfMessage(m *Message) *Body {
	if m == nil {
		return nil
	}
	return m.Body
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64, int, int64, float32, int32:
		return "a number"
	}
	return reflect.TypeOf(v).String()
}
