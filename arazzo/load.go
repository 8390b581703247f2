package arazzo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/arazzo-run/arazzo/openapi"
	"go.yaml.in/yaml/v3"
)

// LoadOptions controls how a document and its sources are read.
type LoadOptions struct {
	// HTTPClient fetches remote (http or https) sources. Nil means a client
	// with a 30 second timeout.
	HTTPClient *http.Client
	// MaxSourceBytes bounds the size of a remote source; 0 means 32 MiB.
	MaxSourceBytes int64
	// SourceURLs replaces the URL of the named source descriptions, for
	// running a document against a local copy of its descriptions.
	SourceURLs map[string]string
	// URLMap redirects a source location, after it is resolved, to another
	// path or URL: a remote description read from a local copy. It applies
	// to the sources of nested Arazzo documents too; see [ReadURLMap].
	URLMap map[string]string
	// FS, when set, holds the files that local paths name (the document
	// given to Load, its sources, their $refs): they are read from it, as
	// slash-separated paths relative to its root, and not from the
	// operating system's files. An embed.FS or fstest.MapFS lets a
	// program run documents it carries in memory.
	FS fs.FS
}

// Source is a source description together with the document it names.
type Source struct {
	*SourceDescription
	Kind     string               // openapi, arazzo or asyncapi, as written or recognised
	Location string               // resolved path or URL
	OpenAPI  *openapi.Description // set for openapi sources
	Arazzo   *Document            // set for arazzo sources
	AsyncAPI map[string]any       // set for asyncapi sources (indexed only)
}

// loader reads a document and, recursively, the sources it names.
type loader struct {
	opts   LoadOptions
	client *http.Client
	stack  []string // locations being loaded, to detect cycles
	cache  map[string]*Document
}

// Load reads the Arazzo document at path (a file path or an http(s) URL),
// loads every source description it names, binds each step to its
// operation or workflow and validates the whole. The document is returned
// whenever it could be parsed; the diagnostics hold every problem found,
// errors and warnings alike, sorted by position.
func Load(ctx context.Context, path string, opts LoadOptions) (*Document, Diagnostics) {
	l := &loader{opts: opts, client: opts.HTTPClient, cache: map[string]*Document{}}
	if l.client == nil {
		l.client = &http.Client{Timeout: 30 * time.Second}
	}
	doc, diags := l.load(ctx, path)
	diags.Sort()
	return doc, diags
}

// LoadData is like [Load] for a document already in memory. Relative
// source URLs resolve against file's directory.
func LoadData(ctx context.Context, data []byte, file string, opts LoadOptions) (*Document, Diagnostics) {
	l := &loader{opts: opts, client: opts.HTTPClient, cache: map[string]*Document{}}
	if l.client == nil {
		l.client = &http.Client{Timeout: 30 * time.Second}
	}
	doc, diags := l.loadData(ctx, data, file)
	diags.Sort()
	return doc, diags
}

func (l *loader) load(ctx context.Context, location string) (*Document, Diagnostics) {
	data, err := l.read(ctx, location)
	if err != nil {
		return nil, Diagnostics{{Severity: SeverityError, Code: "unreadable", Message: err.Error(), Pos: Pos{File: location}}}
	}
	return l.loadData(ctx, data, location)
}

func (l *loader) loadData(ctx context.Context, data []byte, location string) (*Document, Diagnostics) {
	doc, diags := Parse(data, location)
	if doc == nil {
		return nil, diags
	}
	l.cache[location] = doc
	l.stack = append(l.stack, location)
	defer func() { l.stack = l.stack[:len(l.stack)-1] }()

	r := &reporter{diags: diags}
	doc.sources = l.sources(ctx, doc, r)
	validate(doc, r)
	doc.errors = r.diags.errorsOf(location)
	return doc, r.diags
}

// sources loads every source description of doc.
func (l *loader) sources(ctx context.Context, doc *Document, r *reporter) map[string]*Source {
	out := make(map[string]*Source, len(doc.SourceDescriptions))
	for _, sd := range doc.SourceDescriptions {
		if sd.Name == "" || sd.URL == "" || out[sd.Name] != nil {
			continue // reported by validation
		}
		if src := l.source(ctx, doc, sd, r); src != nil {
			out[sd.Name] = src
		}
	}
	return out
}

