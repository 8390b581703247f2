package expr

// This file words expr-lang's parse errors for people who write
// conditions: token kinds such as Operator("=") or EOF become the text
// they stand for, with a guess at the intent where one is likely.

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	// tokenWords matches expr-lang's description of an unexpected token.
	tokenWords = regexp.MustCompile(`unexpected token (\w+)(?:\(("(?:[^"\\]|\\.)*")\))?|unexpected end of expression`)

	badChar    = regexp.MustCompile(`^unrecognized character: U\+[0-9A-F]+ '(.+)'$`)
	badLiteral = regexp.MustCompile(`^invalid \w+ literal: .*parsing "(.*)": .*$`)
)

// plainMessage rewords msg, an expr-lang parse error about src at byte
// offset off, in the terms of the condition as written.
func plainMessage(msg, src string, off int) string {
	if m := tokenWords.FindStringSubmatch(msg); m != nil && m[0] == msg {
		return unexpectedToken(m[1], unquoteToken(m[2]), src, off)
	}
	if m := badChar.FindStringSubmatch(msg); m != nil {
		return "unexpected " + strconv.Quote(m[1])
	}
	if m := badLiteral.FindStringSubmatch(msg); m != nil {
		return "invalid number " + m[1]
	}
	msg = tokenWords.ReplaceAllStringFunc(msg, func(t string) string {
		m := tokenWords.FindStringSubmatch(t)
		if m[1] == "" || m[1] == "EOF" {
			return "unexpected end of condition"
		}
		return "unexpected " + tokenText(m[1], unquoteToken(m[2]), src, off)
	})
	return strings.ReplaceAll(msg, "nil", "null")
}

func unquoteToken(v string) string {
	if u, err := strconv.Unquote(v); err == nil {
		return u
	}
	return v
}

// unexpectedToken explains a token of kind (expr-lang's lexer.Kind) and
// value found at off where the grammar wanted something else.
func unexpectedToken(kind, value, src string, off int) string {
	if kind == "" || kind == "EOF" || off >= len(src) {
		return endedEarly(src)
	}
	text := "unexpected " + tokenText(kind, value, src, off)
	switch kind {
	case "Identifier", "Number", "String":
		return text + ": is an operator (&&, ||, ==, ...) missing before it?"
	case "Operator":
		if hint := operatorHint(value, src, off); hint != "" {
			return text + ": did you mean " + hint + "?"
		}
	case "Bracket":
		if open := closerOf(value); open != "" && !strings.Contains(unclosed(src[:off]), open) {
			return text + ": no " + strconv.Quote(open) + " is open"
		}
	}
	return text
}

// tokenText names a token as the condition spells it. An identifier may
// be a variable standing for a runtime expression, so it is read from
// the source.
func tokenText(kind, value, src string, off int) string {
	switch kind {
	case "Identifier":
		end := off
		for end < len(src) && !isOperandStop(src[end]) {
			end++
		}
		if end > off {
			return src[off:end]
		}
	case "Number":
		return "number " + value
	case "String":
		return "string " + strconv.Quote(value)
	case "EOF":
		return "end of condition"
	}
	return strconv.Quote(value)
}

// operatorHint guesses the operator meant where op was found at off:
// === and !== for == and !=, = for ==, => for >=, <> for !=.
func operatorHint(op, src string, off int) string {
	before := strings.TrimRight(src[:off], " ")
	switch {
	case op == "=" && strings.HasSuffix(before, "!="):
		return "!="
	case op == "=" && strings.HasPrefix(src[off:], "=>"):
		return ">="
	case op == "=" && strings.HasPrefix(src[off:], "=<"):
		return "<="
	case op == "=":
		return "=="
	case op == ">" && strings.HasSuffix(before, "<"):
		return "!="
	}
	return ""
}

// endedEarly explains a condition that stops before the grammar is
// satisfied: after an operator, or with a bracket left open.
func endedEarly(src string) string {
	t := strings.TrimRight(src, " \t\r\n")
	for _, op := range []string{"&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "."} {
		if strings.HasSuffix(t, op) {
			return "the condition ends after " + op + "; an operand is missing"
		}
	}
	if open := unclosed(t); open != "" {
		last := open[len(open)-1:]
		return "the condition ends before the " + strconv.Quote(last) + " is closed"
	}
	return "the condition ends too early"
}

// unclosed returns the brackets of s still open at its end, innermost
// last, skipping quoted strings.
func unclosed(s string) string {
	var open []byte
	for i := 0; i < len(s); i++ {
		switch b := s[i]; b {
		case '\'', '"':
			if j := strings.IndexByte(s[i+1:], b); j >= 0 {
				i += j + 1
			}
		case '(', '[':
			open = append(open, b)
		case ')', ']':
			if n := len(open); n > 0 && string(open[n-1]) == closerOf(string(b)) {
				open = open[:n-1]
			}
		}
	}
	return string(open)
}

// closerOf returns the opening bracket that closer closes, or "".
func closerOf(closer string) string {
	switch closer {
	case ")":
		return "("
	case "]":
		return "["
	}
	return ""
}
