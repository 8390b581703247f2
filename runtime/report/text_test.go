package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/arazzo-run/arazzo/runtime/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestWriteText compares the summary of the sample runs with
// testdata/summary.golden; -update rewrites the file.
func TestWriteText(t *testing.T) {
	var buf bytes.Buffer
	report.Summarize(sample()).WriteText(&buf)

	golden := filepath.Join("testdata", "summary.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != string(want) {
		t.Errorf("summary differs from %s (run with -update to accept):\ngot:\n%s\nwant:\n%s", golden, got, want)
	}
}
