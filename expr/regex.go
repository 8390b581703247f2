package expr

// This file holds regex criteria, in the ECMAScript dialect.

import (
	"fmt"
	"time"

	"github.com/dlclark/regexp2/v2"
)

// regexTimeout bounds one regex match, against catastrophic backtracking.
const regexTimeout = 100 * time.Millisecond

type regexCond struct {
	src  string
	tmpl *Template       // non-nil when the pattern embeds {$...}
	re   *regexp2.Regexp // compiled once when it does not
	memo memo[*regexp2.Regexp]
}

func compileRegex(src string, o ParseOptions) (condition, error) {
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
	return rc, nil
}

func compilePattern(src string) (*regexp2.Regexp, *SyntaxError) {
	re, err := regexp2.Compile(src, regexp2.ECMAScript)
	if err != nil {
		return nil, syntaxErr(src, 0, "invalid regex: %v", err)
	}
	re.MatchTimeout = regexTimeout
	return re, nil
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
			return failed(err, "regex %s: %s", src, err.(*SyntaxError).Msg)
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
