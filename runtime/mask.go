package runtime

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/expr"
)

// Mask is what every secret is replaced with in output.
const Mask = "****"

// secretName matches input names that hold credentials.
var secretName = regexp.MustCompile(`(?i)(token|secret|password|passwd|api[-_]?key|credential|auth|private[-_]?key|session|cookie)`)

// secretNames remembers secretName's verdict on the input names that
// documents declare (a bounded set, unlike the names callers pass):
// matching the pattern was a few percent of a short run.
var secretNames sync.Map // string -> bool

func secretNamed(name string, remember bool) bool {
	if known, ok := secretNames.Load(name); ok {
		return known.(bool)
	}
	secret := secretName.MatchString(name)
	if remember {
		secretNames.Store(name, secret)
	}
	return secret
}

// sensitiveHeaders are headers whose values are always secrets.
var sensitiveHeaders = map[string]bool{
	"Authorization":       true,
	"Proxy-Authorization": true,
	"Cookie":              true,
	"Set-Cookie":          true,
	"X-Api-Key":           true,
	"Api-Key":             true,
	"X-Auth-Token":        true,
}

// masker replaces secret values in text. Secrets are inputs whose name
// looks like a credential or whose schema marks them (format: password,
// writeOnly, x-secret), values given in Options.Secrets, the values of
// credential headers sent during the run, and credential fields of JSON
// bodies (see addBodySecrets).
type masker struct {
	mu  sync.Mutex              // serialises add
	set atomic.Pointer[maskSet] // read by text without locking; nil until a secret is added
}

// maskSet is an immutable snapshot of the secrets, replaced whole by add.
// Its replacer is built on first use: most runs add a few secrets and
// then find none of them in the text they mask.
type maskSet struct {
	secrets []string // longest first, so a secret containing another is masked whole
	re      func() *strings.Replacer
}

func newMaskSet(secrets []string) *maskSet {
	return &maskSet{secrets: secrets, re: sync.OnceValue(func() *strings.Replacer {
		pairs := make([]string, 0, 2*len(secrets))
		for _, sec := range secrets {
			pairs = append(pairs, sec, Mask)
		}
		return strings.NewReplacer(pairs...)
	})}
}

func newMasker(extra []string) *masker {
	m := &masker{}
	for _, s := range extra {
		m.add(s)
	}
	return m
}

// addInputs registers the inputs of wf that are secrets.
func (m *masker) addInputs(doc *arazzo.Document, wf *arazzo.Workflow, inputs map[string]any) {
	props := schemaProperties(inputSchema(doc, wf))
	for name, v := range inputs {
		prop, _ := props[name].(map[string]any)
		if s, ok := v.(string); ok && isSecretInput(name, prop, prop != nil) {
			m.add(s)
		}
	}
}

// isSecretInput reports whether the input is a secret, by its name or
// its schema. declared says the document declares the name, whose
// verdict is then remembered.
func isSecretInput(name string, prop map[string]any, declared bool) bool {
	if secretNamed(name, declared) {
		return true
	}
	return prop["format"] == "password" || prop["writeOnly"] == true || prop["x-secret"] == true || prop["x-sensitive"] == true
}

// secretField matches the names of body fields that carry credentials:
// access_token, refreshToken, client_secret, password, api_key. It is
// narrower than secretName, since a body's every field is tried.
var secretField = regexp.MustCompile(`(?i)(token|secret|password|passwd|api[-_]?key)$`)

// secretFieldHints are the endings, closing quote included, of the field
// names secretField matches, one of which a body must hold before it is
// decoded and searched for secret fields. Each starts with a byte rare in
// JSON text, so that checking a body for them all costs little next to a
// step: this runs on every request and response.
var secretFieldHints = [][]byte{[]byte(`ken"`), []byte(`KEN"`), []byte(`cret"`), []byte(`CRET"`),
	[]byte(`word"`), []byte(`WORD"`), []byte(`swd"`), []byte(`SWD"`), []byte(`key"`), []byte(`Key"`), []byte(`KEY"`)}

// addBodySecrets registers the values of a JSON body's credential fields
// (an access token a login returns, a password it was sent), so that they
// are masked from the first trace that shows them on, not only once they
// are sent as credentials. Values shorter than 8 bytes are left alone:
// they are rarely credentials, and masking them would blank out text.
func (m *masker) addBodySecrets(body *expr.Body) {
	raw := body.Raw()
	if !slices.ContainsFunc(secretFieldHints, func(h []byte) bool { return bytes.Contains(raw, h) }) {
		return
	}
	if v, err := body.Value(); err == nil {
		m.addFieldSecrets(v, 0)
	}
}

func (m *masker) addFieldSecrets(v any, depth int) {
	if depth > 4 {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if s, ok := val.(string); ok && len(s) >= 8 && secretField.MatchString(k) {
				m.add(s)
				continue
			}
			m.addFieldSecrets(val, depth+1)
		}
	case []any:
		for _, item := range x {
			m.addFieldSecrets(item, depth+1)
		}
	}
}

