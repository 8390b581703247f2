package arazzo

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// wantMarker is an expectation written in a fixture: a comment
// "# want SEVERITY CODE [SEVERITY CODE ...]" on the line a diagnostic
// must point at.
var wantMarker = regexp.MustCompile(`# want((?: (?:error|warning) [a-z0-9-]+)+)\s*$`)

// markers reads the expectations of a fixture as "line severity code".
func markers(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, line := range strings.Split(string(data), "\n") {
		m := wantMarker.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		f := strings.Fields(m[1])
		for j := 0; j+1 < len(f); j += 2 {
			out = append(out, fmt.Sprintf("%d %s %s", i+1, f[j], f[j+1]))
		}
	}
	sort.Strings(out)
	return out
}

// TestCheckFixtures loads each document under testdata/check and
// compares every diagnostic, by line, severity and code, with the
// markers written on the lines.
func TestCheckFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/check/*.yaml")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, diags := loadOffline(t, f)
			var got []string
			for _, d := range diags {
				got = append(got, fmt.Sprintf("%d %s %s", d.Pos.Line, d.Severity, d.Code))
			}
			sort.Strings(got)
			want := markers(t, f)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s\ndiagnostics:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), listDiags(diags))
			}
		})
	}
}

func listDiags(ds Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "  %s [%s]\n", d.Error(), d.Code)
	}
	return b.String()
}
