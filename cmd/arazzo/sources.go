package main

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/openapi"
	"github.com/arazzo-run/arazzo/runtime/mock"
)

// checkServers refuses --server flags that name no OpenAPI source of the
// document, or whose URL is not absolute. Silently ignoring a misspelt
// source would send the run, and its credentials, to the description's
// own servers.
func checkServers(servers map[string]string, doc *arazzo.Document) error {
	names := openAPISources(doc)
	for name, raw := range servers {
		if openAPISource(doc, name) == nil {
			return fmt.Errorf("--server %s=%s: %s has no OpenAPI source description %q%s (it has: %s)",
				name, raw, doc.File, name, didYouMean(name, names), strings.Join(names, ", "))
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--server %s=%s: want an absolute http or https URL", name, raw)
		}
	}
	return nil
}

// checkScenario refuses a --mock scenario that answers an operation no
// source of the document defines: a misspelt key would otherwise surface
// only as "no response for getSandbox" halfway through the run. Keys are
// operationIds, or "METHOD /path" (see mock.Scenario.Operations); each
// problem is placed at its key in the scenario file.
func checkScenario(sc *mock.Scenario, file string, doc *arazzo.Document) error {
	if sc == nil {
		return nil
	}
	known := newKnownKeys(doc)
	var errs []error
	for _, key := range sc.Operations() {
		if msg := known.problem(sc, key); msg != "" {
			line, col := sc.Position(key)
			errs = append(errs, &mock.ParseError{File: file, Line: line, Col: col, Path: "operations." + key, Msg: msg})
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("--mock: %w", errors.Join(errs...))
	}
	return nil
}

// knownKeys are the keys a scenario may use for a document's operations.
type knownKeys struct {
	doc     string                          // the document's file, for messages
	ops     map[string][]*openapi.Operation // by key; see scenarioKeys
	ids     []string                        // operationIds, sorted
	routes  []string                        // "METHOD /path" keys, sorted
	unnamed []string                        // routes of operations without an operationId, sorted
}

func newKnownKeys(doc *arazzo.Document) knownKeys {
	k := knownKeys{doc: doc.File, ops: scenarioKeys(doc)}
	for key, list := range k.ops {
		if !isRoute(key) {
			k.ids = append(k.ids, key)
			continue
		}
		k.routes = append(k.routes, key)
		if slices.ContainsFunc(list, func(op *openapi.Operation) bool { return op.ID == "" }) {
			k.unnamed = append(k.unnamed, key)
		}
	}
	slices.Sort(k.ids)
	slices.Sort(k.routes)
	slices.Sort(k.unnamed)
	return k
}

// problem says what is wrong with a key of scenario sc, or "" when
// nothing is.
func (k knownKeys) problem(sc *mock.Scenario, key string) string {
	matched, ok := k.ops[key]
	switch {
	case !ok && isRoute(key):
		hint := didYouMean(key, k.routes)
		if hint == "" {
			hint = "; write the method and the path as the description's paths map does, e.g. " + example(k.routes)
		}
		return fmt.Sprintf("no operation of %s has this method and path template%s", k.doc, hint)
	case !ok && len(k.unnamed) > 0:
		return fmt.Sprintf("no operation of %s has this operationId%s; "+
			"an operation without one is keyed \"METHOD /path\", e.g. %q",
			k.doc, didYouMean(key, k.ids), k.unnamed[0])
	case !ok:
		return fmt.Sprintf("no operation of %s has this operationId%s", k.doc, didYouMean(key, k.ids))
	case isRoute(key):
		for _, op := range matched {
			if op.ID != "" && sc.Responses(op.ID) > 0 {
				line, _ := sc.Position(op.ID)
				return fmt.Sprintf("names the same operation as %s (line %d), whose responses are served first; "+
					"list all its responses under one key", op.ID, line)
			}
		}
	}
	return ""
}

// scenarioKeys maps every key a scenario may use for the document's
// operations to the operations it answers: each operationId, and each
// "METHOD /path", which may stand for operations of several sources. The
// operations of Arazzo documents it names as sources count too: their
// workflows run in the same run.
func scenarioKeys(doc *arazzo.Document) map[string][]*openapi.Operation {
	keys := map[string][]*openapi.Operation{}
	for _, src := range doc.AllSources() {
		if src.OpenAPI == nil {
			continue
		}
		for _, op := range src.OpenAPI.Operations() {
			if op.ID != "" && !slices.Contains(keys[op.ID], op) {
				keys[op.ID] = append(keys[op.ID], op)
			}
			route := op.Method + " " + op.PathTemplate
			if !slices.Contains(keys[route], op) {
				keys[route] = append(keys[route], op)
			}
		}
	}
	return keys
}

// isRoute reports whether a scenario key is "METHOD /path" rather than an
// operationId.
func isRoute(key string) bool {
	_, path, ok := strings.Cut(key, " ")
	return ok && strings.HasPrefix(path, "/")
}

// example quotes the first route, or says there is none.
func example(routes []string) string {
	if len(routes) == 0 {
		return "(the document defines no operations)"
	}
	return strconv.Quote(routes[0])
}

func didYouMean(name string, candidates []string) string {
	if s := arazzo.Nearest(name, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}
