// Server selection and server variables.

package openapi

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// baseURL picks the server a request goes to: the override when given,
// else the first server of the operation, its path item or the document.
func (o *Operation) baseURL(override string, vars map[string]string) (string, error) {
	if len(vars) > 0 {
		return o.findBaseURL(override, vars)
	}
	if base, ok := o.bases.Load(override); ok {
		return base.(string), nil
	}
	base, err := o.findBaseURL(override, nil)
	if err == nil {
		o.bases.Store(override, base)
	}
	return base, err
}

// findBaseURL is baseURL without the cache: parsing the URLs again on
// every request took a few percent of a step's own cost.
func (o *Operation) findBaseURL(override string, vars map[string]string) (string, error) {
	if override != "" {
		return checkAbsolute(override, "base URL")
	}

	u, err := o.desc.serverURL(o.server(), vars)
	if err != nil {
		return "", err
	}
	return checkAbsolute(u, "server URL")
}

// server returns the server the operation's requests go to: the first of
// the operation's servers, else of its path item's, else of the
// document's, else the spec's default "/".
func (o *Operation) server() *openapi3.Server {
	servers := o.desc.doc.Servers
	if len(o.item.Servers) > 0 {
		servers = o.item.Servers
	}
	if o.op.Servers != nil && len(*o.op.Servers) > 0 {
		servers = *o.op.Servers
	}
	if len(servers) == 0 || servers[0] == nil {
		return &openapi3.Server{URL: "/"}
	}
	return servers[0]
}

// ServerVariables returns the variables declared by the servers the
// description's operations send to, each with its allowed values (nil
// when any value goes). A name declared by several servers allows the
// values of all of them.
func (d *Description) ServerVariables() map[string][]string {
	out := map[string][]string{}
	open := map[string]bool{}
	for _, o := range d.ops {
		for name, v := range o.server().Variables {
			if v == nil || len(v.Enum) == 0 {
				open[name] = true
			}
			if v != nil {
				out[name] = append(out[name], v.Enum...)
			} else if _, ok := out[name]; !ok {
				out[name] = nil
			}
		}
	}
	for name := range open {
		out[name] = nil
	}
	for name, enum := range out {
		slices.Sort(enum)
		out[name] = slices.Compact(enum)
	}
	return out
}

// checkAbsolute returns u when it is an absolute http(s) URL.
func checkAbsolute(u, what string) (string, error) {
	p, err := url.Parse(u)
	if err != nil {
		return "", fmt.Errorf("%s %q: %w", what, RedactURL(u), err)
	}
	if p.Scheme != "http" && p.Scheme != "https" || p.Host == "" {
		return "", fmt.Errorf("%s %q is not an absolute http(s) URL; give a base URL for this source",
			what, RedactURL(u))
	}
	return u, nil
}

// serverURL fills in s's variables, from vars or their defaults, and
// resolves a relative result against an http(s) description location.
func (d *Description) serverURL(s *openapi3.Server, vars map[string]string) (string, error) {
	u, err := expandServer(s, vars)
	if err != nil {
		return "", err
	}
	if !isRemote(d.base) {
		return u, nil
	}
	ref, err := url.Parse(u)
	if err != nil {
		return "", fmt.Errorf("server URL %q: %w", u, err)
	}
	return d.base.ResolveReference(ref).String(), nil
}

// expandServer substitutes every {name} of the server URL template.
func expandServer(s *openapi3.Server, vars map[string]string) (string, error) {
	var b strings.Builder
	rest := s.URL
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			b.WriteString(rest)
			return b.String(), nil
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return "", fmt.Errorf("server URL %q: unclosed {", s.URL)
		}
		name := rest[open+1 : open+end]
		v, err := serverVar(s, name, vars)
		if err != nil {
			return "", err
		}
		b.WriteString(rest[:open])
		b.WriteString(v)
		rest = rest[open+end+1:]
	}
}

func serverVar(s *openapi3.Server, name string, vars map[string]string) (string, error) {
	decl := s.Variables[name]
	v, given := vars[name]
	switch {
	case !given && decl == nil:
		return "", fmt.Errorf("server URL %q: variable %q is neither declared nor given", s.URL, name)
	case !given:
		return decl.Default, nil
	case decl != nil && len(decl.Enum) > 0 && !slices.Contains(decl.Enum, v):
		return "", fmt.Errorf("server variable %q: value %q is not one of %s",
			name, v, strings.Join(decl.Enum, ", "))
	}
	return v, nil
}
