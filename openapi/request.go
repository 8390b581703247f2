// Building HTTP requests for an operation.

package openapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ParamValue is a parameter value given by a workflow step. In is path,
// query, header, cookie or querystring (Arazzo 1.1, OpenAPI 3.2).
type ParamValue struct {
	Name  string
	In    string
	Value any // nil leaves an optional parameter out
}

// RequestInput is everything a step supplies to build a request.
type RequestInput struct {
	BaseURL     string            // replaces the description's servers when non-empty
	ServerVars  map[string]string // values for server variables; defaults fill the rest
	Params      []ParamValue
	Body        any    // evaluated payload, or string/[]byte sent as is
	HasBody     bool   // a body is sent when set or when Body is non-nil
	ContentType string // the step's requestBody.contentType, if any

	// ReadFile reads the files named by {"$file": path} body values. When
	// nil, such values are an error: no file is ever read implicitly.
	//
	// SECURITY: setting it to os.ReadFile lets whoever wrote the workflow
	// upload any file the process can read. Restrict it to a directory
	// when workflows are not trusted.
	ReadFile func(path string) ([]byte, error)
}

// ParamError reports a parameter that could not be serialised.
type ParamError struct {
	Operation string
	Name      string
	In        string
	Err       error
}

// Error formats the error as "operation: in parameter name: cause".
func (e *ParamError) Error() string {
	return fmt.Sprintf("%s: %s parameter %q: %v", e.Operation, e.In, e.Name, e.Err)
}

// Unwrap returns the cause.
func (e *ParamError) Unwrap() error { return e.Err }

// locations are the places a ParamValue may go.
var locations = map[string]bool{"path": true, "query": true, "header": true,
	"cookie": true, "querystring": true}

// BuildRequest builds the HTTP request for one call of the operation. The
// request's context carries the operation (see [WithOperation]), and so
// its operationId.
// Parameters the operation does not declare are still sent, in their In
// location with that location's default style. It never reads files
// unless in.ReadFile is set, and never adds a body that was not given.
func (o *Operation) BuildRequest(ctx context.Context, in RequestInput) (*http.Request, error) {
	if o == nil {
		return nil, errors.New("build request: nil operation")
	}
	if err := o.checkLocations(in.Params); err != nil {
		return nil, err
	}

	target, err := o.target(in)
	if err != nil {
		return nil, err
	}
	body, ct, err := o.encodeBody(in)
	if err != nil {
		return nil, fmt.Errorf("%s: request body: %w", o.Name(), err)
	}

	var reader *bytes.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	ctx = WithOperation(ctx, o)
	req, err := newRequest(ctx, o.Method, target, reader)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Name(), err)
	}
	if err := o.setHeaders(req, in.Params); err != nil {
		return nil, err
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	return req, nil
}

// newRequest avoids handing http a typed nil body.
func newRequest(ctx context.Context, method, target string, body *bytes.Reader) (*http.Request, error) {
	if body == nil {
		return http.NewRequestWithContext(ctx, method, target, nil)
	}
	return http.NewRequestWithContext(ctx, method, target, body)
}

func (o *Operation) checkLocations(params []ParamValue) error {
	for _, pv := range params {
		if !locations[pv.In] {
			return o.paramError(pv, fmt.Errorf("unknown location %q (want path, query, header, cookie or querystring)", pv.In))
		}
		if pv.Name == "" && pv.In != "querystring" {
			return o.paramError(pv, errors.New("empty name"))
		}
	}
	return nil
}

func (o *Operation) paramError(pv ParamValue, err error) error {
	return &ParamError{Operation: o.Name(), Name: pv.Name, In: pv.In, Err: err}
}

// target is the full request URL: server, expanded path and query.
func (o *Operation) target(in RequestInput) (string, error) {
	base, err := o.baseURL(in.BaseURL, in.ServerVars)
	if err != nil {
		return "", fmt.Errorf("%s: %w", o.Name(), err)
	}
	path, err := o.expandPath(in.Params)
	if err != nil {
		return "", err
	}
	query, err := o.query(in.Params)
	if err != nil {
		return "", err
	}

	t := strings.TrimRight(base, "/") + path
	if query != "" {
		t += "?" + query
	}
	return t, nil
}

// decl returns the declared parameter for pv, or an undeclared one with
// the defaults of pv's location.
func (o *Operation) decl(pv ParamValue) *Parameter {
	if p, ok := o.Parameter(pv.Name, pv.In); ok {
		return p
	}
	style := defaultStyle(pv.In)
	return &Parameter{Name: pv.Name, In: pv.In, Style: style, Explode: style == "form"}
}

// expandPath substitutes each {name} of the path template.
func (o *Operation) expandPath(params []ParamValue) (string, error) {
	var b strings.Builder
	rest := o.PathTemplate
	for {
		open := strings.IndexByte(rest, '{')
		end := strings.IndexByte(rest, '}')
		if open < 0 || end < open {
			b.WriteString(rest)
			return b.String(), nil
		}
		s, err := o.pathValue(rest[open+1:end], params)
		if err != nil {
			return "", err
		}
		b.WriteString(rest[:open])
		b.WriteString(s)
		rest = rest[end+1:]
	}
}

