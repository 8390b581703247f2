package daytonasim

import (
	"net/http"
	"testing"
)

func TestAuth(t *testing.T) {
	tests := []struct {
		name   string
		token  string // Config.Token; the helper's token when empty
		method string
		auth   string
		want   int
	}{
		{"get without header", "", http.MethodGet, "", 401},
		{"get wrong token", "", http.MethodGet, "Bearer dtn_nope", 401},
		{"get basic scheme", "", http.MethodGet, "Basic " + token, 401},
		{"get empty bearer", "", http.MethodGet, "Bearer ", 401},
		{"get right token", "", http.MethodGet, "Bearer " + token, 404},
		{"get lowercase scheme", "", http.MethodGet, "bearer " + token, 404},
		{"post without header", "", http.MethodPost, "", 401},
		{"post wrong token", "", http.MethodPost, "Bearer x", 401},
		{"post right token", "", http.MethodPost, "Bearer " + token, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := start(t, Config{Token: tt.token})
			path := "/sandbox"
			if tt.method == http.MethodGet {
				path = "/sandbox/missing"
			}
			r := call(t, srv, tt.method, path, tt.auth, "{}")
			if r.status != tt.want {
				t.Fatalf("%s %s with %q: status %d, want %d", tt.method, path, tt.auth, r.status, tt.want)
			}
			if tt.want == 401 {
				checkError(t, r, 401, "/api"+path, "Invalid credentials")
			}
		})
	}
}

func TestAuthAnyTokenWhenUnset(t *testing.T) {
	srv := New(Config{})
	defer srv.Close()

	if r := call(t, srv, http.MethodPost, "/sandbox", "Bearer whatever", ""); r.status != 200 {
		t.Errorf("any bearer token: status %d, want 200 (body %s)", r.status, r.raw)
	}
	if r := call(t, srv, http.MethodPost, "/sandbox", "", ""); r.status != 401 {
		t.Errorf("no token: status %d, want 401", r.status)
	}
}
