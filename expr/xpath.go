package expr

// This file holds xpath criteria, with XPath 1.0 semantics.

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/antchfx/xmlquery"
	"github.com/antchfx/xpath"
)

type xpathCond struct {
	ctx  *Expr // the context, to reuse a parsed body
	src  string
	tmpl *Template
	x    *xpathExpr
	memo memo[*xpathExpr]
}

// xpathExpr is a compiled XPath expression. antchfx/xpath keeps iteration
// state inside the compiled query, so one evaluation runs at a time.
type xpathExpr struct {
	mu sync.Mutex
	x  *xpath.Expr
}

// eval evaluates against doc and hands the result to use, which must
// consume any node-set before returning.
func (e *xpathExpr) eval(doc *xmlquery.Node, use func(any)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	use(e.x.Evaluate(xmlquery.CreateXPathNavigator(doc)))
}

// compileXPath compiles the condition t holds, once when it embeds no
// expression.
func compileXPath(t *Template, ctx *Expr) (condition, error) {
	src := t.src
	xc := &xpathCond{src: src, ctx: ctx}
	if !t.IsLiteral() {
		xc.tmpl = t
		return xc, nil
	}
	x, xerr := compileXPathExpr(src)
	if xerr != nil {
		return nil, xerr
	}
	xc.x = x
	return xc, nil
}

// compileXPathExpr compiles with antchfx/xpath. When that fails on a
// construct of XPath 2.0 or later, the error wraps errors.ErrUnsupported.
//
// antchfx/xpath accepts some 2.0 syntax and reads it as something else
// ("some $p in" as a name test), so we look for 2.0 constructs first,
// outside string literals.
func compileXPathExpr(src string) (*xpathExpr, error) {
	if at, what := xpath2Construct(blankStrings(src)); at >= 0 {
		return nil, &UnsupportedError{Feature: "XPath 2.0+ " + what,
			Err: syntaxErr(src, at, "%s needs XPath 2.0 or later; only XPath 1.0 is supported", what)}
	}
	x, err := xpath.Compile(src)
	if err != nil {
		return nil, syntaxErr(src, 0, "invalid xpath: %v", err)
	}
	return &xpathExpr{x: x}, nil
}

// blankStrings replaces the contents of string literals with "_",
// keeping offsets.
func blankStrings(src string) string {
	b := []byte(src)
	var quote byte
	for i, c := range b {
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			b[i] = '_'
		case c == '"' || c == '\'':
			quote = c
		}
	}
	return string(b)
}

// xpath2Words are constructs of XPath 2.0 and later that 1.0 lacks.
var xpath2Words = []struct{ token, what string }{
	{"if (", "if expression"}, {"if(", "if expression"},
	{"some $", "quantified expression"}, {"every $", "quantified expression"},
	{"for $", "for expression"}, {"let $", "let expression"},
	{" instance of ", "instance of"}, {" cast as ", "cast as"},
	{" castable as ", "castable as"}, {" treat as ", "treat as"},
	{" eq ", "value comparison eq"}, {" ne ", "value comparison ne"},
	{" lt ", "value comparison lt"}, {" le ", "value comparison le"},
	{" gt ", "value comparison gt"}, {" ge ", "value comparison ge"},
	{" is ", "node comparison is"}, {"=>", "arrow operator"},
	{"||", "string concatenation"}, {" to ", "range expression"},
	{"map {", "map constructor"}, {"array {", "array constructor"},
	{"function(", "inline function"},
}

func xpath2Construct(src string) (int, string) {
	for _, w := range xpath2Words {
		if i := strings.Index(src, w.token); i >= 0 {
			return i + len(w.token) - len(strings.TrimLeft(w.token, " ")), w.what
		}
	}
	return -1, ""
}

// UnsupportedError reports a spec feature we do not implement. It matches
// errors.ErrUnsupported.
type UnsupportedError struct {
	Feature string
	Err     error // the detail, often a *SyntaxError
}

// Error names the unsupported feature and the detail.
func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("unsupported: %s: %v", e.Feature, e.Err)
}

// Is reports whether target is errors.ErrUnsupported.
func (e *UnsupportedError) Is(target error) bool { return target == errors.ErrUnsupported }

// Unwrap returns the detail.
func (e *UnsupportedError) Unwrap() error { return e.Err }

func (xc *xpathCond) exprs() []*Expr { return templateExprs(xc.tmpl) }

func (xc *xpathCond) eval(c *Context, cv any) Result {
	if cv == nil {
		return Result{Explanation: "xpath " + xc.src + ": context is null"}
	}
	x, src := xc.x, xc.src
	if xc.tmpl != nil {
		v, err := xc.tmpl.Eval(c)
		if err == nil {
			src = Text(v)
			x, err = xc.memo.get(src, compileXPathExpr)
		}
		if err != nil {
			return failed(err, "xpath %s: %v", xc.src, err)
		}
	}
	doc, err := xmlDocOf(cv, xc.ctx.wholeBody(c))
	expl := fmt.Sprintf("xpath %s on %s", src, show(cv))
	if err != nil {
		return failed(err, "%s: %v", expl, err)
	}
	var pass bool
	var got string
	x.eval(doc, func(r any) { pass, got = effectiveBool(r) })
	return Result{Passed: pass, Explanation: expl + ": " + got}
}

// xmlDocOf parses the context value as XML, reusing the body's cached
// document when the context names a whole body.
func xmlDocOf(v any, b *Body) (*xmlquery.Node, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("xpath needs XML text, the context is %s", typeName(v))
	}
	if b != nil {
		return b.xmlDoc()
	}
	return xmlquery.Parse(strings.NewReader(s))
}

// effectiveBool applies XPath 1.0's boolean conversion.
func effectiveBool(v any) (bool, string) {
	switch x := v.(type) {
	case bool:
		return x, fmt.Sprint(x)
	case float64:
		return x != 0 && x == x, "number " + formatFloat(x)
	case string:
		return x != "", "string " + show(x)
	case *xpath.NodeIterator:
		if x.MoveNext() {
			return true, "node-set, first node " + show(x.Current().Value())
		}
		return false, "empty node-set"
	}
	return false, fmt.Sprintf("unexpected %T", v)
}
