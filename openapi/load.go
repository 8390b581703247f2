// Loading descriptions from files, URLs and bytes.

package openapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"
)

// Defaults applied by [Load] to a zero [LoadOptions].
const (
	DefaultMaxBytes = 16 << 20         // 16 MiB per document read
	DefaultTimeout  = 30 * time.Second // per remote document
)

// LoadOptions controls how [Load] reads remote documents. The zero value
// uses [http.DefaultClient], [DefaultMaxBytes] and [DefaultTimeout].
type LoadOptions struct {
	HTTPClient *http.Client  // client for http(s) locations and $refs
	MaxBytes   int64         // size limit of each document read
	Timeout    time.Duration // time limit of each remote read
	// FS, when set, holds the files that local locations name: they are
	// read from it, as slash-separated paths relative to its root, and
	// not from the operating system's files.
	FS fs.FS
}

// ErrTooLarge is wrapped by load errors for documents over the size limit.
var ErrTooLarge = errors.New("document exceeds the size limit")

// LoadError reports a description that could not be read or parsed.
// Line and Column are 1-based; zero means unknown.
type LoadError struct {
	Location string
	Line     int
	Column   int
	Err      error
}

// Error formats the error as "location:line:col: message".
func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString(RedactURL(e.Location))
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	msg := e.Err.Error()
	if e.Line > 0 {
		msg = strings.Replace(msg, fmt.Sprintf("yaml: line %d: ", e.Line), "", 1)
	}
	b.WriteString(msg)
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *LoadError) Unwrap() error { return e.Err }

// Load reads the OpenAPI 3.0, 3.1 or Swagger 2.0 description at location,
// a file path or an http(s) URL, in YAML or JSON, and resolves its $refs
// relative to it. Remote reads honour ctx and opts.
func Load(ctx context.Context, location string, opts LoadOptions) (*Description, error) {
	r := newReader(ctx, opts)
	u, err := r.locationURL(location)
	if err != nil {
		return nil, &LoadError{Location: location, Err: err}
	}
	r.remoteRoot = isRemote(u)

	data, err := r.read(u)
	if err != nil {
		return nil, &LoadError{Location: location, Err: err}
	}
	return load(data, location, u, r)
}

// LoadData parses a description already in memory. location names it in
// errors and anchors relative $refs and server URLs; it may be empty, in
// which case external $refs are refused.
func LoadData(data []byte, location string) (*Description, error) {
	return LoadDataWith(context.Background(), data, location, LoadOptions{})
}

// LoadDataWith is [LoadData] with the options external $refs are read
// with.
func LoadDataWith(ctx context.Context, data []byte, location string, opts LoadOptions) (*Description, error) {
	r := newReader(ctx, opts)
	u, err := r.locationURL(location)
	if err != nil {
		return nil, &LoadError{Location: location, Err: err}
	}
	r.remoteRoot = isRemote(u)
	return load(data, location, u, r)
}

// load detects the version, converts Swagger 2.0 and builds the Description.
func load(data []byte, location string, u *url.URL, r *reader) (*Description, error) {
	root, version, err := sniff(data)
	if err != nil {
		return nil, positioned(location, err, nil)
	}

	var doc *openapi3.T
	if version == "2.0" {
		doc, err = loadV2(data, u, r)
	} else {
		doc, err = loadV3(data, u, r)
	}
	if err != nil {
		return nil, positioned(location, err, root)
	}
	return newDescription(doc, location, u, version), nil
}

// header holds the two fields that tell the description's version apart.
type header struct {
	Swagger string `yaml:"swagger"`
	OpenAPI string `yaml:"openapi"`
}

// sniff parses data as YAML (a superset of JSON) and returns its root node
// and the declared version.
func sniff(data []byte) (*yaml.Node, string, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, "", err
	}
	var h header
	if err := root.Decode(&h); err != nil {
		return &root, "", fmt.Errorf("not an OpenAPI document: %w", err)
	}

	switch {
	case h.Swagger == "2.0":
		return &root, "2.0", nil
	case h.Swagger != "":
		return &root, "", fmt.Errorf("swagger version %q is not supported (want 2.0): %w",
			h.Swagger, errors.ErrUnsupported)
	case strings.HasPrefix(h.OpenAPI, "3."):
		return &root, h.OpenAPI, nil
	case h.OpenAPI != "":
		return &root, "", fmt.Errorf("openapi version %q is not supported (want 3.x): %w",
			h.OpenAPI, errors.ErrUnsupported)
	}
	return &root, "", errors.New("not an OpenAPI document: no openapi or swagger field")
}

func loadV3(data []byte, u *url.URL, r *reader) (*openapi3.T, error) {
	l := r.loader(u)
	if u == nil {
		return l.LoadFromData(data)
	}
	return l.LoadFromDataWithPath(data, u)
}

func loadV2(data []byte, u *url.URL, r *reader) (*openapi3.T, error) {
	var doc2 openapi2.T
	if err := openapi2.UnmarshalFromData(data, &doc2); err != nil {
		return nil, err
	}
	doc, err := openapi2conv.ToV3WithLoader(&doc2, r.loader(u), u)
	if err != nil {
		return nil, fmt.Errorf("convert swagger 2.0: %w", err)
	}
	return doc, nil
}

