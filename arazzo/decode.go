package arazzo

// This file turns a YAML (or JSON) node tree into the document model,
// recording the position of every object and field and reporting every
// structural problem instead of stopping at the first.

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/arazzo-run/arazzo/internal/spell"
	"go.yaml.in/yaml/v3"
)

// Limits that keep hostile documents from exhausting memory or the stack.
const (
	maxDepth      = 256       // nesting of YAML collections
	maxNodeVisits = 2_000_000 // nodes decoded, counting each alias expansion
)

// decoder walks the node tree of one document.
type decoder struct {
	reporter
	file    string
	version string // the arazzo field, read before anything else
	visits  int
	stopped bool // set once the visit budget is exhausted

	positions map[string]Pos // where each node of a recorded value is, by spec path
	paths     []string       // the path of the node being decoded, while recording
}

// fieldFunc decodes the value of one field found at path.
type fieldFunc func(v *yaml.Node, path string)

func (d *decoder) pos(n *yaml.Node) Pos {
	return Pos{File: d.file, Line: n.Line, Col: n.Column}
}

// deref follows an alias to its anchored node.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// visit counts a node against the budget and reports when it runs out.
func (d *decoder) visit(n *yaml.Node) bool {
	d.visits++
	if d.visits <= maxNodeVisits {
		return true
	}
	if !d.stopped {
		d.stopped = true
		d.errorf(d.pos(n), "", "document-too-large",
			"document expands to more than %d nodes (through aliases or sheer size); decoding stopped", maxNodeVisits)
	}
	return false
}

// object decodes a mapping node into m, dispatching each key to its field
// function. Specification extensions go to m.Extensions; any other key is
// reported as unknown, with the nearest known name.
func (d *decoder) object(n *yaml.Node, path, what string, m *Meta, fields map[string]fieldFunc) bool {
	n = deref(n)
	m.Pos, m.Path = d.pos(n), path
	if !d.visit(n) {
		return false
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(d.pos(n), path, "wrong-type", "%s must be an object, got %s", what, kindName(n))
		return false
	}
	m.fields = make(map[string]Pos, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		d.field(n.Content[i], n.Content[i+1], m, what, fields)
	}
	return true
}

func (d *decoder) field(k, v *yaml.Node, m *Meta, what string, fields map[string]fieldFunc) {
	k = deref(k)
	key := k.Value
	p := m.FieldPath(key)
	if _, dup := m.fields[key]; dup {
		d.errorf(d.pos(k), p, "duplicate-key", "%s has %q more than once", what, key)
		return
	}
	m.fields[key] = d.fieldPos(k, v)
	if f, ok := fields[key]; ok {
		f(v, p)
		return
	}
	if strings.HasPrefix(key, "x-") {
		if m.Extensions == nil {
			m.Extensions = make(map[string]any)
		}
		m.Extensions[key] = d.value(v, 0)
		return
	}
	if key == "$schema" && m.Path == "" {
		d.warnf(d.pos(k), p, "schema-key",
			"$schema is not an Arazzo field; editors use it to find a schema, and it is ignored here")
		return
	}
	msg := fmt.Sprintf("unknown field %q in %s", key, what)
	if s := spell.Nearest(key, fieldNames(fields)); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	d.errorf(d.pos(k), p, "unknown-field", "%s", msg)
}

// fieldPos is where a field's diagnostics point: at a scalar or flow
// value itself, and at the key of a block mapping or list, whose first
// line belongs to a child.
func (d *decoder) fieldPos(k, v *yaml.Node) Pos {
	v = deref(v)
	if v != nil && (v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode) && v.Style&yaml.FlowStyle == 0 {
		return d.pos(k)
	}
	return d.pos(v)
}

func fieldNames(fields map[string]fieldFunc) []string {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	return names
}

// list decodes a sequence node, calling item for each element.
func (d *decoder) list(n *yaml.Node, path, what string, item func(v *yaml.Node, path string)) {
	n = deref(n)
	if !d.visit(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(d.pos(n), path, "wrong-type", "%s must be a list, got %s", what, kindName(n))
		return
	}
	for i, v := range n.Content {
		item(v, fmt.Sprintf("%s[%d]", path, i))
	}
}

