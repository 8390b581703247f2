// The loaded description and operation lookup.

package openapi

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// Description is a loaded OpenAPI description. Swagger 2.0 documents are
// held in their converted OpenAPI 3.0 form. A Description is read-only
// after loading and safe for concurrent use.
type Description struct {
	Location string // as given to Load or LoadData

	doc     *openapi3.T
	base    *url.URL // Location as a URL; nil when empty
	version string   // as declared: "2.0", "3.0.3", "3.1.0"
	ops     []*Operation
	byID    map[string]*Operation
	known   sync.Map // *openapi3.Schema -> bool: whether conforms knows all its keywords
	v31     validators31
}

// methodOrder fixes the order operations of one path are listed in.
var methodOrder = []string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "QUERY"}

func newDescription(doc *openapi3.T, location string, base *url.URL, version string) *Description {
	d := &Description{Location: location, doc: doc, base: base, version: version,
		byID: make(map[string]*Operation)}
	if doc.Paths == nil {
		return d
	}
	keys := doc.Paths.Keys()
	slices.Sort(keys)
	for _, path := range keys {
		d.addPathItem(path, doc.Paths.Value(path))
	}
	return d
}

func (d *Description) addPathItem(path string, item *openapi3.PathItem) {
	if item == nil {
		return
	}
	ops := item.Operations()
	methods := make([]string, 0, len(ops))
	for m := range ops {
		methods = append(methods, strings.ToUpper(m))
	}
	slices.SortFunc(methods, compareMethods)

	for _, m := range methods {
		o := newOperation(d, path, m, item, item.GetOperation(m))
		if o == nil {
			continue
		}
		d.ops = append(d.ops, o)
		if _, dup := d.byID[o.ID]; o.ID != "" && !dup {
			d.byID[o.ID] = o
		}
	}
}

func compareMethods(a, b string) int {
	ia, ib := slices.Index(methodOrder, a), slices.Index(methodOrder, b)
	switch {
	case ia >= 0 && ib >= 0:
		return ia - ib
	case ia >= 0:
		return -1
	case ib >= 0:
		return 1
	}
	return strings.Compare(a, b)
}

// Version reports the version the document declares: "2.0" for Swagger,
// otherwise the openapi field ("3.0.3", "3.1.0").
func (d *Description) Version() string { return d.version }

// Operation returns the operation with the given operationId. When the
// document repeats an id (which is invalid), the first one wins.
func (d *Description) Operation(operationID string) (*Operation, bool) {
	o, ok := d.byID[operationID]
	return o, ok
}

// Operations returns every operation in path, then method, order.
func (d *Description) Operations() []*Operation { return slices.Clone(d.ops) }

// OperationIDs returns the operationIds of the description in path, then
// method, order, for suggesting the nearest name.
func (d *Description) OperationIDs() []string {
	ids := make([]string, 0, len(d.byID))
	for _, o := range d.ops {
		if o.ID != "" && d.byID[o.ID] == o {
			ids = append(ids, o.ID)
		}
	}
	return ids
}

// OperationByPointer finds an operation by the JSON pointer that follows
// '#' in an Arazzo operationPath, such as "/paths/~1pets~1{petId}/get".
// A leading '#' and percent-encoding of the pointer are accepted.
func (d *Description) OperationByPointer(pointer string) (*Operation, error) {
	tokens, err := splitPointer(pointer)
	if err != nil {
		return nil, err
	}
	if len(tokens) != 3 || tokens[0] != "paths" {
		return nil, fmt.Errorf("operation pointer %q: want /paths/{path}/{method}", pointer)
	}

	path, method := tokens[1], strings.ToUpper(tokens[2])
	found := false
	for _, o := range d.ops {
		if o.PathTemplate != path {
			continue
		}
		found = true
		if o.Method == method {
			return o, nil
		}
	}
	if !found {
		return nil, fmt.Errorf("operation pointer %q: no path %q in %s", pointer, path, d.name())
	}
	return nil, fmt.Errorf("operation pointer %q: path %q has no %s operation", pointer, path, method)
}

// splitPointer decodes a JSON pointer, percent-encoded or not, into its
// reference tokens.
func splitPointer(pointer string) ([]string, error) {
	p := strings.TrimPrefix(pointer, "#")
	if strings.Contains(p, "%") {
		un, err := url.PathUnescape(p)
		if err != nil {
			return nil, fmt.Errorf("operation pointer %q: %w", pointer, err)
		}
		p = un
	}
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("operation pointer %q: must start with /", pointer)
	}

	tokens := strings.Split(p[1:], "/")
	for i, t := range tokens {
		t = strings.ReplaceAll(t, "~1", "/")
		tokens[i] = strings.ReplaceAll(t, "~0", "~")
	}
	return tokens, nil
}

// escapePointerToken escapes one JSON pointer token.
func escapePointerToken(s string) string {
	s = strings.ReplaceAll(s, "~", "~0")
	return strings.ReplaceAll(s, "/", "~1")
}

// Servers returns the document-level server URLs with variables set to
// their defaults and relative URLs resolved against an http(s) location.
// Relative URLs of a file description are returned as written.
func (d *Description) Servers() []string {
	out := make([]string, 0, len(d.doc.Servers))
	for _, s := range d.doc.Servers {
		u, err := d.serverURL(s, nil)
		if err != nil {
			u = s.URL
		}
		out = append(out, u)
	}
	return out
}

// Validate checks the description against the OpenAPI specification with
// kin-openapi's rules and returns the first problem found.
func (d *Description) Validate(ctx context.Context) error {
	if err := d.doc.Validate(ctx); err != nil {
		return fmt.Errorf("%s: %w", d.name(), err)
	}
	return nil
}

// name is the description's location for messages.
func (d *Description) name() string {
	if d.Location == "" {
		return "description"
	}
	return RedactURL(d.Location)
}
