package mock

// This file walks the yaml.v3 node tree of a scenario, keeping positions
// so that every problem can be reported as file:line:col.

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// parser collects every problem found while walking a scenario.
type parser struct {
	file string
	errs []error
}

// failf records a problem at node n, whose path in the document is path.
func (p *parser) failf(n *yaml.Node, path, format string, args ...any) {
	e := &ParseError{File: p.file, Path: path, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	p.errs = append(p.errs, e)
}

// document fills s from the root of the file.
func (p *parser) document(doc *yaml.Node, s *Scenario) {
	if doc.Kind == 0 || len(doc.Content) == 0 {
		p.failf(nil, "", "empty scenario; want a mapping with an operations key")
		return
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.failf(root, "", "want a mapping with an operations key, found %s", kindName(root))
		return
	}

	var ops *yaml.Node
	p.fields(root, "", func(key, val *yaml.Node) {
		switch key.Value {
		case "operations":
			ops = val
		case "description":
		default:
			p.failf(key, key.Value, "unknown key; want operations or description")
		}
	})
	if ops == nil {
		p.failf(root, "", "missing operations")
		return
	}
	p.operations(ops, s)
}

// operations reads the mapping of operation keys (an operationId, or
// "METHOD /path") to responses.
func (p *parser) operations(n *yaml.Node, s *Scenario) {
	if n.Kind != yaml.MappingNode {
		p.failf(n, "operations", "want a mapping of operationId (or \"METHOD /path\") to responses, found %s",
			kindName(n))
		return
	}
	p.fields(n, "operations", func(key, val *yaml.Node) {
		name := operationKey(key.Value)
		path := "operations." + name
		if name == "" {
			p.failf(key, path, "empty operation key; want an operationId, or \"METHOD /path\" for an operation without one")
			return
		}
		if first, dup := s.ops[name]; dup {
			p.failf(key, path, "operation listed twice (first at line %d); list all its responses under one key", first.line)
			return
		}
		s.ops[name] = &operation{id: name, line: key.Line, col: key.Column,
			responses: p.responses(val, path)}
	})
}

// operationKey returns the scenario key as the mock looks it up: an
// operationId as written, or "METHOD /path" with the method in upper case
// and single space, however the file spelled them.
func operationKey(key string) string {
	key = strings.TrimSpace(key)
	method, path, ok := strings.Cut(key, " ")
	path = strings.TrimSpace(path)
	if !ok || !strings.HasPrefix(path, "/") || !isMethod(method) {
		return key
	}
	return strings.ToUpper(method) + " " + path
}

// isMethod reports whether s could be an HTTP method: ASCII letters only.
func isMethod(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// responses reads one operation's list of responses.
func (p *parser) responses(n *yaml.Node, path string) []*response {
	if n.Kind != yaml.SequenceNode {
		p.failf(n, path, "want a list of responses, found %s", kindName(n))
		return nil
	}
	if len(n.Content) == 0 {
		p.failf(n, path, "want at least one response")
	}

	list := make([]*response, 0, len(n.Content))
	for i, item := range n.Content {
		list = append(list, p.response(resolve(item), fmt.Sprintf("%s[%d]", path, i)))
	}
	return list
}

// response reads one response entry.
func (p *parser) response(n *yaml.Node, path string) *response {
	r := &response{line: n.Line, col: n.Column, status: http.StatusOK, times: 1,
		header: http.Header{}}
	if n.Kind != yaml.MappingNode {
		p.failf(n, path, "want a response mapping, found %s", kindName(n))
		return r
	}

	var body *yaml.Node
	p.fields(n, path, func(key, val *yaml.Node) {
		at := path + "." + key.Value
		switch key.Value {
		case "status":
			r.status = p.intIn(val, at, 100, 599)
		case "headers":
			p.headers(val, at, r.header)
		case "body":
			body = val
		case "times":
			r.times = p.intIn(val, at, 1, 1<<20)
		case "delay":
			r.delay = p.duration(val, at)
		default:
			p.failf(key, at, "unknown key; want status, headers, body, times or delay")
		}
	})
	if body != nil {
		r.body = p.body(body, path+".body", r.header)
	}
	return r
}

// fields calls fn for each key of mapping n, rejecting non-string keys.
func (p *parser) fields(n *yaml.Node, path string, fn func(key, val *yaml.Node)) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if key.Kind != yaml.ScalarNode || key.ShortTag() == "!!merge" {
			p.failf(key, path, "keys must be plain strings")
			continue
		}
		fn(key, resolve(val))
	}
}

// intIn reads an integer between lo and hi inclusive.
func (p *parser) intIn(n *yaml.Node, path string, lo, hi int) int {
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || err != nil {
		p.failf(n, path, "want an integer, found %s", describe(n))
		return lo
	}
	if v < lo || v > hi {
		p.failf(n, path, "want %d to %d, found %d", lo, hi, v)
		return lo
	}
	return v
}

// duration reads a non-negative Go duration such as "250ms".
func (p *parser) duration(n *yaml.Node, path string) time.Duration {
	if n.Kind != yaml.ScalarNode {
		p.failf(n, path, "want a duration such as 250ms, found %s", kindName(n))
		return 0
	}
	d, err := time.ParseDuration(n.Value)
	if err != nil || d < 0 {
		p.failf(n, path, "want a duration such as 250ms, found %q", n.Value)
		return 0
	}
	return d
}

// headers reads a mapping of header names to scalar values into h.
func (p *parser) headers(n *yaml.Node, path string, h http.Header) {
	if n.Kind != yaml.MappingNode {
		p.failf(n, path, "want a mapping of header names to values, found %s", kindName(n))
		return
	}
	p.fields(n, path, func(key, val *yaml.Node) {
		at := path + "." + key.Value
		switch {
		case key.Value == "" || strings.ContainsAny(key.Value, " :\r\n"):
			p.failf(key, at, "invalid header name %q", key.Value)
		case val.Kind != yaml.ScalarNode || val.ShortTag() == "!!null":
			p.failf(val, at, "want a header value, found %s", describe(val))
		default:
			h.Add(key.Value, val.Value)
		}
	})
}

// body encodes a response body, setting a JSON Content-Type in h unless
// one is given. A non-JSON Content-Type takes a string body as is.
func (p *parser) body(n *yaml.Node, path string, h http.Header) []byte {
	ct := h.Get("Content-Type")
	if ct != "" && !isJSON(ct) {
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
			p.failf(n, path, "content type %q needs a string body, found %s", ct, describe(n))
			return nil
		}
		return []byte(n.Value)
	}

	data, err := nodeJSON(n)
	if err != nil {
		p.failf(err.node, path, "%s", err.msg)
		return nil
	}
	if ct == "" {
		h.Set("Content-Type", "application/json")
	}
	return data
}

// isJSON reports whether a Content-Type value names JSON.
func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// kindName names a node's kind for messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a scalar"
	}
	return "nothing"
}

// describe names a node for messages, quoting scalars.
func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return strconv.Quote(n.Value)
	}
	return kindName(n)
}

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}
