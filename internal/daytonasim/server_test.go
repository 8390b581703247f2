package daytonasim

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestURL(t *testing.T) {
	srv := start(t, Config{})
	if !strings.HasPrefix(srv.URL(), "http://127.0.0.1:") || !strings.HasSuffix(srv.URL(), "/api") {
		t.Errorf("URL() = %q, want http://127.0.0.1:PORT/api", srv.URL())
	}
}

func TestUnknownRoutes(t *testing.T) {
	tests := []struct{ method, path string }{
		{http.MethodDelete, "/sandbox/abc"},
		{http.MethodGet, "/sandbox/abc/extra"},
		{http.MethodGet, "/snapshots"},
		{http.MethodPut, "/sandbox"},
	}
	srv := start(t, Config{})
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := call(t, srv, tt.method, tt.path, "", "")
			checkError(t, r, http.StatusNotFound, "/api"+tt.path, "Cannot "+tt.method+" /api"+tt.path)
		})
	}
}

func TestRequestsRecorded(t *testing.T) {
	clk := newClock()
	srv := start(t, Config{Clock: clk.now})
	id := mustCreate(t, srv, `{"snapshot":"daytona-small"}`)
	clk.add(time.Second)
	get(t, srv, id+"?verbose=true")

	reqs := srv.Requests()
	if srv.Count() != 2 || len(reqs) != 2 {
		t.Fatalf("Count() = %d, len(Requests()) = %d, want 2", srv.Count(), len(reqs))
	}
	post, poll := reqs[0], reqs[1]
	if post.Method != "POST" || post.Path != "/api/sandbox" || string(post.Body) != `{"snapshot":"daytona-small"}` {
		t.Errorf("first request = %s %s %s", post.Method, post.Path, post.Body)
	}
	if post.Header.Get("Authorization") != "Bearer "+token {
		t.Errorf("Authorization header not recorded: %v", post.Header)
	}
	if poll.Method != "GET" || poll.Path != "/api/sandbox/"+id || poll.Query.Get("verbose") != "true" {
		t.Errorf("second request = %s %s ?%s", poll.Method, poll.Path, poll.Query.Encode())
	}
	if !poll.Time.Equal(post.Time.Add(time.Second)) {
		t.Errorf("times %v and %v, want one second apart", post.Time, poll.Time)
	}

	reqs[0].Header.Set("Authorization", "changed")
	if srv.Requests()[0].Header.Get("Authorization") == "changed" {
		t.Error("Requests() shares headers with the server's record")
	}
}
