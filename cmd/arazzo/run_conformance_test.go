package main

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/arazzo-run/arazzo/internal/reporttest"
	"github.com/arazzo-run/arazzo/runtime"
)

const (
	petFlow  = "testdata/conformance/flow.arazzo.yaml"
	petToken = "s3cr3t-pet-token"
)

// petServer answers GET /v1/pets/1 for the bearer petToken with body,
// and 401 otherwise. It returns the server and its port.
func petServer(t *testing.T, body string) (*httptest.Server, string) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.URL.Path != "/v1/pets/1" {
			t.Errorf("request for %s, want /v1/pets/1", r.URL.Path)
		}
		if r.Header.Get("Authorization") != "Bearer "+petToken {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	return srv, port
}

// reportArgs asks for every report in dir.
func reportArgs(dir string) []string {
	return []string{"--report", "json=" + filepath.Join(dir, "r.json"),
		"--report", "junit=" + filepath.Join(dir, "r.xml"), "--report", "har=" + filepath.Join(dir, "r.har")}
}

// readReports reads the three reports, checks the JUnit and HAR files
// against their formats and that none shows the token.
func readReports(t *testing.T, dir string) (jsonRep, junit, har []byte) {
	t.Helper()
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), petToken) {
			t.Errorf("%s shows the token:\n%s", name, data)
		}
		return data
	}
	jsonRep, junit, har = read("r.json"), read("r.xml"), read("r.har")
	if err := reporttest.ValidateJUnit(junit); err != nil {
		t.Errorf("JUnit report breaks the schema: %v\n%s", err, junit)
	}
	if err := reporttest.ValidateHAR(har); err != nil {
		t.Errorf("HAR report breaks HAR 1.2: %v\n%s", err, har)
	}
	return jsonRep, junit, har
}

func TestRunConformancePasses(t *testing.T) {
	_, port := petServer(t, `{"id":1,"name":"Rex"}`)
	dir := t.TempDir()
	args := append([]string{"run", petFlow, "--server-var", "pets.port=" + port, "--auth", "bearer=" + petToken}, reportArgs(dir)...)
	out, errOut, code := cli(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if out != "name: Rex\n" {
		t.Errorf("stdout = %q, want the output name: Rex", out)
	}
	for _, want := range []string{"summary", "workflows    1 passed", "checks       3 passed    0 failed    0 warned    2 skipped"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(out+errOut, petToken) {
		t.Errorf("the token was printed:\n%s%s", out, errOut)
	}

	jsonRep, _, har := readReports(t, dir)
	var rep struct{ Status string }
	if err := json.Unmarshal(jsonRep, &rep); err != nil || rep.Status != "passed" {
		t.Errorf("JSON report status %q (%v), want passed", rep.Status, err)
	}
	if !strings.Contains(string(har), `"Bearer ****"`) {
		t.Errorf("HAR lacks the masked Authorization header:\n%s", har)
	}
}

// TestRunConformanceWrongServer answers with a body that breaks the
// schema: the check fails the run at error, and only warns at warn.
func TestRunConformanceWrongServer(t *testing.T) {
	_, port := petServer(t, `{"id":"one","name":"Rex"}`)
	t.Setenv(authEnvName("bearer"), petToken)
	base := []string{"run", petFlow, "--server-var", "pets.port=" + port}

	t.Run("error", func(t *testing.T) {
		dir := t.TempDir()
		out, errOut, code := cli(t, append(base, reportArgs(dir)...)...)
		if code != exitFailed {
			t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitFailed, out, errOut)
		}
		for _, want := range []string{"failures", "checkPet › getPet", "body-schema", `(got "one")`, "/properties/id/type"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("stderr lacks %q:\n%s", want, errOut)
			}
		}
		_, junit, _ := readReports(t, dir)
		var doc struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Type string `xml:"type,attr"`
					Text string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testsuite>testcase"`
		}
		if err := xml.Unmarshal(junit, &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Cases) != 1 || doc.Cases[0].Failure == nil || doc.Cases[0].Failure.Type != "check" ||
			!strings.Contains(doc.Cases[0].Failure.Text, "body-schema") {
			t.Errorf("testcases = %+v, want getPet failed by body-schema", doc.Cases)
		}
	})
	t.Run("warn", func(t *testing.T) {
		out, errOut, code := cli(t, append(base, "--check", "body-schema=warn")...)
		if code != exitOK {
			t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitOK, out, errOut)
		}
		if !strings.Contains(errOut, "warnings\n  checkPet › getPet: body-schema:") {
			t.Errorf("stderr does not list the warning:\n%s", errOut)
		}
	})
}

