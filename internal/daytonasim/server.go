package daytonasim

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Config tunes a simulated API. The zero value is usable.
type Config struct {
	// Token is the accepted bearer token. When empty, any non-empty
	// bearer token is accepted; a missing one still gets 401.
	Token string

	// PollsUntilStarted is how many GETs of a sandbox still report a
	// provisioning phase before "started" (default 2). A negative value
	// makes the first GET report "started".
	PollsUntilStarted int

	// Phases are the states reported before "started", spread evenly
	// over the polls (default {"creating"}). With Phases {"creating",
	// "pulling_snapshot", "starting"} and 3 polls, each shows once.
	Phases []string

	// ErrorSnapshot names a snapshot whose sandboxes end in state
	// "error" instead of "started". It is accepted by POST like
	// daytona-small.
	ErrorSnapshot string

	// ErrorReason is the errorReason of failed sandboxes
	// (default "Timeout while creating sandbox").
	ErrorReason string

	// MinPollInterval is the shortest gap allowed between two GETs of
	// one sandbox; a GET sooner than that gets 429. Zero disables it.
	MinPollInterval time.Duration

	// Clock returns the current time (default time.Now).
	Clock func() time.Time
}

// Request is one request as the simulator received it.
type Request struct {
	Method string
	Path   string // URL path, including the /api prefix
	Query  url.Values
	Header http.Header
	Body   []byte
	Time   time.Time // from Config.Clock
	Status int       // the status code the simulator answered with
}

// Server is a running simulator. Its methods are safe for concurrent use.
type Server struct {
	cfg  Config
	http *httptest.Server
	org  string // the single organization's id
	run  string // the single runner's id

	mu        sync.Mutex
	requests  []Request
	sandboxes []*sandbox // in creation order
	limits    map[string]*window
}

// New starts a simulator on a loopback address. Close it when done.
func New(cfg Config) *Server {
	s := &Server{
		cfg:    withDefaults(cfg),
		org:    newUUID(),
		run:    newUUID(),
		limits: map[string]*window{},
	}
	s.http = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// withDefaults fills in the documented defaults.
func withDefaults(cfg Config) Config {
	if cfg.PollsUntilStarted == 0 {
		cfg.PollsUntilStarted = 2
	}
	if cfg.PollsUntilStarted < 0 {
		cfg.PollsUntilStarted = 0
	}
	if len(cfg.Phases) == 0 {
		cfg.Phases = []string{"creating"}
	}
	if cfg.ErrorReason == "" {
		cfg.ErrorReason = "Timeout while creating sandbox"
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	return cfg
}

// URL returns the API base URL, such as http://127.0.0.1:PORT/api.
func (s *Server) URL() string { return s.http.URL + "/api" }

// Close shuts the server down, waiting for requests in flight.
func (s *Server) Close() { s.http.Close() }

// Requests returns a copy of every request received, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = r.clone()
	}
	return out
}

// clone copies r deeply, so callers cannot change the server's record.
func (r Request) clone() Request {
	r.Query = url.Values(http.Header(r.Query).Clone())
	r.Header = r.Header.Clone()
	r.Body = bytes.Clone(r.Body)
	return r
}

// Count reports how many requests the server has received.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// serve records the request and routes it.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	r.Body = io.NopCloser(bytes.NewReader(body))
	idx := s.record(r, body)
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	w = rec
	defer s.setStatus(idx, rec)

	const prefix = "/api/sandbox"
	path := r.URL.Path
	key, isItem := strings.CutPrefix(path, prefix+"/")
	switch {
	case path == prefix && r.Method == http.MethodPost:
		s.create(w, r, body)
	case isItem && key != "" && !strings.Contains(key, "/") && r.Method == http.MethodGet:
		s.get(w, r, key)
	default:
		// Unmatched routes never reach the guards, so no 401 here.
		s.fail(w, r, http.StatusNotFound, "Cannot "+r.Method+" "+path)
	}
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (s *Server) setStatus(i int, rec *statusRecorder) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[i].Status = rec.status
}

func (s *Server) record(r *http.Request, body []byte) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  r.URL.Query(),
		Header: r.Header.Clone(),
		Body:   body,
		Time:   s.cfg.Clock(),
	})
	return len(s.requests) - 1
}
