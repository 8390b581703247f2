package daytonasim

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// states polls a new sandbox n times and returns the states reported.
func states(t *testing.T, srv *Server, body string, n int) []string {
	t.Helper()
	id := mustCreate(t, srv, body)
	var out []string
	for range n {
		r := get(t, srv, id)
		if r.status != 200 {
			t.Fatalf("GET %s: status %d, body %s", id, r.status, r.raw)
		}
		out = append(out, r.body["state"].(string))
	}
	return out
}

func TestPollPhases(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"defaults", Config{}, "creating creating started started"},
		{"one poll", Config{PollsUntilStarted: 1}, "creating started started started"},
		{"started at once", Config{PollsUntilStarted: -1}, "started started started started"},
		{"three phases", Config{PollsUntilStarted: 3,
			Phases: []string{"creating", "pulling_snapshot", "starting"}},
			"creating pulling_snapshot starting started"},
		{"phases spread", Config{PollsUntilStarted: 4, Phases: []string{"creating", "pulling_snapshot"}},
			"creating creating pulling_snapshot pulling_snapshot"},
		{"fewer polls than phases", Config{PollsUntilStarted: 2,
			Phases: []string{"creating", "pulling_snapshot", "starting"}},
			"creating pulling_snapshot started started"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := start(t, tt.cfg)
			got := strings.Join(states(t, srv, ``, 4), " ")
			if got != tt.want {
				t.Errorf("states = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestPollStartedBody(t *testing.T) {
	clk := newClock()
	srv := start(t, Config{Clock: clk.now, PollsUntilStarted: 1})
	id := mustCreate(t, srv, `{"name":"box"}`)

	clk.add(time.Second)
	first := get(t, srv, id)
	// GET reads the stored row: nullable columns come back as null.
	for _, k := range []string{"errorReason", "daemonVersion", "networkAllowList", "domainAllowList"} {
		if v, ok := first.body[k]; !ok || v != nil {
			t.Errorf("creating: %s = %#v (present %v), want null", k, v, ok)
		}
	}
	if first.body["lastActivityAt"] != "2026-06-01T10:00:00.000Z" {
		t.Errorf("lastActivityAt = %v, want the creation time", first.body["lastActivityAt"])
	}

	clk.add(time.Second)
	r := get(t, srv, id)
	want := map[string]any{
		"state": "started", "desiredState": "started", "daemonVersion": "v0.190.0",
		"updatedAt": "2026-06-01T10:00:02.000Z", "createdAt": "2026-06-01T10:00:00.000Z",
		"errorReason": nil, "name": "box", "id": id,
	}
	for k, v := range want {
		if r.body[k] != v {
			t.Errorf("started: %s = %#v, want %#v", k, r.body[k], v)
		}
	}
}

func TestPollErrorSnapshot(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		want   string
	}{
		{"default reason", "", "Timeout while creating sandbox"},
		{"custom reason", "Failed to pull image", "Failed to pull image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := start(t, Config{ErrorSnapshot: "broken", ErrorReason: tt.reason})
			id := mustCreate(t, srv, `{"snapshot":"broken"}`)
			var r reply
			for range 3 {
				r = get(t, srv, id)
			}
			if r.body["state"] != "error" || r.body["errorReason"] != tt.want {
				t.Errorf("state %v, errorReason %v; want error, %q", r.body["state"], r.body["errorReason"], tt.want)
			}
			if v, ok := r.body["recoverable"]; !ok || v != false {
				t.Errorf("recoverable = %#v (present %v), want false", v, ok)
			}
			if r.body["daemonVersion"] != nil {
				t.Errorf("daemonVersion = %v, want null", r.body["daemonVersion"])
			}
		})
	}
}

func TestPollVerboseIgnored(t *testing.T) {
	srv := start(t, Config{PollsUntilStarted: -1})
	id := mustCreate(t, srv, ``)
	var bodies []string
	for _, q := range []string{"", "?verbose=true", "?verbose=false", "?verbose=banana", "?verbose"} {
		r := get(t, srv, id+q)
		if r.status != 200 {
			t.Fatalf("GET %s: status %d", q, r.status)
		}
		bodies = append(bodies, r.raw)
	}
	for i, b := range bodies[1:] {
		if b != bodies[0] {
			t.Errorf("body %d differs:\n%s\nwant\n%s", i+1, b, bodies[0])
		}
	}
}

func TestGetIDWinsOverName(t *testing.T) {
	srv := start(t, Config{})
	first := mustCreate(t, srv, `{"name":"alpha"}`)
	second := mustCreate(t, srv, `{"name":"`+first+`"}`)

	tests := []struct{ key, wantID string }{
		{first, first}, // also the second's name: the id wins
		{"alpha", first},
		{second, second},
	}
	for _, tt := range tests {
		if r := get(t, srv, tt.key); r.body["id"] != tt.wantID {
			t.Errorf("GET %s found %v, want %s", tt.key, r.body["id"], tt.wantID)
		}
	}
}

func TestGetNotFound(t *testing.T) {
	srv := start(t, Config{})
	r := get(t, srv, "xyz?verbose=true")
	checkError(t, r, http.StatusNotFound, "/api/sandbox/xyz?verbose=true", "Sandbox with ID or name xyz not found")
}

func TestPollTooFast(t *testing.T) {
	clk := newClock()
	srv := start(t, Config{Clock: clk.now, MinPollInterval: 1500 * time.Millisecond, PollsUntilStarted: 1})
	id := mustCreate(t, srv, ``)

	if r := get(t, srv, id); r.status != 200 || r.body["state"] != "creating" {
		t.Fatalf("first GET: %d %v, want 200 creating", r.status, r.body["state"])
	}

	clk.add(100 * time.Millisecond)
	r := get(t, srv, id)
	checkError(t, r, http.StatusTooManyRequests, "/api/sandbox/"+id, "ThrottlerException: Too Many Requests")
	headers := map[string]string{
		"Retry-After":                         "2", // 1.4s left, rounded up
		"Retry-After-authenticated":           "2",
		"X-RateLimit-Limit-authenticated":     "10000",
		"X-RateLimit-Remaining-authenticated": "9998",
		"X-RateLimit-Reset-authenticated":     "60",
	}
	for k, v := range headers {
		if got := r.header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}

	clk.add(1400 * time.Millisecond)
	if r := get(t, srv, id); r.status != 200 || r.body["state"] != "started" {
		t.Errorf("GET after waiting: %d %v, want 200 started (a 429 must not advance)", r.status, r.body["state"])
	}

	clk.add(1499 * time.Millisecond)
	if r := get(t, srv, id); r.header.Get("Retry-After") != "1" {
		t.Errorf("1ms early: Retry-After %q, want at least 1", r.header.Get("Retry-After"))
	}
}

func TestPollIntervalPerSandbox(t *testing.T) {
	clk := newClock()
	srv := start(t, Config{Clock: clk.now, MinPollInterval: time.Minute})
	a := mustCreate(t, srv, ``)
	b := mustCreate(t, srv, ``)
	for _, id := range []string{a, b} {
		if r := get(t, srv, id); r.status != 200 {
			t.Errorf("first GET of %s: status %d, want 200", id, r.status)
		}
	}
}
