// Operations, their parameters and security requirements.

package openapi

import (
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// Operation is one HTTP operation of a description.
type Operation struct {
	ID           string // operationId; empty when the document gives none
	Method       string // upper case, e.g. "GET"
	PathTemplate string // as in the paths map, e.g. "/pets/{petId}"
	Pointer      string // JSON pointer, e.g. "/paths/~1pets~1{petId}/get"
	Deprecated   bool

	desc    *Description
	item    *openapi3.PathItem
	op      *openapi3.Operation
	params  []*Parameter
	bases   sync.Map // base URL override ("" for none) -> the base URL, when no server variable is given
	headers sync.Map // response pointer -> []declaredHeader
}

func newOperation(d *Description, path, method string, item *openapi3.PathItem,
	op *openapi3.Operation) *Operation {
	if op == nil {
		return nil
	}
	o := &Operation{
		ID:           op.OperationID,
		Method:       method,
		PathTemplate: path,
		Pointer:      "/paths/" + escapePointerToken(path) + "/" + strings.ToLower(method),
		Deprecated:   op.Deprecated,
		desc:         d,
		item:         item,
		op:           op,
	}
	o.params = mergeParams(item.Parameters, op.Parameters)
	return o
}

// mergeParams lists the path item's parameters, replaced by operation
// parameters of the same name and location, then the operation's own.
func mergeParams(itemParams, opParams openapi3.Parameters) []*Parameter {
	var out []*Parameter
	add := func(ref *openapi3.ParameterRef) {
		if ref == nil || ref.Value == nil {
			return
		}
		p := newParameter(ref.Value)
		i := slices.IndexFunc(out, func(q *Parameter) bool { return q.is(p.Name, p.In) })
		if i >= 0 {
			out[i] = p
			return
		}
		out = append(out, p)
	}
	for _, ref := range itemParams {
		add(ref)
	}
	for _, ref := range opParams {
		add(ref)
	}
	return out
}

// Name returns the operationId, or "METHOD /path" when there is none.
func (o *Operation) Name() string {
	if o.ID != "" {
		return o.ID
	}
	return o.Method + " " + o.PathTemplate
}

// Parameters returns the operation's parameters, path-item ones included.
func (o *Operation) Parameters() []*Parameter { return slices.Clone(o.params) }

// Parameter finds a parameter by name and location, looking at both the
// path item and the operation. Header names match case-insensitively.
func (o *Operation) Parameter(name, in string) (*Parameter, bool) {
	for _, p := range o.params {
		if p.is(name, in) {
			return p, true
		}
	}
	return nil, false
}

// HasRequestBody reports whether the operation declares a request body,
// and whether that body is required.
func (o *Operation) HasRequestBody() (declared, required bool) {
	rb := o.requestBody()
	if rb == nil {
		return false, false
	}
	return true, rb.Required
}

// RequestContentTypes lists the request body's media types, sorted, with
// JSON ones first. It is empty when no body is declared.
func (o *Operation) RequestContentTypes() []string {
	rb := o.requestBody()
	if rb == nil {
		return nil
	}
	types := make([]string, 0, len(rb.Content))
	for ct := range rb.Content {
		types = append(types, ct)
	}
	slices.SortFunc(types, func(a, b string) int {
		ja, jb := isJSON(a), isJSON(b)
		if ja != jb {
			if ja {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return types
}

func (o *Operation) requestBody() *openapi3.RequestBody {
	if o.op.RequestBody == nil {
		return nil
	}
	return o.op.RequestBody.Value
}

// Parameter is one declared parameter with its serialisation resolved to
// the defaults of its location.
type Parameter struct {
	Name          string
	In            string // path, query, header, cookie or querystring
	Required      bool
	Deprecated    bool
	Style         string // the declared style, or the location's default
	Explode       bool   // the declared explode, or the style's default
	AllowReserved bool
	ContentType   string // set when the parameter uses content, not schema

	p *openapi3.Parameter
}

func newParameter(p *openapi3.Parameter) *Parameter {
	q := &Parameter{Name: p.Name, In: p.In, Required: p.Required || p.In == "path",
		Deprecated: p.Deprecated, Style: p.Style, AllowReserved: p.AllowReserved, p: p}
	if q.Style == "" {
		q.Style = defaultStyle(p.In)
	}
	q.Explode = q.Style == "form"
	if p.Explode != nil {
		q.Explode = *p.Explode
	}
	for ct := range p.Content {
		q.ContentType = ct // the spec allows exactly one entry
	}
	return q
}

func (p *Parameter) is(name, in string) bool {
	if p.In != in {
		return false
	}
	if in == "header" {
		return strings.EqualFold(p.Name, name)
	}
	return p.Name == name
}

// defaultStyle is the style a parameter in the given location has when
// none is declared.
func defaultStyle(in string) string {
	switch in {
	case "query", "cookie":
		return "form"
	}
	return "simple"
}

// SecurityScheme is a security scheme an operation may be called with.
type SecurityScheme struct {
	Name         string // key under components.securitySchemes
	Type         string // apiKey, http, oauth2, openIdConnect or mutualTLS
	Scheme       string // for http: bearer, basic, ...
	BearerFormat string
	In           string // for apiKey: header, query or cookie
	ParamName    string // for apiKey: the header, query or cookie name
	TokenURL     string // for oauth2: the clientCredentials flow's tokenUrl, if declared
	Scopes       []string
}

// SecuritySchemes returns the ways the operation may be authorised: any
// one of the returned sets suffices, and every scheme of a set is needed.
// An empty set among them means anonymous calls are allowed; a nil result
// means no security is declared. Operation-level security replaces the
// document's.
func (o *Operation) SecuritySchemes() [][]SecurityScheme {
	reqs := o.desc.doc.Security
	if o.op.Security != nil {
		reqs = *o.op.Security
	}
	if reqs == nil {
		return nil
	}
	out := make([][]SecurityScheme, 0, len(reqs))
	for _, req := range reqs {
		out = append(out, o.securitySet(req))
	}
	return out
}

func (o *Operation) securitySet(req openapi3.SecurityRequirement) []SecurityScheme {
	names := make([]string, 0, len(req))
	for name := range req {
		names = append(names, name)
	}
	slices.Sort(names)

	set := make([]SecurityScheme, 0, len(names))
	for _, name := range names {
		s := SecurityScheme{Name: name, Scopes: req[name]}
		if ss := o.lookupScheme(name); ss != nil {
			s.Type, s.Scheme, s.BearerFormat = ss.Type, strings.ToLower(ss.Scheme), ss.BearerFormat
			s.In, s.ParamName = ss.In, ss.Name
			if ss.Flows != nil && ss.Flows.ClientCredentials != nil {
				s.TokenURL = ss.Flows.ClientCredentials.TokenURL
			}
		}
		set = append(set, s)
	}
	return set
}

func (o *Operation) lookupScheme(name string) *openapi3.SecurityScheme {
	c := o.desc.doc.Components
	if c == nil || c.SecuritySchemes[name] == nil {
		return nil
	}
	return c.SecuritySchemes[name].Value
}
