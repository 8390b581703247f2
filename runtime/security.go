// Meeting an operation's security requirement from configured credentials.

package runtime

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/arazzo-run/arazzo/openapi"
)

// CredentialFunc returns the credential configured for the security
// scheme with the given name (its key under components.securitySchemes),
// and whether there is one. What the value holds depends on the scheme:
//
//   - apiKey: the key, sent in the scheme's header, query parameter or
//     cookie;
//   - http basic: "USER:PASSWORD", sent base64-encoded;
//   - http bearer, openIdConnect: the token, sent as "Bearer TOKEN";
//   - another http scheme: the credentials, sent as "SCHEME VALUE";
//   - oauth2: "CLIENT_ID:CLIENT_SECRET" when the scheme declares a
//     clientCredentials flow (a token is fetched from its tokenUrl and
//     cached for the run), otherwise an access token sent as bearer.
//
// SECURITY: every value returned is a secret; the runner masks it in all
// output, but the function itself must not log it.
type CredentialFunc func(scheme string) (value string, ok bool)

// CredentialMap returns a CredentialFunc that reads m, keyed by scheme name.
func CredentialMap(m map[string]string) CredentialFunc {
	return func(scheme string) (string, bool) {
		v, ok := m[scheme]
		return v, ok && v != ""
	}
}

// applySecurity meets the operation's security requirement with the
// configured credentials. Schemes whose credential the step already put
// in the request are left alone. It chooses the first alternative whose
// every scheme is either carried already or has a credential; when none
// qualifies the request goes out as the step built it and, unless
// anonymous calls are allowed, the returned hint says which credentials
// were missing.
func (st *state) applySecurity(ctx context.Context, req *http.Request,
	op *openapi.Operation) (hint string, err error) {
	sets := op.SecuritySchemes()
	if len(sets) == 0 {
		return "", nil
	}
	set, ok := st.chooseSecuritySet(sets, req)
	if !ok {
		if allowsAnonymous(sets) {
			return "", nil
		}
		st.opts.Logger.Warn("no credential for the operation's security requirement",
			"workflow", st.wf.WorkflowID, "operation", op.Name(), "schemes", schemeNames(sets))
		return "no credential was given for security scheme " + schemeNames(sets), nil
	}
	for _, s := range set {
		if carriesCredential(req, s) {
			continue
		}
		if err := st.applyScheme(ctx, req, s); err != nil {
			return "", fmt.Errorf("security scheme %q: %w", s.Name, err)
		}
		if st.logs(slog.LevelDebug) {
			st.opts.Logger.Debug("credential applied", "workflow", st.wf.WorkflowID,
				"operation", op.Name(), "scheme", s.Name)
		}
	}
	return "", nil
}

// chooseSecuritySet returns the first non-empty alternative that can be
// met, preferring one the step already meets on its own.
func (st *state) chooseSecuritySet(sets [][]openapi.SecurityScheme,
	req *http.Request) ([]openapi.SecurityScheme, bool) {
	for _, set := range sets {
		if len(set) > 0 && allCarried(req, set) {
			return set, true
		}
	}
	for _, set := range sets {
		if len(set) > 0 && st.canMeet(req, set) {
			return set, true
		}
	}
	return nil, false
}

func allCarried(req *http.Request, set []openapi.SecurityScheme) bool {
	for _, s := range set {
		if !carriesCredential(req, s) {
			return false
		}
	}
	return true
}

func (st *state) canMeet(req *http.Request, set []openapi.SecurityScheme) bool {
	for _, s := range set {
		if carriesCredential(req, s) {
			continue
		}
		if _, ok := st.credential(s.Name); !ok {
			return false
		}
	}
	return true
}

func (st *state) credential(scheme string) (string, bool) {
	if st.opts.Credentials == nil {
		return "", false
	}
	return st.opts.Credentials(scheme)
}

func allowsAnonymous(sets [][]openapi.SecurityScheme) bool {
	for _, set := range sets {
		if len(set) == 0 {
			return true
		}
	}
	return false
}

