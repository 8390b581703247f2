package daytonasim

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// apiError is the body the API's global exception filter writes.
type apiError struct {
	Path       string `json:"path"` // request URL, query included
	Timestamp  string `json:"timestamp"`
	StatusCode int    `json:"statusCode"`
	Error      string `json:"error"` // the status's reason phrase
	Message    string `json:"message"`
}

// fail writes an error in the exception filter's shape.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	writeJSON(w, status, apiError{
		Path:       r.URL.RequestURI(),
		Timestamp:  isoTime(s.cfg.Clock()),
		StatusCode: status,
		Error:      http.StatusText(status),
		Message:    msg,
	})
}

// failBadJSON writes the body-parser's answer to malformed JSON, which
// bypasses the exception filter and so has no path or timestamp.
func failBadJSON(w http.ResponseWriter) {
	writeJSON(w, http.StatusBadRequest, struct {
		Message    string `json:"message"`
		Error      string `json:"error"`
		StatusCode int    `json:"statusCode"`
	}{"Invalid JSON in request body", "Bad Request", http.StatusBadRequest})
}

// writeJSON writes v as the response body with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		// Only our own fixed types reach here; failing to encode is a bug.
		panic("daytonasim: encode response: " + err.Error())
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	w.Write(data)
}

// isoTime formats t as JavaScript's toISOString does: UTC, milliseconds, Z.
func isoTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}
