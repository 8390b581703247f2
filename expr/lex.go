package expr

// This file holds the character classes of the runtime-expression grammar
// and the cursor the parser reads with.

import "strings"

// cursor walks a string byte by byte; every token of the grammar is ASCII
// except inside names, which take any byte at or above 0x80.
type cursor struct {
	src string
	pos int
}

func (c *cursor) eof() bool { return c.pos >= len(c.src) }

func (c *cursor) peek() byte {
	if c.eof() {
		return 0
	}
	return c.src[c.pos]
}

// hasPrefix reports whether the rest of the text starts with s.
func (c *cursor) hasPrefix(s string) bool { return strings.HasPrefix(c.src[c.pos:], s) }

// accept consumes b when it is next.
func (c *cursor) accept(b byte) bool {
	if c.peek() != b || c.eof() {
		return false
	}
	c.pos++
	return true
}

// take consumes the longest run of bytes in class and returns it.
func (c *cursor) take(class func(byte) bool) string {
	start := c.pos
	for !c.eof() && class(c.src[c.pos]) {
		c.pos++
	}
	return c.src[start:c.pos]
}

func (c *cursor) rest() string { return c.src[c.pos:] }

// found describes the next byte for an error message.
func (c *cursor) found() string {
	if c.eof() {
		return "end of expression"
	}
	return quoteByte(c.src[c.pos])
}

func quoteByte(b byte) string {
	if b >= 0x80 {
		return "non-ASCII character"
	}
	return `"` + string(b) + `"`
}

func isAlpha(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// isIDStrict matches identifier-strict: step ids, workflow ids and source
// description names.
func isIDStrict(b byte) bool {
	return isAlpha(b) || isDigit(b) || b == '-' || b == '_'
}

// isIdent matches identifier: input, output and component names, which
// may contain dots.
func isIdent(b byte) bool { return isIDStrict(b) || b == '.' }

// isTchar matches an RFC 9110 token character, used by header names.
func isTchar(b byte) bool {
	return isAlpha(b) || isDigit(b) || strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0
}

// isNameChar matches a CHAR of the name rule: anything printable except
// the braces that delimit embedded expressions. We also refuse '"' and
// '\', whose JSON escapes the grammar allows but no document uses.
func isNameChar(b byte) bool {
	return b >= 0x20 && b != 0x7f && b != '{' && b != '}' && b != '"' && b != '\\'
}

// sourceByName maps the lower-cased word after "$" to its source.
var sourceByName = func() map[string]Source {
	m := make(map[string]Source)
	for s, n := range sourceNames {
		if n != "" {
			m[strings.ToLower(n)] = Source(s)
		}
	}
	return m
}()

var partByName = map[string]Part{
	"header":  PartHeader,
	"query":   PartQuery,
	"path":    PartPath,
	"body":    PartBody,
	"payload": PartPayload,
}
