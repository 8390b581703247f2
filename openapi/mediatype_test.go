package openapi

import (
	"mime"
	"strings"
	"testing"
)

// TestMediaTypeShortcut checks that the shortcut for plain media types
// gives what parsing gives.
func TestMediaTypeShortcut(t *testing.T) {
	for _, ct := range []string{"application/json", "application/problem+json", "text/plain", "json",
		"application/json/x", "*/*", "", "a/b/", "ÄPPLICATION/json", "application/ json"} {
		got := mediaType(ct)
		want := parsedMediaType(ct)
		if got != want {
			t.Errorf("mediaType(%q) = %q, want %q", ct, got, want)
		}
	}
}

// parsedMediaType is mediaType without its shortcut.
func parsedMediaType(ct string) string {
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}
