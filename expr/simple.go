package expr

// This file compiles simple conditions. The condition is rewritten so that
// each runtime expression becomes a variable and each single-quoted string
// a double-quoted one, parsed with expr-lang's parser, and the syntax tree
// is checked against an allow-list and turned into our own small tree.
// We evaluate that tree ourselves rather than with expr-lang's VM because
// the spec's comparisons (case-insensitive strings, numeric strings, null)
// are not expr-lang's, and each would otherwise become a function call.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
)

// MaxConditionLen is the longest condition accepted, in bytes.
const MaxConditionLen = 8192

// maxDepth bounds the nesting of a simple condition's tree.
const maxDepth = 64

type simpleCond struct {
	src      string
	operands []*Expr
	root     cnode
	compat   []string // see [Criterion.Compat]
}

// chunk maps a run of the rewritten text back to the source.
type chunk struct {
	out, src, outLen int
}

type rewriter struct {
	src      string
	i        int
	out      strings.Builder
	chunks   []chunk
	operands []*Expr
	lastSig  byte     // last non-blank byte written
	compat   []string // compatibility forms met so far
	opts     ParseOptions
}

func compileSimple(src string, o ParseOptions) (*simpleCond, *SyntaxError) {
	if len(src) > MaxConditionLen {
		return nil, syntaxErr(src, MaxConditionLen, "condition longer than %d bytes", MaxConditionLen)
	}
	if strings.TrimSpace(src) == "" {
		return nil, syntaxErr(src, 0, "empty condition")
	}
	rw := &rewriter{src: src, opts: o}
	if err := rw.run(); err != nil {
		return nil, err
	}
	tree, err := parser.Parse(rw.out.String())
	if err != nil {
		return nil, rw.parseError(err)
	}
	b := &builder{rw: rw}
	root, serr := b.build(tree.Node, 0)
	if serr != nil {
		return nil, serr
	}
	return &simpleCond{src: src, operands: rw.operands, root: root, compat: rw.compat}, nil
}

// emit writes text standing for src[from:rw.i].
func (rw *rewriter) emit(text string, from int) {
	rw.chunks = append(rw.chunks, chunk{out: rw.out.Len(), src: from, outLen: len(text)})
	rw.out.WriteString(text)
	if t := strings.TrimSpace(text); t != "" {
		rw.lastSig = t[len(t)-1]
	}
}

func (rw *rewriter) run() *SyntaxError {
	for rw.i < len(rw.src) {
		if err := rw.token(); err != nil {
			return err
		}
	}
	return nil
}

func (rw *rewriter) token() *SyntaxError {
	s, i := rw.src, rw.i
	switch b := s[i]; {
	case b == '\'':
		return rw.singleQuoted()
	case b == '"':
		return rw.doubleQuoted()
	case b == '$':
		return rw.operand()
	case isAlpha(b) || b == '_':
		return rw.word()
	case isDigit(b):
		rw.number()
	case b == '`' || b >= 0x80:
		return syntaxErr(s, i, "unexpected %s in condition", quoteByte(b))
	default:
		rw.i++
		rw.emit(s[i:rw.i], i)
	}
	return nil
}

// singleQuoted reads a spec string literal, where ” is a quote.
func (rw *rewriter) singleQuoted() *SyntaxError {
	start := rw.i
	var b strings.Builder
	for j := start + 1; j < len(rw.src); j++ {
		if rw.src[j] != '\'' {
			b.WriteByte(rw.src[j])
			continue
		}
		if j+1 < len(rw.src) && rw.src[j+1] == '\'' {
			b.WriteByte('\'')
			j++
			continue
		}
		rw.i = j + 1
		rw.emit(strconv.Quote(b.String()), start)
		return nil
	}
	return syntaxErr(rw.src, start, "string has no closing quote")
}

// doubleQuoted reads a JSON-style string, which documents often use.
func (rw *rewriter) doubleQuoted() *SyntaxError {
	start := rw.i
	for j := start + 1; j < len(rw.src); j++ {
		switch rw.src[j] {
		case '\\':
			j++
		case '"':
			v, err := strconv.Unquote(rw.src[start : j+1])
			if err != nil {
				return syntaxErr(rw.src, start, "invalid string: %v", err)
			}
			rw.i = j + 1
			rw.emit(strconv.Quote(v), start)
			return nil
		}
	}
	return syntaxErr(rw.src, start, "string has no closing quote")
}

