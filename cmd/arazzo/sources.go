package main

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/arazzo-run/arazzo/arazzo"
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

func didYouMean(name string, candidates []string) string {
	if s := arazzo.Nearest(name, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}
