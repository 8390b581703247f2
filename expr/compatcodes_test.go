package expr

import (
	"os"
	"regexp"
	"testing"
)

// TestIsCompatCoversTheDocumentedForms checks IsCompat against the table
// of forms in the package doc, so that the two cannot drift apart.
func TestIsCompatCoversTheDocumentedForms(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile(`(?m)^//\t([a-z]+(?:-[a-z]+)+)\s{2,}`).FindAllSubmatch(doc, -1)
	if len(rows) < 10 {
		t.Fatalf("found only %d documented forms; has the table's layout changed?", len(rows))
	}
	for _, r := range rows {
		if code := string(r[1]); !IsCompat(code) {
			t.Errorf("documented form %q is not reported by IsCompat", code)
		}
	}
	if len(rows) != len(compatCodes) {
		t.Errorf("doc lists %d forms, IsCompat knows %d", len(rows), len(compatCodes))
	}
	if IsCompat("undeclared-input") {
		t.Error("undeclared-input is a likely mistake, not a compatibility form")
	}
}