// operand parses a runtime expression up to the next blank, operator or
// bracket and writes a variable in its place.
func (rw *rewriter) operand() *SyntaxError {
	start := rw.i
	end := start
	for end < len(rw.src) && !isOperandStop(rw.src[end]) {
		end++
	}
	e, err := parseExpr(rw.src[start:end], rw.opts)
	if err != nil {
		return err.shift(rw.src, start)
	}
	rw.i = end
	rw.emit("_"+strconv.Itoa(len(rw.operands)), start)
	rw.operands = append(rw.operands, e)
	for _, code := range e.compat {
		// Inside a condition, $response.body.count is the spec's own "."
		// operator, not the dot-path-body form.
		if code != "dot-path-body" {
			rw.compat = appendNew(rw.compat, code)
		}
	}
	return nil
}

func isOperandStop(b byte) bool {
	return b <= ' ' || strings.IndexByte("()=!<>&|[],", b) >= 0
}

// word accepts true, false, null, and a property name after ".".
func (rw *rewriter) word() *SyntaxError {
	start := rw.i
	for rw.i < len(rw.src) && (isIDStrict(rw.src[rw.i]) && rw.src[rw.i] != '-') {
		rw.i++
	}
	w := rw.src[start:rw.i]
	switch {
	case rw.lastSig == '.':
		rw.emit(w, start)
	case rw.unquoted(start, w):
		return nil
	case w == "true" || w == "false":
		rw.emit(w, start)
	case w == "null":
		rw.emit("nil", start)
	case w == "and" || w == "or" || w == "not":
		return syntaxErr(rw.src, start, "operator %q is not allowed, use &&, || or !", w)
	default:
		return syntaxErr(rw.src, start,
			"unexpected word %q: runtime expressions start with \"$\" and strings need quotes", w)
	}
	return nil
}

// unquoted accepts a string literal written without quotes on the right
// of a comparison, as in "$response.header.Content-Type ==
// application/json": it runs to "&&", "||", ")" or the end and compares
// as the string it spells. Keywords and text holding quotes, "$" or
// operators stay errors.
func (rw *rewriter) unquoted(start int, w string) bool {
	if strings.IndexByte("=<>", rw.lastSig) < 0 || isKeyword(w) {
		return false
	}
	end := len(rw.src)
	for _, stop := range []string{"&&", "||", ")"} {
		if i := strings.Index(rw.src[start:], stop); i >= 0 {
			end = min(end, start+i)
		}
	}
	lit := strings.TrimRight(rw.src[start:end], " \t")
	if strings.ContainsAny(lit, "'\"$()=<>!&|[]`\\") {
		return false
	}
	rw.i = start + len(lit)
	rw.emit(strconv.Quote(lit), start)
	rw.compat = appendNew(rw.compat, "unquoted-string-literal")
	return true
}

func isKeyword(w string) bool {
	switch w {
	case "true", "false", "null", "and", "or", "not", "in":
		return true
	}
	return false
}

// number copies a JSON number.
func (rw *rewriter) number() {
	start := rw.i
	s := rw.src
	rw.i++
	for rw.i < len(s) && (isDigit(s[rw.i]) || s[rw.i] == '.') {
		rw.i++
	}
	if rw.i < len(s) && (s[rw.i] == 'e' || s[rw.i] == 'E') {
		rw.i++
		if rw.i < len(s) && (s[rw.i] == '+' || s[rw.i] == '-') {
			rw.i++
		}
		for rw.i < len(s) && isDigit(s[rw.i]) {
			rw.i++
		}
	}
	rw.emit(s[start:rw.i], start)
}

// srcOffset maps a rune offset in the rewritten text to a byte offset in
// the source.
func (rw *rewriter) srcOffset(runeOff int) int {
	out := rw.out.String()
	off := 0
	for n := 0; n < runeOff && off < len(out); n++ {
		_, size := utf8.DecodeRuneInString(out[off:])
		off += size
	}
	if off >= len(out) {
		return len(rw.src)
	}
	for k := len(rw.chunks) - 1; k >= 0; k-- {
		c := rw.chunks[k]
		if c.out <= off {
			return c.src + min(off-c.out, max(c.outLen-1, 0))
		}
	}
	return len(rw.src)
}

// parseError turns an expr-lang parse error into ours, worded in the
// terms of the condition (see plainMessage).
func (rw *rewriter) parseError(err error) *SyntaxError {
	var fe *file.Error
	if !errors.As(err, &fe) {
		return syntaxErr(rw.src, 0, "%v", err)
	}
	off := rw.srcOffset(fe.From)
	if strings.Contains(fe.Message, "EOF") || strings.Contains(fe.Message, "end of expression") {
		off = len(rw.src)
	}
	return syntaxErr(rw.src, off, "%s", plainMessage(fe.Message, rw.src, off))
}

// builder checks expr-lang's tree against the allow-list.
type builder struct {
	rw *rewriter
}

func (b *builder) errorAt(n ast.Node, format string, args ...any) *SyntaxError {
	return syntaxErr(b.rw.src, b.rw.srcOffset(n.Location().From), format, args...)
}

