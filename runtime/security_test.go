package runtime_test

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/arazzo-run/arazzo/runtime"
)

// TestSecuritySchemesApplied calls one operation per kind of scheme with
// a credential configured and checks what reached the server, and that
// the credential appears nowhere in the result.
func TestSecuritySchemesApplied(t *testing.T) {
	creds := map[string]string{
		"headerKey":  "hk-1234567",
		"queryKey":   "qk&7654321",
		"cookieKey":  "ck-2468",
		"basicAuth":  "alice:pa55-word",
		"bearerAuth": "bt-13579",
		"oidc":       "id-token-97531",
		"tokenAuth":  "tk-86420",
	}
	tests := []struct {
		op, path string
		params   string // step parameters, as a YAML flow sequence
		check    func(r seenRequest) string
	}{
		{"headerKey", "/header", "", func(r seenRequest) string {
			return want("X-Api-Token", r.header.Get("X-Api-Token"), "hk-1234567")
		}},
		{"queryKey", "/query", "[{name: page, in: query, value: 2}]", func(r seenRequest) string {
			return want("query", r.query, "page=2&api_key=qk%267654321")
		}},
		{"cookieKey", "/cookie", "", func(r seenRequest) string {
			return want("Cookie", r.header.Get("Cookie"), "sid=ck-2468")
		}},
		{"basic", "/basic", "", func(r seenRequest) string {
			enc := base64.StdEncoding.EncodeToString([]byte("alice:pa55-word"))
			return want("Authorization", r.header.Get("Authorization"), "Basic "+enc)
		}},
		{"bearer", "/bearer", "", func(r seenRequest) string {
			return want("Authorization", r.header.Get("Authorization"), "Bearer bt-13579")
		}},
		{"oidc", "/oidc", "", func(r seenRequest) string {
			return want("Authorization", r.header.Get("Authorization"), "Bearer id-token-97531")
		}},
		{"custom", "/custom", "", func(r seenRequest) string {
			return want("Authorization", r.header.Get("Authorization"), "token tk-86420")
		}},
		{"either", "/either", "", func(r seenRequest) string {
			return want("X-Api-Token", r.header.Get("X-Api-Token"), "hk-1234567") +
				want("Authorization", r.header.Get("Authorization"), "")
		}},
		{"both", "/both", "", func(r seenRequest) string {
			return want("X-Api-Token", r.header.Get("X-Api-Token"), "hk-1234567") +
				want("query", r.query, "api_key=qk%267654321")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			step := fmt.Sprintf("      - {stepId: call, operationId: %s}\n", tt.op)
			if tt.params != "" {
				step = fmt.Sprintf("      - {stepId: call, operationId: %s, parameters: %s}\n", tt.op, tt.params)
			}
			srv := newAPIServer(t, nil)
			res := runFlow(t, loadFlow(t, "secured.yaml", step), srv,
				runtime.Options{Credentials: runtime.CredentialMap(creds)})
			got := srv.sent(tt.path)
			if len(got) != 1 {
				t.Fatalf("%d requests to %s, want 1 (result %s)", len(got), tt.path, resultJSON(t, res))
			}
			if msg := tt.check(got[0]); msg != "" {
				t.Error(msg)
			}
			secrets := []string{"hk-1234567", "qk&7654321", "qk%267654321", "ck-2468", "pa55-word", "bt-13579",
				"id-token-97531", "tk-86420",
				base64.StdEncoding.EncodeToString([]byte("alice:pa55-word"))}
			if l := leaks(resultJSON(t, res), secrets...); len(l) > 0 {
				t.Errorf("the result shows %q: %s", l, resultJSON(t, res))
			}
		})
	}
}

func want(what, got, want string) string {
	if got == want {
		return ""
	}
	return fmt.Sprintf("%s = %q, want %q\n", what, got, want)
}

// TestSecurityStepCredentialWins checks that a credential the step sets
// itself is sent as the step wrote it.
func TestSecurityStepCredentialWins(t *testing.T) {
	step := "      - {stepId: call, operationId: bearer, parameters: [{name: Authorization, in: header, value: Bearer mine-0000}]}\n"
	srv := newAPIServer(t, nil)
	runFlow(t, loadFlow(t, "secured.yaml", step), srv,
		runtime.Options{Credentials: runtime.CredentialMap(map[string]string{"bearerAuth": "configured-1111"})})
	got := srv.sent("/bearer")
	if len(got) != 1 || got[0].header.Get("Authorization") != "Bearer mine-0000" {
		t.Fatalf("requests = %+v, want one with the step's Authorization", got)
	}
}

// TestSecurityWithoutCredentials checks that a request goes out as built
// when nothing meets the requirement, anonymous or not.
func TestSecurityWithoutCredentials(t *testing.T) {
	for _, op := range []string{"bearer", "open"} {
		t.Run(op, func(t *testing.T) {
			srv := newAPIServer(t, nil)
			res := runFlow(t, loadFlow(t, "secured.yaml", callStep("call", op)), srv, runtime.Options{})
			if res.Status != runtime.Succeeded {
				t.Fatalf("status %s: %v", res.Status, res.Error)
			}
			if got := srv.sent("/" + op); len(got) != 1 || got[0].header.Get("Authorization") != "" {
				t.Errorf("requests = %+v, want one without Authorization", got)
			}
		})
	}
}

// tokenEndpoint issues "tok-N" for the client alice/s3cret:x, counting
// the tokens it issued.
func tokenEndpoint(t *testing.T, issued *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		id, secret, _ := r.BasicAuth()
		if r.Method != http.MethodPost || form.Get("grant_type") != "client_credentials" ||
			id != "alice" || secret != url.QueryEscape("s3cret:x") || form.Get("scope") != "read write" {
			t.Errorf("token request %s %q with client %q/%q", r.Method, body, id, secret)
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"invalid_client"}`)
			return
		}
		n := issued.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"Bearer","expires_in":3600}`, n)
	}
}

