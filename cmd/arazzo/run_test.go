package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arazzo-run/arazzo/internal/daytonasim"
)

const (
	flagship = "../../workflows/daytona-provision.yml"
	scenario = "../../workflows/daytona-provision.mock.yml"
	token    = "dtn_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

// cli runs the command line in process and returns what it printed.
func cli(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code = Main(ctx, args, streams{in: strings.NewReader(""), out: &out, err: &errb})
	return out.String(), errb.String(), code
}

// runFlagship runs the shipped workflow against a simulator.
func runFlagship(t *testing.T, sim *daytonasim.Server, extra ...string) (string, string, int) {
	t.Helper()
	args := []string{"run", flagship, "--server", "sandboxApi=" + sim.URL(), "--loop-delay", "10ms"}
	return cli(t, append(args, extra...)...)
}

func newSim(t *testing.T, cfg daytonasim.Config) *daytonasim.Server {
	t.Helper()
	if cfg.Token == "" {
		cfg.Token = token
	}
	sim := daytonasim.New(cfg)
	t.Cleanup(sim.Close)
	return sim
}

func TestRunFlagshipReachesStarted(t *testing.T) {
	sim := newSim(t, daytonasim.Config{PollsUntilStarted: 3, Phases: []string{"creating", "pulling_snapshot", "starting"}})
	out, errOut, code := runFlagship(t, sim, "--input", "snapshot=daytona-small", "--input", "apiToken="+token)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{"sandboxId: ", "state: started\n", "target: us\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out+errOut, token) {
		t.Errorf("the token was printed:\n%s%s", out, errOut)
	}
	body := sim.Requests()[0].Body
	var sent map[string]any
	if err := json.Unmarshal(body, &sent); err != nil {
		t.Fatalf("create body %q: %v", body, err)
	}
	for _, absent := range []string{"cpu", "memory", "disk", "name"} {
		if _, ok := sent[absent]; ok {
			t.Errorf("optional input %s was sent though not given: %s", absent, body)
		}
	}
}

func TestRunFlagshipErrorState(t *testing.T) {
	sim := newSim(t, daytonasim.Config{ErrorSnapshot: "broken", ErrorReason: "Timeout while pulling snapshot"})
	out, errOut, code := runFlagship(t, sim, "--input", "snapshot=broken", "--input", "apiToken="+token)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitFailed, out, errOut)
	}
	for _, want := range []string{"Timeout while pulling snapshot", `"failed"`, "pollState", "getDetails"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	// The sandbox exists even though the run failed: its id is printed so
	// that it can be cleaned up; the outputs that need getDetails are not.
	if !strings.Contains(out, "sandboxId: ") || strings.Contains(out, "target:") {
		t.Errorf("stdout should hold sandboxId only:\n%s", out)
	}
}

func TestRunMissingInputsSendsNothing(t *testing.T) {
	sim := newSim(t, daytonasim.Config{})
	_, errOut, code := runFlagship(t, sim)
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d\n%s", code, exitInvalid, errOut)
	}
	if !strings.Contains(errOut, "apiToken, snapshot") {
		t.Errorf("stderr does not list both missing inputs:\n%s", errOut)
	}
	if n := sim.Count(); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

func TestRunWrongToken(t *testing.T) {
	sim := newSim(t, daytonasim.Config{})
	out, errOut, code := runFlagship(t, sim, "--input", "snapshot=daytona-small", "--input", "apiToken=dtn_wrong_token_value")
	if code != exitFailed {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitFailed, out, errOut)
	}
	if !strings.Contains(errOut, "401") || strings.Contains(errOut, "dtn_wrong_token_value") {
		t.Errorf("stderr should name the 401 and mask the token:\n%s", errOut)
	}
}

