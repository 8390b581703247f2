package reporttest

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// field kinds in a HAR document.
const (
	str    = "string"
	num    = "number"
	obj    = "object"
	arr    = "array"
	pairs  = "pairs"  // an array of {name, value} objects
	timing = "timing" // a number that is -1 or not negative
	phase  = "phase"  // a number that is not negative
)

// harFields are the fields HAR 1.2 requires of each object, by path.
var harFields = map[string]map[string]string{
	"log":     {"version": str, "creator": obj, "entries": arr},
	"creator": {"name": str, "version": str},
	"entry": {"startedDateTime": str, "time": num, "request": obj, "response": obj,
		"cache": obj, "timings": obj},
	"request": {"method": str, "url": str, "httpVersion": str, "cookies": pairs, "headers": pairs,
		"queryString": pairs, "headersSize": num, "bodySize": num},
	"response": {"status": num, "statusText": str, "httpVersion": str, "cookies": pairs,
		"headers": pairs, "content": obj, "redirectURL": str, "headersSize": num, "bodySize": num},
	"content": {"size": num, "mimeType": str},
	"timings": {"send": phase, "wait": phase, "receive": phase},
}

// harOptional are optional fields whose form is still fixed.
var harOptional = map[string]map[string]string{
	"timings":  {"blocked": timing, "dns": timing, "connect": timing, "ssl": timing},
	"postData": {"mimeType": str},
}

// ValidateHAR checks that data is JSON with every field HAR 1.2 requires,
// of the right type, and returns every problem found.
func ValidateHAR(data []byte) error {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	h := &harChecker{}
	log := h.object("", doc, "log")
	if log == nil {
		return errors.Join(h.errs...)
	}
	h.fields("log", "log", log)
	if creator, ok := log["creator"].(map[string]any); ok {
		h.fields("log.creator", "creator", creator)
	}
	entries, _ := log["entries"].([]any)
	for i, e := range entries {
		h.entry(fmt.Sprintf("log.entries[%d]", i), e)
	}
	return errors.Join(h.errs...)
}

type harChecker struct {
	errs []error
}

func (h *harChecker) addf(format string, args ...any) {
	h.errs = append(h.errs, fmt.Errorf(format, args...))
}

func (h *harChecker) object(where string, parent map[string]any, name string) map[string]any {
	m, ok := parent[name].(map[string]any)
	if !ok {
		h.addf("%s: %s is missing or not an object", where, name)
	}
	return m
}

func (h *harChecker) entry(where string, e any) {
	m, ok := e.(map[string]any)
	if !ok {
		h.addf("%s: not an object", where)
		return
	}
	h.fields(where, "entry", m)
	if s, ok := m["startedDateTime"].(string); ok {
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			h.addf("%s.startedDateTime %q is not an ISO 8601 date and time", where, s)
		}
	}
	for _, part := range []string{"request", "response", "timings"} {
		if sub, ok := m[part].(map[string]any); ok {
			h.fields(where+"."+part, part, sub)
		}
	}
	if resp, ok := m["response"].(map[string]any); ok {
		if content, ok := resp["content"].(map[string]any); ok {
			h.fields(where+".response.content", "content", content)
		}
	}
	if req, ok := m["request"].(map[string]any); ok {
		if pd, ok := req["postData"].(map[string]any); ok {
			h.fields(where+".request.postData", "postData", pd)
		}
	}
}

// fields checks the required and optional fields of the object kind.
func (h *harChecker) fields(where, kind string, m map[string]any) {
	for name, want := range harFields[kind] {
		v, ok := m[name]
		if !ok {
			h.addf("%s: missing %s", where, name)
			continue
		}
		h.value(where+"."+name, v, want)
	}
	for name, want := range harOptional[kind] {
		if v, ok := m[name]; ok {
			h.value(where+"."+name, v, want)
		}
	}
}

func (h *harChecker) value(where string, v any, want string) {
	ok := true
	switch want {
	case str:
		_, ok = v.(string)
	case obj:
		_, ok = v.(map[string]any)
	case arr:
		_, ok = v.([]any)
	case num:
		_, ok = v.(float64)
	case timing, phase:
		f, isNum := v.(float64)
		ok = isNum && (f >= 0 || (want == timing && f == -1))
	case pairs:
		ok = isPairs(v)
	}
	if !ok {
		h.addf("%s: %v is not a valid %s", where, v, want)
	}
}

func isPairs(v any) bool {
	list, ok := v.([]any)
	if !ok {
		return false
	}
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return false
		}
		if _, ok := m["name"].(string); !ok {
			return false
		}
		if _, ok := m["value"].(string); !ok {
			return false
		}
	}
	return true
}