func (l *loader) source(ctx context.Context, doc *Document, sd *SourceDescription, r *reporter) *Source {
	raw := sd.URL
	if u, ok := l.opts.SourceURLs[sd.Name]; ok {
		raw = u
	}
	loc, err := resolveLocation(doc, raw)
	if err != nil {
		r.errorf(sd.FieldPos("url"), sd.FieldPath("url"), "bad-source-url", "%v", err)
		return nil
	}
	if to, ok := l.opts.URLMap[loc]; ok {
		loc = to
	}
	src := &Source{SourceDescription: sd, Location: loc}
	data, err := l.read(ctx, loc)
	if err != nil {
		l.unreadable(doc, sd, loc, err, r)
		return nil
	}
	src.Kind = sd.Type
	if src.Kind != "openapi" && src.Kind != "arazzo" && src.Kind != "asyncapi" {
		src.Kind = sniffKind(data) // no type, or one reported as invalid
	}
	if !l.parseSource(ctx, src, data, r) {
		return nil
	}
	return src
}

// unreadable records a source that could not be read. The document may
// well be right and the source merely out of reach (no network, a file
// not checked out), so this is a warning; the checks that need the source
// are skipped, and [Document.Runnable] refuses a workflow that needs it.
func (l *loader) unreadable(doc *Document, sd *SourceDescription, loc string, err error, r *reporter) {
	code, what := "source-unreachable", "cannot fetch"
	if !isRemote(loc) {
		code, what = "source-not-found", "cannot read"
	}
	reason := fmt.Sprintf("%s source %q from %s: %v", what, sd.Name, openapi.RedactURL(loc), unwrapPathError(err))
	if doc.unloaded == nil {
		doc.unloaded = map[string]string{}
	}
	doc.unloaded[sd.Name] = reason
	r.warnf(sd.FieldPos("url"), sd.FieldPath("url"), code, "%s; checks that need it are skipped", reason)
}

func isRemote(loc string) bool {
	return strings.HasPrefix(loc, "http://") || strings.HasPrefix(loc, "https://")
}

// unwrapPathError drops the repeated file name from an *os.PathError.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// parseSource decodes a source's bytes according to its kind.
func (l *loader) parseSource(ctx context.Context, src *Source, data []byte, r *reporter) bool {
	pos, path := src.FieldPos("url"), src.FieldPath("url")
	switch src.Kind {
	case "openapi":
		d, err := openapi.LoadDataWith(ctx, data, src.Location, openapi.LoadOptions{
			HTTPClient: l.client, MaxBytes: l.opts.MaxSourceBytes, FS: l.opts.FS})
		if err != nil {
			r.errorf(pos, path, "source-invalid", "source %q: %v", src.Name, err)
			return false
		}
		src.OpenAPI = d
	case "arazzo":
		return l.arazzoSource(ctx, src, data, r)
	case "asyncapi":
		var m map[string]any
		if err := yaml.Unmarshal(data, &m); err != nil {
			r.errorf(pos, path, "source-invalid", "source %q: invalid AsyncAPI document: %v", src.Name, err)
			return false
		}
		src.AsyncAPI = m
	default:
		r.errorf(pos, path, "source-unknown-type", "source %q is neither OpenAPI, AsyncAPI nor Arazzo (set its type)", src.Name)
		return false
	}
	return true
}

func (l *loader) arazzoSource(ctx context.Context, src *Source, data []byte, r *reporter) bool {
	for _, loc := range l.stack {
		if loc == src.Location {
			r.errorf(src.FieldPos("url"), src.FieldPath("url"), "source-cycle",
				"source %q refers back to %s: %s", src.Name, loc, strings.Join(append(l.stack, loc), " -> "))
			return false
		}
	}
	if doc, ok := l.cache[src.Location]; ok {
		src.Arazzo = doc
		return true
	}
	doc, diags := l.loadData(ctx, data, src.Location)
	for _, d := range diags {
		if d.Severity == SeverityError {
			r.errorf(src.FieldPos("url"), src.FieldPath("url"), "source-invalid", "source %q: %s", src.Name, d.Error())
		}
	}
	src.Arazzo = doc
	return doc != nil
}

