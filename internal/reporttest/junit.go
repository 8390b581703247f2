// Package reporttest checks report files the way the tools that read
// them do: JUnit XML against the rules of the common JUnit schema, and
// HAR archives against the fields HAR 1.2 requires.
package reporttest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// node is an XML element with everything it holds.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []node     `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (n *node) attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// The simple types of the JUnit schema.
var (
	timestampRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$`)
	decimalRE   = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)
	intRE       = regexp.MustCompile(`^[+-]?[0-9]+$`)
	// suiteOrder is the sequence of a testsuite's children.
	suiteOrder = regexp.MustCompile(`^properties( testcase)* system-out system-err$`)
)

// attrRule says how one attribute must look.
type attrRule struct {
	required bool
	kind     string // token, string, int, decimal, timestamp
}

var suiteAttrs = map[string]attrRule{
	"name": {true, "token"}, "package": {true, "token"}, "id": {true, "int"},
	"hostname": {true, "token"}, "timestamp": {true, "timestamp"},
	"tests": {true, "int"}, "failures": {true, "int"}, "errors": {true, "int"},
	"skipped": {false, "int"}, "time": {true, "decimal"},
}

var caseAttrs = map[string]attrRule{
	"name": {true, "token"}, "classname": {true, "token"}, "time": {true, "decimal"},
}

var problemAttrs = map[string]attrRule{
	"message": {false, "string"}, "type": {true, "token"},
}

var propertyAttrs = map[string]attrRule{
	"name": {true, "token"}, "value": {true, "string"},
}

// ValidateJUnit checks data against the JUnit schema that Ant's XML
// formatter defines (as published in windyroad/JUnit-Schema): the root
// testsuites holds testsuite elements, each with its required attributes
// and the children properties, testcase*, system-out and system-err in
// that order; a testcase holds at most one failure or error. It also
// checks that the counts agree with the testcases. It returns every
// problem found.
func ValidateJUnit(data []byte) error {
	var root node
	dec := xml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		return fmt.Errorf("not well-formed XML: %w", err)
	}
	v := &validator{}
	if root.XMLName.Local != "testsuites" {
		v.addf("root element is <%s>, want <testsuites>", root.XMLName.Local)
	}
	for i, s := range root.Children {
		v.suite(fmt.Sprintf("testsuite[%d]", i), s)
	}
	return errors.Join(v.errs...)
}

type validator struct {
	errs []error
}

func (v *validator) addf(format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf(format, args...))
}

func (v *validator) suite(where string, s node) {
	if s.XMLName.Local != "testsuite" {
		v.addf("%s: element <%s> in <testsuites>, want <testsuite>", where, s.XMLName.Local)
		return
	}
	v.attrs(where, s, suiteAttrs)
	v.suiteChildren(where, s)

	cases, failures, errs := 0, 0, 0
	for _, c := range s.Children {
		if c.XMLName.Local != "testcase" {
			continue
		}
		cases++
		for _, p := range c.Children {
			switch p.XMLName.Local {
			case "failure":
				failures++
			case "error":
				errs++
			}
		}
	}
	v.count(where, s, "tests", cases)
	v.count(where, s, "failures", failures)
	v.count(where, s, "errors", errs)
}

// suiteChildren checks the order properties, testcase*, system-out,
// system-err.
func (v *validator) suiteChildren(where string, s node) {
	var names []string
	for _, c := range s.Children {
		names = append(names, c.XMLName.Local)
	}
	seq := strings.Join(names, " ")
	if !suiteOrder.MatchString(seq) {
		v.addf("%s: children are %q, want properties, testcase..., system-out, system-err", where, seq)
	}
	for i, c := range s.Children {
		at := fmt.Sprintf("%s/%s[%d]", where, c.XMLName.Local, i)
		switch c.XMLName.Local {
		case "properties":
			v.properties(at, c)
		case "testcase":
			v.testcase(at, c)
		}
	}
}

func (v *validator) properties(where string, p node) {
	for i, c := range p.Children {
		if c.XMLName.Local != "property" {
			v.addf("%s: element <%s>, want <property>", where, c.XMLName.Local)
			continue
		}
		v.attrs(fmt.Sprintf("%s/property[%d]", where, i), c, propertyAttrs)
	}
}

func (v *validator) testcase(where string, c node) {
	v.attrs(where, c, caseAttrs)
	if len(c.Children) > 1 {
		v.addf("%s: %d children, want at most one failure or error", where, len(c.Children))
	}
	for _, p := range c.Children {
		if p.XMLName.Local != "failure" && p.XMLName.Local != "error" {
			v.addf("%s: element <%s>, want <failure> or <error>", where, p.XMLName.Local)
			continue
		}
		v.attrs(where+"/"+p.XMLName.Local, p, problemAttrs)
	}
}

// attrs checks that n has the required attributes, well formed, and no
// others.
func (v *validator) attrs(where string, n node, rules map[string]attrRule) {
	for name, r := range rules {
		val, ok := n.attr(name)
		if !ok {
			if r.required {
				v.addf("%s: missing attribute %s", where, name)
			}
			continue
		}
		if msg := checkKind(val, r.kind); msg != "" {
			v.addf("%s: attribute %s=%q %s", where, name, val, msg)
		}
	}
	for _, a := range n.Attrs {
		if _, ok := rules[a.Name.Local]; !ok {
			v.addf("%s: attribute %s is not allowed", where, a.Name.Local)
		}
	}
}

func checkKind(val, kind string) string {
	switch kind {
	case "token":
		if strings.TrimSpace(val) == "" {
			return "is empty, want a token of at least one character"
		}
	case "int":
		if !intRE.MatchString(val) {
			return "is not an integer"
		}
	case "decimal":
		if !decimalRE.MatchString(val) {
			return "is not a decimal"
		}
	case "timestamp":
		if !timestampRE.MatchString(val) {
			return "is not a timestamp like 2006-01-02T15:04:05 (no zone)"
		}
	}
	return ""
}

func (v *validator) count(where string, s node, attr string, want int) {
	val, _ := s.attr(attr)
	if n, err := strconv.Atoi(val); err == nil && n != want {
		v.addf("%s: %s=%d, but it holds %d", where, attr, n, want)
	}
}
