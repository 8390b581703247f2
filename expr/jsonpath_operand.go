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
