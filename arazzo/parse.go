package arazzo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/arazzo-run/arazzo/internal/yamlerr"
	"go.yaml.in/yaml/v3"
)

// MaxDocumentSize is the largest document Parse accepts, in bytes.
const MaxDocumentSize = 32 << 20

// Parse decodes an Arazzo document written in YAML or JSON. It returns the
// document as far as it could be decoded, and every structural problem
// found (wrong types, unknown or duplicate fields, syntax errors), each at
// its file:line:column. It never checks references; see [Validate].
func Parse(data []byte, file string) (*Document, Diagnostics) {
	d := &decoder{file: file, positions: map[string]Pos{}}
	if len(data) > MaxDocumentSize {
		d.errorf(Pos{File: file}, "", "document-too-large",
			"document is %d bytes, more than the limit of %d", len(data), MaxDocumentSize)
		return nil, d.diags
	}
	root, err := parseYAML(data)
	if err != nil {
		d.diags = append(d.diags, yamlDiagnostic(file, data, err))
		return nil, d.diags
	}
	if root == nil {
		d.errorf(Pos{File: file, Line: 1, Col: 1}, "", "empty-document", "the document is empty")
		return nil, d.diags
	}
	switch kind := otherKind(root); kind {
	case "":
	case "a --mock scenario":
		d.errorf(d.pos(deref(root)), "", "not-arazzo",
			"this looks like a --mock scenario file (operations and no arazzo field), not an Arazzo document; give it to arazzo run --mock")
		return nil, d.diags
	default:
		d.errorf(d.pos(deref(root)), "", "not-arazzo",
			"this is %s document, not an Arazzo document (it has no arazzo field); validate the Arazzo document that names it", kind)
		return nil, d.diags
	}
	d.version = peekVersion(root)
	doc := d.document(root)
	doc.Lines = strings.Split(string(data), "\n")
	doc.positions = d.positions
	if !d.stopped {
		doc.root = root
	}
	return doc, d.diags
}

// parseYAML parses the first YAML document of data, refusing a stream with
// more than one. A panic inside the YAML library is turned into an error:
// a malformed document must never take the program down.
func parseYAML(data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: cannot parse the document: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	var extra yaml.Node
	if dec.Decode(&extra) == nil {
		return nil, fmt.Errorf("yaml: line %d: a second YAML document follows the first; an Arazzo file holds one", extra.Line)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// firstColumn returns the 1-based column of the first non-blank character
// of the given line, so that a caret lands on the text, not the margin.
func firstColumn(data []byte, line int) int {
	lines := strings.Split(string(data), "\n")
	if line < 1 || line > len(lines) {
		return 1
	}
	text := lines[line-1]
	return len(text) - len(strings.TrimLeft(text, " \t")) + 1
}

// yamlDiagnostic places a YAML syntax error at the fault (see package
// yamlerr): at its column when known, else at the first text of its line.
// One with no line (an unexpected end of the stream) is placed at the end
// of the input.
func yamlDiagnostic(file string, data []byte, err error) Diagnostic {
	e := yamlerr.Locate(data, err)
	pos := endOf(file, data)
	if e.Line > 0 {
		pos.Line, pos.Col = e.Line, e.Col
		if pos.Col == 0 {
			pos.Col = firstColumn(data, pos.Line)
		}
	}
	return Diagnostic{Severity: SeverityError, Code: "yaml-syntax", Message: "invalid YAML: " + e.Msg, Pos: pos}
}

// endOf returns the position just after the last character of data.
func endOf(file string, data []byte) Pos {
	lines := strings.Split(string(data), "\n")
	return Pos{File: file, Line: len(lines), Col: len(lines[len(lines)-1]) + 1}
}

// peekVersion reads the arazzo field before the rest is decoded, since
// some fields are read differently in 1.1.
func peekVersion(root *yaml.Node) string {
	root = deref(root)
	if root.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if deref(root.Content[i]).Value == "arazzo" {
			return deref(root.Content[i+1]).Value
		}
	}
	return ""
}

// otherKind names the kind of a document that is not Arazzo but a
// description Arazzo documents use, or returns "".
func otherKind(root *yaml.Node) string {
	root = deref(root)
	if root.Kind != yaml.MappingNode || hasKey(root, "arazzo") {
		return ""
	}
	switch {
	case hasKey(root, "openapi"), hasKey(root, "swagger"):
		return "an OpenAPI"
	case hasKey(root, "asyncapi"):
		return "an AsyncAPI"
	case hasKey(root, "operations") && !hasKey(root, "workflows"):
		return "a --mock scenario"
	}
	return ""
}

// isV11 reports whether the version names Arazzo 1.1 or later.
func isV11(version string) bool {
	major, minor, ok := strings.Cut(version, ".")
	if !ok {
		return false
	}
	minor, _, _ = strings.Cut(minor, ".")
	mi, err := strconv.Atoi(minor)
	return major == "1" && err == nil && mi >= 1
}

// IsV11 reports whether the document declares Arazzo 1.1 or later.
func (d *Document) IsV11() bool { return isV11(d.Arazzo) }
