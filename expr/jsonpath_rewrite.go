package expr

// This file rewrites a jsonpath boolean form before gval parses it, so
// that what authors write means what they meant: runtime expressions as
// operands ("$.input_tokens <= $inputs.tokenBudget") become calls of
// operandFunc, evaluated when gval runs; ".length" at the end of a path
// becomes a count; and bare words become strings.

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// operandFunc names the gval function that stands for the n-th runtime
// expression of a condition. No JSONPath or gval text uses the name.
const operandFunc = "arazzoOperand"

type operandKey struct{}

// operandState carries one evaluation's Context into gval and collects
// what the operands gave.
type operandState struct {
	c     *Context
	ops   []*Expr
	notes []string // "$inputs.x = 3", for the explanation
	err   error    // the first operand that failed
}

// edit is one change a rewriting pass makes outside string literals: the
// text up to end is replaced by repl when replace is set, and skipped as
// it is otherwise.
type edit struct {
	end     int
	repl    string
	replace bool
}

// rewriteOutside calls at for each byte of src outside '…' and "…"
// literals and applies the edits it returns; at returns end <= i to leave
// the byte alone. It reports whether anything was replaced.
func rewriteOutside(src string, at func(i int) edit) (string, bool) {
	var b strings.Builder
	var quote byte
	lit, done := 0, false
	for i := 0; i < len(src); i++ {
		ch := src[i]
		switch {
		case quote != 0:
			if ch == '\\' {
				i++
			} else if ch == quote {
				quote = 0
			}
			continue
		case ch == '\'' || ch == '"':
			quote = ch
			continue
		}
		ed := at(i)
		if ed.end <= i {
			continue
		}
		if ed.replace {
			b.WriteString(src[lit:i])
			b.WriteString(ed.repl)
			lit, done = ed.end, true
		}
		i = ed.end - 1
	}
	if !done {
		return src, false
	}
	b.WriteString(src[lit:])
	return b.String(), true
}

// extractOperands replaces each runtime expression outside string
// literals with a call of operandFunc. A "$" followed by a letter is never
// a JSONPath root, which is followed by ".", "[" or nothing.
func extractOperands(src string, o ParseOptions) (string, []*Expr, *SyntaxError) {
	var ops []*Expr
	var serr *SyntaxError
	out, _ := rewriteOutside(src, func(i int) edit {
		if serr != nil || src[i] != '$' || i+1 >= len(src) || !isAlpha(src[i+1]) {
			return edit{}
		}
		end := i + 1
		for end < len(src) && !isOperandStop(src[end]) {
			end++
		}
		e, err := parseExpr(src[i:end], o)
		if err != nil {
			serr = err.shift(src, i)
			return edit{end: len(src)}
		}
		ops = append(ops, e)
		return edit{end: end, repl: operandFunc + "(" + strconv.Itoa(len(ops)-1) + ")", replace: true}
	})
	if serr != nil {
		return "", nil, serr
	}
	return out, ops, nil
}

var errNoOperands = errors.New("runtime expressions cannot be used here")

// operandValue evaluates the operand whose index is args[0].
func operandValue(ctx context.Context, args ...any) (any, error) {
	st, _ := ctx.Value(operandKey{}).(*operandState)
	if st == nil || len(args) != 1 {
		return nil, errNoOperands
	}
	n, ok := args[0].(float64)
	if !ok || n < 0 || int(n) >= len(st.ops) {
		return nil, errNoOperands
	}
	e := st.ops[int(n)]
	v, err := e.Eval(st.c)
	if err != nil {
		if st.err == nil {
			st.err = err
		}
		return nil, err
	}
	st.notes = append(st.notes, e.src+" = "+show(v))
	return number(v), nil
}

// lengthFunc names the gval function that stands for ".length" at the
// end of a path in the boolean form.
const lengthFunc = "arazzoLength"

// rewriteLength turns "$.results.length" into "arazzoLength($.results)"
// outside string literals: authors of the boolean form write .length as
// JavaScript does, for the number of elements, and PaesslerAG would look
// for a member named "length" and find none. It reports whether it
// rewrote anything.
func rewriteLength(src string) (string, bool) {
	return rewriteOutside(src, func(i int) edit {
		if src[i] != '$' && src[i] != '@' {
			return edit{}
		}
		end := pathEnd(src, i)
		path, ok := strings.CutSuffix(src[i:end], ".length")
		if !ok {
			return edit{} // a filter inside may still hold one
		}
		inner, _ := rewriteLength(path)
		return edit{end: end, repl: lengthFunc + "(" + inner + ")", replace: true}
	})
}

// pathEnd finds where the JSONPath starting at i ends: at a blank or an
// operator outside brackets.
func pathEnd(src string, i int) int {
	depth := 0
	var quote byte
	for j := i + 1; j < len(src); j++ {
		ch := src[j]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '[' || ch == '(':
			depth++
		case ch == ']' || ch == ')':
			if depth == 0 {
				return j
			}
			depth--
		case depth == 0 && (ch <= ' ' || strings.IndexByte("=!<>&|,+?:", ch) >= 0):
			return j
		}
	}
	return len(src)
}

// lengthOf gives the number of elements of an array, or runes of a
// string; an object's own "length" member; null otherwise.
func lengthOf(args ...any) (any, error) {
	if len(args) != 1 {
		return nil, errors.New(lengthFunc + " takes one value")
	}
	switch v := args[0].(type) {
	case []any:
		return float64(len(v)), nil
	case string:
		return float64(utf8.RuneCountInString(v)), nil
	case map[string]any:
		return v["length"], nil
	}
	return nil, nil
}

// quoteBareWords quotes each bare word of a boolean form, as in
// "$.status == completed": gval would read it as a member of the context
// and compare with null. Words in a path (after ".", "$" or "@"),
// function names, true, false, null and "in" are left alone. It reports
// whether it quoted anything.
func quoteBareWords(src string) (string, bool) {
	return rewriteOutside(src, func(i int) edit {
		if !isWordByte(src[i]) {
			return edit{}
		}
		end := i
		for end < len(src) && isWordByte(src[end]) {
			end++
		}
		if !isBareWord(src, i, end) {
			return edit{end: end}
		}
		return edit{end: end, repl: "'" + src[i:end] + "'", replace: true}
	})
}

func isWordByte(b byte) bool { return isAlpha(b) || isDigit(b) || b == '_' }

// isBareWord reports whether src[i:end] is a word standing as a value.
func isBareWord(src string, i, end int) bool {
	switch w := src[i:end]; {
	case isDigit(w[0]), w == "true", w == "false", w == "null", w == "in":
		return false
	case i > 0 && strings.IndexByte(".$@", src[i-1]) >= 0:
		return false
	}
	rest := strings.TrimLeft(src[end:], " \t")
	return rest == "" || rest[0] != '('
}
