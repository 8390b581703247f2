package main

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/runtime/mock"
)

// checkServers refuses --server flags that name no OpenAPI source of the
// document, or whose URL is not absolute. Silently ignoring a misspelt
// source would send the run, and its credentials, to the description's
// own servers.
func checkServers(servers map[string]string, doc *arazzo.Document) error {
	names := openAPISources(doc)
	for name, raw := range servers {
		if src := doc.Sources()[name]; src == nil || src.OpenAPI == nil {
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

// checkScenario refuses a --mock scenario that answers an operationId no
// source of the document defines: a misspelt id would otherwise surface
// only as "no response for getSandbox" halfway through the run.
func checkScenario(sc *mock.Scenario, file string, doc *arazzo.Document) error {
	if sc == nil {
		return nil
	}
	var known []string
	for _, src := range doc.Sources() {
		if src.OpenAPI != nil {
			known = append(known, src.OpenAPI.OperationIDs()...)
		}
	}
	for _, id := range sc.Operations() {
		if !slices.Contains(known, id) {
			return fmt.Errorf("--mock %s: operation %q is not defined by any source of %s%s",
				file, id, doc.File, didYouMean(id, known))
		}
	}
	return nil
}

func didYouMean(name string, candidates []string) string {
	if s := arazzo.Nearest(name, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}