// TestSecurityOAuth2ClientCredentials fetches a token once for two calls
// and sends it as bearer, masked in the result.
func TestSecurityOAuth2ClientCredentials(t *testing.T) {
	var issued atomic.Int32
	srv := newAPIServer(t, map[string]http.HandlerFunc{"/token": tokenEndpoint(t, &issued)})
	doc := loadFlow(t, "secured.yaml", callStep("first", "oauth")+callStep("second", "oauth"))
	res := runFlow(t, doc, srv, runtime.Options{
		Credentials: runtime.CredentialMap(map[string]string{"clientCreds": "alice:s3cret:x"})})

	if res.Status != runtime.Succeeded {
		t.Fatalf("status %s: %v", res.Status, res.Error)
	}
	if n := issued.Load(); n != 1 {
		t.Errorf("%d tokens fetched, want 1 (cached for the run)", n)
	}
	for i, r := range srv.sent("/oauth") {
		if got := r.header.Get("Authorization"); got != "Bearer tok-1" {
			t.Errorf("call %d: Authorization = %q, want %q", i, got, "Bearer tok-1")
		}
	}
	if l := leaks(resultJSON(t, res), "tok-1", "s3cret"); len(l) > 0 {
		t.Errorf("the result shows %q", l)
	}
	first, second := res.Steps[0].Auth, res.Steps[1].Auth
	if len(first) != 1 || first[0].Response == nil || first[0].Response.StatusCode != 200 ||
		first[0].Request.Header.Get("Authorization") != "Basic ****" || len(second) != 0 {
		t.Errorf("token requests recorded: first step %+v, second %+v; want one, masked, on the first", first, second)
	}
}

// TestSecurityOAuth2TokenRefused fails the step, naming the endpoint's
// error and not the secret.
func TestSecurityOAuth2TokenRefused(t *testing.T) {
	refuse := func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":"invalid_client","error_description":"unknown client s3cret-9"}`)
	}
	srv := newAPIServer(t, map[string]http.HandlerFunc{"/token": refuse})
	res := runFlow(t, loadFlow(t, "secured.yaml", callStep("call", "oauth")), srv,
		runtime.Options{Credentials: runtime.CredentialMap(map[string]string{"clientCreds": "bob:s3cret-9"})})

	if res.Status != runtime.Failed || res.Error == nil {
		t.Fatalf("status %s, want failed", res.Status)
	}
	msg := res.Steps[0].Error
	if !strings.Contains(msg, "401") || !strings.Contains(msg, "invalid_client") {
		t.Errorf("error = %q, want the status and the endpoint's error", msg)
	}
	if l := leaks(resultJSON(t, res), "s3cret-9"); len(l) > 0 {
		t.Errorf("the result shows %q: %s", l, msg)
	}
	if n := len(srv.sent("/oauth")); n != 0 {
		t.Errorf("%d calls sent without a token, want 0", n)
	}
}

// TestSecurityBasicNeedsColon rejects a basic credential without a user.
func TestSecurityBasicNeedsColon(t *testing.T) {
	srv := newAPIServer(t, nil)
	res := runFlow(t, loadFlow(t, "secured.yaml", callStep("call", "basic")), srv,
		runtime.Options{Credentials: runtime.CredentialMap(map[string]string{"basicAuth": "justapassword"})})
	if res.Status != runtime.Failed || !strings.Contains(res.Steps[0].Error, "USER:PASSWORD") {
		t.Fatalf("status %s, error %q; want a failure asking for USER:PASSWORD", res.Status, res.Steps[0].Error)
	}
	if l := leaks(resultJSON(t, res), "justapassword"); len(l) > 0 {
		t.Errorf("the result shows %q", l)
	}
}

// TestSecurityMissingCredentialExplained names the scheme that had no
// credential when the server refuses the call.
func TestSecurityMissingCredentialExplained(t *testing.T) {
	refuse := func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) }
	srv := newAPIServer(t, map[string]http.HandlerFunc{"/either": refuse})
	res := runFlow(t, loadFlow(t, "secured.yaml", callStep("call", "either")), srv, runtime.Options{})
	want := `no credential was given for security scheme "headerKey" or "bearerAuth"`
	if res.Status != runtime.Failed || !strings.Contains(res.Steps[0].Error, want) {
		t.Errorf("status %s, error %q; want a failure containing %q", res.Status, res.Steps[0].Error, want)
	}
}

// TestSecuritySwagger2 applies credentials to the security definitions of
// a Swagger 2.0 description, converted on load.
func TestSecuritySwagger2(t *testing.T) {
	var issued atomic.Int32
	srv := newAPIServer(t, map[string]http.HandlerFunc{"/token": tokenEndpoint(t, &issued)})
	doc := loadFlow(t, "secured-swagger.yaml", callStep("b", "basic")+callStep("q", "queryKey")+callStep("o", "oauth"))
	creds := map[string]string{"basicAuth": "alice:pa55-word", "queryKey": "qk-2222", "clientCreds": "alice:s3cret:x"}
	res := runFlow(t, doc, srv, runtime.Options{Credentials: runtime.CredentialMap(creds)})
	if res.Status != runtime.Succeeded {
		t.Fatalf("status %s: %v", res.Status, res.Error)
	}

	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("alice:pa55-word"))
	got := srv.sent("/basic")[0].header.Get("Authorization") + " " + srv.sent("/query")[0].query +
		" " + srv.sent("/oauth")[0].header.Get("Authorization")
	if want := basic + " api_key=qk-2222 Bearer tok-1"; got != want {
		t.Errorf("sent %q, want %q", got, want)
	}
}
