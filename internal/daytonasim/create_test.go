package daytonasim

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestCreateReturnsFullSandbox(t *testing.T) {
	clk := newClock()
	srv := start(t, Config{Clock: clk.now})
	r := create(t, srv, `{"snapshot":"daytona-small"}`)
	if r.status != http.StatusOK {
		t.Fatalf("status %d, want 200 (body %s)", r.status, r.raw)
	}

	id, _ := r.body["id"].(string)
	if !uuidV4.MatchString(id) {
		t.Errorf("id %q is not a UUID v4", id)
	}
	if org, _ := r.body["organizationId"].(string); !uuidV4.MatchString(org) {
		t.Errorf("organizationId %q is not a UUID v4", org)
	}
	want := map[string]any{
		"name": id, "snapshot": "daytona-small", "user": "daytona", "public": false,
		"networkBlockAll": false, "target": "us", "cpu": 1.0, "gpu": 0.0, "memory": 1.0,
		"disk": 3.0, "state": "creating", "desiredState": "started", "recoverable": false,
		"backupState": "None", "autoStopInterval": 15.0, "autoArchiveInterval": 10080.0,
		"autoDeleteInterval": -1.0, "createdAt": "2026-06-01T10:00:00.000Z",
		"updatedAt": "2026-06-01T10:00:00.000Z", "sandboxClass": "container",
		"toolboxProxyUrl": "https://proxy.app.daytona.io/toolbox",
	}
	for k, v := range want {
		if r.body[k] != v {
			t.Errorf("%s = %#v, want %#v", k, r.body[k], v)
		}
	}
	for _, k := range []string{"env", "labels", "volumes", "runnerId"} {
		if _, ok := r.body[k]; !ok {
			t.Errorf("%s missing from %s", k, r.raw)
		}
	}
	// POST is built from memory: unset optional fields are left out.
	for _, k := range []string{"errorReason", "daemonVersion", "lastActivityAt", "networkAllowList"} {
		if _, ok := r.body[k]; ok {
			t.Errorf("%s present in POST body %s, want absent", k, r.raw)
		}
	}
	if !strings.HasPrefix(r.raw, `{"id":`) {
		t.Errorf("body does not start with id: %s", r.raw)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if got := r.header.Get("X-RateLimit-Remaining-sandbox-create"); got != "299" {
		t.Errorf("X-RateLimit-Remaining-sandbox-create = %q, want 299", got)
	}
}

func TestCreateFields(t *testing.T) {
	tests := []struct {
		name string
		body string
		key  string
		want any
	}{
		{"empty body uses default snapshot", ``, "snapshot", "daytona-small"},
		{"empty object", `{}`, "state", "creating"},
		{"name honoured", `{"name":"dev-box"}`, "name", "dev-box"},
		{"target honoured", `{"target":"eu"}`, "target", "eu"},
		{"null target is the default", `{"target":null}`, "target", "us"},
		{"unknown fields ignored", `{"language":"python","class":"small"}`, "user", "daytona"},
		{"archive 0 means maximum", `{"autoArchiveInterval":0}`, "autoArchiveInterval", 43200.0},
		{"archive clamped", `{"autoArchiveInterval":99999}`, "autoArchiveInterval", 43200.0},
		{"auto stop", `{"autoStopInterval":0}`, "autoStopInterval", 0.0},
		{"allow list shown when set", `{"networkAllowList":"10.0.0.0/8"}`, "networkAllowList", "10.0.0.0/8"},
		{"public", `{"public":true}`, "public", true},
	}
	srv := start(t, Config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := create(t, srv, tt.body)
			if r.status != http.StatusOK {
				t.Fatalf("POST %s: status %d, want 200 (body %s)", tt.body, r.status, r.raw)
			}
			if r.body[tt.key] != tt.want {
				t.Errorf("POST %s: %s = %#v, want %#v", tt.body, tt.key, r.body[tt.key], tt.want)
			}
		})
	}
}

