package expr

// This file evaluates compiled simple conditions with the comparison
// rules of Arazzo 1.1 "Condition Evaluation".

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// cnode is a node of a compiled simple condition.
type cnode interface {
	eval(st *evalState) (any, error)
	text() string
}

type evalState struct {
	c    *Context
	expl strings.Builder // one note per comparison evaluated
}

type litNode struct {
	v     any
	shown string // show(v), computed once
}

func lit(v any) *litNode { return &litNode{v: v, shown: show(v)} }

func (n *litNode) eval(*evalState) (any, error) { return n.v, nil }
func (n *litNode) text() string                 { return n.shown }

type operandNode struct {
	i int
	e *Expr
}

func (n *operandNode) eval(st *evalState) (any, error) { return n.e.Eval(st.c) }
func (n *operandNode) text() string                    { return n.e.src }

type memberNode struct {
	x           cnode
	key, suffix string
}

func (n *memberNode) eval(st *evalState) (any, error) {
	v, err := n.x.eval(st)
	if err != nil {
		return nil, err
	}
	r, ok := step(v, n.key)
	if !ok {
		return nil, undefined(n.text(), "%q of %s", n.key, typeName(v))
	}
	return r, nil
}

func (n *memberNode) text() string { return n.x.text() + n.suffix }

type notNode struct{ x cnode }

func (n *notNode) eval(st *evalState) (any, error) {
	v, err := n.x.eval(st)
	if err != nil {
		return nil, err
	}
	b, err := truthy(v, n.x)
	return !b, err
}

func (n *notNode) text() string { return "!" + n.x.text() }

type logicNode struct {
	op   string
	l, r cnode
}

func (n *logicNode) eval(st *evalState) (any, error) {
	lv, err := n.l.eval(st)
	if err != nil {
		return nil, err
	}
	lb, err := truthy(lv, n.l)
	if err != nil || lb == (n.op == "||") {
		return lb, err
	}
	rv, err := n.r.eval(st)
	if err != nil {
		return nil, err
	}
	return truthy(rv, n.r)
}

func (n *logicNode) text() string { return n.l.text() + " " + n.op + " " + n.r.text() }

type cmpNode struct {
	op   string
	l, r cnode
}

func (n *cmpNode) eval(st *evalState) (any, error) {
	lv, err := n.l.eval(st)
	if err != nil {
		return nil, err
	}
	rv, err := n.r.eval(st)
	if err != nil {
		return nil, err
	}
	b := &st.expl
	if b.Len() > 0 {
		b.WriteString("; ")
	}
	describeTo(b, n.l, lv)
	b.WriteString(", want ")
	b.WriteString(n.op)
	b.WriteByte(' ')
	describeTo(b, n.r, rv)
	return compare(n.op, lv, rv)
}

func (n *cmpNode) text() string { return n.l.text() + " " + n.op + " " + n.r.text() }

// describe shows a literal as written and anything else with its value.
func describe(n cnode, v any) string {
	var b strings.Builder
	describeTo(&b, n, v)
	return b.String()
}

func describeTo(b *strings.Builder, n cnode, v any) {
	b.WriteString(n.text())
	if _, ok := n.(*litNode); ok {
		return
	}
	b.WriteString(" = ")
	start := b.Len()
	writeShown(b, v, 0)
	if b.Len()-start > maxShown+8 {
		s := b.String()
		cut := truncate(s[start:], maxShown)
		b.Reset()
		b.WriteString(s[:start])
		b.WriteString(cut)
	}
}

// truthy gives the boolean value of a logical operand: null is false, and
// anything but a boolean is an error.
func truthy(v any, n cnode) (bool, error) {
	switch b := v.(type) {
	case bool:
		return b, nil
	case nil:
		return false, nil
	}
	return false, fmt.Errorf("%s is %s, not a boolean", describe(n, v), typeName(v))
}

func (s *simpleCond) exprs() []*Expr { return s.operands }

func (s *simpleCond) eval(c *Context, _ any) Result {
	st := &evalState{c: c}
	st.expl.Grow(explCap)
	v, err := s.root.eval(st)
	var pass bool
	if err == nil {
		pass, err = truthy(v, s.root)
	}
	expl := st.expl.String()
	if expl == "" {
		expl = describe(s.root, v)
	}
	if err != nil {
		return Result{Explanation: s.src + ": " + err.Error(), Err: err}
	}
	return Result{Passed: pass, Explanation: expl}
}

// explCap is the room reserved for an explanation: two comparisons with
// short values fit without growing.
const explCap = 128

// compare applies a comparison operator with the spec's loose rules:
// strings compare without regard to case, a numeric string meets a number
// as a number, and null equals only null. Numbers are compared unboxed.
func compare(op string, a, b any) (bool, error) {
	if a == nil || b == nil {
		eq := a == nil && b == nil
		switch op {
		case "==":
			return eq, nil
		case "!=":
			return !eq, nil
		}
		return false, nil
	}
	af, aNum := toFloat(a)
	bf, bNum := toFloat(b)
	if aNum && !bNum {
		bf, bNum = numericString(b)
	} else if bNum && !aNum {
		af, aNum = numericString(a)
	}
	if aNum && bNum {
		return order(op, cmpFloat(af, bf)), nil
	}
	if as, ok := a.(string); ok {
		if bs, ok := b.(string); ok {
			return order(op, compareFold(as, bs)), nil
		}
	}
	return compareOther(op, number(a), number(b))
}

// compareFold compares strings without regard to case, allocating only
// when they differ in more than case.
func compareFold(a, b string) int {
	if strings.EqualFold(a, b) {
		return 0
	}
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}

// toFloat gives Go integer and float kinds, and json.Number, as float64.
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case float32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case interface{ Float64() (float64, error) }:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

// numericString reads a string operand that meets a number.
func numericString(v any) (float64, bool) {
	s, ok := v.(string)
	if !ok {
		return 0, false
	}
	return parseNumber(s)
}

// compareOther handles booleans, objects, arrays and mixed kinds, which
// support only == and !=.
func compareOther(op string, a, b any) (bool, error) {
	switch op {
	case "==":
		return reflect.DeepEqual(a, b), nil
	case "!=":
		return !reflect.DeepEqual(a, b), nil
	}
	return false, fmt.Errorf("cannot order %s and %s with %s", typeName(a), typeName(b), op)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func order(op string, c int) bool {
	switch op {
	case "==":
		return c == 0
	case "!=":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	}
	return c >= 0
}

// number turns Go integer and float kinds into float64, for comparing
// values of mixed kinds.
func number(v any) any {
	if f, ok := toFloat(v); ok {
		return f
	}
	return v
}

// parseNumber accepts JSON-style numbers only, so "Inf", "0x10" and "1_0"
// stay strings.
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && strings.IndexByte("+-.eE", s[i]) < 0 {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}
