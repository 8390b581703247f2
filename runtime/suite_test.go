package runtime_test

// This file runs the workflow suite in testdata/suite: each case is one
// YAML bundle holding an Arazzo document, the HTTP exchanges a scripted
// server expects and answers, and the result the run must produce.

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/runtime"
	"go.yaml.in/yaml/v3"
)

// suiteCase is one bundle of testdata/suite.
type suiteCase struct {
	About     string            `yaml:"about"`     // what the case shows
	Spec      string            `yaml:"spec"`      // the spec rule it covers
	Document  string            `yaml:"document"`  // the Arazzo document, written as main.arazzo.yaml; {{dir}} is its directory
	Files     map[string]string `yaml:"files"`     // more files next to it; api.yaml is added unless given
	Workflow  string            `yaml:"workflow"`  // the workflow to run; empty runs the first
	All       bool              `yaml:"all"`       // run every workflow with RunAll
	Invalid   bool              `yaml:"invalid"`   // run it although it has errors, as a library caller may
	Inputs    map[string]any    `yaml:"inputs"`    //
	Options   suiteOptions      `yaml:"options"`   //
	Exchanges []exchange        `yaml:"exchanges"` // in the order they must happen
	Want      suiteWant         `yaml:"want"`      //
}

type suiteOptions struct {
	MaxSteps       int           `yaml:"maxSteps"`
	Timeout        time.Duration `yaml:"timeout"`
	RequestTimeout time.Duration `yaml:"requestTimeout"`
	LoopDelay      time.Duration `yaml:"loopDelay"`
	MaxRetryAfter  time.Duration `yaml:"maxRetryAfter"`
	MaxDepth       int           `yaml:"maxDepth"`
}

// exchange is one expected request and the reply it gets. Times repeats
// it. Request fields left out are not checked.
type exchange struct {
	Method string            `yaml:"method"`
	Path   string            `yaml:"path"`
	Query  map[string]string `yaml:"query"`
	Header map[string]string `yaml:"header"`
	Body   any               `yaml:"body"` // compared as JSON
	Text   string            `yaml:"text"` // the body compared as is, instead of Body
	Times  int               `yaml:"times"`
	Reply  reply             `yaml:"reply"`
}

type reply struct {
	Status int               `yaml:"status"` // 200 when left out
	Header map[string]string `yaml:"header"`
	Body   any               `yaml:"body"` // sent as JSON
	Text   string            `yaml:"text"` // sent as is, instead of Body
	Delay  time.Duration     `yaml:"delay"`
}

// suiteWant is the expected result. Steps lists the trace as stepIds,
// "!" marking a failed execution and "WORKFLOW/" prefixing a step of
// another workflow than the one run.
type suiteWant struct {
	RunError string         `yaml:"runError"` // Run itself returns an error containing this
	Status   string         `yaml:"status"`
	Outputs  map[string]any `yaml:"outputs"`
	Steps    []string       `yaml:"steps"`
	Error    string         `yaml:"error"` // substring of the result's error
	Sleeps   []string       `yaml:"sleeps"`
	Results  []string       `yaml:"results"` // RunAll: "WORKFLOW STATUS" in run order
	Events   []string       `yaml:"events"`  // action-taken and retry-scheduled events, as eventLine writes them
}

func TestSuite(t *testing.T) {
	files, err := filepath.Glob("testdata/suite/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no suite cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			t.Parallel()
			runCase(t, readCase(t, file))
		})
	}
}

func readCase(t *testing.T, file string) *suiteCase {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var c suiteCase
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if c.About == "" || c.Spec == "" {
		t.Fatalf("%s: about and spec are required", file)
	}
	return &c
}

