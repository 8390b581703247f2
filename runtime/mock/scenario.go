package mock

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/arazzo-run/arazzo/internal/yamlerr"
	"go.yaml.in/yaml/v3"
)

// Scenario holds the canned responses of a scenario file and serves them
// in order. It is safe for concurrent use.
type Scenario struct {
	file string                // name used in messages, usually the path
	ops  map[string]*operation // keyed by operationId or "METHOD /path"

	mu sync.Mutex // guards the served counters below ops
}

// operation is one scenario key's queue of responses.
type operation struct {
	id        string // the key: an operationId or "METHOD /path"
	line, col int    // position of the key in the file
	responses []*response
	next      int // index of the response to serve next
}

// response is one entry of an operation's list.
type response struct {
	line, col int // position of the entry in the file
	status    int
	header    http.Header
	body      []byte
	times     int // how often to serve it
	served    int // how often it was served so far
	delay     time.Duration
}

// ParseError reports a problem in a scenario file.
type ParseError struct {
	File      string
	Line, Col int    // 1-based; zero when unknown
	Path      string // e.g. operations.getSandbox[2].status; may be empty
	Msg       string
}

// Error returns "file:line:col: path: message", leaving out unknown parts.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	if e.Path != "" {
		b.WriteString(": " + e.Path)
	}
	return b.String() + ": " + e.Msg
}

// Load reads and parses the scenario file at path.
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load mock scenario: %w", err)
	}
	return Parse(data, path)
}

// Parse parses a scenario document. The name stands for the file in
// messages. All problems found are returned together, joined.
func Parse(data []byte, name string) (*Scenario, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(name, data, err)
	}

	p := &parser{file: name}
	s := &Scenario{file: name, ops: map[string]*operation{}}
	p.document(&doc, s)
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return s, nil
}

// Operations returns the scenario's operation keys, sorted: operationIds,
// and "METHOD /path" for operations keyed by method and path template
// (with the method in upper case, as [openapi.Operation.Name] has it).
func (s *Scenario) Operations() []string {
	ids := make([]string, 0, len(s.ops))
	for id := range s.ops {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Position reports where the key of an operation, as named by
// [Scenario.Operations], stands in the scenario file; zeros when the
// scenario lacks it.
func (s *Scenario) Position(operation string) (line, col int) {
	op, ok := s.ops[operation]
	if !ok {
		return 0, 0
	}
	return op.line, op.col
}

// Responses reports how many responses the operation serves in total,
// counting each entry's times; zero when the scenario lacks it.
func (s *Scenario) Responses(operation string) int {
	op, ok := s.ops[operation]
	if !ok {
		return 0
	}
	return op.total()
}

func (op *operation) total() int {
	n := 0
	for _, r := range op.responses {
		n += r.times
	}
	return n
}

// syntaxError turns a yaml.v3 error into a ParseError at the fault (see
// package yamlerr).
func syntaxError(file string, data []byte, err error) error {
	e := yamlerr.Locate(data, err)
	return &ParseError{File: file, Line: e.Line, Col: e.Col, Msg: e.Msg}
}
