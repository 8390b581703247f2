package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

const broken = "testdata/validate/broken.arazzo.yaml"

// golden compares got with the named file under testdata, rewriting it
// only when -update is given.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update to accept):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestValidateFlagshipPassesWithCompatibilityWarnings(t *testing.T) {
	out, errOut, code := cli(t, "validate", flagship)
	if code != exitOK {
		t.Fatalf("exit code = %d, want %d\n%s%s", code, exitOK, out, errOut)
	}
	counts := map[string]int{}
	for _, m := range regexp.MustCompile(`: warning: .*\[([a-z-]+)\]\n`).FindAllStringSubmatch(out, -1) {
		counts[m[1]]++
	}
	want := map[string]int{"bare-expression": 3, "jsonpath-boolean-form": 3}
	if len(counts) != len(want) || counts["bare-expression"] != 3 || counts["jsonpath-boolean-form"] != 3 {
		t.Errorf("warnings by code = %v, want %v\n%s", counts, want, out)
	}
	if !strings.HasSuffix(out, flagship+": valid (6 warnings: 3 bare-expression, 3 jsonpath-boolean-form)\n") {
		t.Errorf("verdict line missing:\n%s", out)
	}
}

func TestValidateTextShowsSourceAndCaret(t *testing.T) {
	out, _, code := cli(t, "validate", broken)
	if code != exitInvalid {
		t.Errorf("exit code = %d, want %d", code, exitInvalid)
	}
	golden(t, "validate/broken.txt", out)
}

func TestValidateJSON(t *testing.T) {
	out, _, code := cli(t, "validate", "--output", "json", broken)
	if code != exitInvalid {
		t.Errorf("exit code = %d, want %d", code, exitInvalid)
	}
	golden(t, "validate/broken.json", out)

	out, _, _ = cli(t, "validate", "--output", "json", broken, flagship)

	var reports []struct {
		File        string
		Valid       bool
		Diagnostics []struct {
			Severity, Code, Message, Path, File string
			Line, Column                        int
		}
	}
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(reports) != 2 || reports[0].Valid || !reports[1].Valid {
		t.Fatalf("want broken invalid and the flagship valid, got %+v", reports)
	}
	for _, d := range reports[0].Diagnostics {
		if d.Line == 0 || d.Column == 0 || d.Code == "" || d.Path == "" {
			t.Errorf("diagnostic lacks a field: %+v", d)
		}
	}
}

func TestValidateExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"valid", []string{"validate", flagship}, exitOK},
		{"warnings under --strict", []string{"validate", "--strict", flagship}, exitInvalid},
		{"invalid", []string{"validate", broken}, exitInvalid},
		{"one invalid among several", []string{"validate", flagship, broken}, exitInvalid},
		{"missing file", []string{"validate", "testdata/validate/nope.yaml"}, exitInvalid},
		{"no file", []string{"validate"}, exitUsage},
		{"bad output", []string{"validate", "--output", "xml", flagship}, exitUsage},
		{"bad url map", []string{"validate", "--url-map", "testdata/validate/nope.tsv", flagship}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := cli(t, tt.args...)
			if code != tt.want {
				t.Errorf("arazzo %s: exit code = %d, want %d\n%s%s", strings.Join(tt.args, " "), code, tt.want, out, errOut)
			}
		})
	}
}

func TestValidateStrictVerdict(t *testing.T) {
	out, _, code := cli(t, "validate", "--strict", flagship)
	if code != exitInvalid || !strings.HasSuffix(out, flagship+": invalid under --strict (6 warnings: 3 bare-expression, 3 jsonpath-boolean-form)\n") {
		t.Errorf("exit %d, verdict:\n%s", code, out)
	}
}