// schemeNames lists the schemes of every alternative, quoted, without
// repeats: `"a", "b"`.
func schemeNames(sets [][]openapi.SecurityScheme) string {
	var names []string
	for _, set := range sets {
		for _, s := range set {
			if q := strconv.Quote(s.Name); !slices.Contains(names, q) {
				names = append(names, q)
			}
		}
	}
	return strings.Join(names, " or ")
}

// carriesCredential reports whether the request already holds the
// scheme's credential. A mutualTLS scheme counts as met: the client's TLS
// configuration carries it, which the runner cannot see.
func carriesCredential(req *http.Request, s openapi.SecurityScheme) bool {
	switch s.Type {
	case "apiKey":
		return carriesAPIKey(req, s)
	case "mutualTLS":
		return true
	}
	return req.Header.Get("Authorization") != ""
}

func carriesAPIKey(req *http.Request, s openapi.SecurityScheme) bool {
	switch s.In {
	case "query":
		return req.URL.Query().Has(s.ParamName)
	case "cookie":
		_, err := req.Cookie(s.ParamName)
		return err == nil
	}
	return req.Header.Get(s.ParamName) != ""
}

// applyScheme puts the scheme's credential into the request.
func (st *state) applyScheme(ctx context.Context, req *http.Request, s openapi.SecurityScheme) error {
	value, _ := st.credential(s.Name)
	st.mask.add(value)
	switch s.Type {
	case "apiKey":
		return st.applyAPIKey(req, s, value)
	case "http":
		return st.applyHTTP(req, s, value)
	case "oauth2":
		return st.applyOAuth2(ctx, req, s, value)
	case "openIdConnect":
		st.setAuthorization(req, "Bearer", value)
		return nil
	case "":
		return errors.New("the description does not define it under components.securitySchemes")
	}
	return fmt.Errorf("type %q cannot be applied: %w", s.Type, errors.ErrUnsupported)
}

func (st *state) applyAPIKey(req *http.Request, s openapi.SecurityScheme, value string) error {
	switch s.In {
	case "header":
		req.Header.Set(s.ParamName, value)
	case "query":
		esc := url.QueryEscape(value)
		st.mask.add(esc)
		pair := url.QueryEscape(s.ParamName) + "=" + esc
		if req.URL.RawQuery == "" {
			req.URL.RawQuery = pair
		} else {
			req.URL.RawQuery += "&" + pair
		}
	case "cookie":
		req.AddCookie(&http.Cookie{Name: s.ParamName, Value: value})
	default:
		return fmt.Errorf("apiKey location %q is not header, query or cookie", s.In)
	}
	return nil
}

func (st *state) applyHTTP(req *http.Request, s openapi.SecurityScheme, value string) error {
	switch s.Scheme {
	case "basic":
		user, pass, ok := strings.Cut(value, ":")
		if !ok {
			return errors.New("a basic credential must be USER:PASSWORD")
		}
		st.mask.add(pass)
		st.setAuthorization(req, "Basic", base64.StdEncoding.EncodeToString([]byte(user+":"+pass)))
	case "bearer", "":
		st.setAuthorization(req, "Bearer", value)
	case "digest":
		return fmt.Errorf("http scheme digest: %w", errors.ErrUnsupported)
	default:
		st.setAuthorization(req, s.Scheme, value)
	}
	return nil
}

// setAuthorization sets "Authorization: SCHEME CREDENTIALS", registering
// the credentials as a secret.
func (st *state) setAuthorization(req *http.Request, scheme, credentials string) {
	st.mask.add(credentials)
	req.Header.Set("Authorization", scheme+" "+credentials)
}

func (st *state) applyOAuth2(ctx context.Context, req *http.Request, s openapi.SecurityScheme, value string) error {
	id, secret, pair := strings.Cut(value, ":")
	if s.TokenURL == "" || !pair {
		st.setAuthorization(req, "Bearer", value)
		return nil
	}
	st.mask.add(secret)
	token, err := st.clientCredentialsToken(ctx, s, id, secret, req.URL)
	if err != nil {
		return err
	}
	st.setAuthorization(req, "Bearer", token)
	return nil
}
