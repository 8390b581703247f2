package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/openapi"
	"github.com/arazzo-run/arazzo/runtime"
)

// warnMissingCredentials warns, before anything is sent, about security
// requirements that no credential given can meet, naming the steps whose
// requests would then go out without one. A step that sets the
// credential itself (an Authorization or API-key parameter) is left out,
// and so is an operation that allows anonymous calls.
func warnMissingCredentials(w io.Writer, doc *arazzo.Document, creds runtime.CredentialFunc) {
	steps := map[string][]string{} // scheme alternatives -> steps
	for _, wf := range doc.Workflows {
		for _, s := range wf.Steps {
			op := s.Target().Operation
			if op == nil || setsCredential(wf, s, op) {
				continue
			}
			if missing := unmet(op.SecuritySchemes(), creds); missing != "" {
				steps[missing] = append(steps[missing], wf.WorkflowID+"."+s.StepID)
			}
		}
	}
	for _, missing := range slices.Sorted(maps.Keys(steps)) {
		var give []string
		for name := range strings.SplitSeq(missing, " ") {
			give = append(give, fmt.Sprintf("--auth %s=VALUE (or %s)", name, authEnvName(name)))
		}
		fmt.Fprintf(w, "arazzo: warning: no credential for security scheme %s, which %s need%s; give %s\n",
			strings.Join(strings.Fields(missing), " and "), strings.Join(steps[missing], ", "),
			verbS(len(steps[missing])), strings.Join(give, " and "))
	}
}

// unmet returns the schemes of the first alternative, space-separated
// (scheme names hold no blanks), when no
// alternative of sets can be met with creds; "" when one can, or when
// the operation needs none.
func unmet(sets [][]openapi.SecurityScheme, creds runtime.CredentialFunc) string {
	if len(sets) == 0 {
		return ""
	}
	for _, set := range sets {
		met := true
		for _, s := range set {
			if _, ok := creds(s.Name); !ok && s.Type != "mutualTLS" {
				met = false
			}
		}
		if met {
			return "" // an empty set is an anonymous alternative
		}
	}
	var names []string
	for _, s := range sets[0] {
		names = append(names, s.Name)
	}
	return strings.Join(names, " ")
}

// setsCredential reports whether the step, or its workflow, passes a
// parameter where the operation's schemes carry their credential.
func setsCredential(wf *arazzo.Workflow, s *arazzo.Step, op *openapi.Operation) bool {
	params := append(slices.Clone(s.Parameters), wf.Parameters...)
	for _, p := range params {
		for _, set := range op.SecuritySchemes() {
			for _, scheme := range set {
				if carries(p, scheme) {
					return true
				}
			}
		}
	}
	return false
}

func carries(p *arazzo.Parameter, s openapi.SecurityScheme) bool {
	if s.Type == "apiKey" {
		return p.In == s.In && strings.EqualFold(p.Name, s.ParamName)
	}
	return p.In == "header" && strings.EqualFold(p.Name, "Authorization")
}

func verbS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}