func TestRunHonoursLoopDelay(t *testing.T) {
	sim := newSim(t, daytonasim.Config{PollsUntilStarted: 3})
	args := []string{"run", flagship, "--server", "sandboxApi=" + sim.URL(), "--loop-delay", "80ms",
		"--input", "snapshot=daytona-small", "--input", "apiToken=" + token}
	if _, errOut, code := cli(t, args...); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	polls := gets(sim)
	if len(polls) < 4 {
		t.Fatalf("%d GETs, want at least 4", len(polls))
	}
	for i := 1; i < len(polls)-1; i++ { // the last GET is getDetails, reached by a forward goto
		if gap := polls[i].Time.Sub(polls[i-1].Time); gap < 80*time.Millisecond {
			t.Errorf("poll %d came %s after the one before, want at least 80ms", i, gap)
		}
	}
}

func TestRunHonoursRetryAfter(t *testing.T) {
	sim := newSim(t, daytonasim.Config{PollsUntilStarted: 2, MinPollInterval: 500 * time.Millisecond})
	args := []string{"run", flagship, "--server", "sandboxApi=" + sim.URL(), "--loop-delay", "0",
		"--input", "snapshot=daytona-small", "--input", "apiToken=" + token}
	out, errOut, code := cli(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	throttled := false
	polls := gets(sim)
	for i := 1; i < len(polls); i++ {
		if polls[i-1].Status != http.StatusTooManyRequests {
			continue
		}
		throttled = true
		if gap := polls[i].Time.Sub(polls[i-1].Time); gap < 900*time.Millisecond {
			t.Errorf("request after a 429 came %s later; Retry-After asked for at least 1s", gap)
		}
	}
	if !throttled {
		t.Fatal("the simulator never throttled; the test proves nothing")
	}
}

func TestRunJSONOutput(t *testing.T) {
	sim := newSim(t, daytonasim.Config{})
	out, errOut, code := runFlagship(t, sim, "--output", "json", "-v",
		"--input", "snapshot=daytona-small", "--input", "apiToken="+token)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var res struct {
		WorkflowID string         `json:"workflowId"`
		Status     string         `json:"status"`
		Outputs    map[string]any `json:"outputs"`
		Steps      []struct {
			StepID     string `json:"stepId"`
			Status     string `json:"status"`
			StatusCode int    `json:"statusCode"`
			DurationMs *int64 `json:"durationMs"`
		} `json:"steps"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, out)
	}
	if res.WorkflowID != "provision-sandbox" || res.Status != "succeeded" || res.Outputs["state"] != "started" {
		t.Errorf("unexpected result: %+v", res)
	}
	if len(res.Steps) < 3 || res.Steps[0].StepID != "createSandbox" || res.Steps[0].StatusCode != 200 || res.Steps[0].DurationMs == nil {
		t.Errorf("steps not reported: %+v", res.Steps)
	}
	if strings.Contains(out+errOut, token) {
		t.Error("the token was printed with -v and --output json")
	}
}

func TestRunOfflineMock(t *testing.T) {
	// Flags that wrap each request's context must keep what the scenario
	// reads from it.
	for _, extra := range [][]string{nil, {"--request-timeout", "30s"}, {"--timeout", "1m"}} {
		t.Run(strings.Join(extra, " "), func(t *testing.T) {
			args := append([]string{"run", flagship, "--mock", scenario, "--loop-delay", "0",
				"--input", "snapshot=daytona-small", "--input", "apiToken=offline-token"}, extra...)
			out, errOut, code := cli(t, args...)
			if code != exitOK {
				t.Fatalf("exit %d\n%s%s", code, out, errOut)
			}
			if !strings.Contains(out, "state: started") {
				t.Errorf("stdout:\n%s", out)
			}
		})
	}
}

func TestRunUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no file", []string{"run"}, exitUsage, "needs the path"},
		{"unknown flag", []string{"run", flagship, "--nope"}, exitUsage, "unknown flag"},
		{"bad output", []string{"run", flagship, "--output", "xml"}, exitUsage, "text or json"},
		{"unknown workflow", []string{"run", flagship, "--workflow", "nope"}, exitUsage, "provision-sandbox"},
		{"missing file", []string{"run", "nope.yml"}, exitInvalid, "nope.yml"},
		{"bad input type", []string{"run", flagship, "--input", "cpu=two"}, exitInvalid, "want an integer"},
		{"no steps", []string{"run", flagship, "--max-steps", "0"}, exitUsage, "--max-steps must be at least 1"},
		{"negative timeout", []string{"run", flagship, "--timeout", "-1s"}, exitUsage, "--timeout must be positive"},
		{"zero timeout", []string{"run", flagship, "--timeout", "0"}, exitUsage, "--timeout must be positive"},
		{"negative request timeout", []string{"run", flagship, "--request-timeout", "-1s"}, exitUsage, "--request-timeout must be positive"},
		{"negative loop delay", []string{"run", flagship, "--loop-delay", "-1s"}, exitUsage, "--loop-delay must be positive"},
		{"missing url map", []string{"run", flagship, "--url-map", "nope.tsv"}, exitUsage, "--url-map"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := cli(t, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d (want %d), stderr:\n%s\nwant it to contain %q", code, tt.code, errOut, tt.want)
			}
		})
	}
}

// gets returns the GET requests the simulator received, in order.
func gets(sim *daytonasim.Server) []daytonasim.Request {
	var out []daytonasim.Request
	for _, r := range sim.Requests() {
		if r.Method == http.MethodGet {
			out = append(out, r)
		}
	}
	return out
}

func TestHelpExitCodes(t *testing.T) {
	out, _, code := cli(t, "help", "exit-codes")
	if code != exitOK || !strings.Contains(out, "3  invalid document") {
		t.Errorf("exit %d, stdout:\n%s", code, out)
	}
}

func TestRunUnreachableSourceSendsNothing(t *testing.T) {
	doc := filepath.Join(t.TempDir(), "remote.arazzo.yaml")
	src := `arazzo: 1.0.1
info: {title: remote source, version: "1"}
sourceDescriptions:
  - {name: api, url: "http://127.0.0.1:1/openapi.yaml", type: openapi}
workflows:
  - workflowId: w
    steps:
      - {stepId: s, operationId: getThing}
`
	if err := os.WriteFile(doc, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := cli(t, "run", doc)
	if code != exitInvalid || !strings.Contains(errOut, `step "s"`) || !strings.Contains(errOut, `source "api"`) {
		t.Errorf("exit %d (want %d), stderr:\n%s", code, exitInvalid, errOut)
	}
}

func TestRunRefusesUnknownServerSource(t *testing.T) {
	sim := newSim(t, daytonasim.Config{})
	tests := []struct {
		flag, want string
	}{
		{"sandbox=" + sim.URL(), `did you mean "sandboxApi"`},
		{"sandboxApi=notaurl", "want an absolute http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.flag, func(t *testing.T) {
			_, errOut, code := cli(t, "run", flagship, "--server", tt.flag,
				"--input", "snapshot=daytona-small", "--input", "apiToken="+token)
			if code != exitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d (want %d), stderr:\n%s\nwant it to contain %q", code, exitUsage, errOut, tt.want)
			}
		})
	}
	if n := sim.Count(); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

func TestRunReportsAllInputProblemsAtOnce(t *testing.T) {
	_, errOut, code := cli(t, "run", flagship, "--mock", scenario, "--input", "cpu=two", "--input", "bogus=1")
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d\n%s", code, exitInvalid, errOut)
	}
	for _, want := range []string{`input cpu: want an integer`, `does not declare input "bogus"`, "apiToken, snapshot"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestRunJSONWhenNothingCanRun(t *testing.T) {
	out, _, code := cli(t, "run", flagship, "--mock", scenario, "--output", "json")
	var res struct {
		Status string `json:"status"`
		Error  struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if code != exitInvalid || res.Status != "invalid" || !strings.Contains(res.Error.Message, "apiToken") {
		t.Errorf("exit %d, result %+v; want exit %d, status invalid naming apiToken", code, res, exitInvalid)
	}
}

func TestRunRefusesScenarioForUnknownOperation(t *testing.T) {
	data, err := os.ReadFile(scenario)
	if err != nil {
		t.Fatal(err)
	}
	typo := filepath.Join(t.TempDir(), "typo.mock.yml")
	if err := os.WriteFile(typo, []byte(strings.Replace(string(data), "getSandbox:", "getSandbx:", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := cli(t, "run", flagship, "--mock", typo, "--input", "snapshot=daytona-small", "--input", "apiToken="+token)
	if code != exitUsage || !strings.Contains(errOut, `did you mean "getSandbox"`) {
		t.Errorf("exit %d (want %d), stderr:\n%s", code, exitUsage, errOut)
	}
}

// TestRunShowsLikelyMistakes checks that run prints the warnings that
// point at mistakes (an undeclared input) without -v, and keeps the
// compatibility forms, which run as meant, for -v.
func TestRunShowsLikelyMistakes(t *testing.T) {
	dir := t.TempDir()
	spec, err := filepath.Abs("../../openapi/daytona-sandbox-api-openapi.yml")
	if err != nil {
		t.Fatal(err)
	}
	doc := `arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ` + spec + `, type: openapi}]
workflows:
  - workflowId: w
    inputs: {type: object, properties: {token: {type: string}}}
    steps:
      - stepId: s
        operationId: getSandbox
        parameters:
          - {name: Authorization, in: header, value: "Bearer $inputs.tokn"}
          - {name: sandboxIdOrName, in: path, value: x}
`
	flow := filepath.Join(dir, "flow.yml")
	mockFile := filepath.Join(dir, "mock.yml")
	writeFile(t, flow, doc)
	writeFile(t, mockFile, "operations:\n  getSandbox:\n    - {status: 200, body: {id: x, state: started}}\n")
	_, errOut, _ := cli(t, "run", flow, "--mock", mockFile, "--loop-delay", "0")
	if !strings.Contains(errOut, `[undeclared-input]`) || !strings.Contains(errOut, `(did you mean "token"?)`) {
		t.Errorf("undeclared input not shown without -v:\n%s", errOut)
	}
	_, errOut, _ = cli(t, "run", flagship, "--mock", scenario, "--loop-delay", "0",
		"--input", "snapshot=daytona-small", "--input", "apiToken=offline-token")
	if strings.Contains(errOut, "[bare-expression]") {
		t.Errorf("compatibility forms shown without -v:\n%s", errOut)
	}
	_, errOut, _ = cli(t, "run", flagship, "--mock", scenario, "--loop-delay", "0", "-v",
		"--input", "snapshot=daytona-small", "--input", "apiToken=offline-token")
	if !strings.Contains(errOut, "[bare-expression]") {
		t.Errorf("compatibility forms not shown with -v:\n%s", errOut)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRunURLMap checks that run, like validate, reads a remote source
// from the local copy a URL map names, so that nothing is fetched.
func TestRunURLMap(t *testing.T) {
	dir := t.TempDir()
	spec, err := filepath.Abs("../../openapi/daytona-sandbox-api-openapi.yml")
	if err != nil {
		t.Fatal(err)
	}
	const remote = "https://example.invalid/specs/daytona.yml"
	flow := filepath.Join(dir, "flow.yml")
	writeFile(t, flow, `arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: `+remote+`, type: openapi}]
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: getSandbox
        parameters:
          - {name: sandboxIdOrName, in: path, value: x}
