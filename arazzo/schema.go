package arazzo

// This file checks a document against the JSON Schema of the version it
// declares and maps each schema error back to a node of the YAML tree.
//
// The schemas under schemas/ are the published ones (1.0: the work-in-
// progress schema, which fixes most of the published 1.0 schema's quarrels
// with the text; 1.1 as published), with one patch each where the schema
// still contradicts the text: a payload replacement's value may be any
// literal, not only a string. Each patch carries a $comment.
//
// Hand-written checks say the same things better (they know what a step
// is for), so a schema error is dropped when a hand-written error already
// speaks about the same object; see [dropCovered].

import (
	"embed"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/dlclark/regexp2/v2"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed schemas/*.yaml
var schemaFiles embed.FS

// compiledSchemas holds the schema of each minor version, compiled once.
var compiledSchemas = struct {
	once sync.Once
	byV  map[string]*jsonschema.Schema
	err  error
}{}

func schemaFor(version string) (*jsonschema.Schema, error) {
	compiledSchemas.once.Do(compileSchemas)
	if compiledSchemas.err != nil {
		return nil, compiledSchemas.err
	}
	minor := "1.0"
	if isV11(version) {
		minor = "1.1"
	}
	return compiledSchemas.byV[minor], nil
}

func compileSchemas() {
	compiledSchemas.byV = map[string]*jsonschema.Schema{}
	for _, minor := range []string{"1.0", "1.1"} {
		s, err := compileSchema(minor)
		if err != nil {
			compiledSchemas.err = fmt.Errorf("compile embedded %s schema: %w", minor, err)
			return
		}
		compiledSchemas.byV[minor] = s
	}
}

func compileSchema(minor string) (*jsonschema.Schema, error) {
	data, err := schemaFiles.ReadFile("schemas/" + minor + ".yaml")
	if err != nil {
		return nil, err
	}
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	url := "https://arazzo.run/schemas/" + minor + ".json"
	c := jsonschema.NewCompiler()
	c.UseRegexpEngine(ecmaRegexp)
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
}

// ecmaRegexp compiles schema patterns as ECMAScript, the dialect JSON
// Schema names; the 1.1 schema uses a lookahead, which Go's regexp lacks.
func ecmaRegexp(src string) (jsonschema.Regexp, error) {
	re, err := regexp2.Compile(src, regexp2.ECMAScript)
	if err != nil {
		return nil, err
	}
	return ecmaPattern{re}, nil
}

type ecmaPattern struct{ re *regexp2.Regexp }

func (p ecmaPattern) MatchString(s string) bool {
	ok, err := p.re.MatchString(s)
	return ok && err == nil
}

func (p ecmaPattern) String() string { return p.re.String() }

// checkSchema validates the document's YAML tree against the schema of its
// declared version. It returns nothing for a version it does not know (the
// header check reports that) or a tree too large to convert.
func checkSchema(doc *Document) Diagnostics {
	if doc.root == nil || !versionRE.MatchString(doc.Arazzo) {
		return nil
	}
	sch, err := schemaFor(doc.Arazzo)
	if err != nil {
		return Diagnostics{{Severity: SeverityError, Code: "internal", Message: err.Error(), Pos: doc.Pos}}
	}
	inst, ok := plain(doc.root, 0, new(int))
	if !ok {
		return nil
	}
	verr, ok := sch.Validate(inst).(*jsonschema.ValidationError)
	if !ok {
		return nil
	}
	var out Diagnostics
	fixPropertyNames(doc.root, verr)
	for _, leaf := range leaves(verr) {
		out = append(out, schemaDiagnostic(doc, leaf))
	}
	return out
}

// plain converts a node tree into the values the schema library reads,
// giving up on trees deeper or larger than the decoder accepts.
func plain(n *yaml.Node, depth int, budget *int) (any, bool) {
	n = deref(n)
	*budget++
	if n == nil || depth > maxDepth || *budget > maxNodeVisits {
		return nil, false
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, ok := plain(n.Content[i+1], depth+1, budget)
			if !ok {
				return nil, false
			}
			m[deref(n.Content[i]).Value] = v
		}
		return m, true
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, ok := plain(c, depth+1, budget)
			if !ok {
				return nil, false
			}
			s = append(s, v)
		}
		return s, true
	}
	return scalar(n), true
}

