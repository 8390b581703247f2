// Package yamlerr places YAML syntax errors where a reader can fix them.
//
// yaml.v3, which reads every YAML file of the project, names only a line,
// and for a structural error the line where the enclosing block began,
// often far above the fault. yaml v4 names the line and column of the
// fault itself. Locate parses text that v3 refused again with v4 and
// reports v4's position when it points at a line that holds text; v4
// points past the text when the input ran out, and then v3's line is the
// better guide.
package yamlerr

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	yaml4 "go.yaml.in/yaml/v4"
)

// Error is a YAML syntax error at a position. Col is 0 when only the line
// is known, and Line is 0 when neither is.
type Error struct {
	Line, Col int
	Msg       string
}

// Error formats the error as "line:col: msg", leaving out what is unknown.
func (e *Error) Error() string {
	switch {
	case e.Line == 0:
		return e.Msg
	case e.Col == 0:
		return fmt.Sprintf("%d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
}

// Locate returns where the syntax error err, given by yaml.v3 for data,
// is, and what it says without its position.
func Locate(data []byte, err error) *Error {
	if e := faultPosition(data); e != nil {
		return e
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := &Error{Msg: msg}
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		num, tail, ok := strings.Cut(rest, ": ")
		if n, err := strconv.Atoi(num); ok && err == nil {
			e.Line, e.Msg = n, tail
		}
	}
	return e
}

// faultPosition parses data with yaml v4 and returns its syntax error at
// the line and column v4 gives, or nil when v4 gives none on a line that
// holds text.
func faultPosition(data []byte) *Error {
	var le *yaml4.LoadError
	if !errors.As(unmarshal4(data), &le) || le.Mark.Line < 1 {
		return nil
	}
	lines := strings.Split(string(data), "\n")
	if le.Mark.Line > len(lines) || strings.TrimSpace(lines[le.Mark.Line-1]) == "" {
		return nil
	}
	msg := le.Message
	if le.ContextMsg != "" && le.ContextMark.Line > 0 && le.ContextMark.Line != le.Mark.Line {
		msg += fmt.Sprintf(" (%s from line %d)", le.ContextMsg, le.ContextMark.Line)
	}
	return &Error{Line: le.Mark.Line, Col: le.Mark.Column, Msg: msg}
}

// unmarshal4 parses data into a yaml v4 node tree, turning a panic of the
// library into an error: a malformed file must not end the program.
func unmarshal4(data []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	var n yaml4.Node
	return yaml4.Unmarshal(data, &n)
}