`)
	urlMap := filepath.Join(dir, "urls.tsv")
	writeFile(t, urlMap, remote+"\t"+spec+"\n")
	mockFile := filepath.Join(dir, "mock.yml")
	writeFile(t, mockFile, "operations:\n  getSandbox:\n    - {status: 200, body: {id: x, state: started}}\n")
	out, errOut, code := cli(t, "run", flow, "--url-map", urlMap, "--mock", mockFile, "--check", "all=off")
	if code != exitOK {
		t.Errorf("run with --url-map: exit %d\n%s%s", code, out, errOut)
	}
	if _, errOut, code := cli(t, "plan", flow, "--url-map", urlMap); code != exitOK {
		t.Errorf("plan with --url-map: exit %d\n%s", code, errOut)
	}
}

// TestRunJSONOnInvalidDocument checks that --output json reports an
// invalid document's diagnostics as data, each with its position.
func TestRunJSONOnInvalidDocument(t *testing.T) {
	out, _, code := cli(t, "run", broken, "--output", "json")
	var res struct {
		Status      string `json:"status"`
		Diagnostics []struct {
			Code   string `json:"code"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if code != exitInvalid || res.Status != "invalid" || len(res.Diagnostics) == 0 {
		t.Fatalf("exit %d, result %+v; want exit %d, status invalid with diagnostics", code, res, exitInvalid)
	}
	if d := res.Diagnostics[0]; d.Code != "unknown-operation" || d.Line != 13 || d.Column != 22 {
		t.Errorf("first diagnostic = %+v, want unknown-operation at 13:22", d)
	}
}