func runCase(t *testing.T, c *suiteCase) {
	srv := newScript(t, c.Exchanges)
	doc := loadCase(t, c)
	var sleeps recorder
	var events []string
	r := runtime.New(runtime.Options{
		Observer: runtime.ObserverFunc(func(e runtime.Event) {
			if line := eventLine(e); line != "" {
				events = append(events, line)
			}
		}),
		Servers:        openAPIServers(doc, srv.URL),
		MaxSteps:       c.Options.MaxSteps,
		Timeout:        c.Options.Timeout,
		RequestTimeout: c.Options.RequestTimeout,
		LoopDelay:      c.Options.LoopDelay,
		MaxRetryAfter:  c.Options.MaxRetryAfter,
		MaxDepth:       c.Options.MaxDepth,
		Sleep:          sleeps.sleep,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	if c.All {
		results, err := r.RunAll(ctx, doc, c.Inputs)
		checkRunError(t, c, err)
		checkAll(t, c, results)
	} else {
		id := c.Workflow
		if id == "" {
			id = doc.Workflows[0].WorkflowID
		}
		res, err := r.Run(ctx, doc, id, c.Inputs)
		checkRunError(t, c, err)
		if err == nil {
			checkResult(t, c, res)
		}
	}
	if c.Want.RunError == "" {
		srv.checkUsed(t)
	}
	if got := sleeps.list(); !reflect.DeepEqual(got, c.Want.Sleeps) && (len(got) > 0 || len(c.Want.Sleeps) > 0) {
		t.Errorf("sleeps = %q, want %q", got, c.Want.Sleeps)
	}
	if c.Want.Events != nil && !reflect.DeepEqual(events, c.Want.Events) {
		t.Errorf("events = %q, want %q", events, c.Want.Events)
	}
}

// eventLine describes the events that say what a run decided: "KIND
// STEP ACTION DELAY" for action-taken and "KIND STEP STATUS DELAY" for
// retry-scheduled. Other events give "".
func eventLine(e runtime.Event) string {
	switch e.Kind {
	case runtime.ActionTaken:
		return fmt.Sprintf("%s %s %s %s", e.Kind, e.StepID, e.Action, e.Delay)
	case runtime.RetryScheduled:
		return fmt.Sprintf("%s %s %d %s", e.Kind, e.StepID, e.StatusCode, e.Delay)
	}
	return ""
}

// loadCase writes the bundle's files to a temporary directory and loads
// the document from there.
func loadCase(t *testing.T, c *suiteCase) *arazzo.Document {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"main.arazzo.yaml": strings.ReplaceAll(c.Document, "{{dir}}", dir)}
	for name, text := range c.Files {
		files[name] = text
	}
	if _, ok := files["api.yaml"]; !ok {
		api, err := os.ReadFile("testdata/api.yaml")
		if err != nil {
			t.Fatal(err)
		}
		files["api.yaml"] = string(api)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	doc, diags := arazzo.Load(context.Background(), filepath.Join(dir, "main.arazzo.yaml"), arazzo.LoadOptions{})
	if doc == nil || diags.HasErrors() != c.Invalid {
		t.Fatalf("the document loads with errors %v, want %v:\n%v", diags.HasErrors(), c.Invalid, diags)
	}
	return doc
}

// openAPIServers points every OpenAPI source, in the document and in the
// Arazzo documents it uses, at the scripted server.
func openAPIServers(doc *arazzo.Document, url string) map[string]string {
	out := map[string]string{}
	var walk func(d *arazzo.Document)
	walk = func(d *arazzo.Document) {
		for name, src := range d.Sources() {
			switch {
			case src.OpenAPI != nil:
				out[name] = url
			case src.Arazzo != nil && src.Arazzo != d:
				walk(src.Arazzo)
			}
		}
	}
	walk(doc)
	return out
}

func checkRunError(t *testing.T, c *suiteCase, err error) {
	t.Helper()
	switch {
	case c.Want.RunError == "" && err != nil:
		t.Fatalf("Run: unexpected error: %v", err)
	case c.Want.RunError != "" && err == nil:
		t.Fatalf("Run: no error, want one containing %q", c.Want.RunError)
	case err != nil && !strings.Contains(err.Error(), c.Want.RunError):
		t.Fatalf("Run error = %q, want it to contain %q", err, c.Want.RunError)
	}
}

func checkResult(t *testing.T, c *suiteCase, res *runtime.Result) {
	t.Helper()
	msg := ""
	if res.Error != nil {
		msg = res.Error.Error()
	}
	if string(res.Status) != c.Want.Status {
		t.Errorf("status = %s (%s), want %s", res.Status, msg, c.Want.Status)
	}
	if c.Want.Error != "" && !strings.Contains(msg, c.Want.Error) {
		t.Errorf("error = %q, want it to contain %q", msg, c.Want.Error)
	}
	if c.Want.Error == "" && msg != "" && c.Want.Status == "succeeded" {
		t.Errorf("unexpected error %q", msg)
	}
	if got := trace(res); !reflect.DeepEqual(got, c.Want.Steps) {
		t.Errorf("steps = %q, want %q", got, c.Want.Steps)
	}
	if c.Want.Outputs != nil {
		got, want := normalize(res.Outputs), normalize(c.Want.Outputs)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("outputs = %v, want %v", got, want)
		}
	}
}

func checkAll(t *testing.T, c *suiteCase, results []*runtime.Result) {
	t.Helper()
	var got []string
	for _, r := range results {
		got = append(got, r.WorkflowID+" "+string(r.Status))
		if len(r.Steps) == 0 {
			t.Errorf("workflow %s: empty trace", r.WorkflowID)
		}
	}
	if !reflect.DeepEqual(got, c.Want.Results) {
		t.Errorf("results = %q, want %q", got, c.Want.Results)
	}
}

// trace lists the steps a result ran, in the suite's notation.
func trace(res *runtime.Result) []string {
	var out []string
	for _, s := range res.Steps {
		name := s.StepID
		if s.WorkflowID != res.WorkflowID {
			name = s.WorkflowID + "/" + name
		}
		if s.Status != runtime.Succeeded {
			name += "!"
		}
		out = append(out, name)
	}
	return out
}

// normalize round-trips v through JSON so that YAML and runtime values
// compare equal.
func normalize(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("unmarshalable %T: %v", v, err)
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

// recorder records the waits a run asks for, without waiting.
type recorder struct {
	mu     sync.Mutex
	sleeps []string
}

func (r *recorder) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	r.sleeps = append(r.sleeps, d.String())
	r.mu.Unlock()
	return ctx.Err()
}

func (r *recorder) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.sleeps...)
}

