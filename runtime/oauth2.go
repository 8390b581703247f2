// OAuth 2.0 client credentials grant (RFC 6749, section 4.4).

package runtime

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/arazzo-run/arazzo/openapi"
)

// maxTokenResponse bounds the token endpoint's answer.
const maxTokenResponse = 1 << 20

// tokenMargin is how long before its announced expiry a cached token is
// fetched again, so that it does not lapse in flight.
const tokenMargin = 30 * time.Second

// oauthToken is an access token cached for the rest of a run.
type oauthToken struct {
	access  string
	expires time.Time // zero when the endpoint gave no expires_in
}

// tokenResponse is the part of a token endpoint's JSON answer we read.
type tokenResponse struct {
	AccessToken string  `json:"access_token"`
	TokenType   string  `json:"token_type"`
	ExpiresIn   float64 `json:"expires_in"`
	Error       string  `json:"error"`
	Description string  `json:"error_description"`
}

// clientCredentialsToken returns an access token for the scheme and its
// scopes, from the run's cache or else fetched from the scheme's tokenUrl
// (resolved against base when relative).
func (st *state) clientCredentialsToken(ctx context.Context, s openapi.SecurityScheme,
	id, secret string, base *url.URL) (string, error) {
	key := s.Name + " " + strings.Join(s.Scopes, " ")
	if t, ok := st.tokens[key]; ok && (t.expires.IsZero() || st.opts.Now().Before(t.expires)) {
		return t.access, nil
	}
	tokenURL, err := base.Parse(s.TokenURL)
	if err != nil {
		return "", fmt.Errorf("tokenUrl %q: %w", s.TokenURL, err)
	}

	t, err := st.fetchToken(ctx, tokenURL.String(), id, secret, s.Scopes)
	if err != nil {
		return "", err
	}
	if st.tokens == nil {
		st.tokens = map[string]oauthToken{}
	}
	st.tokens[key] = t
	return t.access, nil
}

// fetchToken asks the token endpoint for a token, authenticating the
// client with HTTP basic as RFC 6749 section 2.3.1 recommends.
func (st *state) fetchToken(ctx context.Context, tokenURL, id, secret string, scopes []string) (oauthToken, error) {
	form := url.Values{"grant_type": {"client_credentials"}}
	if len(scopes) > 0 {
		form.Set("scope", strings.Join(scopes, " "))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return oauthToken{}, fmt.Errorf("token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	st.mask.addHeaderSecrets(req.Header)

	start := st.opts.Now()
	trace := st.authTrace(req, form.Encode(), start)
	resp, err := st.opts.HTTPClient.Do(req)
	if err != nil {
		err = fmt.Errorf("token request to %s: %s", st.mask.text(tokenURL), st.mask.text(unwrapURLError(err)))
		st.auth = append(st.auth, Exchange{Request: trace, Error: err.Error()})
		return oauthToken{}, err
	}
	defer resp.Body.Close()
	st.opts.Logger.Debug("oauth2 token request", "workflow", st.wf.WorkflowID, "url", st.mask.text(tokenURL),
		"status", resp.StatusCode, "elapsed", st.opts.Now().Sub(start))
	t, data, err := st.readToken(resp, start, tokenURL)
	st.auth = append(st.auth, Exchange{Request: trace, Response: &ResponseTrace{
		StatusCode: resp.StatusCode, Header: st.mask.header(resp.Header), Body: clip(st.mask, data, maxTraceBody),
		Elapsed: st.opts.Now().Sub(start), Size: len(data)}})
	return t, err
}

// authTrace records a token request as sent, masked.
func (st *state) authTrace(req *http.Request, body string, sent time.Time) *RequestTrace {
	return &RequestTrace{Method: req.Method, URL: st.mask.text(req.URL.Redacted()), Header: st.mask.header(req.Header),
		Body: st.mask.text(body), Sent: sent, Size: len(body)}
}

// readToken reads the token endpoint's answer and decodes it (see
// decodeToken), returning the bytes read for the trace too.
func (st *state) readToken(resp *http.Response, start time.Time, tokenURL string) (oauthToken, []byte, error) {
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxTokenResponse))
	if err != nil {
		return oauthToken{}, data, fmt.Errorf("reading the token response from %s: %w", tokenURL, err)
	}
	t, err := st.decodeToken(resp.StatusCode, data, start, tokenURL)
	return t, data, err
}

// decodeToken reads the token endpoint's JSON answer and registers the
// token as a secret.
func (st *state) decodeToken(status int, data []byte, start time.Time, tokenURL string) (oauthToken, error) {
	var tr tokenResponse
	jsonErr := json.Unmarshal(data, &tr)
	if tr.AccessToken != "" {
		st.mask.add(tr.AccessToken)
	}
	if status != http.StatusOK || jsonErr != nil || tr.AccessToken == "" {
		return oauthToken{}, fmt.Errorf("token endpoint %s answered %d: %s", st.mask.text(tokenURL),
			status, tokenProblem(st.mask, tr, data, jsonErr))
	}
	if tr.TokenType != "" && !strings.EqualFold(tr.TokenType, "bearer") {
		return oauthToken{}, fmt.Errorf("token endpoint %s issued a %q token; only bearer tokens are supported",
			st.mask.text(tokenURL), tr.TokenType)
	}

	t := oauthToken{access: tr.AccessToken}
	if tr.ExpiresIn > 0 {
		life := time.Duration(tr.ExpiresIn * float64(time.Second))
		t.expires = start.Add(life - min(tokenMargin, life/2))
	}
	return t, nil
}

// tokenProblem says why a token response is unusable, masked.
func tokenProblem(m *masker, tr tokenResponse, data []byte, jsonErr error) string {
	switch {
	case tr.Error != "":
		return m.text(strings.TrimSpace(tr.Error + " " + tr.Description))
	case jsonErr != nil:
		return "not a JSON token response: " + clip(m, data, 200)
	}
	return "no access_token in the response"
}