// TestErrorLinesArePrefixed checks that each problem of a joined error
// gets its own "arazzo:" line.
func TestErrorLinesArePrefixed(t *testing.T) {
	_, errOut, code := cli(t, "run", flagship, "--input", "cpu=x", "--input", "bogus=1")
	lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
	if code != exitInvalid || len(lines) != 3 {
		t.Fatalf("exit %d, stderr:\n%s\nwant exit %d and three problems", code, errOut, exitInvalid)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "arazzo: invalid inputs: ") {
			t.Errorf("line %q lacks the prefix", l)
		}
	}
}

// TestInputFileErrors checks that a malformed input file is reported at
// the file:line:col of the fault, JSON or YAML, and a file that is not a
// mapping says what it should be.
func TestInputFileErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, text, want string
	}{
		{"in.yml", "snapshot: a\n  apiToken: b\n", "in.yml:2:11: mapping values are not allowed in this context"},
		{"in.json", "{\"snapshot\": \"a\",\n \"apiToken\" \"b\"}", `in.json:2:13: invalid character '"' after object key`},
		{"list.yml", "- a\n- b\n", "list.yml: want a mapping of input names to values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			writeFile(t, path, tt.text)
			_, errOut, code := cli(t, "run", flagship, "--input-file", path)
			if code != exitInvalid || !strings.Contains(errOut, "--input-file "+filepath.Join(dir, tt.want)) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, errOut, exitInvalid, tt.want)
			}
		})
	}
}