// TestRunConformanceEnvCredential reads the token from ARAZZO_AUTH_BEARER
// and masks it.
func TestRunConformanceEnvCredential(t *testing.T) {
	srv, _ := petServer(t, `{"id":1,"name":"Rex"}`)
	t.Setenv("ARAZZO_AUTH_BEARER", petToken)
	out, errOut, code := cli(t, "run", petFlow, "--server", "pets="+srv.URL+"/v1", "--output", "json")
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if strings.Contains(out+errOut, petToken) {
		t.Errorf("the token was printed:\n%s%s", out, errOut)
	}
	var res runtime.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if got := res.Steps[0].Request.Header.Get("Authorization"); got != "Bearer ****" {
		t.Errorf("traced Authorization = %q, want it masked", got)
	}
}

func TestRunConformanceFlagErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--check", "body=error"}, `unknown check "body"`},
		{[]string{"--check", "body-schema=fatal"}, "not error, warn or off"},
		{[]string{"--check", "body-schema"}, "want NAME=LEVEL"},
		{[]string{"--server-var", "port=1"}, "want SOURCE.NAME=VALUE"},
		{[]string{"--server-var", "other.port=1"}, `no OpenAPI source description "other" (it has: pets)`},
		{[]string{"--server-var", "pets.prot=1"}, `no server of this source declares variable "prot" (did you mean "port"?) (it declares: base, port)`},
		{[]string{"--server-var", "pets.base=v3"}, `"v3" is not one of the values the server allows: v1, v2`},
		{[]string{"--report", "xml=out.xml"}, "not json, junit or har"},
		{[]string{"--report", "junit=/no/such/dir/r.xml"}, "directory /no/such/dir does not exist"},
		{[]string{"--auth", "bearer"}, "want SCHEME=VALUE"},
		{[]string{"--auth", "bearer="}, "--auth bearer: the value is empty"},
		{[]string{"--report", "json=r.out", "--report", "junit=r.out"}, "r.out is also the json report"},
		{[]string{"--files", "/no/such/dir"}, "--files /no/such/dir: not a directory"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, errOut, code := cli(t, append([]string{"run", petFlow}, tt.args...)...)
			if code != exitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, exitUsage, tt.want)
			}
		})
	}
}

// TestRunConformanceUnusedScheme checks that a misspelt --auth scheme is a
// usage error naming the likely scheme, without echoing the credential.
func TestRunConformanceUnusedScheme(t *testing.T) {
	srv, _ := petServer(t, `{"id":1,"name":"Rex"}`)
	_, errOut, code := cli(t, "run", petFlow, "--server", "pets="+srv.URL+"/v1",
		"--auth", "bearer="+petToken, "--auth", "berear=x-typo-value")
	if code != exitUsage {
		t.Fatalf("exit %d, want %d\n%s", code, exitUsage, errOut)
	}
	if !strings.Contains(errOut, `--auth berear: no operation`) || !strings.Contains(errOut, `did you mean "bearer"`) ||
		strings.Contains(errOut, "x-typo-value") {
		t.Errorf("stderr should name berear and suggest bearer without showing its value:\n%s", errOut)
	}
}

