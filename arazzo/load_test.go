package arazzo

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
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

func TestSourceCycleIsLocated(t *testing.T) {
	dir := t.TempDir()
	doc := func(other string) string {
		return "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\nsourceDescriptions:\n  - {name: other, url: " + other + ", type: arazzo}\n" +
			"workflows:\n  - workflowId: w\n    steps:\n      - {stepId: s, workflowId: $sourceDescriptions.other.w}\n"
	}
	os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(doc("b.yaml")), 0o644)
	os.WriteFile(filepath.Join(dir, "b.yaml"), []byte(doc("a.yaml")), 0o644)
	_, diags := Load(t.Context(), filepath.Join(dir, "a.yaml"), LoadOptions{HTTPClient: offline})
	var found bool
	for _, d := range diags {
		found = found || strings.Contains(d.Message, "refers back to")
		if !d.Pos.IsValid() {
			t.Errorf("diagnostic without a position: %v", d)
		}
	}
	if !found {
		t.Errorf("cycle a -> b -> a not reported:\n%v", listDiags(diags))
	}
}

func TestSelfIsTheBaseOfRelativeSources(t *testing.T) {
	src := "arazzo: 1.1.0\n$self: https://example.com/flows/main.yaml\ninfo: {title: t, version: '1'}\n" +
		"sourceDescriptions:\n  - {name: pets, url: pets.yaml, type: openapi}\n" +
		"workflows:\n  - workflowId: w\n    steps:\n      - {stepId: s, operationId: listPets}\n"
	_, diags := LoadData(t.Context(), []byte(src), "local/main.yaml", LoadOptions{HTTPClient: offline})
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "https://example.com/flows/pets.yaml") {
		t.Errorf("want one warning naming the URL resolved against $self, got:\n%v", listDiags(diags))
	}
	abs, _ := filepath.Abs("testdata/pets.openapi.yaml")
	m := map[string]string{"https://example.com/flows/pets.yaml": abs}
	d, diags := LoadData(t.Context(), []byte(src), "local/main.yaml", LoadOptions{HTTPClient: offline, URLMap: m})
	if len(diags) != 0 || d.Workflows[0].Steps[0].Target().Operation == nil {
		t.Errorf("with the URL mapped, want the step bound and no diagnostics, got:\n%v", listDiags(diags))
	}
}

func TestRemoteSourcesResolveAgainstTheDocumentURL(t *testing.T) {
	spec, err := os.ReadFile("testdata/pets.openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	flow := "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\nsourceDescriptions:\n  - {name: pets, url: specs/pets.yaml}\n  - {name: big, url: big.yaml}\n" +
		"workflows:\n  - workflowId: w\n    steps:\n      - {stepId: s, operationId: $sourceDescriptions.pets.listPets}\n"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/flows/main.yaml":
			w.Write([]byte(flow))
		case "/flows/specs/pets.yaml":
			w.Write(spec)
		case "/flows/big.yaml":
			w.Write([]byte(strings.Repeat("#", 4096)))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	doc, diags := Load(t.Context(), srv.URL+"/flows/main.yaml", LoadOptions{MaxSourceBytes: 1024})
	if doc == nil || doc.Workflows[0].Steps[0].Target().Operation == nil {
		t.Fatalf("step not bound to the remote description:\n%v", listDiags(diags))
	}
	if got := join(codes(diags)); got != "source-unreachable" || !strings.Contains(diags[0].Message, "larger than the limit of 1024 bytes") {
		t.Errorf("want one warning for the source over the size limit, got:\n%v", listDiags(diags))
	}
}

// TestLoadFromFS checks that a document, its sources and their external
// $refs are read from LoadOptions.FS when one is given, and that a path
// leading out of it is refused.
func TestLoadFromFS(t *testing.T) {
	files := fstest.MapFS{
		"flows/flow.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ./api.yaml, type: openapi}]
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: getPet
        outputs: {name: $response.body#/name}
`)},
		"flows/api.yaml": {Data: []byte(`openapi: 3.0.3
info: {title: api, version: "1"}
paths:
  /pet:
    get:
      operationId: getPet
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "schemas.yaml#/Pet"}}}
`)},
		"flows/schemas.yaml": {Data: []byte("Pet: {type: object, required: [name], properties: {name: {type: string}}}\n")},
		"outside.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ../../api.yaml, type: openapi}]
workflows: [{workflowId: w, steps: [{stepId: s, operationId: getPet}]}]
`)},
	}
	doc, diags := Load(t.Context(), "flows/flow.yaml", LoadOptions{FS: files, HTTPClient: offline})
	if diags.HasErrors() || doc.Workflow("w").Steps[0].Target().Operation == nil {
		t.Fatalf("loading from the FS: %v", diags)
	}
	_, diags = Load(t.Context(), "outside.yaml", LoadOptions{FS: files, HTTPClient: offline})
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "not a path inside LoadOptions.FS") {
		t.Errorf("a source outside the FS: %+v", diags)
	}
}

// TestAllSources checks that the sources of nested Arazzo documents are
// listed after their parent's, each document once.
func TestAllSources(t *testing.T) {
	files := fstest.MapFS{
		"outer.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions:
  - {name: inner, url: ./inner.yaml, type: arazzo}
  - {name: again, url: ./inner.yaml, type: arazzo}
workflows: [{workflowId: w, steps: [{stepId: s, workflowId: $sourceDescriptions.inner.r}]}]
`)},
		"inner.yaml": {Data: []byte(`arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ./api.yaml, type: openapi}]
workflows: [{workflowId: r, steps: [{stepId: g, operationId: getPet}]}]
`)},
		"api.yaml": {Data: []byte("openapi: 3.0.3\ninfo: {title: a, version: \"1\"}\npaths:\n  /p:\n    get:\n      operationId: getPet\n      responses: {\"200\": {description: ok}}\n")},
	}
	doc, diags := Load(t.Context(), "outer.yaml", LoadOptions{FS: files, HTTPClient: offline})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var names []string
	for _, src := range doc.AllSources() {
		names = append(names, src.Name)
	}
	if got := strings.Join(names, " "); got != "again api inner" {
		t.Errorf("AllSources = %s, want again, inner and the api they share once", got)
	}
}
