package report

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/arazzo-run/arazzo/runtime"
)

// junitTimestamp is the schema's timestamp form: no zone, taken as UTC.
const junitTimestamp = "2006-01-02T15:04:05"

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Package    string          `xml:"package,attr"`
	ID         int             `xml:"id,attr"`
	Hostname   string          `xml:"hostname,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Time       string          `xml:"time,attr"`
	Properties junitProperties `xml:"properties"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  string          `xml:"system-out"`
	SystemErr  string          `xml:"system-err"`
	dur        time.Duration   // the steps' time, for suites of nested workflows
}

type junitProperties struct {
	Items []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Error     *junitFailure `xml:"error,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

// junitFailure is a failure or an error element.
type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"` // "check", "step" or "workflow"; "transport" for an error
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the results as JUnit XML: one testsuite per workflow
// that ran (nested workflows included), one testcase per step execution.
func WriteJUnit(w io.Writer, results []*runtime.Result) error {
	host, err := os.Hostname()
	if err != nil || strings.TrimSpace(host) == "" {
		host = "localhost"
	}
	doc := junitSuites{Suites: []junitSuite{}}
	for _, res := range results {
		for _, s := range suites(res, host) {
			s.ID = len(doc.Suites)
			doc.Suites = append(doc.Suites, s)
		}
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("writing the JUnit report: %w", err)
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// suites groups the steps of one run by workflow, in order of first
// appearance; the run's own workflow comes first even if it ran no step.
func suites(res *runtime.Result, host string) []junitSuite {
	byID := map[string]*junitSuite{}
	var order []string
	get := func(id string) *junitSuite {
		if s, ok := byID[id]; ok {
			return s
		}
		s := &junitSuite{Name: id, Package: id, Hostname: host,
			Timestamp: startTime(res).UTC().Format(junitTimestamp)}
		byID[id] = s
		order = append(order, id)
		return s
	}
	get(res.WorkflowID)

	for i, step := range res.Steps {
		s := get(cmp.Or(step.WorkflowID, res.WorkflowID))
		s.add(stepCase(res, i), time.Duration(step.DurationMs)*time.Millisecond)
		s.SystemOut += warnings(step)
	}
	// A workflow that failed without a failed step of its own (a
	// dependency failed, a limit was hit) gets a testcase that says so.
	if top := byID[res.WorkflowID]; res.Status != runtime.Succeeded && top.Failures+top.Errors == 0 {
		top.add(workflowCase(res), 0)
	}
	return finish(res, byID, order)
}

func finish(res *runtime.Result, byID map[string]*junitSuite, order []string) []junitSuite {
	out := make([]junitSuite, 0, len(order))
	for _, id := range order {
		s := byID[id]
		s.Time = seconds(s.dur)
		if id == res.WorkflowID {
			s.Time = seconds(time.Duration(res.DurationMs) * time.Millisecond)
			s.Properties.Items = []junitProperty{{Name: "status", Value: string(res.Status)}}
		}
		out = append(out, *s)
	}
	return out
}

func (s *junitSuite) add(c junitCase, d time.Duration) {
	s.Cases = append(s.Cases, c)
	s.Tests++
	if c.Failure != nil {
		s.Failures++
	}
	if c.Error != nil {
		s.Errors++
	}
	s.dur += d
}

// stepCase is the testcase of the i-th step execution of res.
func stepCase(res *runtime.Result, i int) junitCase {
	step := res.Steps[i]
	name := step.StepID
	if step.Attempt > 1 {
		name = fmt.Sprintf("%s #%d", step.StepID, step.Attempt)
	}
	c := junitCase{Name: name, Classname: cmp.Or(step.WorkflowID, res.WorkflowID),
		Time: seconds(time.Duration(step.DurationMs) * time.Millisecond)}
	if StepOutcome(res, i) != runtime.CheckFailed {
		return c
	}
	f := stepFailure(step)
	if len(f.Checks) == 0 && unanswered(step) {
		c.Error = &junitFailure{Message: firstLine(f.Message), Type: "transport", Text: f.Message}
		return c
	}
	kind := "step"
	if len(f.Checks) > 0 {
		kind = "check"
	}
	c.Failure = &junitFailure{Message: firstLine(f.Message), Type: kind, Text: f.Message}
	return c
}

// unanswered reports whether the step sent a request that got no
// response: the connection failed or a timeout ran out.
func unanswered(step *runtime.StepResult) bool {
	return step.Request != nil && !step.Request.Sent.IsZero() && step.Response == nil
}

// workflowCase reports a workflow that failed without a failed step.
func workflowCase(res *runtime.Result) junitCase {
	f := workflowFailure(res)
	return junitCase{Name: res.WorkflowID, Classname: res.WorkflowID, Time: seconds(0),
		Failure: &junitFailure{Message: firstLine(f.Message), Type: "workflow", Text: f.String()}}
}

// warnings lists a step's check warnings, one line each.
func warnings(step *runtime.StepResult) string {
	var b strings.Builder
	for _, c := range step.Checks {
		for _, f := range c.Findings {
			if f.Level == runtime.LevelWarn {
				fmt.Fprintf(&b, "warning: %s #%d: %s: %s\n", step.StepID, step.Attempt, c.Check, f)
			}
		}
	}
	return b.String()
}

// startTime is when the run's first request went out, else now less
// the run's duration.
func startTime(res *runtime.Result) time.Time {
	for _, s := range res.Steps {
		if s.Request != nil && !s.Request.Sent.IsZero() {
			return s.Request.Sent
		}
	}
	return time.Now().Add(-time.Duration(res.DurationMs) * time.Millisecond)
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