func TestParseChecks(t *testing.T) {
	tests := []struct {
		flags []string
		want  map[string]runtime.CheckLevel
	}{
		{nil, levels("error", "error", "error", "error", "error", "off")},
		{[]string{"all=warn"}, levels("warn", "warn", "warn", "warn", "warn", "off")},
		{[]string{"all=off", "status-declared=error", "request=warn"}, levels("error", "off", "off", "off", "off", "warn")},
	}
	for _, tt := range tests {
		got, err := parseChecks(tt.flags)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseChecks(%q) = %v, %v; want %v", tt.flags, got, err, tt.want)
		}
	}
}

// levels maps runtime.CheckNames, in order, to the given levels.
func levels(l ...runtime.CheckLevel) map[string]runtime.CheckLevel {
	m := map[string]runtime.CheckLevel{}
	for i, name := range runtime.CheckNames() {
		m[name] = l[i]
	}
	return m
}

func TestAuthEnvName(t *testing.T) {
	for scheme, want := range map[string]string{
		"bearer":      "ARAZZO_AUTH_BEARER",
		"api-key":     "ARAZZO_AUTH_API_KEY",
		"petstore.v2": "ARAZZO_AUTH_PETSTORE_V2",
		"OAuth2":      "ARAZZO_AUTH_OAUTH2",
	} {
		if got := authEnvName(scheme); got != want {
			t.Errorf("authEnvName(%q) = %q, want %q", scheme, got, want)
		}
	}
}

// TestRunRefusesMalformedBasicCredential checks that a basic credential
// without USER:PASSWORD, by flag or environment, is refused before
// anything is sent, without echoing it.
func TestRunRefusesMalformedBasicCredential(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api.yaml"), `openapi: 3.0.3
info: {title: api, version: "1"}
servers: [{url: "http://127.0.0.1:1"}]
components:
  securitySchemes:
    basicAuth: {type: http, scheme: basic}
security: [{basicAuth: []}]
paths:
  /me:
    get:
      operationId: me
      responses: {"200": {description: ok}}
`)
	flow := filepath.Join(dir, "flow.yaml")
	writeFile(t, flow, `arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ./api.yaml, type: openapi}]
workflows:
  - workflowId: w
    steps: [{stepId: me, operationId: me}]
`)
	const secret = "pw_S3cretBasic"
	_, errOut, code := cli(t, "run", flow, "--auth", "basicAuth="+secret)
	if code != exitUsage || !strings.Contains(errOut, "the credential is USER:PASSWORD") || strings.Contains(errOut, secret) {
		t.Errorf("--auth: exit %d, stderr:\n%s", code, errOut)
	}
	t.Setenv("ARAZZO_AUTH_BASICAUTH", secret)
	_, errOut, code = cli(t, "run", flow)
	if code != exitUsage || !strings.Contains(errOut, "ARAZZO_AUTH_BASICAUTH") || strings.Contains(errOut, secret) {
		t.Errorf("environment: exit %d, stderr:\n%s", code, errOut)
	}
}

// TestRunWarnsOfMissingCredentials checks that a run with no credential
// for an operation's security scheme says so before sending, naming the
// steps and how to give one, and says nothing once one is given.
func TestRunWarnsOfMissingCredentials(t *testing.T) {
	const want = "arazzo: warning: no credential for security scheme bearer, which checkPet.getPet needs; give --auth bearer=VALUE (or ARAZZO_AUTH_BEARER)\n"
	_, errOut, _ := cli(t, "run", petFlow)
	if !strings.HasPrefix(errOut, want) {
		t.Errorf("stderr:\n%s\nwant it to start with:\n%s", errOut, want)
	}
	_, errOut, _ = cli(t, "run", petFlow, "--auth", "bearer="+petToken)
	if strings.Contains(errOut, "no credential") {
		t.Errorf("warned although a credential was given:\n%s", errOut)
	}
}
