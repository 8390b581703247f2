package spell

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"input", "inputs", 1},
		{"kitten", "sitting", 3}, {"apiToken", "apiTokn", 1}, {"same", "same", 0},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNearest(t *testing.T) {
	tests := []struct {
		name       string
		candidates []string
		want       string
	}{
		{"snapshott", []string{"snapshot", "apiToken"}, "snapshot"},
		{"APITOKEN", []string{"snapshot", "apiToken"}, "apiToken"},
		{"zzzzzz", []string{"snapshot", "apiToken"}, ""},
		{"ab", []string{"ac", "aa"}, "aa"}, // a tie goes to the first in order
	}
	for _, tt := range tests {
		if got := Nearest(tt.name, tt.candidates); got != tt.want {
			t.Errorf("Nearest(%q, %v) = %q, want %q", tt.name, tt.candidates, got, tt.want)
		}
	}
}
