package expr

// This file parses and expands templates: strings that hold runtime
// expressions, either whole, embedded in braces, or bare (1.0.x style).

import (
	"strings"
)

// MaxTemplateLen is the longest template ParseTemplate accepts, in bytes.
const MaxTemplateLen = 1 << 20

// Template is a parsed string value that may hold runtime expressions.
type Template struct {
	src   string
	whole *Expr   // the whole string is one expression
	parts []piece // otherwise: literal text and embedded expressions
	bare  bool    // a bare expression was found inside text
}

// piece is literal text or one embedded expression.
type piece struct {
	lit string
	e   *Expr
}

// ParseTemplate parses a string value such as a parameter value or a
// payload string. Three forms hold expressions:
//
//   - the whole string is a runtime expression ("$inputs.cpu"): Eval
//     returns the value with its type;
//   - "{$...}" anywhere in text: replaced by the value's text form;
//   - a bare expression inside text ("Bearer $inputs.apiToken"): the
//     1.0.x compatibility form, treated as if it were in braces; see
//     [Template.Bare].
//
// Braces that do not open "{$" followed by a letter are literal, so JSON
// and XML text with braces stays as written.
func ParseTemplate(s string) (*Template, error) {
	return ParseTemplateWith(s, ParseOptions{})
}

// ParseTemplateWith is [ParseTemplate] with the grammar of the given
// options for every expression in the template.
func ParseTemplateWith(s string, o ParseOptions) (*Template, error) {
	t, err := parseTemplate(s, true, o)
	if err != nil {
		return nil, err
	}
	return t, nil
}

func parseTemplate(s string, bare bool, o ParseOptions) (*Template, *SyntaxError) {
	if len(s) > MaxTemplateLen {
		return nil, syntaxErr(s, MaxTemplateLen, "template longer than %d bytes", MaxTemplateLen)
	}
	t := &Template{src: s}
	if bare && strings.HasPrefix(s, "$") {
		if e, err := parseExpr(s, o); err == nil {
			t.whole = e
			return t, nil
		}
	}
	if err := t.scan(bare, o); err != nil {
		return nil, err
	}
	return t, nil
}

// scan splits the template into literal text and expressions.
func (t *Template) scan(bare bool, o ParseOptions) *SyntaxError {
	s := t.src
	lit := 0
	for i := 0; i < len(s); {
		var e *Expr
		var end int
		var err *SyntaxError
		switch {
		case opensEmbedded(s, i):
			e, end, err = embedded(s, i, o)
		case bare && s[i] == '$' && hasBareSource(s[i:]):
			e, end, err = bareExpr(s, i, o)
			t.bare = true
		default:
			i++
			continue
		}
		if err != nil {
			return err
		}
		t.addLiteral(s[lit:i])
		t.parts = append(t.parts, piece{e: e})
		i, lit = end, end
	}
	t.addLiteral(s[lit:])
	return nil
}

func (t *Template) addLiteral(s string) {
	if s != "" {
		t.parts = append(t.parts, piece{lit: s})
	}
}

func opensEmbedded(s string, i int) bool {
	return s[i] == '{' && i+2 < len(s) && s[i+1] == '$' && isAlpha(s[i+2])
}

// embedded parses "{$...}" at i and returns the index after "}".
func embedded(s string, i int, o ParseOptions) (*Expr, int, *SyntaxError) {
	j := strings.IndexByte(s[i+1:], '}')
	if j < 0 {
		return nil, 0, syntaxErr(s, i, `"{$" has no closing "}"`)
	}
	end := i + 1 + j
	e, err := parseExpr(s[i+1:end], o)
	if err != nil {
		return nil, 0, err.shift(s, i+1)
	}
	return e, end + 1, nil
}

// bareSources are the starts we accept for a bare expression inside text,
// so that "$5" or "$HOME" stay literal.
var bareSources = []string{
	"$inputs.", "$steps.", "$response.", "$request.", "$outputs.",
	"$workflows.", "$components.", "$sourceDescriptions.",
	"$statusCode", "$url", "$method",
}

func hasBareSource(s string) bool {
	for _, p := range bareSources {
		if !strings.HasPrefix(s, p) {
			continue
		}
		if p[len(p)-1] == '.' || len(s) == len(p) || !isIdent(s[len(p)]) {
			return true
		}
	}
	return false
}

