package expr

// This file holds the recursive-descent parser for one runtime
// expression: the 1.1.0 structured grammar, which 1.0.1 documents also
// follow in practice, plus the compatibility forms listed in doc.go.

import (
	"fmt"
	"slices"
	"strings"
)

// MaxExprLen is the longest runtime expression Parse accepts, in bytes.
const MaxExprLen = 4096

// ParseOptions selects the grammar a runtime expression is parsed with.
type ParseOptions struct {
	// Version is the document's "arazzo" field, e.g. "1.0.1" or "1.1.0".
	// A 1.0.x version rejects the 1.1 sources $self, $message and
	// payload. Empty means the newest version.
	Version string

	// Strict rejects the compatibility forms that [Expr.Compat] would
	// otherwise report.
	Strict bool
}

func (o ParseOptions) is10() bool { return strings.HasPrefix(o.Version, "1.0") }

// Parse parses one runtime expression that makes up the whole of src,
// with the newest grammar and compatibility forms allowed.
func Parse(src string) (*Expr, error) {
	return ParseWith(src, ParseOptions{})
}

// ParseWith parses one runtime expression with the given options.
func ParseWith(src string, o ParseOptions) (*Expr, error) {
	e, err := parseExpr(src, o)
	if err != nil {
		return nil, err
	}
	return e, nil
}

// parseExpr is Parse returning the concrete error type.
func parseExpr(src string, o ParseOptions) (*Expr, *SyntaxError) {
	if len(src) > MaxExprLen {
		return nil, syntaxErr(src, MaxExprLen, "runtime expression longer than %d bytes", MaxExprLen)
	}
	p := &exprParser{c: cursor{src: src}, opts: o, e: &Expr{src: src, version: o.Version}}
	if err := p.expression(); err != nil {
		return nil, err
	}
	return p.e, nil
}

type exprParser struct {
	c    cursor
	opts ParseOptions
	e    *Expr
}

func (p *exprParser) errorf(format string, args ...any) *SyntaxError {
	return syntaxErr(p.c.src, p.c.pos, format, args...)
}

// compat records a compatibility form, or rejects it in strict mode with
// msg at offset at.
func (p *exprParser) compat(at int, code, msg string) *SyntaxError {
	if p.opts.Strict {
		return syntaxErr(p.c.src, at, "%s", msg)
	}
	if !slices.Contains(p.e.compat, code) {
		p.e.compat = append(p.e.compat, code)
	}
	return nil
}

func (p *exprParser) expression() *SyntaxError {
	if !p.c.accept('$') {
		return p.errorf(`runtime expression must start with "$", found %s`, p.c.found())
	}
	if err := p.source(); err != nil {
		return err
	}
	switch p.e.source {
	case SourceURL, SourceMethod, SourceStatusCode, SourceSelf:
		return p.end()
	case SourceRequest, SourceResponse, SourceMessage:
		return p.message()
	case SourceInputs, SourceOutputs:
		return p.named()
	case SourceSteps:
		return p.steps()
	case SourceWorkflows:
		return p.workflows()
	case SourceSourceDescriptions:
		return p.sourceDescription()
	}
	return p.components()
}

// source reads the word after "$".
func (p *exprParser) source() *SyntaxError {
	at := p.c.pos
	w := p.c.take(isAlpha)
	s, ok := sourceByName[strings.ToLower(w)]
	if !ok {
		p.c.pos = at
		return p.unknownSource(w)
	}
	if w != s.String() {
		msg := "source $" + w + " must be written $" + s.String()
		if err := p.compat(at, "source-case", msg); err != nil {
			return err
		}
	}
	if (s == SourceSelf || s == SourceMessage) && p.opts.is10() {
		return syntaxErr(p.c.src, at, "$%s needs Arazzo 1.1, the document is %s", s, p.opts.Version)
	}
	p.e.source = s
	return nil
}

// unknownSource accepts $workflow.inputs.x and $workflow.outputs.x as
// $inputs.x and $outputs.x; any other unknown word is an error, with a
// guess at what was meant where one is likely.
func (p *exprParser) unknownSource(w string) *SyntaxError {
	at := p.c.pos
	msg := fmt.Sprintf("unknown source %q, want $url, $method, $statusCode, $request, "+
		"$response, $inputs, $outputs, $steps, $workflows, $sourceDescriptions, "+
		"$components, $self or $message", "$"+w)
	if hint := sourceHints[strings.ToLower(w)]; hint != "" {
		msg = fmt.Sprintf("unknown source %q; %s", "$"+w, hint)
	}
	if !strings.EqualFold(w, "workflow") {
		return p.errorf("%s", msg)
	}
	for _, f := range []string{"inputs", "outputs"} {
		if strings.HasPrefix(p.c.src[at+len(w):], "."+f+".") {
			if err := p.compat(at, "workflow-singular", msg); err != nil {
				return err
			}
			p.c.pos = at + len(w) + 1 + len(f)
			p.e.source = sourceByName[f]
			return nil
		}
	}
	return p.errorf("%s", msg)
}

// sourceHints says what an unknown source probably meant.
var sourceHints = map[string]string{
	"body":       "did you mean $response.body (or $request.body)?",
	"header":     "did you mean $response.header.NAME (or $request.header.NAME)?",
	"headers":    "did you mean $response.header.NAME (or $request.header.NAME)?",
	"status":     "did you mean $statusCode?",
	"statuscode": "did you mean $statusCode?",
	"input":      "did you mean $inputs.NAME?",
	"output":     "did you mean $outputs.NAME?",
	"step":       "did you mean $steps.ID.outputs.NAME?",
	"workflow":   "did you mean $inputs.NAME or $outputs.NAME (this workflow), or $workflows.ID.outputs.NAME?",
	"parameters": "did you mean $components.parameters.NAME?",
}

func (p *exprParser) end() *SyntaxError {
	if p.c.eof() {
		return nil
	}
	msg := fmt.Sprintf("unexpected %s after %s", p.c.found(), p.c.src[:p.c.pos])
	if rest := strings.TrimSpace(p.c.rest()); p.c.peek() == ' ' && rest != "" &&
		strings.IndexByte("=!<>|&?", rest[0]) >= 0 {
		msg += "; a runtime expression holds no operators (conditions go in a Criterion Object)"
	}
	return p.errorf("%s", msg)
}

// dot consumes the "." that introduces the next element, naming it in
// the error.
func (p *exprParser) dot(what string) *SyntaxError {
	if p.c.accept('.') {
		return nil
	}
	return p.errorf(`want "." and %s after $%s, found %s`, what, p.e.source, p.c.found())
}

// word reads a non-empty run of class, naming what in the error.
func (p *exprParser) word(class func(byte) bool, what string) (string, *SyntaxError) {
	w := p.c.take(class)
	if w == "" {
		return "", p.errorf("want %s, found %s", what, p.c.found())
	}
	return w, nil
}
