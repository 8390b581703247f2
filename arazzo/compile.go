package arazzo

// This file parses every runtime expression, template and criterion of a
// document once, when it is loaded. The executor evaluates the compiled
// forms and never parses again; the validator reports what did not parse.

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/arazzo-run/arazzo/expr"
)

// Value is a parameter value, payload, replacement value or output,
// compiled once. Exactly one field is set.
type Value struct {
	Literal  any               // plain data holding no expression
	Template *expr.Template    // a string holding runtime expressions
	Object   map[string]*Value // an object with expressions somewhere inside
	Array    []*Value          // a list with expressions somewhere inside
	Selector *CompiledSelector // a 1.1 Selector Object
}

// IsLiteral reports whether the value holds no expression at all.
func (v *Value) IsLiteral() bool {
	return v.Template == nil && v.Object == nil && v.Array == nil && v.Selector == nil
}

// CompiledSelector is a Selector Object with its context parsed.
type CompiledSelector struct {
	Context  *expr.Expr
	Type     string
	Version  string
	Selector string
}

// compiled holds the compiled forms, keyed by the model object.
type compiled struct {
	values    map[any]*Value
	criteria  map[*Criterion]*expr.Criterion
	exprCache map[string]*expr.Expr
}

// CompiledValue returns the compiled form of a parameter's value, a request
// body's payload, a replacement's value or an output (pass the object), or
// of a step's correlationId (pass &step.CorrelationID).
// It returns nil when the object has no value or it did not compile.
func (d *Document) CompiledValue(obj any) *Value {
	if d.compiled == nil {
		return nil
	}
	return d.compiled.values[obj]
}

// CompiledCriterion returns the compiled form of c, or nil when c did not
// compile.
func (d *Document) CompiledCriterion(c *Criterion) *expr.Criterion {
	if d.compiled == nil {
		return nil
	}
	return d.compiled.criteria[c]
}

// compiler walks a document, compiling as it goes.
type compiler struct {
	doc *Document
	r   *reporter
	out *compiled
}

func compileDocument(doc *Document, r *reporter) {
	doc.compiled = &compiled{
		values:    map[any]*Value{},
		criteria:  map[*Criterion]*expr.Criterion{},
		exprCache: map[string]*expr.Expr{},
	}
	c := &compiler{doc: doc, r: r, out: doc.compiled}
	for _, w := range doc.Workflows {
		c.workflow(w)
	}
	if comp := doc.Components; comp != nil {
		for _, p := range comp.Parameters {
			c.parameter(p)
		}
		for _, a := range comp.SuccessActions {
			c.action(a)
		}
		for _, a := range comp.FailureActions {
			c.action(a)
		}
	}
}

func (c *compiler) workflow(w *Workflow) {
	for _, p := range w.Parameters {
		c.parameter(p)
	}
	for _, a := range w.SuccessActions {
		c.action(a)
	}
	for _, a := range w.FailureActions {
		c.action(a)
	}
	for _, o := range w.Outputs {
		c.output(o)
	}
	for _, s := range w.Steps {
		c.step(s)
	}
}

func (c *compiler) step(s *Step) {
	for _, p := range s.Parameters {
		c.parameter(p)
	}
	if s.Has("correlationId") {
		c.out.values[&s.CorrelationID] = c.value(s.CorrelationID, s.FieldPos("correlationId"), s.FieldPath("correlationId"))
	}
	if rb := s.RequestBody; rb != nil {
		if rb.HasPayload {
			c.out.values[rb] = c.value(rb.Payload, rb.FieldPos("payload"), rb.FieldPath("payload"))
		}
		for _, rp := range rb.Replacements {
			c.out.values[rp] = c.value(rp.Value, rp.FieldPos("value"), rp.FieldPath("value"))
		}
	}
	for _, cr := range s.SuccessCriteria {
		c.criterion(cr)
	}
	for _, a := range s.OnSuccess {
		c.action(a)
	}
	for _, a := range s.OnFailure {
		c.action(a)
	}
	for _, o := range s.Outputs {
		c.output(o)
	}
}

func (c *compiler) parameter(p *Parameter) {
	if p.HasValue {
		c.out.values[p] = c.value(p.Value, p.FieldPos("value"), p.FieldPath("value"))
	}
	if p.Reference != "" {
		c.expression(p.Reference, p.FieldPos("reference"), p.FieldPath("reference"))
	}
}

