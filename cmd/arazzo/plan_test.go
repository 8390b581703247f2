package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestPlanFlagship checks the plan of the shipped workflow against a
// golden file: every step with what it calls, sends, checks and keeps.
func TestPlanFlagship(t *testing.T) {
	out, errOut, code := cli(t, "plan", flagship)
	if code != exitOK {
		t.Fatalf("exit code = %d, want %d\n%s", code, exitOK, errOut)
	}
	golden(t, "plan/flagship.txt", strings.ReplaceAll(out, flagship, "FLAGSHIP"))
}

func TestPlanJSON(t *testing.T) {
	out, errOut, code := cli(t, "plan", flagship, "--output", "json")
	if code != exitOK {
		t.Fatalf("exit code = %d, want %d\n%s", code, exitOK, errOut)
	}
	var p plan
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(p.Workflows) != 1 || len(p.Workflows[0].Steps) != 3 {
		t.Fatalf("want one workflow of three steps, got %+v", p.Workflows)
	}
	poll := p.Workflows[0].Steps[1]
	if poll.StepID != "pollState" || poll.Calls != "GET /sandbox/{sandboxIdOrName} (sandboxApi.getSandbox)" {
		t.Errorf("second step = %s calling %q", poll.StepID, poll.Calls)
	}
	if len(poll.OnSuccess) != 3 || !strings.HasPrefix(poll.OnSuccess[0], "running: goto getDetails when ") {
		t.Errorf("pollState onSuccess = %q", poll.OnSuccess)
	}
	if len(p.Sources) != 1 || p.Sources[0].Servers[0] != "https://app.daytona.io/api" {
		t.Errorf("sources = %+v", p.Sources)
	}
}

// TestPlanRefusals checks the exit codes: an invalid document or an
// unrunnable workflow is 3, an unknown workflow a usage error.
func TestPlanRefusals(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		code    int
		stdout  string // in the plan printed, if any
		message string // on stderr
	}{
		{"invalid document", []string{"plan", broken}, exitInvalid, "", "is not a valid Arazzo document"},
		{"AsyncAPI step", []string{"plan", "testdata/plan/async.arazzo.yaml"}, exitInvalid,
			"cannot run: ", `workflow "publish" cannot run`},
		{"unknown workflow", []string{"plan", flagship, "--workflow", "nope"}, exitUsage, "", `no workflow "nope"`},
		{"bad output", []string{"plan", flagship, "--output", "xml"}, exitUsage, "", "--output must be text or json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := cli(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit code = %d, want %d\n%s", code, tt.code, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, out)
			}
			if !strings.Contains(errOut, tt.message) {
				t.Errorf("stderr lacks %q:\n%s", tt.message, errOut)
			}
		})
	}
}