// locationURL turns a file path or URL into the URL kin-openapi resolves
// $refs against. Empty locations give nil.
func (r *reader) locationURL(location string) (*url.URL, error) {
	if location == "" {
		return nil, nil
	}
	if u, err := url.Parse(location); err == nil && isRemote(u) {
		return u, nil
	}
	if strings.Contains(location, "://") {
		return nil, fmt.Errorf("unsupported location scheme (want a file path or http(s) URL): %w",
			errors.ErrUnsupported)
	}
	if r.fs != nil {
		return &url.URL{Path: path.Clean(filepath.ToSlash(location))}, nil // relative to the FS's root
	}
	abs, err := filepath.Abs(location)
	if err != nil {
		return nil, fmt.Errorf("resolve path: %w", err)
	}
	return &url.URL{Path: filepath.ToSlash(abs)}, nil
}

func isRemote(u *url.URL) bool {
	return u != nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// reader fetches documents for the loader with the size and time limits.
type reader struct {
	ctx        context.Context
	client     *http.Client
	maxBytes   int64
	timeout    time.Duration
	remoteRoot bool  // a remote root may not pull in local files
	fs         fs.FS // where local files are read from; nil for the operating system's
	cache      map[string][]byte
}

func newReader(ctx context.Context, opts LoadOptions) *reader {
	r := &reader{ctx: ctx, client: opts.HTTPClient, maxBytes: opts.MaxBytes, timeout: opts.Timeout, fs: opts.FS}
	if r.client == nil {
		r.client = http.DefaultClient
	}
	if r.maxBytes <= 0 {
		r.maxBytes = DefaultMaxBytes
	}
	if r.timeout <= 0 {
		r.timeout = DefaultTimeout
	}
	return r
}

// loader returns a kin-openapi loader whose reads go through r. External
// refs are allowed only when the root has a location to resolve them from.
func (r *reader) loader(u *url.URL) *openapi3.Loader {
	l := openapi3.NewLoader()
	l.Context = r.ctx
	l.IsExternalRefsAllowed = u != nil
	l.ReadFromURIFunc = func(_ *openapi3.Loader, loc *url.URL) ([]byte, error) {
		if u == nil {
			return nil, fmt.Errorf("external $ref %q needs a document location", loc)
		}
		return r.read(loc)
	}
	return l
}

// read fetches one document by URL or file path, once per location.
func (r *reader) read(u *url.URL) ([]byte, error) {
	key := u.String()
	if data, ok := r.cache[key]; ok {
		return data, nil
	}
	data, err := r.readUncached(u)
	if err == nil {
		if r.cache == nil {
			r.cache = make(map[string][]byte)
		}
		r.cache[key] = data
	}
	return data, err
}

func (r *reader) readUncached(u *url.URL) ([]byte, error) {
	if isRemote(u) {
		return r.fetch(u)
	}
	if u.Scheme != "" && u.Scheme != "file" {
		return nil, fmt.Errorf("read %s: unsupported scheme %q: %w",
			RedactURL(u.String()), u.Scheme, errors.ErrUnsupported)
	}
	if r.remoteRoot {
		return nil, fmt.Errorf("read %s: a remote description may not refer to local files", u.Path)
	}
	return r.readFile(u.Path)
}

// readFile reads a local file, named by a slash-separated path, from the
// reader's FS or else from the operating system's files.
func (r *reader) readFile(name string) ([]byte, error) {
	var f fs.File
	var err error
	if r.fs != nil {
		clean := path.Clean(name)
		if !fs.ValidPath(clean) {
			return nil, fmt.Errorf("read %s: not a path inside the files given (relative, without ..)", name)
		}
		f, err = r.fs.Open(clean)
	} else {
		f, err = os.Open(filepath.FromSlash(name))
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return r.limited(f, name)
}

// fetch GETs a remote document within the timeout and size limit.
func (r *reader) fetch(u *url.URL) ([]byte, error) {
	ctx, cancel := context.WithTimeout(r.ctx, r.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/yaml, application/json;q=0.9, */*;q=0.5")

	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("get %s: status %s", RedactURL(u.String()), resp.Status)
	}
	return r.limited(resp.Body, RedactURL(u.String()))
}

func (r *reader) limited(src io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(src, r.maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > r.maxBytes {
		return nil, fmt.Errorf("read %s: %w (%d bytes)", name, ErrTooLarge, r.maxBytes)
	}
	return data, nil
}

var (
	lineRE = regexp.MustCompile(`\bline (\d+)(?::(\d+))?`)
	refRE  = regexp.MustCompile(`"([^"]*#[^"]*)"`)
)

// positioned wraps err in a LoadError, taking the line from the YAML
// library's message or, for a broken $ref, from where root mentions it.
func positioned(location string, err error, root *yaml.Node) error {
	var le *LoadError
	if errors.As(err, &le) {
		return err
	}
	le = &LoadError{Location: location, Err: err}
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		le.Line, _ = strconv.Atoi(m[1])
		if m[2] != "" {
			le.Column, _ = strconv.Atoi(m[2])
		}
		return le
	}
	if m := refRE.FindStringSubmatch(err.Error()); m != nil && root != nil {
		if n := findRef(root, m[1]); n != nil {
			le.Line, le.Column = n.Line, n.Column
		}
	}
	return le
}

// findRef returns the first $ref value node in n that equals ref or ends
// with its fragment.
func findRef(n *yaml.Node, ref string) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "$ref" && v.Kind == yaml.ScalarNode && refMatches(v.Value, ref) {
				return v
			}
		}
	}
	for _, c := range n.Content {
		if found := findRef(c, ref); found != nil {
			return found
		}
	}
	return nil
}

func refMatches(value, ref string) bool {
	if value == ref {
		return true
	}
	_, frag, ok := strings.Cut(ref, "#")
	return ok && strings.HasSuffix(value, "#"+frag)
}

// RedactURL hides the password of a URL that carries one, for error
// messages and logs.
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