func (c *compiler) action(a *Action) {
	for _, cr := range a.Criteria {
		c.criterion(cr)
	}
	for _, p := range a.Parameters {
		c.parameter(p)
	}
	if a.Reference != "" {
		c.expression(a.Reference, a.FieldPos("reference"), a.FieldPath("reference"))
	}
}

// output compiles an output, which must be a runtime expression (or, in
// 1.1, a selector); a template with text around the expression is
// accepted too.
func (c *compiler) output(o *Output) {
	switch v := o.Value.(type) {
	case string:
		if v == "" {
			c.r.errorf(o.Pos, o.Path, "empty-output", "output %q is empty; it needs a runtime expression", o.Name)
			return
		}
	case *Selector:
	default:
		c.r.warnf(o.Pos, o.Path, "literal-output",
			"output %q is the literal %s, not a runtime expression; it is passed on as written", o.Name, literalText(v))
	}
	c.out.values[o] = c.value(o.Value, o.Pos, o.Path)
}

// criterionFault returns where the fault err of a criterion is written:
// its type or version when that is what err is about, else its condition.
func criterionFault(cr *Criterion, err error) (Pos, string) {
	var se *expr.SyntaxError
	if errors.As(err, &se) {
		switch {
		case cr.Version != "" && se.Src == cr.Version:
			return cr.versionPos, cr.FieldPath("type") + ".version"
		case cr.Type != "" && se.Src == cr.Type && se.Src != cr.Condition:
			return cr.typePos, cr.FieldPath("type")
		}
	}
	return cr.FieldPos("condition"), cr.FieldPath("condition")
}

func (c *compiler) criterion(cr *Criterion) {
	spec := expr.CriterionSpec{Context: cr.Context, Condition: cr.Condition, Type: cr.Type,
		Version: cr.Version, ArazzoVersion: c.doc.Arazzo}
	compiled, err := expr.CompileCriterion(spec)
	if err != nil {
		pos, path := criterionFault(cr, err)
		c.report(err, pos, path, "bad-criterion")
		return
	}
	c.out.criteria[cr] = compiled
	var fromContext []string
	if ctx := compiled.Context(); ctx != nil {
		fromContext = ctx.Compat()
		for _, code := range fromContext {
			c.r.warnf(cr.FieldPos("context"), cr.FieldPath("context"), code, "%s", exprCompatMessage(code, cr.Context))
		}
	}
	for _, code := range compiled.Compat() {
		if !slices.Contains(fromContext, code) {
			c.r.warnf(cr.FieldPos("condition"), cr.FieldPath("condition"), code, "%s", compatMessage(code, cr.Condition))
		}
	}
}

// parseOptions makes expressions follow the grammar of the document's
// declared version: a 1.0.x document may not use $self or $message.
func (c *compiler) parseOptions() expr.ParseOptions {
	return expr.ParseOptions{Version: c.doc.Arazzo}
}