// bareExpr parses the bare expression at i. It runs to the first blank,
// quote, bracket or brace, less a trailing sentence stop; if the grammar
// stops earlier (at "&" in a query string, say), it ends there instead.
func bareExpr(s string, i int, o ParseOptions) (*Expr, int, *SyntaxError) {
	end := i
	for end < len(s) && !isBareStop(s[end]) {
		end++
	}
	for end > i+1 && strings.IndexByte(".,:;!?", s[end-1]) >= 0 {
		end--
	}
	for {
		e, err := parseExpr(s[i:end], o)
		if err == nil {
			return e, end, nil
		}
		if err.Offset <= 1 || err.Offset >= end-i || !shrinkable(s[i:end], err.Offset) {
			return nil, 0, err.shift(s, i)
		}
		end = i + err.Offset
	}
}

func isBareStop(b byte) bool {
	return b <= ' ' || strings.IndexByte("\"'`<>,;(){}[]", b) >= 0
}

// shrinkable reports whether the grammar stopping at off means the
// expression simply ended there, as opposed to a mistake in it: never
// inside a JSON Pointer, and only at punctuation.
func shrinkable(s string, off int) bool {
	b := s[off]
	return !isIdent(b) && strings.IndexByte("#/~", b) < 0 && strings.IndexByte(s[:off], '#') < 0
}

// Eval expands the template. A whole-string expression returns its value
// with its type; otherwise the result is a string in which each
// expression is replaced by its [Text] form. An undefined value is an
// error wrapping [ErrUndefined]; a string without expressions comes back
// unchanged.
func (t *Template) Eval(c *Context) (any, error) {
	if t.whole != nil {
		return t.whole.Eval(c)
	}
	if len(t.parts) == 1 && t.parts[0].e == nil {
		return t.src, nil
	}
	var b strings.Builder
	for _, p := range t.parts {
		if p.e == nil {
			b.WriteString(p.lit)
			continue
		}
		v, err := p.e.Eval(c)
		if err != nil {
			return nil, err
		}
		b.WriteString(Text(v))
	}
	return b.String(), nil
}

// String returns the template as written.
func (t *Template) String() string { return t.src }

// IsLiteral reports whether the template holds no expression.
func (t *Template) IsLiteral() bool { return len(t.Exprs()) == 0 }

// Bare reports whether a bare expression appeared inside text, as in
// "Bearer $inputs.apiToken", which expands as "Bearer {$inputs.apiToken}".
func (t *Template) Bare() bool { return t.bare }

// Whole reports whether the whole template is one runtime expression,
// whose value keeps its type.
func (t *Template) Whole() bool { return t.whole != nil }

// Exprs returns the expressions in the template, in order.
func (t *Template) Exprs() []*Expr {
	if t.whole != nil {
		return []*Expr{t.whole}
	}
	var es []*Expr
	for _, p := range t.parts {
		if p.e != nil {
			es = append(es, p.e)
		}
	}
	return es
}

// Compat returns the compatibility forms used: "bare-expression" and the
// codes of each expression (see [Expr.Compat]).
func (t *Template) Compat() []string {
	var codes []string
	if t.bare {
		codes = append(codes, "bare-expression")
	}
	for _, e := range t.Exprs() {
		codes = appendNew(codes, e.compat...)
	}
	return codes
}

// templateExprs is t.Exprs() for a template that may be nil.
func templateExprs(t *Template) []*Expr {
	if t == nil {
		return nil
	}
	return t.Exprs()
}

func appendNew(codes []string, add ...string) []string {
	for _, c := range add {
		if !contains(codes, c) {
			codes = append(codes, c)
		}
	}
	return codes
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// braceQuoted wraps each string literal of a jsonpath or xpath condition
// that holds nothing but a runtime expression in braces: '$inputs.model'
// becomes '{$inputs.model}', the embedded form the spec asks for. Nobody
// compares against the text "$inputs.model", so the meaning is plain. It
// reports whether it changed anything.
func braceQuoted(src string, o ParseOptions) (string, bool) {
	var b strings.Builder
	lit, done := 0, false
	for i := 0; i < len(src); i++ {
		q := src[i]
		if q != '\'' && q != '"' {
			continue
		}
		end := strings.IndexByte(src[i+1:], q)
		if end < 0 {
			break
		}
		end += i + 1
		if body := src[i+1 : end]; hasBareSource(body) && isExpr(body, o) {
			b.WriteString(src[lit : i+1])
			b.WriteString("{" + body + "}")
			lit, done = end, true
		}
		i = end
	}
	if !done {
		return src, false
	}
	b.WriteString(src[lit:])
	return b.String(), true
}

func isExpr(s string, o ParseOptions) bool {
	_, err := parseExpr(s, o)
	return err == nil
}
