package expr

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrUndefined is wrapped by every error that reports a value that is
// absent: an input that was not given, a step that did not run, a JSON
// Pointer that misses, a header that was not sent.
var ErrUndefined = errors.New("undefined value")

// UndefinedError reports that a runtime expression names a value that is
// absent. It matches [ErrUndefined] with errors.Is.
type UndefinedError struct {
	Expr string // the expression as written
	What string // what is missing, e.g. `input "apiToken"`
}

// Error says which expression read what missing value.
func (e *UndefinedError) Error() string {
	return fmt.Sprintf("%s: %s is undefined", e.Expr, e.What)
}

// Is reports whether target is [ErrUndefined].
func (e *UndefinedError) Is(target error) bool {
	return target == ErrUndefined
}

func undefined(src, format string, args ...any) error {
	return &UndefinedError{Expr: src, What: fmt.Sprintf(format, args...)}
}

// SyntaxError reports text that does not parse. Offset is the byte offset
// in Src of the first character that could not be accepted.
type SyntaxError struct {
	Src    string // the text being parsed
	Offset int    // byte offset of the failure in Src
	Msg    string // what was expected versus what was found
}

// Error gives the message, then the source and a caret under the column
// that failed, on three lines.
func (e *SyntaxError) Error() string {
	var b strings.Builder
	b.WriteString(e.Msg)
	b.WriteString("\n\t")
	b.WriteString(e.Src)
	b.WriteString("\n\t")
	b.WriteString(strings.Repeat(" ", e.column()))
	b.WriteString("^")
	return b.String()
}

// column is the caret's column: the rune count before Offset.
func (e *SyntaxError) column() int {
	off := min(max(e.Offset, 0), len(e.Src))
	return utf8.RuneCountInString(e.Src[:off])
}

// firstLine gives an error's message without the caret picture of a
// *SyntaxError, for one-line explanations.
func firstLine(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return msg
}

func syntaxErr(src string, off int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Src: src, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// shift returns a copy of err placed inside a longer text at off.
func (e *SyntaxError) shift(src string, off int) *SyntaxError {
	return &SyntaxError{Src: src, Offset: e.Offset + off, Msg: e.Msg}
}