// script is an httptest server that expects the exchanges in order and
// fails the test on an unexpected request or an unused exchange.
type script struct {
	*httptest.Server
	mu   sync.Mutex
	t    *testing.T
	todo []exchange
}

func newScript(t *testing.T, exchanges []exchange) *script {
	s := &script{t: t}
	for _, ex := range exchanges {
		for range max(ex.Times, 1) {
			s.todo = append(s.todo, ex)
		}
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *script) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	if len(s.todo) == 0 {
		s.mu.Unlock()
		s.t.Errorf("unexpected request %s %s: the script is used up", r.Method, r.URL)
		http.Error(w, "unexpected request", http.StatusTeapot)
		return
	}
	ex := s.todo[0]
	s.todo = s.todo[1:]
	s.mu.Unlock()

	if problem := ex.mismatch(r, body); problem != "" {
		s.t.Errorf("request %s %s: %s", r.Method, r.URL, problem)
	}
	ex.Reply.write(w, r)
}

// mismatch says how the request differs from the expected one.
func (ex *exchange) mismatch(r *http.Request, body []byte) string {
	if ex.Method != "" && r.Method != ex.Method {
		return fmt.Sprintf("method is %s, want %s", r.Method, ex.Method)
	}
	if ex.Path != "" && r.URL.Path != ex.Path {
		return fmt.Sprintf("path is %s, want %s", r.URL.Path, ex.Path)
	}
	for k, v := range ex.Query {
		if got := r.URL.Query().Get(k); got != v {
			return fmt.Sprintf("query %s is %q, want %q", k, got, v)
		}
	}
	for k, v := range ex.Header {
		if got := r.Header.Get(k); got != v {
			return fmt.Sprintf("header %s is %q, want %q", k, got, v)
		}
	}
	if ex.Text != "" && string(body) != ex.Text {
		return fmt.Sprintf("body is %q, want %q", body, ex.Text)
	}
	if ex.Body != nil {
		var got any
		if err := json.Unmarshal(body, &got); err != nil {
			return fmt.Sprintf("body %q is not JSON: %v", body, err)
		}
		if want := normalize(ex.Body); !reflect.DeepEqual(got, want) {
			return fmt.Sprintf("body is %s, want %v", body, want)
		}
	}
	return ""
}

func (rp *reply) write(w http.ResponseWriter, r *http.Request) {
	if rp.Delay > 0 {
		select {
		case <-time.After(rp.Delay):
		case <-r.Context().Done():
			return
		}
	}
	for k, v := range rp.Header {
		w.Header().Set(k, v)
	}
	body := []byte(rp.Text)
	if rp.Text == "" && rp.Body != nil {
		body, _ = json.Marshal(normalize(rp.Body))
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
	}
	w.WriteHeader(cmp.Or(rp.Status, http.StatusOK))
	_, _ = w.Write(body)
}

// checkUsed fails the test when an expected exchange never happened.
func (s *script) checkUsed(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ex := range s.todo {
		t.Errorf("expected request %s %s never came", ex.Method, ex.Path)
	}
}

// TestSuiteCoversChecklist checks that every rule of testdata/checklist.txt
// is named by the spec field of at least one suite case.
func TestSuiteCoversChecklist(t *testing.T) {
	data, err := os.ReadFile("testdata/checklist.txt")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/suite/*.yaml")
	var specs []string
	for _, file := range files {
		specs = append(specs, readCase(t, file).Spec)
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !slices.ContainsFunc(specs, func(spec string) bool { return containsAll(spec, strings.Split(line, " | ")) }) {
			t.Errorf("no suite case covers %q", line)
		}
	}
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
