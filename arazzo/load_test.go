package arazzo

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestURLMapRedirectsRemoteSources(t *testing.T) {
	dir := t.TempDir()
	spec, _ := os.ReadFile("testdata/pets.openapi.yaml")
	os.WriteFile(filepath.Join(dir, "pets.yaml"), spec, 0o644)
	os.WriteFile(filepath.Join(dir, "map.tsv"), []byte("#remote\tlocal\nhttps://example.com/pets.yaml\tpets.yaml\tnote\n"), 0o644)
	doc := "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\nsourceDescriptions:\n  - {name: pets, url: 'https://example.com/pets.yaml', type: openapi}\n" +
		"workflows:\n  - workflowId: w\n    steps:\n      - {stepId: s, operationId: listPets}\n"
	os.WriteFile(filepath.Join(dir, "flow.yaml"), []byte(doc), 0o644)

	m, err := ReadURLMap(filepath.Join(dir, "map.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	d, diags := Load(t.Context(), filepath.Join(dir, "flow.yaml"), LoadOptions{HTTPClient: offline, URLMap: m})
	if len(diags) != 0 {
		t.Fatalf("want no diagnostics with the map, got:\n%v", listDiags(diags))
	}
	if op := d.Workflows[0].Steps[0].Target().Operation; op == nil || op.ID != "listPets" {
		t.Errorf("step not bound through the map: %+v", d.Workflows[0].Steps[0].Target())
	}
	_, diags = Load(t.Context(), filepath.Join(dir, "flow.yaml"), LoadOptions{HTTPClient: offline})
	if got := codes(diags); join(got) != "source-unreachable" {
		t.Errorf("without the map: codes = %v, want source-unreachable", got)
	}
}

func TestReadURLMapRejectsMalformedLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "map.tsv")
	os.WriteFile(path, []byte("https://example.com/x.yaml\n"), 0o644)
	if _, err := ReadURLMap(path); err == nil {
		t.Errorf("ReadURLMap accepted a line without a tab")
	}
}

func TestRunnableNamesTheMissingSource(t *testing.T) {
	src := "arazzo: 1.1.0\ninfo: {title: t, version: '1'}\nsourceDescriptions:\n" +
		"  - {name: pets, url: 'https://example.com/pets.yaml', type: openapi}\n" +
		"  - {name: events, url: 'https://example.com/events.yaml', type: asyncapi}\n" +
		"workflows:\n  - workflowId: w\n    steps:\n      - {stepId: s, operationId: $sourceDescriptions.pets.listPets}\n" +
		"  - workflowId: a\n    steps:\n      - {stepId: e, operationId: $sourceDescriptions.events.sent, action: send}\n"
	doc, diags := LoadData(t.Context(), []byte(src), "flow.yaml", LoadOptions{HTTPClient: offline})
	if diags.HasErrors() {
		t.Fatalf("an unreachable source must not make the document invalid:\n%v", listDiags(diags))
	}
	err := doc.Runnable("w")
	if err == nil || !strings.Contains(err.Error(), `flow.yaml:9:9: step "s": cannot fetch source "pets"`) {
		t.Errorf("Runnable(w) = %v, want the step and the source it needs", err)
	}
	if err := doc.Runnable("a"); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Runnable(a) = %v, want errors.ErrUnsupported for an AsyncAPI step", err)
	}
	if err := doc.Runnable("nope"); err == nil {
		t.Errorf("Runnable(nope) = nil, want an unknown-workflow error")
	}
}
