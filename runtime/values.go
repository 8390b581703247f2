package runtime

// This file evaluates the compiled values of a document: parameters,
// payloads, replacements and outputs.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/expr"
)

// errOmit says that a value reads an optional input that was not given,
// so the field or parameter holding it is left out rather than sent empty.
var errOmit = errors.New("optional input not given")

// exprContext builds what runtime expressions read at this point of the
// run; ex is the current HTTP exchange, or nil before one is sent.
func (st *state) exprContext(ex *exchange) *expr.Context {
	if st.sources == nil {
		st.sources = sourceValues(st.doc)
		if comp := st.doc.Components; comp != nil {
			st.components = componentValues(comp)
		}
	}
	c := &expr.Context{
		Inputs:             st.inputs,
		Outputs:            st.outputs,
		Steps:              st.steps,
		Workflows:          st.workflows,
		SourceDescriptions: st.sources,
		Components:         st.components,
		Self:               st.doc.Self,
	}
	if ex != nil {
		c.URL, c.Method, c.StatusCode = ex.url, ex.method, ex.status
		c.Request, c.Response = ex.request, ex.response
	}
	return c
}

func sourceValues(doc *arazzo.Document) map[string]map[string]any {
	out := make(map[string]map[string]any, len(doc.SourceDescriptions))
	for _, s := range doc.SourceDescriptions {
		out[s.Name] = map[string]any{"name": s.Name, "url": s.URL, "type": s.Type}
	}
	return out
}

func componentValues(c *arazzo.Components) map[string]any {
	return map[string]any{"inputs": c.Inputs}
}

// param is a parameter ready to send: its value evaluated.
type param struct {
	name, in string
	value    any
}

// parameters merges the workflow's parameters into the step's (the step's
// win by name and location), resolves component references and evaluates
// every value. A value reading an optional input that was not given is
// left out.
func (st *state) parameters(step *arazzo.Step, c *expr.Context) ([]param, error) {
	merged, err := st.effectiveParameters(step)
	if err != nil {
		return nil, err
	}
	var out []param
	for _, p := range merged {
		v, err := st.evalValue(p.val, c)
		if errors.Is(err, errOmit) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("parameter %q (%s): %w", p.src.Name, p.src.Pos, err)
		}
		out = append(out, param{name: p.src.Name, in: p.src.In, value: v})
	}
	return out, nil
}

// resolvedParam is a parameter with its component reference followed:
// src names it, val is the value to evaluate.
type resolvedParam struct {
	src *arazzo.Parameter
	val *arazzo.Value
}

// effectiveParameters returns the step's parameters followed by the
// workflow's, minus those the step overrides by (name, in), references
// resolved first so that a reusable parameter overrides by the name of
// its component.
func (st *state) effectiveParameters(step *arazzo.Step) ([]resolvedParam, error) {
	own, err := st.resolveParameters(step.Parameters)
	if err != nil {
		return nil, err
	}
	shared, err := st.resolveParameters(st.wf.Parameters)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, p := range own {
		seen[p.src.Name+"\x00"+p.src.In] = true
	}
	for _, p := range shared {
		if !seen[p.src.Name+"\x00"+p.src.In] {
			own = append(own, p)
		}
	}
	return own, nil
}

func (st *state) resolveParameters(params []*arazzo.Parameter) ([]resolvedParam, error) {
	out := make([]resolvedParam, 0, len(params))
	for _, p := range params {
		src, val, err := st.resolveParameter(p)
		if err != nil {
			return nil, err
		}
		out = append(out, resolvedParam{src: src, val: val})
	}
	return out, nil
}

// resolveParameter follows a Reusable Object to its component; the
// reusable object's value, when given, replaces the component's.
func (st *state) resolveParameter(p *arazzo.Parameter) (*arazzo.Parameter, *arazzo.Value, error) {
	if p.Reference == "" {
		return p, st.doc.CompiledValue(p), nil
	}
	name, ok := strings.CutPrefix(p.Reference, "$components.parameters.")
	comp := st.doc.Components
	if !ok || comp == nil || comp.Parameters[name] == nil {
		return nil, nil, fmt.Errorf("parameter reference %q (%s) does not name a component parameter", p.Reference, p.Pos)
	}
	target := comp.Parameters[name]
	if p.HasValue {
		return target, st.doc.CompiledValue(p), nil
	}
	return target, st.doc.CompiledValue(target), nil
}

// evalValue evaluates a compiled value. It returns errOmit when the value
// is exactly an optional input that was not given.
func (st *state) evalValue(v *arazzo.Value, c *expr.Context) (any, error) {
	switch {
	case v == nil:
		return nil, nil
	case v.Template != nil:
		return st.evalTemplate(v.Template, c)
	case v.Object != nil:
		return st.evalObject(v.Object, c)
	case v.Array != nil:
		return st.evalArray(v.Array, c)
	case v.Selector != nil:
		return evalSelector(v.Selector, c)
	}
	return v.Literal, nil
}

