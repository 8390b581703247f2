package expr

// This file holds regex criteria, in the ECMAScript dialect.

import (
	"fmt"
	"strings"
	"time"

	"github.com/dlclark/regexp2/v2"
)

// regexTimeout bounds one regex match, against catastrophic backtracking.
const regexTimeout = 100 * time.Millisecond

type regexCond struct {
	src     string
	tmpl    *Template       // non-nil when the pattern embeds {$...}
	re      *regexp2.Regexp // compiled once when it does not
	literal bool            // written /pattern/flags (regex-literal)
	memo    memo[*regexp2.Regexp]
}

func compileRegex(src string, o ParseOptions) (*regexCond, error) {
	t, err := parseTemplate(src, false, o)
	if err != nil {
		return nil, err
	}
	rc := &regexCond{src: src}
	if !t.IsLiteral() {
		rc.tmpl = t
		return rc, nil
	}
	if rc.re, err = compilePattern(src); err != nil {
		return nil, err
	}
	_, _, rc.literal = regexLiteral(src)
	return rc, nil
}

// compilePattern compiles an ECMAScript pattern. A JavaScript regex
// literal, /^[0-9A-F]{8}$/i, is read as its pattern and flags.
func compilePattern(src string) (*regexp2.Regexp, *SyntaxError) {
	pattern, opts, _ := regexLiteral(src)
	re, err := regexp2.Compile(pattern, opts)
	if err != nil {
		return nil, syntaxErr(src, 0, "invalid regex: %v", err)
	}
	re.MatchTimeout = regexTimeout
	return re, nil
}

// regexLiteral splits "/pattern/flags" when the flags are JavaScript's
// (g, i, m, s, u; g and u change nothing for a test) and the pattern uses
// regex syntax, so a path such as "/pets/i" stays text to match. It
// returns src and ECMAScript otherwise.
func regexLiteral(src string) (string, regexp2.RegexOptions, bool) {
	j := strings.LastIndexByte(src, '/')
	if len(src) < 3 || src[0] != '/' || j < 2 || !strings.ContainsAny(src[1:j], `^$\[(*+?{|`) {
		return src, regexp2.ECMAScript, false
	}
	opts := regexp2.ECMAScript
	for _, f := range src[j+1:] {
		switch f {
		case 'i':
			opts |= regexp2.IgnoreCase
		case 'm':
			opts |= regexp2.Multiline
		case 's':
			opts |= regexp2.Singleline
		case 'g', 'u':
		default:
			return src, regexp2.ECMAScript, false
		}
	}
	return src[1:j], opts, true
}

// compilePatternErr is compilePattern returning an error interface.
func compilePatternErr(src string) (*regexp2.Regexp, error) {
	re, err := compilePattern(src)
	if err != nil {
		return nil, err
	}
	return re, nil
}

func (rc *regexCond) exprs() []*Expr { return templateExprs(rc.tmpl) }

func (rc *regexCond) eval(c *Context, cv any) Result {
	if cv == nil {
		return Result{Explanation: "regex " + rc.src + ": context is null"}
	}
	re, src := rc.re, rc.src
	if rc.tmpl != nil {
		v, err := rc.tmpl.Eval(c)
		if err != nil {
			return failed(err, "regex %s: %v", rc.src, err)
		}
		src = Text(v)
		if re, err = rc.memo.get(src, compilePatternErr); err != nil {
			return failed(err, "regex %s: %s", src, firstLine(err))
		}
	}
	text := Text(cv)
	ok, err := re.MatchString(text)
	expl := fmt.Sprintf("regex %s on %s: ", src, show(text))
	if err != nil {
		return failed(err, "%s%v", expl, err)
	}
	if ok {
		return Result{Passed: true, Explanation: expl + "matched"}
	}
	return Result{Explanation: expl + "no match"}
}
