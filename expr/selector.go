package expr

// This file applies Selector Objects (Arazzo 1.1).

import (
	"context"
	"fmt"

	"github.com/antchfx/xmlquery"
	"github.com/antchfx/xpath"
	"github.com/theory/jsonpath"
)

// Select applies a selector of type "jsonpath" (RFC 9535), "xpath"
// (XPath 1.0) or "jsonpointer" to a value, as a Selector Object does with
// its context. A query that selects one node gives that node; several
// give a []any; none give an error wrapping [ErrUndefined]. An XPath
// node gives its text; a number, string or boolean result is returned as
// is.
func Select(value any, selectorType, expression string) (any, error) {
	return SelectVersion(value, selectorType, "", expression)
}

// SelectVersion is [Select] with the version of an Expression Type
// Object, e.g. "draft-goessner-dispatch-jsonpath-00".
func SelectVersion(value any, selectorType, version, expression string) (any, error) {
	allowed, ok := versions[selectorType]
	if !ok || selectorType == "simple" || selectorType == "regex" {
		return nil, syntaxErr(selectorType, 0, "unknown selector type %q, want jsonpath, xpath or jsonpointer", selectorType)
	}
	if !contains(allowed, version) {
		return nil, syntaxErr(version, 0, "unknown %s version %q", selectorType, version)
	}
	switch selectorType {
	case "jsonpointer":
		return selectPointer(value, expression)
	case "xpath":
		return selectXPath(value, expression)
	}
	if version == goessner {
		return selectGoessner(value, expression)
	}
	return selectJSONPath(value, expression)
}

func selectPointer(value any, expression string) (any, error) {
	p, err := ParsePointer(expression)
	if err != nil {
		return nil, err
	}
	v, at, ok := p.Get(value)
	if !ok {
		return nil, undefined(expression, "json pointer token %q", p.tokens[at])
	}
	return v, nil
}

func selectJSONPath(value any, expression string) (any, error) {
	p, err := jsonpath.Parse(expression)
	if err != nil {
		return nil, rfcError(expression, err)
	}
	return oneOrMany(expression, p.Select(value))
}

func selectGoessner(value any, expression string) (any, error) {
	ev, err := newGval(expression)
	if err != nil {
		return nil, gvalError(expression, err)
	}
	v, err := ev(context.Background(), value)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, undefined(expression, "a match")
	}
	return v, nil
}

func oneOrMany(expression string, nodes []any) (any, error) {
	switch len(nodes) {
	case 0:
		return nil, undefined(expression, "a match")
	case 1:
		return nodes[0], nil
	}
	return nodes, nil
}

func selectXPath(value any, expression string) (any, error) {
	x, err := compileXPathExpr(expression)
	if err != nil {
		return nil, err
	}
	var doc *xmlquery.Node
	if b, ok := value.(*Body); ok {
		doc, err = b.xmlDoc()
	} else {
		doc, err = xmlDocOf(value, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("xpath %s: %w", expression, err)
	}
	r := x.Evaluate(xmlquery.CreateXPathNavigator(doc))
	it, ok := r.(*xpath.NodeIterator)
	if !ok {
		return r, nil
	}
	var texts []any
	for it.MoveNext() {
		texts = append(texts, it.Current().Value())
	}
	return oneOrMany(expression, texts)
}
