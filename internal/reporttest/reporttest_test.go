package reporttest

import (
	"strings"
	"testing"
)

const goodJUnit = `<?xml version="1.0"?>
<testsuites>
  <testsuite name="w" package="w" id="0" hostname="h" timestamp="2026-12-03T10:00:00" tests="2" failures="1" errors="0" time="1.5">
    <properties><property name="status" value="failed"/></properties>
    <testcase name="a" classname="w" time="0.1"/>
    <testcase name="b" classname="w" time="0.2"><failure message="m" type="step">details</failure></testcase>
    <system-out></system-out>
    <system-err></system-err>
  </testsuite>
</testsuites>`

func TestValidateJUnit(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           string // substring of the error; "" when valid
	}{
		{"valid", "", "", ""},
		{"wrong root", "testsuites>", "suites>", "root element"},
		{"missing hostname", ` hostname="h"`, "", "missing attribute hostname"},
		{"zoned timestamp", "10:00:00", "10:00:00Z", "not a timestamp"},
		{"bad time", `time="1.5"`, `time="1.5s"`, "not a decimal"},
		{"wrong count", `tests="2"`, `tests="3"`, "tests=3, but it holds 2"},
		{"failure count", `failures="1"`, `failures="0"`, "failures=0, but it holds 1"},
		{"no system-err", "<system-err></system-err>", "", "children are"},
		{"properties last", "<properties><property name=\"status\" value=\"failed\"/></properties>", "", "children are"},
		{"failure without type", ` type="step"`, "", "missing attribute type"},
		{"testcase without classname", `name="a" classname="w"`, `name="a"`, "missing attribute classname"},
		{"unknown attribute", `<testcase name="a"`, `<testcase flaky="yes" name="a"`, "flaky is not allowed"},
		{"not XML", "</testsuites>", "", "not well-formed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := goodJUnit
			if tt.old != "" {
				doc = strings.ReplaceAll(doc, tt.old, tt.new)
			}
			checkError(t, ValidateJUnit([]byte(doc)), tt.want)
		})
	}
}

const goodHAR = `{"log": {"version": "1.2", "creator": {"name": "arazzo", "version": "dev"}, "entries": [
  {"startedDateTime": "2026-12-03T10:00:00.000Z", "time": 12.5,
   "request": {"method": "GET", "url": "http://127.0.0.1/x?a=1", "httpVersion": "HTTP/1.1",
     "cookies": [], "headers": [{"name": "Accept", "value": "*/*"}], "queryString": [{"name": "a", "value": "1"}],
     "headersSize": -1, "bodySize": 0},
   "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "cookies": [], "headers": [],
     "content": {"size": 2, "mimeType": "application/json", "text": "{}"}, "redirectURL": "",
     "headersSize": -1, "bodySize": 2},
   "cache": {}, "timings": {"blocked": -1, "send": 0, "wait": 12.5, "receive": 0}}]}}`

func TestValidateHAR(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           string
	}{
		{"valid", "", "", ""},
		{"no version", `"version": "1.2", `, "", "log: missing version"},
		{"bad date", "2026-12-03T10:00:00.000Z", "yesterday", "not an ISO 8601"},
		{"no timings", `"cache": {}, "timings"`, `"cache": {}, "timing"`, "missing timings"},
		{"negative wait", `"wait": 12.5`, `"wait": -1`, "timings.wait"},
		{"header without value", `{"name": "Accept", "value": "*/*"}`, `{"name": "Accept"}`, "request.headers"},
		{"status as text", `"status": 200`, `"status": "200"`, "response.status"},
		{"no content size", `"size": 2, `, "", "content: missing size"},
		{"not JSON", `{"log"`, `{log`, "not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := goodHAR
			if tt.old != "" {
				doc = strings.ReplaceAll(doc, tt.old, tt.new)
			}
			checkError(t, ValidateHAR([]byte(doc)), tt.want)
		})
	}
}

func checkError(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("valid document rejected: %v", err)
	case want != "" && err == nil:
		t.Errorf("invalid document accepted, want an error containing %q", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Errorf("error %q does not contain %q", err, want)
	}
}
