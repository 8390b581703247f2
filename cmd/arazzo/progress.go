package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/arazzo-run/arazzo/runtime"
)

// progress prints each step as it runs, on stderr. On a terminal, the
// repeated runs of a polling step share one live line that shows what the
// step read and how long the loop has taken. A workflow run inside another
// (a dependency, a workflow step) is indented under it.
type progress struct {
	mu       sync.Mutex
	depth    int // workflows running, one inside the other
	w        io.Writer
	tty      bool
	verbose  bool
	live     bool      // a live line is on screen and must be ended
	loopStep string    // the step the live line is about
	loopFrom time.Time // when that step first ran
	width    int       // terminal columns; 0 when unknown
}

func newProgress(w io.Writer, tty, verbose bool) *progress {
	return &progress{w: w, tty: tty, verbose: verbose, width: terminalWidth(w)}
}

// fitWidth cuts a live line to the terminal's width: a line that wrapped
// could not be redrawn in place.
func fitWidth(line string, width int) string {
	r := []rune(line)
	if width <= 1 || len(r) < width {
		return line
	}
	return string(r[:width-2]) + "…"
}

// Observe implements runtime.Observer.
func (p *progress) Observe(e runtime.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e.Kind {
	case runtime.WorkflowStarted:
		p.endLive()
		fmt.Fprintf(p.w, "%sworkflow %s\n", strings.Repeat("  ", p.depth), e.WorkflowID)
		p.depth++
	case runtime.StepFinished:
		p.step(e)
	case runtime.RetryScheduled:
		p.endLive()
		fmt.Fprintf(p.w, "%s%s: waiting %s before trying again (status %d)\n", p.indent(1), e.StepID, e.Delay.Round(time.Millisecond), e.StatusCode)
	case runtime.CriterionEvaluated:
		if p.verbose && e.Criterion != nil {
			p.endLive()
			fmt.Fprintf(p.w, "%s%-5t %s  %s\n", p.indent(2), e.Criterion.Passed, e.Criterion.Condition, e.Criterion.Explanation)
		}
	case runtime.WorkflowFinished:
		p.endLive()
		p.depth = max(p.depth-1, 0)
		if e.Result != nil && e.Result.Error != nil {
			fmt.Fprintf(p.w, "%sworkflow %s failed after %s\n", strings.Repeat("  ", p.depth), e.WorkflowID, time.Duration(e.Result.DurationMs)*time.Millisecond)
		}
	}
}

// indent returns the margin of a line about the innermost running
// workflow, levels deeper than its header.
func (p *progress) indent(levels int) string {
	return strings.Repeat("  ", max(p.depth-1, 0)+levels)
}

// step prints one finished step: a new line, or, for a step running again
// in a loop on a terminal, an update of the live line.
func (p *progress) step(e runtime.Event) {
	r := e.Step
	line := fmt.Sprintf("%s%s %-20s %s %6s", p.indent(1), stepMark(r), stepLabel(r), statusText(r.StatusCode), ms(r.DurationMs))
	if s := summarize(r.Outputs); s != "" {
		line += "  " + s
	}
	if r.Action != "" {
		line += "  -> " + r.Action
	}
	if r.Status != runtime.Succeeded && r.Error != "" && !p.tty {
		line += "\n" + p.indent(3) + r.Error
	}
	loops := r.Action != "" && strings.HasPrefix(r.Action, "goto "+r.StepID+" ")
	if !p.tty || p.verbose {
		fmt.Fprintln(p.w, line)
		return
	}
	if p.loopStep != r.StepID {
		p.endLive()
		p.loopStep, p.loopFrom = r.StepID, e.Time.Add(-time.Duration(r.DurationMs)*time.Millisecond)
	}
	if loops || p.live {
		line += fmt.Sprintf("  [%s elapsed]", e.Time.Sub(p.loopFrom).Round(100*time.Millisecond))
	}
	fmt.Fprint(p.w, "\r\033[K"+fitWidth(line, p.width))
	p.live = true
	if !loops {
		p.endLive()
	}
}

func (p *progress) endLive() {
	if p.live {
		fmt.Fprintln(p.w)
		p.live = false
	}
	p.loopStep = ""
}

// finish ends the live line, if any, before the outputs are printed.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endLive()
}

// stepMark is how a step's line starts: FAIL, warn (it succeeded, but a
// check found something at warn level) or ok.
func stepMark(r *runtime.StepResult) string {
	switch {
	case r.Status != runtime.Succeeded:
		return "FAIL"
	case slices.ContainsFunc(r.Checks, func(c runtime.CheckResult) bool { return c.Outcome == runtime.CheckWarned }):
		return "warn"
	}
	return "ok  "
}

func stepLabel(r *runtime.StepResult) string {
	if r.Attempt > 1 {
		return fmt.Sprintf("%s #%d", r.StepID, r.Attempt)
	}
	return r.StepID
}

func statusText(code int) string {
	if code == 0 {
		return "   "
	}
	return fmt.Sprint(code)
}

func ms(n int64) string { return fmt.Sprintf("%dms", n) }

// summarize shows a step's scalar outputs as name=value, the state a
// polling step read being the usual example.
func summarize(outputs map[string]any) string {
	keys := make([]string, 0, len(outputs))
	for k, v := range outputs {
		switch v.(type) {
		case string, bool, int64, float64, int:
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		v := formatValue(outputs[k])
		if len(v) > 40 {
			v = v[:37] + "..."
		}
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, " ")
}
