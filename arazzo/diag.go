package arazzo

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a diagnostic stops a document from running.
type Severity int

const (
	SeverityError   Severity = iota // the document cannot run as written
	SeverityWarning                 // it runs, but probably not as the author meant
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// MarshalText encodes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one finding about a document.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`    // stable kebab-case identifier
	Message  string   `json:"message"` // lowercase, names what was expected
	Pos      Pos      `json:"-"`
	Path     string   `json:"path,omitempty"` // spec path, e.g. workflows[0].steps[1]
	// Detail, when set, is an extra line of context (such as an expression
	// with a caret under the fault) shown after the source line.
	Detail string `json:"detail,omitempty"`
}

// MarshalJSON writes the diagnostic with its position as file, line and
// column after the other fields.
func (d Diagnostic) MarshalJSON() ([]byte, error) {
	type fields Diagnostic // the same fields, without this method
	return json.Marshal(struct {
		fields
		File   string `json:"file"`
		Line   int    `json:"line"`
		Column int    `json:"column"`
	}{fields(d), d.Pos.File, d.Pos.Line, d.Pos.Col})
}

// Error formats the diagnostic as file:line:col: path: message.
func (d Diagnostic) Error() string {
	var b strings.Builder
	if s := d.Pos.String(); s != "" {
		b.WriteString(s)
		b.WriteString(": ")
	}
	if d.Severity == SeverityWarning {
		b.WriteString("warning: ")
	}
	if d.Path != "" {
		b.WriteString(d.Path)
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// Diagnostics is a list of findings. As an error it reports its errors;
// warnings alone do not make it an error (see [Diagnostics.Err]).
type Diagnostics []Diagnostic

// Error joins the error-level diagnostics, one per line.
func (ds Diagnostics) Error() string {
	var lines []string
	for _, d := range ds {
		if d.Severity == SeverityError {
			lines = append(lines, d.Error())
		}
	}
	return strings.Join(lines, "\n")
}

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Err returns ds as an error when it holds errors, and nil otherwise.
// Return this rather than ds itself from a function whose result is an
// error: an empty Diagnostics converted to error is not a nil error.
func (ds Diagnostics) Err() error {
	if ds.HasErrors() {
		return ds
	}
	return nil
}

// errorsOf returns the error-level diagnostics located in file.
func (ds Diagnostics) errorsOf(file string) Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == SeverityError && d.Pos.File == file {
			out = append(out, d)
		}
	}
	return out
}

// Warnings returns the warning-level diagnostics.
func (ds Diagnostics) Warnings() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == SeverityWarning {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders the diagnostics by file and position, keeping the order of
// findings at the same place.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Pos.Before(ds[j].Pos) })
}

// reporter collects diagnostics while a document is decoded or checked.
type reporter struct {
	diags Diagnostics
}

func (r *reporter) errorf(pos Pos, path, code, format string, args ...any) {
	r.add(SeverityError, pos, path, code, fmt.Sprintf(format, args...))
}

func (r *reporter) warnf(pos Pos, path, code, format string, args ...any) {
	r.add(SeverityWarning, pos, path, code, fmt.Sprintf(format, args...))
}

func (r *reporter) add(sev Severity, pos Pos, path, code, msg string) {
	r.diags = append(r.diags, Diagnostic{Severity: sev, Code: code, Message: msg, Pos: pos, Path: path})
}
