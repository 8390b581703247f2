package expr

// This file holds jsonpointer criteria (Arazzo 1.1).

import "fmt"

type pointerCond struct {
	src  string
	tmpl *Template
	p    *Pointer
	memo memo[*Pointer]
}

// compilePointerCond compiles a condition that passes when the pointer
// selects a value other than null in the context.
func compilePointerCond(src string, o ParseOptions) (condition, error) {
	t, err := parseTemplate(src, false, o)
	if err != nil {
		return nil, err
	}
	pc := &pointerCond{src: src}
	if !t.IsLiteral() {
		pc.tmpl = t
		return pc, nil
	}
	if pc.p, err = parsePointer(src); err != nil {
		return nil, err
	}
	return pc, nil
}

func (pc *pointerCond) exprs() []*Expr { return templateExprs(pc.tmpl) }

func (pc *pointerCond) eval(c *Context, cv any) Result {
	p := pc.p
	if pc.tmpl != nil {
		v, err := pc.tmpl.Eval(c)
		if err == nil {
			p, err = pc.memo.get(Text(v), ParsePointer)
		}
		if err != nil {
			return failed(err, "jsonpointer %s: %v", pc.src, err)
		}
	}
	v, _, ok := p.Get(cv)
	expl := fmt.Sprintf("jsonpointer %s on %s: ", p.raw, show(cv))
	if !ok {
		return Result{Explanation: expl + "no value"}
	}
	return Result{Passed: v != nil, Explanation: expl + show(v)}
}
