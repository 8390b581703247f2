package expr

// This file holds jsonpath criteria: RFC 9535 queries (theory/jsonpath),
// the draft-goessner dialect and the boolean comparison form of 1.0.x
// documents (PaesslerAG/jsonpath over a full gval language).

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/scanner"

	"github.com/PaesslerAG/gval"
	pjsonpath "github.com/PaesslerAG/jsonpath"
	"github.com/theory/jsonpath"
	"github.com/theory/jsonpath/spec"
)

const goessner = "draft-goessner-dispatch-jsonpath-00"

type jsonpathCond struct {
	src    string
	tmpl   *Template // non-nil when the condition embeds {$...}
	draft  bool
	path   *jsonpath.Path // RFC 9535 query
	root   *rootFilter    // set when path starts with a filter at the root
	gv     gval.Evaluable // goessner path or boolean form
	ops    []*Expr        // runtime expressions gv compares against
	form   string         // "query" or "boolean", for explanations
	len    bool           // ".length" was read as a count (jsonpath-length)
	words  bool           // a bare word was read as a string (unquoted-string-literal)
	probes []probe        // the boolean form's root paths, read for explanations
	opts   ParseOptions   // grammar of the runtime expressions inside
	memo   memo[*jsonpathCond]
}

// rootFilter is an RFC 9535 query whose first segment is one filter
// selector at the root, such as $[?count(@.pets) > 0]. On an object
// context we also apply the filter to the object itself: authors (and
// the spec's own examples) write it to mean "test this object".
type rootFilter struct {
	filter *spec.FilterSelector
	rest   *spec.PathQuery // the segments after the filter
}

func newRootFilter(p *jsonpath.Path) *rootFilter {
	segs := p.Query().Segments()
	if len(segs) == 0 || segs[0].IsDescendant() || len(segs[0].Selectors()) != 1 {
		return nil
	}
	f, ok := segs[0].Selectors()[0].(*spec.FilterSelector)
	if !ok {
		return nil
	}
	return &rootFilter{filter: f, rest: spec.Query(false, segs[1:]...)}
}

// selectSelf applies the query to the object as if it were the only
// element of an array.
func (rf *rootFilter) selectSelf(obj any) []any {
	if !rf.filter.Eval(obj, obj) {
		return nil
	}
	return rf.rest.Select(obj, obj)
}

func (c *Criterion) compileJSONPath(src string) (condition, error) {
	if strings.HasPrefix(src, "#/") && c.ctx != nil {
		return c.compilePointerForm(src)
	}
	jc := &jsonpathCond{src: src, draft: c.spec.Version == goessner, opts: c.spec.opts()}
	t, err := c.conditionTemplate(src)
	if err != nil {
		return nil, err
	}
	if !t.IsLiteral() {
		jc.tmpl = t
		return jc, nil
	}
	if err := jc.compile(src); err != nil {
		return nil, err
	}
	if jc.form == "boolean" && !jc.draft {
		c.compat = appendNew(c.compat, "jsonpath-boolean-form")
	}
	if jc.len {
		c.compat = appendNew(c.compat, "jsonpath-length")
	}
	if jc.words {
		c.compat = appendNew(c.compat, "unquoted-string-literal")
	}
	return jc, nil
}

// compilePointerForm reads "#/name == Chocolate", a JSON Pointer into the
// context compared with a value, as the simple condition
// "$response.body#/name == Chocolate" (for context $response.body).
func (c *Criterion) compilePointerForm(src string) (condition, error) {
	prefix := c.ctx.src + "#"
	if c.ctx.ptr != nil {
		prefix = c.ctx.src // the pointer continues the context's own
	}
	sc, err := compileSimple(prefix+src[1:], c.spec.opts())
	if err != nil {
		return nil, syntaxErr(src, max(err.Offset-len(prefix)+1, 0), "%s", err.Msg)
	}
	c.compat = appendNew(c.compat, "jsonpath-pointer-form")
	c.compat = appendNew(c.compat, sc.compat...)
	return sc, nil
}

