package openapi

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadData checks that loading never panics and that every error
// names the document.
func FuzzLoadData(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(DaytonaSandboxAPI))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := LoadData(data, "fuzz.yaml")
		if err != nil {
			if _, ok := err.(*LoadError); !ok {
				t.Fatalf("error %T is not a *LoadError: %v", err, err)
			}
			return
		}
		for _, o := range d.Operations() {
			_, _ = o.BuildRequest(context.Background(), RequestInput{BaseURL: "http://127.0.0.1:1"})
		}
	})
}
