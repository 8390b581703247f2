package expr

// This file applies Selector Objects (Arazzo 1.1).

import (
	"context"
	"fmt"

	"github.com/PaesslerAG/gval"
	"github.com/antchfx/xmlquery"
	"github.com/antchfx/xpath"
	"github.com/theory/jsonpath"
)

// Select applies a selector of type "jsonpath" (RFC 9535), "xpath"
// (XPath 1.0) or "jsonpointer" to a value, as a Selector Object does with
// its context. A query that selects one node gives that node; several
// give a []any; none give an error wrapping [ErrUndefined]. An XPath
// node gives its text; a number, string or boolean result is returned as
// is. It parses the selector on every call; see [CompileSelector].
func Select(value any, selectorType, expression string) (any, error) {
	return SelectVersion(value, selectorType, "", expression)
}

// SelectVersion is [Select] with the version of an Expression Type
// Object, e.g. "draft-goessner-dispatch-jsonpath-00".
func SelectVersion(value any, selectorType, version, expression string) (any, error) {
	s, err := CompileSelector(selectorType, version, expression)
	if err != nil {
		return nil, err
	}
	return s.Select(value)
}

// Selector is a compiled selector expression. It is immutable and safe
// for concurrent use.
type Selector struct {
	src   string
	ptr   *Pointer       // jsonpointer
	path  *jsonpath.Path // jsonpath, RFC 9535
	gv    gval.Evaluable // jsonpath, draft-goessner
	xpath *xpathExpr     // xpath
}

// CompileSelector parses a selector expression once, for [Selector.Select]
// to apply many times. Errors are *SyntaxError, or wrap
// errors.ErrUnsupported for XPath 2.0 and later.
func CompileSelector(selectorType, version, expression string) (*Selector, error) {
	allowed, ok := versions[selectorType]
	if !ok || selectorType == "simple" || selectorType == "regex" {
		return nil, syntaxErr(selectorType, 0, "unknown selector type %q, want jsonpath, xpath or jsonpointer", selectorType)
	}
	if !contains(allowed, version) {
		return nil, syntaxErr(version, 0, "unknown %s version %q", selectorType, version)
	}
	s := &Selector{src: expression}
	var err error
	switch {
	case selectorType == "jsonpointer":
		s.ptr, err = ParsePointer(expression)
	case selectorType == "xpath":
		s.xpath, err = compileXPathExpr(expression)
	case version == goessner:
		if s.gv, err = newGval(expression); err != nil {
			err = gvalError(expression, err)
		}
	default:
		if s.path, err = jsonpath.Parse(expression); err != nil {
			err = rfcError(expression, err)
		}
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// String returns the selector expression as written.
func (s *Selector) String() string { return s.src }

// Select applies the selector to value, as [Select] describes. A value
// that is a *Body is read as XML for xpath.
func (s *Selector) Select(value any) (any, error) {
	switch {
	case s.ptr != nil:
		return s.selectPointer(value)
	case s.xpath != nil:
		return s.selectXPath(value)
	case s.gv != nil:
		return s.selectGoessner(value)
	}
	return oneOrMany(s.src, s.path.Select(value))
}

func (s *Selector) selectPointer(value any) (any, error) {
	v, at, ok := s.ptr.Get(value)
	if !ok {
		return nil, undefined(s.src, "json pointer token %q", s.ptr.tokens[at])
	}
	return v, nil
}

func (s *Selector) selectGoessner(value any) (any, error) {
	v, err := s.gv(context.Background(), value)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, undefined(s.src, "a match")
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

func (s *Selector) selectXPath(value any) (any, error) {
	var doc *xmlquery.Node
	var err error
	if b, ok := value.(*Body); ok {
		doc, err = b.xmlDoc()
	} else {
		doc, err = xmlDocOf(value, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("xpath %s: %w", s.src, err)
	}
	var scalar any
	var texts []any
	s.xpath.eval(doc, func(r any) {
		it, ok := r.(*xpath.NodeIterator)
		if !ok {
			scalar = r
			return
		}
		for it.MoveNext() {
			texts = append(texts, it.Current().Value())
		}
	})
	if scalar != nil {
		return scalar, nil
	}
	return oneOrMany(s.src, texts)
}