// fixPropertyNames relocates each failed propertyNames to the offending
// key. The library gives such an error no usable location, only the
// ancestor it hangs under, so the key is looked up below that ancestor.
func fixPropertyNames(root *yaml.Node, e *jsonschema.ValidationError) {
	for i, c := range e.Causes {
		k, ok := c.ErrorKind.(*kind.PropertyNames)
		if !ok {
			fixPropertyNames(root, c)
			continue
		}
		at, _ := locate(root, e.InstanceLocation)
		loc := append(append([]string{}, e.InstanceLocation...), findKey(at, k.Property, 3)...)
		var cause jsonschema.ErrorKind = k
		if len(c.Causes) > 0 {
			cause = c.Causes[0].ErrorKind
		}
		e.Causes[i] = &jsonschema.ValidationError{SchemaURL: c.SchemaURL, InstanceLocation: loc, ErrorKind: cause}
	}
}

// findKey returns the path, below n, to the first mapping key named key,
// searching depth levels deep.
func findKey(n *yaml.Node, key string, depth int) []string {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode || depth == 0 {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if deref(n.Content[i]).Value == key {
			return []string{key}
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if sub := findKey(n.Content[i+1], key, depth-1); sub != nil {
			return append([]string{deref(n.Content[i]).Value}, sub...)
		}
	}
	return nil
}

// leaves flattens an error tree into the errors worth showing. Where a
// oneOf or anyOf failed, only the branch that came closest is followed:
// the one whose errors reach deepest into the instance, then the one with
// the fewest errors.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	switch e.ErrorKind.(type) {
	case *kind.OneOf, *kind.AnyOf:
		if len(e.Causes) == 0 {
			return []*jsonschema.ValidationError{e}
		}
		return bestBranch(e.Causes)
	}
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return dropUnevaluated(out)
}

// dropUnevaluated removes the "not allowed" errors that unevaluatedProperties
// adds once a subschema failed: they repeat the failure, field by field.
// Alone, they are the real finding and stay.
func dropUnevaluated(ls []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	var real []*jsonschema.ValidationError
	for _, l := range ls {
		if _, ok := l.ErrorKind.(*kind.FalseSchema); !ok {
			real = append(real, l)
		}
	}
	if len(real) == 0 {
		return ls
	}
	return real
}

func bestBranch(branches []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	var best []*jsonschema.ValidationError
	bestDepth := -1
	for _, b := range branches {
		ls := leaves(b)
		d := 0
		for _, l := range ls {
			d = max(d, len(l.InstanceLocation))
		}
		if d > bestDepth || (d == bestDepth && len(ls) < len(best)) {
			best, bestDepth = ls, d
		}
	}
	return best
}

var printer = message.NewPrinter(language.English)