// compile parses src as an RFC 9535 query; failing that, as the boolean
// form. The goessner version goes straight to PaesslerAG.
func (jc *jsonpathCond) compile(src string) *SyntaxError {
	gsrc, ops, serr := extractOperands(src, jc.opts)
	if serr != nil {
		return serr
	}
	gsrc, length := rewriteLength(gsrc)
	gsrc, words := quoteBareWords(gsrc)
	if jc.draft {
		ev, err := newGval(gsrc)
		if err != nil {
			return shiftedGvalError(src, gsrc, err)
		}
		jc.gv, jc.ops, jc.len, jc.words, jc.form = ev, ops, length, words, "query"
		return nil
	}
	p, perr := jsonpath.Parse(src)
	if perr == nil {
		jc.path, jc.root, jc.form = p, newRootFilter(p), "query"
		return nil
	}
	ev, err := newGval(gsrc)
	if err == nil && strings.HasPrefix(strings.TrimSpace(src), "$") {
		jc.gv, jc.ops, jc.len, jc.words, jc.form = ev, ops, length, words, "boolean"
		jc.probes = findProbes(src)
		return nil
	}
	rerr := rfcError(src, perr)
	if err != nil && (ops != nil || rerr.Offset > 0 && validQuery(src[:rerr.Offset])) {
		// A query followed by more text: the author meant the boolean form.
		return shiftedGvalError(src, gsrc, err)
	}
	return rerr
}

// shiftedGvalError places a gval error on gsrc in src. When operands or
// .length were rewritten, gval's columns are not src's, so the caret goes
// to the start.
func shiftedGvalError(src, gsrc string, err error) *SyntaxError {
	se := gvalError(src, err)
	if gsrc != src {
		se.Offset = 0
	}
	return se
}

func validQuery(s string) bool {
	_, err := jsonpath.Parse(strings.TrimSpace(s))
	return err == nil
}

func (jc *jsonpathCond) exprs() []*Expr {
	if jc.tmpl != nil {
		return jc.tmpl.Exprs()
	}
	return jc.ops
}

func (jc *jsonpathCond) eval(c *Context, cv any) Result {
	if cv == nil {
		return Result{Explanation: "jsonpath " + jc.src + ": context is null"}
	}
	run := jc
	if jc.tmpl != nil {
		var err error
		if run, err = jc.expand(c); err != nil {
			return failed(err, "jsonpath %s: %v", jc.src, err)
		}
	}
	if run.path != nil {
		return run.evalQuery(cv)
	}
	return run.evalGval(c, cv)
}

// evalQuery runs an RFC 9535 query. On an object, a query that starts with
// a filter at the root passes when the filter selects among the member
// values (strict RFC 9535) or accepts the object itself.
func (jc *jsonpathCond) evalQuery(cv any) Result {
	n := len(jc.path.Select(cv))
	expl := fmt.Sprintf("jsonpath %s on %s: %d node(s)", jc.src, show(cv), n)
	obj, isObj := cv.(map[string]any)
	if jc.root == nil || !isObj {
		return Result{Passed: n > 0, Explanation: expl}
	}
	self := len(jc.root.selectSelf(obj))
	expl += fmt.Sprintf(" among the member values, %d testing the object itself", self)
	return Result{Passed: n > 0 || self > 0, Explanation: expl}
}

// expand substitutes the embedded expressions and compiles the result.
func (jc *jsonpathCond) expand(c *Context) (*jsonpathCond, error) {
	v, err := jc.tmpl.Eval(c)
	if err != nil {
		return nil, err
	}
	return jc.memo.get(Text(v), func(src string) (*jsonpathCond, error) {
		run := &jsonpathCond{src: src, draft: jc.draft, opts: jc.opts}
		if err := run.compile(src); err != nil {
			return nil, err
		}
		return run, nil
	})
}

func (jc *jsonpathCond) evalGval(c *Context, cv any) Result {
	ctx := context.Background()
	var st *operandState
	if jc.ops != nil {
		st = &operandState{c: c, ops: jc.ops}
		ctx = context.WithValue(ctx, operandKey{}, st)
	}
	v, err := jc.gv(ctx, cv)
	var expl string
	if len(jc.probes) > 0 {
		expl = "jsonpath " + jc.src + " with " + describeProbes(jc.probes, cv)
	} else {
		expl = "jsonpath " + jc.src + " on " + show(cv)
	}
	if st != nil {
		if len(st.notes) > 0 {
			sep := " with "
			if len(jc.probes) > 0 {
				sep = ", "
			}
			expl += sep + strings.Join(st.notes, ", ")
		}
		if st.err != nil {
			err = st.err
		}
	}
	if err != nil {
		return failed(err, "%s: %v", expl, err)
	}
	switch x := v.(type) {
	case bool:
		return Result{Passed: x, Explanation: fmt.Sprintf("%s: %t", expl, x)}
	case []any:
		return Result{Passed: len(x) > 0, Explanation: fmt.Sprintf("%s: %d node(s)", expl, len(x))}
	case nil:
		return Result{Explanation: expl + ": no match"}
	}
	if jc.form == "boolean" {
		err := fmt.Errorf("%w: jsonpath %s gave %s, want a boolean", errNotEvaluable, jc.src, typeName(v))
		return failed(err, "%s: %s, want a boolean", expl, show(v))
	}
	return Result{Passed: true, Explanation: fmt.Sprintf("%s: %s", expl, show(v))}
}

