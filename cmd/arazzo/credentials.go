package main

import (
	"fmt"
	"io"
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
	steps := map[string][]string{} // the unmet schemes, joined by " and " -> the steps
	hints := map[string]string{}   // the same key -> how to give the credentials
	var order []string             // those keys, as first met
	for _, wf := range doc.Workflows {
		for _, s := range wf.Steps {
			op := s.Target().Operation
			if op == nil || setsCredential(wf, s, op) {
				continue
			}
			missing := unmet(op.SecuritySchemes(), creds)
			if len(missing) == 0 {
				continue
			}
			key := strings.Join(missing, " and ")
			if _, seen := steps[key]; !seen {
				order = append(order, key)
			}
			steps[key] = append(steps[key], wf.WorkflowID+"."+s.StepID)
			give := make([]string, len(missing))
			for i, name := range missing {
				give[i] = fmt.Sprintf("--auth %s=VALUE (or %s)", name, authEnvName(name))
			}
			hints[key] = strings.Join(give, " and ")
		}
	}
	for _, key := range order {
		fmt.Fprintf(w, "arazzo: warning: no credential for security scheme %s, which %s need%s; give %s\n",
			key, strings.Join(steps[key], ", "), verbS(len(steps[key])), hints[key])
	}
}

// unmet returns the schemes of the first alternative of sets when none
// can be met with creds, and nil when one can or the operation needs
// none (an empty alternative allows anonymous calls).
func unmet(sets [][]openapi.SecurityScheme, creds runtime.CredentialFunc) []string {
	if len(sets) == 0 {
		return nil
	}
	for _, set := range sets {
		met := true
		for _, s := range set {
			if _, ok := creds(s.Name); !ok && s.Type != "mutualTLS" {
				met = false
			}
		}
		if met {
			return nil
		}
	}
	var names []string
	for _, s := range sets[0] {
		names = append(names, s.Name)
	}
	return names
}

// setsCredential reports whether the step, or its workflow, passes a
// parameter where the operation's schemes carry their credential.
func setsCredential(wf *arazzo.Workflow, s *arazzo.Step, op *openapi.Operation) bool {
	params := append(slices.Clone(s.Parameters), wf.Parameters...)
	sets := op.SecuritySchemes()
	for _, p := range params {
		for _, set := range sets {
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