// schemaDiagnostic locates one schema error and words it in our terms.
func schemaDiagnostic(doc *Document, e *jsonschema.ValidationError) Diagnostic {
	node, path := locate(doc.root, e.InstanceLocation)
	pos := Pos{File: doc.File, Line: node.Line, Col: node.Column}
	d := Diagnostic{Severity: SeverityError, Pos: pos, Path: path}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		d.Code = "missing-field"
		d.Message = fmt.Sprintf("missing required field %s", quoteAll(k.Missing))
	case *kind.Type:
		d.Code = "wrong-type"
		d.Message = fmt.Sprintf("expected %s, got %s", strings.Join(k.Want, " or "), k.Got)
	case *kind.Enum, *kind.Const:
		d.Code = "bad-enum"
		d.Message = e.ErrorKind.LocalizedString(printer)
	case *kind.AdditionalProperties:
		d.Code = "unknown-field"
		d.Message = fmt.Sprintf("field %s is not allowed here", quoteAll(k.Properties))
	case *kind.Pattern:
		d.Code = "pattern-mismatch"
		d.Message = e.ErrorKind.LocalizedString(printer)
	case *kind.UniqueItems:
		d.Code = "duplicate-item"
		d.Message = fmt.Sprintf("items %d and %d are identical; the list must not repeat an item", k.Duplicates[0], k.Duplicates[1])
	case *kind.FalseSchema:
		d.Code = "unknown-field"
		d.Message = fmt.Sprintf("field %q is not allowed here", lastToken(e.InstanceLocation))
	case *kind.OneOf:
		d.Message = "matches more than one of the allowed forms of this object"
		if len(k.Subschemas) == 0 {
			d.Message = "matches none of the allowed forms of this object"
		}
		d.Code = "schema-violation"
	case *kind.Minimum, *kind.Maximum, *kind.ExclusiveMinimum, *kind.ExclusiveMaximum:
		d.Code = "bad-value"
		d.Message = e.ErrorKind.LocalizedString(printer)
	case *kind.MinItems:
		d.Code = "missing-field"
		d.Message = fmt.Sprintf("the list needs at least %d item(s), got %d", k.Want, k.Got)
	default:
		d.Code = "schema-violation"
		d.Message = e.ErrorKind.LocalizedString(printer)
	}
	d.Message = "schema: " + d.Message
	return d
}

func lastToken(loc []string) string {
	if len(loc) == 0 {
		return ""
	}
	return loc[len(loc)-1]
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// locate follows an instance location from the root, returning the node it
// ends at and its spec path (workflows[0].steps[2]).
func locate(root *yaml.Node, loc []string) (*yaml.Node, string) {
	n, path := deref(root), ""
	for _, tok := range loc {
		next := child(n, tok)
		if next == nil {
			break
		}
		if n.Kind == yaml.SequenceNode {
			path += "[" + tok + "]"
		} else if path == "" {
			path = tok
		} else {
			path += "." + tok
		}
		n = next
	}
	return n, path
}

func child(n *yaml.Node, tok string) *yaml.Node {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if deref(n.Content[i]).Value == tok {
				return deref(n.Content[i+1])
			}
		}
	case yaml.SequenceNode:
		i, err := strconv.Atoi(tok)
		if err == nil && i >= 0 && i < len(n.Content) {
			return deref(n.Content[i])
		}
	}
	return nil
}

// dropCovered removes the schema diagnostics that a hand-written finding
// already explains: one at the same path, or an error about an object that
// contains, or lies inside, the schema error's place.
func dropCovered(schema, others Diagnostics) Diagnostics {
	var out Diagnostics
	seen := map[string]bool{}
	for _, s := range schema {
		key := s.Pos.String() + s.Code + s.Message
		if seen[key] || covered(s, others) {
			continue
		}
		seen[key] = true
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pos.Before(out[j].Pos) })
	return out
}

func covered(s Diagnostic, others Diagnostics) bool {
	for _, o := range others {
		if o.Path == s.Path && o.Pos.File == s.Pos.File {
			return true
		}
		if o.Severity != SeverityError {
			continue
		}
		if within(o.Path, s.Path) || within(s.Path, o.Path) || sameOwner(o.Path, s.Path) {
			return true
		}
	}
	return false
}

// ownerPath matches the object a path belongs to: a step, else a
// workflow, source description or component.
var ownerPath = regexp.MustCompile(`^(` +
	`workflows\[\d+\]\.steps\[\d+\]|workflows\[\d+\]|` +
	`sourceDescriptions\[\d+\]|components\.[^.\[]+\.[^.\[]+)`)

// sameOwner reports whether two paths lie in the same step (or workflow,
// source, component). Once a hand-written check has found the fault in a
// step, the schema's view of that step adds only confusion: a failed
// oneOf shows the errors of a form the author did not mean.
func sameOwner(a, b string) bool {
	oa, ob := ownerPath.FindString(a), ownerPath.FindString(b)
	return oa != "" && oa == ob
}

// within reports whether path lies inside (or is) the object at outer.
func within(path, outer string) bool {
	if outer == "" || !strings.HasPrefix(path, outer) {
		return outer == path
	}
	rest := path[len(outer):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}
