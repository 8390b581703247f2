package runtime

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestClipMasksBeforeCutting checks that a secret the cut falls inside is
// masked whole, not shown in part, and that the count of bytes left out
// is the original's.
func TestClipMasksBeforeCutting(t *testing.T) {
	const secret = "HUNTER2-PASSWORD"
	m := newMasker([]string{secret})
	for cut := 1; cut < len(secret); cut++ {
		body := strings.Repeat("x", 100-cut) + secret + strings.Repeat("y", 50)
		got := clip(m, []byte(body), 100)
		if strings.Contains(got, secret[:1]) {
			t.Errorf("cut %d bytes into the secret: %q shows part of it", cut, got)
		}
		if !strings.HasSuffix(got, fmt.Sprintf("... (%d bytes more)", len(body)-100)) {
			t.Errorf("cut %d: %q does not count the bytes left out", cut, got)
		}
	}
	if got := clip(m, "short "+secret, 100); got != "short "+Mask {
		t.Errorf("clip of a short text = %q, want it masked whole", got)
	}
}

func TestMaskCookies(t *testing.T) {
	m := newMasker(nil)
	got := m.headerValue("cookie", "sess=s3cr3t-value; theme=dark")
	if got != "sess=****; theme=****" {
		t.Errorf("Cookie masked as %q, want the names kept and every value masked", got)
	}
	if got := m.headerValue("Authorization", "Bearer abc"); got != "Bearer ****" {
		t.Errorf("Authorization masked as %q", got)
	}
}

func TestCookieValuesAreSecrets(t *testing.T) {
	m := newMasker(nil)
	m.addHeaderSecrets(http.Header{"Cookie": {"sess=s3cr3t-value; theme=dark"}})
	if got := m.text(`echo: "s3cr3t-value", theme dark`); got != `echo: "****", theme dark` {
		t.Errorf("a cookie's value is not masked in other text, or a short one is: %s", got)
	}
}