// mapOf decodes a mapping of names to objects, calling item in document order.
func (d *decoder) mapOf(n *yaml.Node, path, what string, item func(name string, v *yaml.Node, path string)) {
	n = deref(n)
	if !d.visit(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(d.pos(n), path, "wrong-type", "%s must be an object, got %s", what, kindName(n))
		return
	}
	seen := make(map[string]bool, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := deref(n.Content[i])
		p := path + "." + k.Value
		if seen[k.Value] {
			d.errorf(d.pos(k), p, "duplicate-key", "%s has %q more than once", what, k.Value)
			continue
		}
		seen[k.Value] = true
		item(k.Value, n.Content[i+1], p)
	}
}

// str decodes a string scalar. Other scalars are reported, and their text
// is kept so that later checks still see what was written.
func (d *decoder) str(n *yaml.Node, path string) string {
	n = deref(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(d.pos(n), path, "wrong-type", "expected a string, got %s", kindName(n))
		return ""
	}
	if n.Tag != "!!str" {
		d.errorf(d.pos(n), path, "wrong-type", "expected a string, got %s %s (quote it)", kindName(n), n.Value)
	}
	return n.Value
}

func (d *decoder) strList(n *yaml.Node, path, what string) []string {
	var out []string
	d.list(n, path, what, func(v *yaml.Node, p string) {
		d.positions[p] = d.pos(deref(v))
		out = append(out, d.str(v, p))
	})
	return out
}

func (d *decoder) integer(n *yaml.Node, path string) int64 {
	n = deref(n)
	i, err := strconv.ParseInt(n.Value, 0, 64)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil {
		d.errorf(d.pos(n), path, "wrong-type", "expected an integer, got %s", describe(n))
		return 0
	}
	return i
}

func (d *decoder) number(n *yaml.Node, path string) float64 {
	n = deref(n)
	f, err := strconv.ParseFloat(n.Value, 64)
	ok := n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float")
	if !ok || err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		d.errorf(d.pos(n), path, "wrong-type", "expected a number, got %s", describe(n))
		return 0
	}
	return f
}

// valueAt decodes a value that may hold runtime expressions, recording the
// position of each nested node by its spec path, so that a fault deep in
// a payload is reported where it is written.
func (d *decoder) valueAt(n *yaml.Node, path string) any {
	d.paths = append(d.paths[:0], path)
	defer func() { d.paths = d.paths[:0] }()
	return d.value(n, 0)
}

// value decodes any node into plain Go values: map[string]any, []any,
// string, int64, float64, bool or nil.
func (d *decoder) value(n *yaml.Node, depth int) any {
	n = deref(n)
	if n == nil || !d.visit(n) {
		return nil
	}
	if len(d.paths) > 0 {
		d.positions[d.paths[len(d.paths)-1]] = d.pos(n)
	}
	if depth > maxDepth {
		d.errorf(d.pos(n), "", "too-deep", "value nested more than %d levels", maxDepth)
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := deref(n.Content[i]).Value
			d.push(func(p string) string { return p + "." + k })
			m[k] = d.value(n.Content[i+1], depth+1)
			d.pop()
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for i, c := range n.Content {
			d.push(func(p string) string { return fmt.Sprintf("%s[%d]", p, i) })
			s = append(s, d.value(c, depth+1))
			d.pop()
		}
		return s
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return d.value(n.Content[0], depth)
	}
	return scalar(n)
}

// push enters a child of the value being recorded, if any.
func (d *decoder) push(child func(string) string) {
	if len(d.paths) > 0 {
		d.paths = append(d.paths, child(d.paths[len(d.paths)-1]))
	}
}

func (d *decoder) pop() {
	if len(d.paths) > 1 {
		d.paths = d.paths[:len(d.paths)-1]
	}
}

// scalar converts a scalar node by its resolved tag.
func scalar(n *yaml.Node) any {
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return i
		}
		var f float64
		if n.Decode(&f) == nil {
			return f
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil {
			return f
		}
	}
	return n.Value
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "an object"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "null"
		case "!!bool":
			return "a boolean"
		case "!!int":
			return "an integer"
		case "!!float":
			return "a number"
		}
		return "a string"
	}
	return "nothing"
}

func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return fmt.Sprintf("%s %q", kindName(n), n.Value)
	}
	return kindName(n)
}