// newGval parses with gvalLang. Our "$" extension rewinds the gval
// parser, which panics if misused; a panic there is a bug of ours on
// odd input, so it becomes a syntax error at the start rather than a
// crashed run. Nothing else is recovered.
func newGval(src string) (ev gval.Evaluable, err error) {
	defer func() {
		if r := recover(); r != nil {
			ev, err = nil, fmt.Errorf("internal error in the jsonpath parser: %v", r)
		}
	}()
	return gvalLang.NewEvaluable(src)
}

// gvalLang is gval's full language with PaesslerAG's JSONPath, changed in
// three ways: a path that selects nothing is null rather than an error, so
// a missing field compares as absent; '...' is a string, not a rune; and
// the six comparisons follow Arazzo's Condition Evaluation, as simple
// conditions do. gval's own would make null == 0 and null == false true
// (both convert to false), so a missing field would pass "== 0".
var gvalLang = gval.NewLanguage(
	gval.Full(), pjsonpath.Language(), gval.Function(operandFunc, operandValue),
	gval.PrefixExtension('$', absentPath),
	gval.PrefixExtension('@', absentPath),
	gval.PrefixExtension(scanner.Char, singleQuoted),
	gval.Function(lengthFunc, lengthOf), gval.Constant("null", nil),
	specComparison("=="), specComparison("!="),
	specComparison("<"), specComparison("<="),
	specComparison(">"), specComparison(">="),
)

// specComparison replaces gval's operator op, whole, with [compare].
func specComparison(op string) gval.Language {
	return gval.InfixEvalOperator(op, func(a, b gval.Evaluable) (gval.Evaluable, error) {
		return func(ctx context.Context, v any) (any, error) {
			x, err := a(ctx, v)
			if err != nil {
				return nil, err
			}
			y, err := b(ctx, v)
			if err != nil {
				return nil, err
			}
			return compare(op, x, y)
		}, nil
	})
}

// pathLang parses one JSONPath with PaesslerAG's own parser: its
// initialiser rewinds to the "$" or "@" that absentPath was called for.
var pathLang = gval.NewLanguage(gval.Full(), pjsonpath.Language(),
	gval.Function(operandFunc, operandValue), gval.Function(lengthFunc, lengthOf),
	gval.Constant("null", nil),
	gval.PrefixExtension(scanner.Char, singleQuoted),
	gval.Init(func(ctx context.Context, p *gval.Parser) (gval.Evaluable, error) {
		p.Camouflage("jsonpath")
		return p.ParseNextExpression(ctx)
	}))

func absentPath(ctx context.Context, p *gval.Parser) (gval.Evaluable, error) {
	ev, err := p.ParseSublanguage(ctx, pathLang)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, v any) (any, error) {
		r, err := ev(ctx, v)
		if err != nil {
			return nil, nil
		}
		return r, nil
	}, nil
}

// singleQuoted reads '...' as a string, with ” or \' for a quote.
func singleQuoted(_ context.Context, p *gval.Parser) (gval.Evaluable, error) {
	t := p.TokenText()
	if len(t) < 2 {
		return nil, errors.New("invalid string")
	}
	body := strings.ReplaceAll(t[1:len(t)-1], `\'`, `'`)
	return p.Const(body), nil
}

// rfcError places theory/jsonpath's "at position N" under a caret.
func rfcError(src string, err error) *SyntaxError {
	msg := err.Error()
	off := 0
	if i := strings.LastIndex(msg, " at position "); i >= 0 {
		if n, e := strconv.Atoi(msg[i+len(" at position "):]); e == nil {
			off = n - 1
		}
		msg = msg[:i]
	}
	return syntaxErr(src, off, "invalid jsonpath: %s", strings.TrimPrefix(msg, "jsonpath: "))
}

// gvalError places gval's ":line:col" under a caret.
func gvalError(src string, err error) *SyntaxError {
	msg := err.Error()
	off := 0
	if i := strings.Index(msg, "\t:1:"); i >= 0 {
		rest := msg[i+4:]
		j := 0
		for j < len(rest) && isDigit(rest[j]) {
			j++
		}
		if n, e := strconv.Atoi(rest[:j]); e == nil {
			off = n - 1
		}
		if k := strings.Index(rest, " - "); k >= 0 {
			if sp := strings.IndexByte(rest[k+3:], ' '); sp >= 0 {
				msg = rest[k+3+sp+1:]
			}
		}
	}
	return syntaxErr(src, off, "invalid jsonpath: %s", msg)
}
