package arazzo

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// seedFuzz adds every fixture under testdata, and the flagship workflow,
// to the corpus of a fuzz target.
func seedFuzz(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.yaml")
	more, _ := filepath.Glob("testdata/*.yaml")
	files = append(append(files, more...), "../workflows/daytona-provision.yml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(aliasBomb()))
	f.Add([]byte("arazzo: 1.1.0\nworkflows: [{steps: [{stepId: a, dependsOn: [a]}]}]\n"))
}

// located fails the test for a diagnostic without a line: every finding
// must say where it is.
func located(t *testing.T, diags Diagnostics) {
	t.Helper()
	for _, d := range diags {
		if !d.Pos.IsValid() {
			t.Fatalf("diagnostic without a position: %#v", d)
		}
	}
}

// FuzzParse decodes arbitrary bytes. It must never panic, and every
// diagnostic must have a position.
func FuzzParse(f *testing.F) {
	seedFuzz(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, diags := Parse(data, "fuzz.yaml")
		located(t, diags)
	})
}

// FuzzLoad runs every check on arbitrary bytes, with sources resolved
// next to the fixtures and the network disabled.
func FuzzLoad(f *testing.F) {
	seedFuzz(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, diags := LoadData(context.Background(), data, "testdata/check/fuzz.yaml", LoadOptions{HTTPClient: offline})
		located(t, diags)
	})
}
