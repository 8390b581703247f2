package openapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
)

func mustLoad(t testing.TB, path string) *Description {
	t.Helper()
	d, err := Load(context.Background(), path, LoadOptions{})
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	return d
}

func mustOp(t testing.TB, d *Description, id string) *Operation {
	t.Helper()
	o, ok := d.Operation(id)
	if !ok {
		t.Fatalf("operation %q not found in %s (have %v)", id, d.Location, d.OperationIDs())
	}
	return o
}

func TestLoadVersions(t *testing.T) {
	tests := []struct {
		file    string
		version string
		ids     []string
	}{
		{"testdata/pets.yaml", "3.0.3", []string{"listPets", "createPet", "getPet", "replacePet", "uploadPhoto"}},
		{"testdata/pets31.yaml", "3.1.0", []string{"getPet"}},
		{"testdata/swagger.yaml", "2.0", []string{"createUser", "getUser"}},
		{"testdata/refs/main.yaml", "3.0.3", []string{"getThing"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d := mustLoad(t, tt.file)
			if d.Version() != tt.version {
				t.Errorf("Version() = %q, want %q", d.Version(), tt.version)
			}
			if got := d.OperationIDs(); !slices.Equal(got, tt.ids) {
				t.Errorf("OperationIDs() = %v, want %v", got, tt.ids)
			}
			if err := d.Validate(context.Background()); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []string // substrings of the error
	}{
		{"missing file", "testdata/nope.yaml", []string{"testdata/nope.yaml", "no such file"}},
		{"bad yaml", "testdata/bad.yaml", []string{"testdata/bad.yaml:4:", "mapping values"}},
		{"broken ref", "testdata/refs/broken.yaml", []string{"broken.yaml:12:", "Missing"}},
		{"not openapi", "testdata/refs/../notopenapi.yaml", []string{"notopenapi.yaml", "no openapi or swagger field"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(context.Background(), tt.file, LoadOptions{})
			if err == nil {
				t.Fatalf("Load(%s) succeeded, want an error", tt.file)
			}
			var le *LoadError
			if !errors.As(err, &le) {
				t.Errorf("error %T is not a *LoadError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestLoadDataVersions(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"swagger 1.2", `swagger: "1.2"`, "not supported"},
		{"openapi 4", `openapi: 4.0.0`, "not supported"},
		{"no version", `info: {}`, "no openapi or swagger field"},
		{"json syntax", `{"openapi": "3.0.3",`, "x.json:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadData([]byte(tt.doc), "x.json")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadData(%q) error = %v, want one containing %q", tt.doc, err, tt.want)
			}
		})
	}
}

func TestLoadRemote(t *testing.T) {
	main, _ := os.ReadFile("testdata/refs/main.yaml")
	common, _ := os.ReadFile("testdata/refs/common.yaml")
	mux := http.NewServeMux()
	mux.HandleFunc("/specs/main.yaml", func(w http.ResponseWriter, _ *http.Request) { w.Write(main) })
	mux.HandleFunc("/specs/common.yaml", func(w http.ResponseWriter, _ *http.Request) { w.Write(common) })
	mux.HandleFunc("/specs/local.yaml", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(strings.ReplaceAll(string(main), "./common.yaml", "file:///etc/passwd")))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	d, err := Load(context.Background(), srv.URL+"/specs/main.yaml", LoadOptions{HTTPClient: srv.Client()})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if _, ok := d.Operation("getThing"); !ok {
		t.Errorf("getThing not found in remote description")
	}

	_, err = Load(context.Background(), srv.URL+"/specs/main.yaml", LoadOptions{MaxBytes: 10})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("Load with MaxBytes 10: error = %v, want ErrTooLarge", err)
	}
	_, err = Load(context.Background(), srv.URL+"/specs/local.yaml", LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "local files") {
		t.Errorf("remote description reading a local file: error = %v, want a refusal", err)
	}
	_, err = Load(context.Background(), srv.URL+"/specs/missing.yaml", LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("missing remote description: error = %v, want status 404", err)
	}
}

func TestSwaggerConversion(t *testing.T) {
	d := mustLoad(t, "testdata/swagger.yaml")
	if got := d.Servers(); !slices.Equal(got, []string{"https://legacy.example/v2"}) {
		t.Errorf("Servers() = %v, want [https://legacy.example/v2]", got)
	}
	get := mustOp(t, d, "getUser")
	if p, ok := get.Parameter("fields", "query"); !ok || p.Style != "pipeDelimited" || p.Explode {
		t.Errorf("fields parameter = %+v, want pipeDelimited without explode", p)
	}
	post := mustOp(t, d, "createUser")
	if got := post.RequestContentTypes(); !slices.Equal(got, []string{"application/json"}) {
		t.Errorf("createUser content types = %v, want [application/json]", got)
	}
}

func TestOperationByPointer(t *testing.T) {
	d := mustLoad(t, "testdata/pets.yaml")
	tests := []struct {
		pointer string
		want    string // operationId, or an error substring after "error: "
	}{
		{"/paths/~1pets~1{petId}/get", "getPet"},
		{"#/paths/~1pets/post", "createPet"},
		{"/paths/~1pets~1%7BpetId%7D/put", "replacePet"},
		{"/paths/~1pets/PATCH", `error: has no PATCH operation`},
		{"/paths/~1cats/get", `error: no path "/cats"`},
		{"/components/schemas/NewPet", "error: want /paths/{path}/{method}"},
		{"paths/~1pets/get", "error: must start with /"},
	}
	for _, tt := range tests {
		t.Run(tt.pointer, func(t *testing.T) {
			o, err := d.OperationByPointer(tt.pointer)
			if want, isErr := strings.CutPrefix(tt.want, "error: "); isErr {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("OperationByPointer(%q) error = %v, want %q", tt.pointer, err, want)
				}
				return
			}
			if err != nil || o.ID != tt.want {
				t.Errorf("OperationByPointer(%q) = %v, %v; want %s", tt.pointer, o, err, tt.want)
			}
		})
	}
}

func TestParameterMerge(t *testing.T) {
	o := mustOp(t, mustLoad(t, "testdata/pets.yaml"), "getPet")
	if p, ok := o.Parameter("petId", "path"); !ok || !p.Required {
		t.Errorf("path-item parameter petId = %+v, %v; want required", p, ok)
	}
	if p, ok := o.Parameter("verbose", "query"); !ok || !p.Required {
		t.Errorf("verbose = %+v; want the operation's required override", p)
	}
	if n := len(o.Parameters()); n != 2 {
		t.Errorf("len(Parameters()) = %d, want 2", n)
	}
	if _, ok := o.Parameter("verbose", "header"); ok {
		t.Errorf("verbose found as a header parameter")
	}
}

func TestSecuritySchemes(t *testing.T) {
	d, err := LoadData([]byte(DaytonaSandboxAPI), DaytonaSandboxAPIName)
	if err != nil {
		t.Fatal(err)
	}
	sets := mustOp(t, d, "createSandbox").SecuritySchemes()
	if len(sets) != 1 || len(sets[0]) != 1 {
		t.Fatalf("SecuritySchemes() = %+v, want one set of one", sets)
	}
	if s := sets[0][0]; s.Name != "bearer" || s.Type != "http" || s.Scheme != "bearer" {
		t.Errorf("scheme = %+v, want http bearer", s)
	}
}
