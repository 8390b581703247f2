package expr

// This file compiles Criterion Objects and runs them.

import (
	"errors"
	"fmt"
)

// CriterionSpec is a Criterion Object as written in the document.
type CriterionSpec struct {
	Context   string // runtime expression; required unless Type is simple
	Condition string
	Type      string // "", "simple", "regex", "jsonpath", "xpath" or "jsonpointer" (1.1)
	Version   string // of an Expression Type Object, e.g. "rfc9535", "xpath-10"

	// ArazzoVersion is the document's "arazzo" field. A 1.0.x version
	// rejects the 1.1 sources ($self, $message, payload) in the context,
	// the condition and its embedded expressions, and the jsonpointer
	// type. Empty means the newest version.
	ArazzoVersion string
}

// Criterion is a compiled Criterion Object. It is immutable and safe to
// evaluate from many goroutines.
type Criterion struct {
	spec   CriterionSpec
	ctx    *Expr // nil when no context was given
	cond   condition
	compat []string
}

// condition is one compiled flavour of condition. cv is the value of the
// context expression, already resolved.
type condition interface {
	eval(c *Context, cv any) Result
	exprs() []*Expr // the runtime expressions in the condition
}

// Result is the outcome of one criterion.
type Result struct {
	Passed bool
	// Explanation says what was compared, with actual values, e.g.
	// `$response.body#/state = "creating", want == "started"`.
	Explanation string
	// Err is set when the criterion could not be evaluated; Passed is
	// then false. errors.Is(Err, ErrUndefined) tells missing data from
	// other failures.
	Err error
}

var versions = map[string][]string{
	"simple":      {""},
	"regex":       {""},
	"jsonpath":    {"", "rfc9535", "draft-goessner-dispatch-jsonpath-00"},
	"xpath":       {"", "xpath-10", "xpath-20", "xpath-30", "xpath-31"},
	"jsonpointer": {"", "rfc6901"},
}

// CompileCriterion parses the context and condition once. Errors are
// *SyntaxError, with a caret where the failing column is known, or wrap
// errors.ErrUnsupported for features we do not implement.
func CompileCriterion(s CriterionSpec) (*Criterion, error) {
	c, err := compileCriterion(s)
	if err != nil {
		return nil, err
	}
	return c, nil
}

func compileCriterion(s CriterionSpec) (*Criterion, error) {
	typ := s.Type
	if typ == "" {
		typ = "simple"
	}
	allowed, ok := versions[typ]
	if !ok {
		return nil, syntaxErr(s.Type, 0,
			"unknown criterion type %q, want simple, regex, jsonpath, xpath or jsonpointer", s.Type)
	}
	if !contains(allowed, s.Version) {
		return nil, syntaxErr(s.Version, 0, "unknown %s version %q", typ, s.Version)
	}
	if typ == "jsonpointer" && s.opts().is10() {
		return nil, syntaxErr(s.Type, 0, "criterion type jsonpointer needs Arazzo 1.1, the document is %s",
			s.ArazzoVersion)
	}
	c := &Criterion{spec: s}
	if err := c.compileContext(typ); err != nil {
		return nil, err
	}
	var err error
	c.cond, err = c.compileCondition(typ)
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Criterion) compileContext(typ string) error {
	if c.spec.Context == "" {
		if typ != "simple" {
			return syntaxErr("", 0, "a %s criterion needs a context, such as $response.body", typ)
		}
		return nil
	}
	e, err := parseExpr(c.spec.Context, c.spec.opts())
	if err != nil && err.Offset == 0 && c.spec.Context[0] != '$' {
		err.Msg = "a context must be a runtime expression, such as $response.body; " + err.Msg
	}
	if err != nil {
		return err
	}
	c.ctx = e
	c.compat = appendNew(c.compat, e.compat...)
	return nil
}

func (c *Criterion) compileCondition(typ string) (condition, error) {
	src, o := c.spec.Condition, c.spec.opts()
	switch typ {
	case "regex":
		rc, err := compileRegex(src, o)
		if err != nil {
			return nil, err
		}
		if rc.literal {
			c.compat = appendNew(c.compat, "regex-literal")
		}
		return rc, nil
	case "jsonpath":
		return c.compileJSONPath(src)
	case "xpath":
		t, err := c.conditionTemplate(src)
		if err != nil {
			return nil, err
		}
		return compileXPath(t, c.ctx)
	case "jsonpointer":
		return compilePointerCond(src, o)
	}
	sc, err := compileSimple(src, o)
	if err != nil {
		return nil, err
	}
	c.compat = appendNew(c.compat, sc.compat...)
	return sc, nil
}

// conditionTemplate parses the {$…} in a jsonpath or xpath condition,
// after reading a quoted runtime expression as embedded
// (quoted-expression).
func (c *Criterion) conditionTemplate(src string) (*Template, *SyntaxError) {
	braced, changed := braceQuoted(src, c.spec.opts())
	if !changed {
		return parseTemplate(src, false, c.spec.opts())
	}
	t, err := parseTemplate(braced, false, c.spec.opts())
	if err != nil {
		return parseTemplate(src, false, c.spec.opts()) // place the error in src
	}
	c.compat = appendNew(c.compat, "quoted-expression")
	return t, nil
}

// opts gives the grammar the criterion's expressions are parsed with.
func (s CriterionSpec) opts() ParseOptions { return ParseOptions{Version: s.ArazzoVersion} }

// Compat returns the compatibility forms the criterion uses, as kebab-case
// codes: "jsonpath-boolean-form", "dot-path-body", "source-case".
func (c *Criterion) Compat() []string { return c.compat }

// Context returns the compiled context expression, or nil when the
// criterion has none. Its [Expr.Compat] codes are among [Criterion.Compat].
func (c *Criterion) Context() *Expr { return c.ctx }

// Exprs returns the runtime expressions the criterion reads: the context
// first, then those in the condition in order (operands of a simple or
// boolean-form condition, {$…} embedded in a typed one). A validator can
// check their references without parsing the condition again.
func (c *Criterion) Exprs() []*Expr {
	var es []*Expr
	if c.ctx != nil {
		es = append(es, c.ctx)
	}
	return append(es, c.cond.exprs()...)
}

// Spec returns the criterion as written.
func (c *Criterion) Spec() CriterionSpec { return c.spec }

// Eval evaluates the criterion. It never panics on data: a value that
// cannot be resolved or compared gives Passed false with Err set. A
// simple condition ignores the context, which only typed conditions read.
func (c *Criterion) Eval(ctx *Context) Result {
	if ctx == nil {
		ctx = &Context{}
	}
	var cv any
	if _, simple := c.cond.(*simpleCond); c.ctx != nil && !simple {
		v, err := c.ctx.Eval(ctx)
		if err != nil {
			return failed(err, "context %s: %v", c.ctx.src, err)
		}
		cv = v
	}
	return c.cond.eval(ctx, cv)
}

func failed(err error, format string, args ...any) Result {
	return Result{Explanation: fmt.Sprintf(format, args...), Err: err}
}

// errNotEvaluable marks a condition that could be parsed but not applied
// to the value at hand.
var errNotEvaluable = errors.New("condition cannot be evaluated")