func (b *builder) build(n ast.Node, depth int) (cnode, *SyntaxError) {
	if depth > maxDepth {
		return nil, b.errorAt(n, "condition nested deeper than %d", maxDepth)
	}
	switch n := n.(type) {
	case *ast.BoolNode:
		return lit(n.Value), nil
	case *ast.IntegerNode:
		return lit(float64(n.Value)), nil
	case *ast.FloatNode:
		return lit(n.Value), nil
	case *ast.StringNode:
		return lit(n.Value), nil
	case *ast.NilNode:
		return lit(nil), nil
	case *ast.IdentifierNode:
		return b.identifier(n)
	case *ast.UnaryNode:
		return b.unary(n, depth)
	case *ast.BinaryNode:
		return b.binary(n, depth)
	case *ast.MemberNode:
		return b.member(n, depth)
	}
	if cn, ok := n.(*ast.ConditionalNode); ok {
		return nil, b.conditional(cn)
	}
	return nil, b.errorAt(n, "%s is not allowed in a condition", describeNode(n))
}

// conditional reports a ternary at its "?", which expr-lang does not
// locate.
func (b *builder) conditional(n *ast.ConditionalNode) *SyntaxError {
	from := b.rw.srcOffset(n.Cond.Location().From)
	if i := strings.IndexByte(b.rw.src[from:], '?'); i >= 0 {
		from += i
	}
	return syntaxErr(b.rw.src, from, "a conditional is not allowed in a condition")
}

func (b *builder) identifier(n *ast.IdentifierNode) (cnode, *SyntaxError) {
	i, err := strconv.Atoi(strings.TrimPrefix(n.Value, "_"))
	if !strings.HasPrefix(n.Value, "_") || err != nil || i < 0 || i >= len(b.rw.operands) {
		return nil, b.errorAt(n, "unexpected name %q", n.Value)
	}
	return &operandNode{i: i, e: b.rw.operands[i]}, nil
}

func (b *builder) unary(n *ast.UnaryNode, depth int) (cnode, *SyntaxError) {
	x, err := b.build(n.Node, depth+1)
	if err != nil {
		return nil, err
	}
	if n.Operator == "!" {
		return &notNode{x: x}, nil
	}
	if l, ok := x.(*litNode); ok && n.Operator == "-" {
		if f, ok := l.v.(float64); ok {
			return lit(-f), nil
		}
	}
	return nil, b.errorAt(n, "operator %q is not allowed in a condition", n.Operator)
}

var binaryOps = map[string]bool{
	"==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true,
	"&&": true, "||": true,
}

func (b *builder) binary(n *ast.BinaryNode, depth int) (cnode, *SyntaxError) {
	if !binaryOps[n.Operator] {
		return nil, b.errorAt(n, "operator %q is not allowed in a condition, "+
			"want == != < <= > >= && || or !", n.Operator)
	}
	l, err := b.build(n.Left, depth+1)
	if err != nil {
		return nil, err
	}
	r, err := b.build(n.Right, depth+1)
	if err != nil {
		return nil, err
	}
	if n.Operator == "&&" || n.Operator == "||" {
		return &logicNode{op: n.Operator, l: l, r: r}, nil
	}
	return &cmpNode{op: n.Operator, l: l, r: r}, nil
}

// member accepts .name and [n] after an operand.
func (b *builder) member(n *ast.MemberNode, depth int) (cnode, *SyntaxError) {
	if n.Optional || n.Method {
		return nil, b.errorAt(n, "only .name and [index] may follow a value")
	}
	x, err := b.build(n.Node, depth+1)
	if err != nil {
		return nil, err
	}
	switch p := n.Property.(type) {
	case *ast.StringNode:
		return &memberNode{x: x, key: p.Value, suffix: "." + p.Value}, nil
	case *ast.IntegerNode:
		if p.Value >= 0 {
			k := strconv.Itoa(p.Value)
			return &memberNode{x: x, key: k, suffix: "[" + k + "]"}, nil
		}
	}
	return nil, b.errorAt(n.Property, "an index must be a non-negative integer")
}

func describeNode(n ast.Node) string {
	switch n.(type) {
	case *ast.CallNode, *ast.BuiltinNode:
		return "a function call"
	case *ast.ConditionalNode:
		return "a conditional"
	case *ast.ArrayNode, *ast.MapNode:
		return "a literal array or map"
	case *ast.SliceNode:
		return "a slice"
	case *ast.PointerNode, *ast.PredicateNode:
		return "a predicate"
	case *ast.ChainNode:
		return "optional chaining"
	}
	return fmt.Sprintf("%T", n)[len("*ast."):]
}
