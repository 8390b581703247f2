package daytonasim

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

const token = "dtn_" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// reply is what a test sees of one response.
type reply struct {
	status int
	header http.Header
	raw    string
	body   map[string]any
}

// call sends one request to srv; path is relative to the /api base.
func call(t *testing.T, srv *Server, method, path, auth, body string) reply {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Content-Type", "application/json")

	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}

	r := reply{status: resp.StatusCode, header: resp.Header, raw: string(data)}
	if err := json.Unmarshal(data, &r.body); err != nil {
		t.Fatalf("%s %s: body is not a JSON object: %s", method, path, data)
	}
	return r
}

func create(t *testing.T, srv *Server, body string) reply {
	t.Helper()
	return call(t, srv, http.MethodPost, "/sandbox", "Bearer "+token, body)
}

func get(t *testing.T, srv *Server, key string) reply {
	t.Helper()
	return call(t, srv, http.MethodGet, "/sandbox/"+key, "Bearer "+token, "")
}

// mustCreate creates a sandbox and returns its id.
func mustCreate(t *testing.T, srv *Server, body string) string {
	t.Helper()
	r := create(t, srv, body)
	if r.status != http.StatusOK {
		t.Fatalf("create %s: status %d, body %s", body, r.status, r.raw)
	}
	return r.body["id"].(string)
}

func start(t *testing.T, cfg Config) *Server {
	t.Helper()
	if cfg.Token == "" {
		cfg.Token = token
	}
	srv := New(cfg)
	t.Cleanup(srv.Close)
	return srv
}

// checkError compares an error body with the filter's shape.
func checkError(t *testing.T, r reply, status int, path, msg string) {
	t.Helper()
	if r.status != status {
		t.Errorf("status = %d, want %d (body %s)", r.status, status, r.raw)
	}
	want := map[string]any{
		"path":       path,
		"statusCode": float64(status),
		"error":      http.StatusText(status),
		"message":    msg,
	}
	for k, v := range want {
		if r.body[k] != v {
			t.Errorf("body %s = %v, want %v", k, r.body[k], v)
		}
	}
	if _, err := time.Parse(time.RFC3339, r.body["timestamp"].(string)); err != nil {
		t.Errorf("timestamp %v: %v", r.body["timestamp"], err)
	}
}

// clock is a settable Config.Clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)}
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
