package report

import (
	"fmt"
	"io"
)

// maxWarnings bounds the warnings WriteText lists.
const maxWarnings = 20

// WriteText prints the summary for people: the counts of workflows,
// steps and checks (skipped ones only when there are some), then each failure, then the distinct warnings (the
// first 20).
func (s Summary) WriteText(w io.Writer) {
	fmt.Fprintln(w, "summary")
	writeCounts(w, "workflows", s.Workflows)
	writeCounts(w, "steps", s.Steps)
	writeCounts(w, "checks", s.Checks)
	if len(s.Failures) > 0 {
		fmt.Fprintln(w, "failures")
		for _, f := range s.Failures {
			fmt.Fprintf(w, "  %s\n", f)
		}
	}
	if len(s.Warnings) == 0 {
		return
	}
	fmt.Fprintln(w, "warnings")
	for i, warn := range s.Warnings {
		if i == maxWarnings {
			fmt.Fprintf(w, "  ... and %d more (see --report json)\n", len(s.Warnings)-maxWarnings)
			break
		}
		fmt.Fprintf(w, "  %s\n", warn)
	}
}

func writeCounts(w io.Writer, what string, c Counts) {
	fmt.Fprintf(w, "  %-10s %3d passed  %3d failed  %3d warned", what, c.Passed, c.Failed, c.Warned)
	if c.Skipped > 0 {
		fmt.Fprintf(w, "  %3d skipped", c.Skipped)
	}
	fmt.Fprintln(w)
}
