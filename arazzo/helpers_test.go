package arazzo

import (
	"context"
	"errors"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"
)

// sharedDir is the team's shared material, next to the checkout.
const sharedDir = "../../shared"

// offline is an HTTP client that fails every request at once: tests never
// touch the network, so remote sources are unreachable, as on a machine
// without one.
var offline = &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
	return nil, errors.New("network disabled in tests")
})}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// loadOffline loads a document with remote sources unreachable.
func loadOffline(t *testing.T, path string) (*Document, Diagnostics) {
	t.Helper()
	return Load(context.Background(), path, LoadOptions{HTTPClient: offline})
}

// needShared skips a test when the shared material is not checked out.
func needShared(t *testing.T, sub string) string {
	t.Helper()
	dir := sharedDir + "/" + sub
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared material not available: %v", err)
	}
	return dir
}

// errorCodes returns the sorted, distinct codes of the error diagnostics.
func errorCodes(ds Diagnostics) []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range ds {
		if d.Severity == SeverityError && !seen[d.Code] {
			seen[d.Code] = true
			out = append(out, d.Code)
		}
	}
	sort.Strings(out)
	return out
}

// codes returns the distinct codes of all diagnostics, sorted.
func codes(ds Diagnostics) []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range ds {
		if !seen[d.Code] {
			seen[d.Code] = true
			out = append(out, d.Code)
		}
	}
	sort.Strings(out)
	return out
}

// unlocated returns the diagnostics that have no line.
func unlocated(ds Diagnostics) Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if !d.Pos.IsValid() {
			out = append(out, d)
		}
	}
	return out
}

func join(ss []string) string { return strings.Join(ss, ",") }