func literalText(v any) string {
	if v == nil {
		return "null"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// value compiles a literal or a tree holding runtime expressions.
func (c *compiler) value(v any, pos Pos, path string) *Value {
	switch v := v.(type) {
	case string:
		return c.template(v, pos, path)
	case *Selector:
		return c.selector(v)
	case map[string]any:
		return c.object(v, pos, path)
	case []any:
		return c.array(v, pos, path)
	}
	return &Value{Literal: v}
}

func (c *compiler) object(m map[string]any, pos Pos, path string) *Value {
	fields := make(map[string]*Value, len(m))
	literal := true
	for k, x := range m {
		p := path + "." + k
		fields[k] = c.value(x, c.posOf(p, pos), p)
		literal = literal && fields[k].IsLiteral()
	}
	if literal {
		return &Value{Literal: m}
	}
	return &Value{Object: fields}
}

func (c *compiler) array(a []any, pos Pos, path string) *Value {
	items := make([]*Value, len(a))
	literal := true
	for i, x := range a {
		p := fmt.Sprintf("%s[%d]", path, i)
		items[i] = c.value(x, c.posOf(p, pos), p)
		literal = literal && items[i].IsLiteral()
	}
	if literal {
		return &Value{Literal: a}
	}
	return &Value{Array: items}
}

// posOf returns where the value at path is written, or fallback when its
// position was not recorded.
func (c *compiler) posOf(path string, fallback Pos) Pos {
	return c.doc.posAt(path, fallback)
}

func (c *compiler) template(s string, pos Pos, path string) *Value {
	t, err := expr.ParseTemplateWith(s, c.parseOptions())
	if err != nil {
		c.report(err, pos, path, "bad-expression")
		return &Value{Literal: s}
	}
	c.misspellings(pos, path, s, t)
	if t.IsLiteral() {
		return &Value{Literal: s}
	}
	if t.Bare() {
		c.bareExpression(pos, path, s, t)
	}
	for _, e := range t.Exprs() {
		for _, code := range e.Compat() {
			c.r.warnf(pos, path, code, "%s", exprCompatMessage(code, e.String()))
		}
	}
	return &Value{Template: t}
}

func (c *compiler) selector(s *Selector) *Value {
	cs := &CompiledSelector{Selector: s.Selector}
	if s.Type != nil {
		cs.Type, cs.Version = s.Type.Type, s.Type.Version
	}
	cs.Context = c.expression(s.Context, s.FieldPos("context"), s.FieldPath("context"))
	return &Value{Selector: cs}
}

// expression parses one whole runtime expression, reusing an earlier parse
// of the same text.
func (c *compiler) expression(src string, pos Pos, path string) *expr.Expr {
	if e, ok := c.out.exprCache[src]; ok {
		return e
	}
	e, err := expr.ParseWith(src, c.parseOptions())
	if err != nil {
		c.report(err, pos, path, "bad-expression")
		return nil
	}
	c.out.exprCache[src] = e
	return e
}

// report turns a parse error into a diagnostic, keeping the caret picture
// of a syntax error as detail.
func (c *compiler) report(err error, pos Pos, path, code string) {
	var se *expr.SyntaxError
	if errors.As(err, &se) {
		d := Diagnostic{Severity: SeverityError, Code: code, Pos: pos, Path: path, Message: se.Msg, Detail: se.Error()}
		if col, ok := c.failingColumn(pos, se); ok {
			d.Pos.Col, d.Detail = col, ""
		}
		c.r.diags = append(c.r.diags, d)
		return
	}
	c.r.errorf(pos, path, code, "%v", err)
}

// failingColumn maps a syntax error's offset onto the document when the
// expression is written on one line at pos, plain or quoted, so that the
// caret under the source line points at the failure itself.
func (c *compiler) failingColumn(pos Pos, se *expr.SyntaxError) (int, bool) {
	return c.columnOf(pos, se.Src, se.Offset)
}

// misspellings warns about text in s, the template t written at pos,
// that would be a runtime expression but for a slip in its source
// ($input.item). It is sent as written: what was meant is a guess.
func (c *compiler) misspellings(pos Pos, path, s string, t *expr.Template) {
	for _, m := range t.Misspellings() {
		at := pos
		if col, ok := c.columnOf(pos, s, m.Offset); ok {
			at.Col = col
		}
		c.r.warnf(at, path, "unknown-expression-source",
			"%q is no runtime expression, so it is taken literally, as text; did you mean %s?", m.Text, m.Want)
	}
}

// bareExpression warns about the first expression written without braces
// in s, the template t written at pos. When a "}" follows it, the author
// most likely lost the "{" before the "$"; the "}" is then sent as text,
// and the warning says so instead of promising the braced form.
func (c *compiler) bareExpression(pos Pos, path, s string, t *expr.Template) {
	i, e := bareExpressionAt(s, t)
	if i < 0 {
		c.r.warnf(pos, path, "bare-expression", "%s", compatMessage("bare-expression", s))
		return
	}
	at := pos
	if col, ok := c.columnOf(pos, s, i); ok {
		at.Col = col
	}
	end := i + len(e)
	if end < len(s) && s[end] == '}' {
		if col, ok := c.columnOf(pos, s, end); ok {
			at.Col = col
		}
		c.r.warnf(at, path, "unmatched-brace",
			"%q: the \"}\" after %s closes no \"{\"; it runs as the value of %s followed by the text \"}\" (write {%s} to embed it, or drop the \"}\")",
			s, e, e, e)
		return
	}
	c.r.warnf(at, path, "bare-expression", "%s", compatMessage("bare-expression", s))
}

// bareExpressionAt returns the offset and text of the first expression
// written without braces in s, the source of t, or -1 when that cannot be
// told.
func bareExpressionAt(s string, t *expr.Template) (int, string) {
	from := 0
	for _, e := range t.Exprs() {
		i := strings.Index(s[from:], e.String())
		if i < 0 {
			break
		}
		i += from
		if from = i + len(e.String()); i > 0 && s[i-1] == '{' {
			continue
		}
		return i, e.String()
	}
	return -1, ""
}

// columnOf returns the column of byte offset off of src, a string written
// at pos as a plain or quoted scalar on one line, or false when src does
// not stand there as written (escapes, folded lines).
func (c *compiler) columnOf(pos Pos, src string, off int) (int, bool) {
	lines := c.doc.Lines
	if pos.Line < 1 || pos.Line > len(lines) || src == "" || off > len(src) {
		return 0, false
	}
	line := []rune(lines[pos.Line-1])
	start := pos.Col - 1
	if start < 0 || start >= len(line) {
		return 0, false
	}
	if line[start] == '"' || line[start] == '\'' {
		start++
	}
	if !strings.HasPrefix(string(line[start:]), src) {
		return 0, false
	}
	return start + 1 + utf8.RuneCountInString(src[:off]), true
}

// compatMessage explains a compatibility form accepted at run time.
func compatMessage(code, text string) string {
	switch code {
	case "bare-expression":
		return fmt.Sprintf("%q holds a runtime expression without braces; it runs as if written with {$...}, which is what the spec requires", text)
	case "jsonpath-boolean-form":
		return fmt.Sprintf("%q is a boolean comparison, not a JSONPath query; it runs as a comparison over the context (RFC 9535 form: $[?@.field == 'value'])", text)
	case "dot-path-body":
		return fmt.Sprintf("%q reads the body with a dot path; the grammar needs a JSON pointer after # (e.g. $response.body#/id)", text)
	case "pointer-missing-slash":
		return fmt.Sprintf("%q: a JSON pointer starts with /; it runs as #/...", text)
	case "pointer-missing-hash":
		return fmt.Sprintf("%q: a JSON pointer follows #; it runs as #/...", text)
	case "headers-plural":
		return fmt.Sprintf("%q: the source is $response.header (singular); it runs as that", text)
	case "missing-outputs-segment":
		return fmt.Sprintf("%q: step outputs are read as $steps.ID.outputs.NAME; it runs as that", text)
	case "whole-map":
		return fmt.Sprintf("%q names no single value; it runs as the whole object of values", text)
	case "workflow-singular":
		return fmt.Sprintf("%q: $workflow is not a source; it runs as $inputs or $outputs of this workflow", text)
	case "spaces-in-name":
		return fmt.Sprintf("%q: identifiers cannot hold blanks; it runs because .outputs. follows", text)
	case "unquoted-string-literal":
		return fmt.Sprintf("%q compares with an unquoted word; it runs as a quoted string", text)
	case "jsonpath-pointer-form":
		return fmt.Sprintf("%q is a JSON pointer comparison, not JSONPath; it runs as a simple condition on the context", text)
	case "jsonpath-length":
		return fmt.Sprintf("%q reads .length, which JSONPath lacks; it runs as the number of elements", text)
	case "quoted-expression":
		return fmt.Sprintf("%q quotes a runtime expression; it runs as if embedded with {$...}", text)
	case "regex-literal":
		return fmt.Sprintf("%q is a JavaScript /pattern/flags literal; it runs as the pattern with those flags", text)
	case "source-case":
		return fmt.Sprintf("%q spells a source with the wrong case; it runs as the spec's spelling", text)
	case "workflow-step-output":
		return fmt.Sprintf("%q reads a step of another workflow, which the grammar does not allow; it runs as "+
			"that step's output in the workflow's latest run (portable form: a workflow output, read as $workflows.ID.outputs.NAME)", text)
	}
	return fmt.Sprintf("%q uses a compatibility form (%s)", text, code)
}

// exprCompatMessage explains a compatibility form of a runtime
// expression. For a form it has no words of its own for, it asks the
// parser in strict mode what the grammar wanted instead.
func exprCompatMessage(code, text string) string {
	switch code {
	case "bare-expression", "dot-path-body", "workflow-step-output":
		return compatMessage(code, text)
	}
	var se *expr.SyntaxError
	if _, err := expr.ParseWith(text, expr.ParseOptions{Strict: true}); errors.As(err, &se) {
		return fmt.Sprintf("%q: %s; it runs as meant, but the grammar wants the strict form (%s)", text, se.Msg, code)
	}
	return compatMessage(code, text)
}