// longest returns the length of the longest secret, 0 when there is none.
func (m *masker) longest() int {
	if set := m.set.Load(); set != nil && len(set.secrets) > 0 {
		return len(set.secrets[0])
	}
	return 0
}

// clip masks s and keeps its first n bytes, saying how many were left
// out. It masks before it cuts, reading past the cut as far as the
// longest secret, so that a secret the cut falls inside is masked whole
// rather than shown in part. A []byte is copied only as far as it is
// read.
func clip[T string | []byte](m *masker, s T, n int) string {
	if len(s) <= n {
		return m.text(string(s))
	}
	head := m.text(string(s[:min(len(s), n+m.longest())]))
	if len(head) > n {
		head = head[:n] // may split a mask, never a secret
	}
	return head + fmt.Sprintf("... (%d bytes more)", len(s)-n)
}

// add registers a secret. Values shorter than 3 bytes are not masked: they
// would blank out ordinary text, and cannot be real credentials.
func (m *masker) add(s string) {
	s = strings.TrimSpace(s)
	if len(s) < 3 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var secrets []string
	if old := m.set.Load(); old != nil {
		if slices.Contains(old.secrets, s) {
			return
		}
		secrets = slices.Clone(old.secrets)
	}
	secrets = append(secrets, s)
	sort.SliceStable(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) })
	m.set.Store(newMaskSet(secrets))
}

// addHeaderSecrets registers the credentials carried by sensitive headers,
// both whole and without their scheme ("Bearer xyz" masks "xyz" too).
func (m *masker) addHeaderSecrets(h http.Header) {
	for name, vals := range h {
		if !sensitiveHeaders[http.CanonicalHeaderKey(name)] {
			continue
		}
		for _, v := range vals {
			m.add(v)
			if _, cred, ok := strings.Cut(v, " "); ok {
				m.add(cred)
			}
			if http.CanonicalHeaderKey(name) == "Cookie" {
				m.addCookieValues(v)
			}
		}
	}
}

// text returns s with every secret replaced by Mask.
func (m *masker) text(s string) string {
	set := m.set.Load()
	if set == nil || s == "" || !containsAny(s, set.secrets) {
		return s
	}
	return set.re().Replace(s)
}

// containsAny reports whether s holds one of the secrets. Checking first
// is much cheaper than a Replace, which copies s even when nothing
// matches, and nearly every string holds no secret.
func containsAny(s string, secrets []string) bool {
	for _, sec := range secrets {
		if strings.Contains(s, sec) {
			return true
		}
	}
	return false
}

// header returns h with sensitive values masked: a copy when a value is
// masked, else h itself. The scheme of an Authorization value is kept, so
// "Bearer ****" still tells which kind of credential was sent.
func (m *masker) header(h http.Header) http.Header {
	if !m.masksHeader(h) {
		return h // traces may share it: nothing changes a header once sent or received
	}
	n := 0
	for _, vals := range h {
		n += len(vals)
	}
	all := make([]string, n) // one array for every value
	out := make(http.Header, len(h))
	for name, vals := range h {
		masked := all[:len(vals):len(vals)]
		all = all[len(vals):]
		for i, v := range vals {
			masked[i] = m.headerValue(name, v)
		}
		out[name] = masked
	}
	return out
}

// masksHeader reports whether masking changes a value of h.
func (m *masker) masksHeader(h http.Header) bool {
	for name, vals := range h {
		for _, v := range vals {
			if m.headerValue(name, v) != v {
				return true
			}
		}
	}
	return false
}

func (m *masker) headerValue(name, v string) string {
	switch canonical := http.CanonicalHeaderKey(name); {
	case canonical == "Cookie":
		return maskCookies(v)
	case !sensitiveHeaders[canonical]:
		return m.text(v)
	}
	if scheme, _, ok := strings.Cut(v, " "); ok && !strings.ContainsAny(scheme, "=;") {
		return scheme + " " + Mask
	}
	return Mask
}

// addCookieValues registers the values of a Cookie header's cookies of 8
// bytes or more: a session id shows up in other text on its own, while a
// short value ("dark") is no credential and would blank out words.
func (m *masker) addCookieValues(header string) {
	for p := range strings.SplitSeq(header, ";") {
		if _, value, ok := strings.Cut(p, "="); ok && len(value) >= 8 {
			m.add(value)
		}
	}
}

// maskCookies masks the value of every cookie of a Cookie header, keeping
// the names, which say which credential was sent: "sess=****; theme=****".
func maskCookies(v string) string {
	parts := strings.Split(v, ";")
	for i, p := range parts {
		name, _, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok {
			parts[i] = Mask
			continue
		}
		parts[i] = name + "=" + Mask
	}
	return strings.Join(parts, "; ")
}
