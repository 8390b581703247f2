package runtime

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{"0.5", 500 * time.Millisecond, true},
		{" 2 ", 2 * time.Second, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"Monday, 02-Jan-26 03:05:05 GMT", time.Minute, true}, // RFC 850
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.header != "" {
			h.Set("Retry-After", tt.header)
		}
		got, ok := retryAfter(h, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.header, got, ok, tt.want, tt.ok)
		}
	}
}

func TestThrottleWait(t *testing.T) {
	now := time.Now()
	tests := []struct {
		status int
		header string
		want   time.Duration
		ok     bool
	}{
		{429, "2", 2 * time.Second, true},
		{503, "1", time.Second, true},
		{500, "2", 0, false},   // only 429 and 503 are waited out
		{429, "", 0, false},    // without Retry-After the step decides
		{429, "600", 0, false}, // longer than the limit
	}
	for _, tt := range tests {
		resp := &http.Response{StatusCode: tt.status, Header: http.Header{}}
		if tt.header != "" {
			resp.Header.Set("Retry-After", tt.header)
		}
		got, ok := throttleWait(resp, time.Minute, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("throttleWait(%d, %q) = %v, %v; want %v, %v", tt.status, tt.header, got, ok, tt.want, tt.ok)
		}
	}
}
