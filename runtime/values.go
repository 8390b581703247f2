package runtime

// This file evaluates the compiled values of a document: parameters,
// payloads, replacements and outputs.

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/expr"
	"github.com/arazzo-run/arazzo/openapi"
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
		return st.evalSelector(v.Selector, c)
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

// evalSelector applies a Selector Object, its selector parsed once per
// document.
func (st *state) evalSelector(s *arazzo.CompiledSelector, c *expr.Context) (any, error) {
	if s.Context == nil {
		return nil, fmt.Errorf("selector context did not parse")
	}
	sel, err := st.runner.cache.selector(s)
	if err != nil {
		return nil, fmt.Errorf("selector %q: %w", s.Selector, err)
	}
	v, err := s.Context.Eval(c)
	if err != nil {
		return nil, err
	}
	return sel.Select(v)
}

// requestBody evaluates the payload and applies the replacements in
// order. op, when known, supplies the media type when the body names
// none.
func (st *state) requestBody(rb *arazzo.RequestBody, op *openapi.Operation,
	c *expr.Context) (any, bool, error) {
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
	ct := payloadMediaType(rb, op)
	for _, rp := range rb.Replacements {
		if body, err = st.replace(body, rp, ct, c); err != nil {
			return nil, false, err
		}
	}
	return body, true, nil
}

// replace evaluates the replacement's value and sets it at its target.
// Errors name the replacement by its target and position.
func (st *state) replace(body any, rp *arazzo.PayloadReplacement, ct string,
	c *expr.Context) (any, error) {
	v, err := st.evalValue(st.doc.CompiledValue(rp), c)
	if err != nil && !errors.Is(err, errOmit) {
		return nil, fmt.Errorf("replacement %q value (%s): %w", rp.Target, rp.FieldPos("value"), err)
	}
	t, err := st.runner.cache.target(rp, targetKind(rp, ct, body))
	if err != nil {
		return nil, fmt.Errorf("replacement target %q (%s): %w", rp.Target, rp.FieldPos("target"), err)
	}
	if body, err = t.apply(body, v); err != nil {
		return nil, fmt.Errorf("replacement %q (%s): %w", rp.Target, rp.Pos, err)
	}
	return body, nil
}

// payloadMediaType is the body's contentType, else the operation's
// first request media type.
func payloadMediaType(rb *arazzo.RequestBody, op *openapi.Operation) string {
	if rb.ContentType != "" || op == nil {
		return rb.ContentType
	}
	if types := op.RequestContentTypes(); len(types) > 0 {
		return types[0]
	}
	return ""
}

// compileCache holds what the runner parses on first use rather than at
// load: the selectors of Selector Objects and replacement targets, keyed
// by the document's objects, so each is parsed once per document.
//
// TODO(perf): the cache lives with the Runner and keeps every document it
// ran reachable; a long-lived Runner over many documents grows. Done
// looks like arazzo's compile pass parsing selectors and targets itself.
type compileCache struct {
	selectors sync.Map // *arazzo.CompiledSelector → parsed[*expr.Selector]
	targets   sync.Map // targetKey → parsed[*target]
}

// parsed is a cached parse: its result or its error.
type parsed[T any] struct {
	v   T
	err error
}

// cached returns what parse gives for key, calling it on first use only.
// Concurrent first uses may both parse; one result is kept.
func cached[T any](m *sync.Map, key any, parse func() (T, error)) (T, error) {
	if p, ok := m.Load(key); ok {
		return p.(parsed[T]).v, p.(parsed[T]).err
	}
	v, err := parse()
	p, _ := m.LoadOrStore(key, parsed[T]{v: v, err: err})
	return p.(parsed[T]).v, p.(parsed[T]).err
}

func (cc *compileCache) selector(s *arazzo.CompiledSelector) (*expr.Selector, error) {
	return cached(&cc.selectors, s, func() (*expr.Selector, error) {
		return expr.CompileSelector(s.Type, s.Version, s.Selector)
	})
}

// targetKey names a replacement target parsed as one kind.
type targetKey struct {
	rp   *arazzo.PayloadReplacement
	kind string
}

func (cc *compileCache) target(rp *arazzo.PayloadReplacement, kind string) (*target, error) {
	return cached(&cc.targets, targetKey{rp, kind}, func() (*target, error) {
		var version string
		if rp.TargetSelectorType != nil {
			version = rp.TargetSelectorType.Version
		}
		return parseTarget(kind, version, rp.Target)
	})
}