// TestReportsWhenNothingRuns checks that --report files are written when
// nothing could run (exit 3), saying why, so that CI finds a result.
func TestReportsWhenNothingRuns(t *testing.T) {
	dir := t.TempDir()
	junit, report := filepath.Join(dir, "r.xml"), filepath.Join(dir, "r.json")
	_, _, code := cli(t, "run", flagship, "--report", "junit="+junit, "--report", "json="+report)
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d", code, exitInvalid)
	}
	for _, path := range []string{junit, report} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("no report: %v", err)
		}
		if !strings.Contains(string(data), "needs required inputs: apiToken, snapshot") {
			t.Errorf("%s does not say why nothing ran:\n%s", path, data)
		}
	}
}

// TestRunNamesTheLimitReached checks that a run stopped by --max-steps
// says which limit it hit, where, and the flag that sets it.
func TestRunNamesTheLimitReached(t *testing.T) {
	_, errOut, code := cli(t, "run", flagship, "--mock", scenario, "--loop-delay", "0", "--max-steps", "2",
		"--input", "snapshot=daytona-small", "--input", "apiToken=offline-token")
	for _, want := range []string{`the run reached its limit of 2 steps before step "pollState" ran`,
		"(the run's step limit is --max-steps 2)"} {
		if code != exitFailed || !strings.Contains(errOut, want) {
			t.Errorf("exit %d, stderr lacks %q:\n%s", code, want, errOut)
		}
	}
}

// TestRunJSONKeepsStderr checks that --output json leaves stdout to the
// JSON result and still shows the progress and summary on stderr.
func TestRunJSONKeepsStderr(t *testing.T) {
	out, errOut, code := cli(t, "run", flagship, "--mock", scenario, "--loop-delay", "0", "-o", "json",
		"--input", "snapshot=daytona-small", "--input", "apiToken=offline-token")
	var res map[string]any
	if code != exitOK || json.Unmarshal([]byte(out), &res) != nil {
		t.Fatalf("exit %d, stdout is not one JSON object:\n%s", code, out)
	}
	for _, want := range []string{"createSandbox", "summary"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}
