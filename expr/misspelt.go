package expr

// This file finds text that looks like a runtime expression with its
// source misspelt ("$input.item" for "$inputs.item"). Such text is no
// expression, so it is sent as written; a validator can still point at it.

import (
	"strings"

	"github.com/arazzo-run/arazzo/internal/spell"
)

// Misspelling is a "$word" in the literal text of a template whose word
// is no source but is close to one, and which parses once the source is
// spelt right.
type Misspelling struct {
	Offset int    // byte offset of the "$" in the template
	Text   string // as written, e.g. "$input.item"
	Want   string // the likely meaning, e.g. "$inputs.item"
}

// Misspellings returns the near misses of runtime expressions in the
// literal text of t: a source word differing from a real one in case
// ($Inputs), in number ($input, $step, $responses) or by a slip of one
// letter, two in long words ($respone), that parses once the source is
// spelt right. Ordinary text such as "$5", "$HOME", "costs $100" or a
// shell's "$URL" or "echo $input" has none: capitals are taken for shell
// variables, and a whole map ($inputs) is no likely meaning.
func (t *Template) Misspellings() []Misspelling {
	var out []Misspelling
	off := 0
	for _, p := range t.parts {
		if p.e != nil {
			if braced := "{" + p.e.src + "}"; strings.HasPrefix(t.src[off:], braced) {
				off += len(braced)
			} else {
				off += len(p.e.src)
			}
			continue
		}
		for i := range len(p.lit) {
			if p.lit[i] != '$' {
				continue
			}
			if m, ok := misspelling(t.src, off+i); ok {
				out = append(out, m)
			}
		}
		off += len(p.lit)
	}
	return out
}

// misspelling checks the "$" at i of s.
func misspelling(s string, i int) (Misspelling, bool) {
	if i > 0 && (isIDStrict(s[i-1]) || s[i-1] == '$') {
		return Misspelling{}, false
	}
	c := cursor{src: s, pos: i + 1}
	w := c.take(isAlpha)
	name := nearSource(w)
	if name == "" {
		return Misspelling{}, false
	}
	fixed := "$" + name + s[c.pos:]
	e, end, err := bareExpr(fixed, 0, ParseOptions{})
	if err != nil || contains(e.compat, "whole-map") {
		return Misspelling{}, false
	}
	n := end - len(name) + len(w)
	return Misspelling{Offset: i, Text: s[i : i+n], Want: fixed[:end]}, true
}

// nearSource returns the source name that w, which is none, most likely
// means, or "".
func nearSource(w string) string {
	if len(w) < 3 || strings.ToUpper(w) == w {
		return "" // $HOME, $URL: shell variables, not sources
	}
	lw := strings.ToLower(w)
	for _, name := range sourceNames[1:] {
		if w == name {
			return ""
		}
	}
	for _, name := range sourceNames[1:] {
		ln := strings.ToLower(name)
		if lw == ln || lw+"s" == ln || lw == ln+"s" {
			return name
		}
	}
	if len(w) < 5 {
		return ""
	}
	limit := 1
	if len(w) >= 8 {
		limit = 2
	}
	for _, name := range sourceNames[1:] {
		if spell.Distance(lw, strings.ToLower(name)) <= limit {
			return name
		}
	}
	return ""
}