func TestCreateRejects(t *testing.T) {
	const resources = "Cannot specify Sandbox resources when using a snapshot"
	tests := []struct {
		name   string
		body   string
		status int
		msg    string
	}{
		{"cpu 0 accepted", `{"cpu":0,"memory":0,"disk":0,"gpu":0}`, 200, ""},
		{"null accepted", `{"cpu":null,"memory":null,"disk":null}`, 200, ""},
		{"cpu", `{"cpu":2}`, 400, resources},
		{"gpu", `{"gpu":1}`, 400, resources},
		{"memory", `{"snapshot":"daytona-small","memory":4}`, 400, resources},
		{"disk", `{"disk":10}`, 400, resources},
		{"gpuType", `{"gpuType":"H100"}`, 400, resources},
		{"negative cpu", `{"cpu":-1}`, 400, "cpu must not be less than 0"},
		{"gpu above 1", `{"gpu":2}`, 400, "gpu must not be greater than 1"},
		{"string cpu", `{"cpu":"2"}`, 400, "cpu must be an integer number"},
		{"fractional memory", `{"memory":1.5}`, 400, "memory must be an integer number"},
		{"joined messages", `{"cpu":-1,"name":5}`, 400, "name must be a string, cpu must not be less than 0"},
		{"unknown region", `{"target":"mars"}`, 404, "Region not found"},
		{"unknown snapshot", `{"snapshot":"ubuntu-22"}`, 400,
			"Snapshot ubuntu-22 not found. Did you add it through the Daytona Dashboard?"},
		{"build with snapshot", `{"snapshot":"daytona-small","buildInfo":{"dockerfileContent":"FROM x"}}`,
			400, "Cannot specify a snapshot when using a build info entry"},
	}
	srv := start(t, Config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := create(t, srv, tt.body)
			if tt.status == 200 {
				if r.status != 200 {
					t.Errorf("POST %s: status %d, want 200 (body %s)", tt.body, r.status, r.raw)
				}
				return
			}
			checkError(t, r, tt.status, "/api/sandbox", tt.msg)
		})
	}
}

func TestCreateMalformedJSON(t *testing.T) {
	const want = `{"message":"Invalid JSON in request body","error":"Bad Request","statusCode":400}`
	srv := start(t, Config{})
	for _, body := range []string{`{`, `{"name":}`, `null`, `"text"`, `42`, `{}{}`} {
		t.Run(body, func(t *testing.T) {
			// No token either: the body parser answers before the guard.
			req := call(t, srv, http.MethodPost, "/sandbox", "", body)
			if req.status != 400 || req.raw != want {
				t.Errorf("POST %s: got %d %s, want 400 %s", body, req.status, req.raw, want)
			}
		})
	}
}

func TestCreateDuplicateName(t *testing.T) {
	srv := start(t, Config{})
	mustCreate(t, srv, `{"name":"dev"}`)
	r := create(t, srv, `{"name":"dev"}`)
	checkError(t, r, http.StatusConflict, "/api/sandbox", "Sandbox with name dev already exists")

	if r := create(t, srv, `{"name":"dev2"}`); r.status != 200 {
		t.Errorf("another name: status %d, want 200", r.status)
	}
}

func TestCreateRateLimit(t *testing.T) {
	clk := newClock()
	srv := start(t, Config{Clock: clk.now})
	for i := range 300 {
		if r := create(t, srv, ``); r.status != 200 {
			t.Fatalf("create %d: status %d, want 200", i+1, r.status)
		}
	}

	r := create(t, srv, ``)
	checkError(t, r, http.StatusTooManyRequests, "/api/sandbox", "ThrottlerException: Too Many Requests")
	if got := r.header.Get("Retry-After-sandbox-create"); got != "60" {
		t.Errorf("Retry-After-sandbox-create = %q, want 60", got)
	}

	clk.add(61e9)
	if r := create(t, srv, ``); r.status != 200 {
		t.Errorf("after the window: status %d, want 200", r.status)
	}
}