// sniffKind recognises a source without a type from its root key.
func sniffKind(data []byte) string {
	var root map[string]any
	if yaml.Unmarshal(data, &root) != nil {
		return ""
	}
	for _, k := range []string{"openapi", "swagger", "asyncapi", "arazzo"} {
		if _, ok := root[k]; ok {
			if k == "swagger" {
				return "openapi"
			}
			return k
		}
	}
	return ""
}

// resolveLocation resolves a source URL against the document's location,
// or against $self in 1.1 documents that set it.
func resolveLocation(doc *Document, raw string) (string, error) {
	ref, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("invalid source URL %q: %w", raw, err)
	}
	if ref.Scheme == "http" || ref.Scheme == "https" {
		return raw, nil
	}
	if ref.Scheme == "file" {
		return ref.Path, nil
	}
	base := doc.File
	if doc.IsV11() && doc.Self != "" {
		base = doc.Self
	}
	if b, err := url.Parse(base); err == nil && (b.Scheme == "http" || b.Scheme == "https") {
		return b.ResolveReference(ref).String(), nil
	}
	p, err := url.PathUnescape(ref.Path)
	if err != nil {
		p = ref.Path
	}
	if filepath.IsAbs(p) {
		return p, nil
	}
	return filepath.Join(filepath.Dir(base), filepath.FromSlash(p)), nil
}

// read returns the bytes at a file path or http(s) URL.
func (l *loader) read(ctx context.Context, location string) ([]byte, error) {
	if !isRemote(location) {
		return l.readLocal(location)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, location, nil)
	if err != nil {
		return nil, err
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", location, resp.Status)
	}
	limit := l.opts.MaxSourceBytes
	if limit <= 0 {
		limit = MaxDocumentSize
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", location, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("GET %s: larger than the limit of %d bytes", location, limit)
	}
	return data, nil
}

// AllSources returns the sources of the document and, further down, of
// every Arazzo document among them, whose workflows a run may reach. Each
// document is visited once, its sources in name order; a name may repeat
// across documents.
func (d *Document) AllSources() []*Source {
	var out []*Source
	seen := map[*Document]bool{}
	var visit func(*Document)
	visit = func(doc *Document) {
		if seen[doc] {
			return
		}
		seen[doc] = true
		for _, name := range slices.Sorted(maps.Keys(doc.sources)) {
			src := doc.sources[name]
			out = append(out, src)
			if src.Arazzo != nil {
				visit(src.Arazzo)
			}
		}
	}
	visit(d)
	return out
}

// readLocal reads a local file, from LoadOptions.FS when one is given.
func (l *loader) readLocal(name string) ([]byte, error) {
	if l.opts.FS == nil {
		return os.ReadFile(name)
	}
	clean := path.Clean(filepath.ToSlash(name))
	if !fs.ValidPath(clean) {
		return nil, fmt.Errorf("%s is not a path inside LoadOptions.FS (relative, without ..)", name)
	}
	return fs.ReadFile(l.opts.FS, clean)
}

// Sources returns the loaded source descriptions by name. A source that
// could not be loaded is absent (and reported in the diagnostics).
func (d *Document) Sources() map[string]*Source { return d.sources }

// ReadURLMap reads a URL map for [LoadOptions.URLMap]: one redirection a
// line, the remote URL and the location to read instead separated by a
// tab, further columns ignored; blank lines and lines starting with # are
// skipped. A relative location resolves against the map file's directory.
func ReadURLMap(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read url map: %w", err)
	}
	m := map[string]string{}
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		from, to, ok := strings.Cut(line, "\t")
		to, _, _ = strings.Cut(to, "\t")
		if !ok || from == "" || to == "" {
			return nil, fmt.Errorf("%s:%d: want URL<tab>LOCATION, got %q", path, i+1, line)
		}
		if !isRemote(to) && !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(path), filepath.FromSlash(to))
		}
		m[from] = to
	}
	return m, nil
}