func (o *Operation) pathValue(name string, params []ParamValue) (string, error) {
	pv, ok := findParam(params, name, "path")
	if !ok || pv.Value == nil {
		return "", o.paramError(ParamValue{Name: name, In: "path"}, errors.New("no value given"))
	}
	p := o.decl(pv)
	s, err := serialiseString(p, pv.Value, urlEncoder(false))
	if err != nil {
		return "", o.paramError(pv, err)
	}
	return s, nil
}

func findParam(params []ParamValue, name, in string) (ParamValue, bool) {
	for _, pv := range params {
		if pv.In == in && pv.Name == name {
			return pv, true
		}
	}
	return ParamValue{}, false
}

// serialiseString writes a path or header value per p's style, or as
// content when p declares a media type.
func serialiseString(p *Parameter, v any, enc encoder) (string, error) {
	if p.ContentType != "" {
		s, err := contentString(p.ContentType, v)
		return enc(s), err
	}
	f, err := flatten(v)
	if err != nil {
		return "", err
	}
	return styleString(p.Style, p.Explode, p.Name, f, enc)
}

// contentString writes a content-typed parameter: JSON for JSON media
// types, the plain text of strings and scalars otherwise.
func contentString(ct string, v any) (string, error) {
	if s, ok := scalarString(v); ok && !isJSON(ct) {
		return s, nil
	}
	if raw, ok := v.(json.RawMessage); ok {
		return string(raw), nil
	}
	data, err := marshalJSON(v)
	if err != nil {
		return "", err
	}
	return string(data), nil
}

// query serialises the query and querystring parameters in input order.
func (o *Operation) query(params []ParamValue) (string, error) {
	var pairs []string
	for _, pv := range params {
		if pv.Value == nil || pv.In != "query" && pv.In != "querystring" {
			continue
		}
		ps, err := o.queryPairs(pv)
		if err != nil {
			return "", o.paramError(pv, err)
		}
		pairs = append(pairs, ps...)
	}
	return strings.Join(pairs, "&"), nil
}

func (o *Operation) queryPairs(pv ParamValue) ([]string, error) {
	if pv.In == "querystring" {
		return querystring(pv.Value)
	}
	p := o.decl(pv)
	enc := urlEncoder(p.AllowReserved)
	if p.ContentType != "" {
		s, err := contentString(p.ContentType, pv.Value)
		return []string{enc(p.Name) + "=" + enc(s)}, err
	}
	f, err := flatten(pv.Value)
	if err != nil {
		return nil, err
	}
	return stylePairs(p.Style, p.Explode, p.Name, f, enc)
}

// querystring writes a whole query string: a string is taken as already
// encoded, an object becomes exploded form pairs.
func querystring(v any) ([]string, error) {
	if s, ok := v.(string); ok {
		s = strings.TrimPrefix(s, "?")
		if s == "" {
			return nil, nil
		}
		return []string{s}, nil
	}
	f, err := flatten(v)
	if err != nil {
		return nil, err
	}
	if f.shape != shapeObject {
		return nil, fmt.Errorf("querystring needs a string or an object, got %s", f.shapeName())
	}
	return formPairs(true, "", f, urlEncoder(false)), nil
}

// setHeaders adds header parameters and joins cookie parameters into one
// Cookie header.
func (o *Operation) setHeaders(req *http.Request, params []ParamValue) error {
	var cookies []string
	for _, pv := range params {
		if pv.Value == nil {
			continue
		}
		switch pv.In {
		case "header":
			if err := o.addHeader(req.Header, pv); err != nil {
				return o.paramError(pv, err)
			}
		case "cookie":
			c, err := o.cookiePairs(pv)
			if err != nil {
				return o.paramError(pv, err)
			}
			cookies = append(cookies, c...)
		}
	}
	if len(cookies) > 0 {
		req.Header.Set("Cookie", strings.Join(cookies, "; "))
	}
	return nil
}

func (o *Operation) addHeader(h http.Header, pv ParamValue) error {
	if !validHeaderName(pv.Name) {
		return errors.New("not a valid header name")
	}
	s, err := serialiseString(o.decl(pv), pv.Value, rawEncoder)
	if err != nil {
		return err
	}
	if i := strings.IndexFunc(s, isControl); i >= 0 {
		return fmt.Errorf("value has control character %q at offset %d", s[i], i)
	}
	h.Add(pv.Name, s)
	return nil
}

func (o *Operation) cookiePairs(pv ParamValue) ([]string, error) {
	p := o.decl(pv)
	enc := urlEncoder(false)
	if p.ContentType != "" {
		s, err := contentString(p.ContentType, pv.Value)
		return []string{p.Name + "=" + enc(s)}, err
	}
	f, err := flatten(pv.Value)
	if err != nil {
		return nil, err
	}
	return stylePairs(p.Style, p.Explode, p.Name, f, enc)
}

func isControl(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }

// validHeaderName reports whether s is an RFC 9110 token.
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) && c != '~' || strings.IndexByte("!#$%&'*+^`|~", c) >= 0 {
			continue
		}
		return false
	}
	return true
}