func (st *state) evalTemplate(t *expr.Template, c *expr.Context) (any, error) {
	v, err := t.Eval(c)
	if err == nil {
		return v, nil
	}
	if t.Whole() && errors.Is(err, expr.ErrUndefined) {
		e := t.Exprs()[0]
		if e.Source() == expr.SourceInputs && !st.inputRequired(e.Name()) {
			return nil, errOmit
		}
	}
	return nil, err
}

// inputRequired reports whether the workflow's input schema lists name as
// required.
func (st *state) inputRequired(name string) bool {
	for _, r := range schemaRequired(inputSchema(st.doc, st.wf)) {
		if r == name {
			return true
		}
	}
	return false
}

func (st *state) evalObject(fields map[string]*arazzo.Value, c *expr.Context) (any, error) {
	out := make(map[string]any, len(fields))
	for k, fv := range fields {
		v, err := st.evalValue(fv, c)
		if errors.Is(err, errOmit) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = v
	}
	return out, nil
}

func (st *state) evalArray(items []*arazzo.Value, c *expr.Context) (any, error) {
	out := make([]any, 0, len(items))
	for i, iv := range items {
		v, err := st.evalValue(iv, c)
		if errors.Is(err, errOmit) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		out = append(out, v)
	}
	return out, nil
}

func evalSelector(s *arazzo.CompiledSelector, c *expr.Context) (any, error) {
	if s.Context == nil {
		return nil, fmt.Errorf("selector context did not parse")
	}
	v, err := s.Context.Eval(c)
	if err != nil {
		return nil, err
	}
	return expr.SelectVersion(v, s.Type, s.Version, s.Selector)
}

// requestBody evaluates the payload and applies the replacements.
func (st *state) requestBody(rb *arazzo.RequestBody, c *expr.Context) (any, bool, error) {
	if !rb.HasPayload && len(rb.Replacements) == 0 {
		return nil, false, nil
	}
	body, err := st.evalValue(st.doc.CompiledValue(rb), c)
	if errors.Is(err, errOmit) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("requestBody payload (%s): %w", rb.FieldPos("payload"), err)
	}
	if len(rb.Replacements) > 0 {
		body = deepCopy(body) // a literal payload is shared by every run
	}
	for _, rp := range rb.Replacements {
		v, err := st.evalValue(st.doc.CompiledValue(rp), c)
		if err != nil && !errors.Is(err, errOmit) {
			return nil, false, fmt.Errorf("replacement %q (%s): %w", rp.Target, rp.Pos, err)
		}
		if body, err = replace(body, rp, v); err != nil {
			return nil, false, fmt.Errorf("replacement %q (%s): %w", rp.Target, rp.Pos, err)
		}
	}
	return body, true, nil
}

// replace sets v at the replacement's target, a JSON pointer into a JSON
// payload.
//
// TODO(spec): XPath targets for XML payloads and JSONPath targets (1.1)
// are refused with ErrUnsupported; supporting them means editing the
// serialised XML and evaluating the JSONPath to locations.
func replace(body any, rp *arazzo.PayloadReplacement, v any) (any, error) {
	if rp.TargetSelectorType != nil && rp.TargetSelectorType.Type != "jsonpointer" {
		return nil, fmt.Errorf("%s replacement targets: %w", rp.TargetSelectorType.Type, errors.ErrUnsupported)
	}
	ptr, err := expr.ParsePointer(rp.Target)
	if err != nil {
		return nil, err
	}
	return setPointer(body, ptr.Tokens(), v)
}

// setPointer returns body with v placed at the location the tokens name,
// creating intermediate objects as needed.
func setPointer(body any, tokens []string, v any) (any, error) {
	if len(tokens) == 0 {
		return v, nil
	}
	switch b := body.(type) {
	case map[string]any:
		child, err := setPointer(b[tokens[0]], tokens[1:], v)
		if err != nil {
			return nil, err
		}
		b[tokens[0]] = child
		return b, nil
	case []any:
		i, err := arrayIndex(tokens[0], len(b))
		if err != nil {
			return nil, err
		}
		if i == len(b) {
			b = append(b, nil)
		}
		child, err := setPointer(b[i], tokens[1:], v)
		if err != nil {
			return nil, err
		}
		b[i] = child
		return b, nil
	case nil:
		return setPointer(map[string]any{}, tokens, v)
	}
	return nil, fmt.Errorf("cannot set %q inside a %T", tokens[0], body)
}

func arrayIndex(tok string, n int) (int, error) {
	if tok == "-" {
		return n, nil
	}
	var i int
	if _, err := fmt.Sscanf(tok, "%d", &i); err != nil || i < 0 || i > n || fmt.Sprint(i) != tok {
		return 0, fmt.Errorf("array index %q out of range 0..%d", tok, n)
	}
	return i, nil
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = deepCopy(x)
		}
		return m
	case []any:
		s := make([]any, len(v))
		for i, x := range v {
			s[i] = deepCopy(x)
		}
		return s
	}
	return v
}
