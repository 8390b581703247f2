package expr

// This file lets a jsonpath boolean form compare against runtime
// expressions, as in "$.input_tokens <= $inputs.tokenBudget": each
// expression becomes a call of operandFunc, which evaluates it when gval
// runs.

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

// extractOperands replaces each runtime expression outside string
// literals with a call of operandFunc. A "$" followed by a letter is never
// a JSONPath root, which is followed by ".", "[" or nothing.
func extractOperands(src string, o ParseOptions) (string, []*Expr, *SyntaxError) {
	var b strings.Builder
	var ops []*Expr
	var quote byte
	lit := 0
	for i := 0; i < len(src); i++ {
		switch ch := src[i]; {
		case quote != 0:
			if ch == '\\' {
				i++
			} else if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '$' && i+1 < len(src) && isAlpha(src[i+1]):
			end := i + 1
			for end < len(src) && !isOperandStop(src[end]) {
				end++
			}
			e, err := parseExpr(src[i:end], o)
			if err != nil {
				return "", nil, err.shift(src, i)
			}
			b.WriteString(src[lit:i])
			b.WriteString(operandFunc + "(" + strconv.Itoa(len(ops)) + ")")
			ops = append(ops, e)
			lit, i = end, end-1
		}
	}
	if ops == nil {
		return src, nil, nil
	}
	b.WriteString(src[lit:])
	return b.String(), ops, nil
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
	var b strings.Builder
	var quote byte
	lit, done := 0, false
	for i := 0; i < len(src); i++ {
		switch ch := src[i]; {
		case quote != 0:
			if ch == '\\' {
				i++
			} else if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '$' || ch == '@':
			end := pathEnd(src, i)
			path, ok := strings.CutSuffix(src[i:end], ".length")
			if !ok {
				continue // a filter inside may still hold one
			}
			inner, _ := rewriteLength(path)
			b.WriteString(src[lit:i])
			b.WriteString(lengthFunc + "(" + inner + ")")
			lit, done, i = end, true, end-1
		}
	}
	if !done {
		return src, false
	}
	b.WriteString(src[lit:])
	return b.String(), true
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
		case !isAlpha(ch) && ch != '_' && !isDigit(ch):
			continue
		}
		end := i
		for end < len(src) && (isAlpha(src[end]) || isDigit(src[end]) || src[end] == '_') {
			end++
		}
		if isBareWord(src, i, end) {
			b.WriteString(src[lit:i])
			b.WriteString("'" + src[i:end] + "'")
			lit, done = end, true
		}
		i = end - 1
	}
	if !done {
		return src, false
	}
	b.WriteString(src[lit:])
	return b.String(), true
}

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
