package expr

// This file explains the jsonpath boolean form by the values it compared:
// "$.state = \"creating\"" says more than the whole context does.

import (
	"context"
	"strings"

	"github.com/PaesslerAG/gval"
	pjsonpath "github.com/PaesslerAG/jsonpath"
)

// probe is one root path of a boolean-form condition, compiled to be
// read for the explanation.
type probe struct {
	src string
	get gval.Evaluable
}

// maxProbes bounds how many paths one explanation reads.
const maxProbes = 8

// findProbes collects the distinct root paths ("$.state", "$.items[0].id")
// of a boolean-form condition, outside string literals.
func findProbes(src string) []probe {
	var out []probe
	seen := map[string]bool{}
	rewriteOutside(src, func(i int) edit {
		if src[i] != '$' || len(out) >= maxProbes {
			return edit{}
		}
		end := pathEnd(src, i)
		path := strings.TrimSuffix(src[i:end], ".length")
		if seen[path] || path == "$" {
			return edit{}
		}
		seen[path] = true
		if ev, err := pjsonpath.New(path); err == nil {
			out = append(out, probe{src: path, get: ev})
		}
		return edit{end: end}
	})
	return out
}

// describeProbes reads each probe on the context: `$.state = "creating"`,
// or `$.state absent` when the path selects nothing.
func describeProbes(probes []probe, cv any) string {
	parts := make([]string, 0, len(probes))
	for _, p := range probes {
		v, err := p.get(context.Background(), cv)
		if err != nil || v == nil {
			parts = append(parts, p.src+" absent")
			continue
		}
		parts = append(parts, p.src+" = "+show(v))
	}
	return strings.Join(parts, ", ")
}
