package arazzo

import "fmt"

// Pos is a position in a source file. Line and Col are 1-based; a zero Line
// means the position is unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line:col, dropping the parts that are
// unknown.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.File == "":
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	default:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
}

// IsValid reports whether the position names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Before reports whether p comes before q in the same file, or whether p's
// file sorts first.
func (p Pos) Before(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Meta is embedded in every object of the document model. It records where
// the object was written, its path in the spec's terms, the position of
// each field, and its specification extensions.
type Meta struct {
	Pos        Pos            // where the object starts
	Path       string         // e.g. workflows[0].steps[2]
	Extensions map[string]any // x-... fields, decoded as plain values

	fields map[string]Pos
}

// FieldPos returns the position of the named field's value, or of the
// object itself when the field is absent.
func (m *Meta) FieldPos(name string) Pos {
	if p, ok := m.fields[name]; ok {
		return p
	}
	return m.Pos
}

// Has reports whether the named field was written in the document.
func (m *Meta) Has(name string) bool {
	_, ok := m.fields[name]
	return ok
}

// FieldPath returns the spec path of the named field.
func (m *Meta) FieldPath(name string) string {
	if m.Path == "" {
		return name
	}
	return m.Path + "." + name
}
