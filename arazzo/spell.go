package arazzo

import "github.com/arazzo-run/arazzo/internal/spell"

// Nearest returns the candidate that name most plausibly misspells, or ""
// when none is close. Command-line front ends use it for "did you mean".
func Nearest(name string, candidates []string) string { return spell.Nearest(name, candidates) }
