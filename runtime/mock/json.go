package mock

// This file turns a YAML node into JSON text, keeping mapping key order so
// that served bodies read like the file that declares them.

import (
	"bytes"
	"encoding/json"

	"go.yaml.in/yaml/v3"
)

// nodeError says which node of a body could not become JSON.
type nodeError struct {
	node *yaml.Node
	msg  string
}

// nodeJSON encodes n as compact JSON.
func nodeJSON(n *yaml.Node) ([]byte, *nodeError) {
	var buf bytes.Buffer
	if err := writeJSON(&buf, n, 0); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// maxDepth bounds alias expansion, so a self-referencing document fails
// instead of recursing forever.
const maxDepth = 100

func writeJSON(buf *bytes.Buffer, n *yaml.Node, depth int) *nodeError {
	if depth > maxDepth {
		return &nodeError{n, "body nests too deeply (alias loop?)"}
	}
	n = resolve(n)
	switch n.Kind {
	case yaml.MappingNode:
		return writeObject(buf, n, depth)
	case yaml.SequenceNode:
		return writeArray(buf, n, depth)
	case yaml.ScalarNode:
		return writeScalar(buf, n)
	}
	return &nodeError{n, "unsupported YAML node in body"}
}

func writeObject(buf *bytes.Buffer, n *yaml.Node, depth int) *nodeError {
	buf.WriteByte('{')
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i]
		if key.Kind != yaml.ScalarNode || key.ShortTag() == "!!merge" {
			return &nodeError{key, "body mapping keys must be plain strings"}
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		k, _ := json.Marshal(key.Value)
		buf.Write(k)
		buf.WriteByte(':')
		if err := writeJSON(buf, n.Content[i+1], depth+1); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

func writeArray(buf *bytes.Buffer, n *yaml.Node, depth int) *nodeError {
	buf.WriteByte('[')
	for i, item := range n.Content {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := writeJSON(buf, item, depth+1); err != nil {
			return err
		}
	}
	buf.WriteByte(']')
	return nil
}

// writeScalar writes null, booleans and numbers as JSON values and
// everything else, timestamps included, as JSON strings.
func writeScalar(buf *bytes.Buffer, n *yaml.Node) *nodeError {
	var v any = n.Value
	switch n.ShortTag() {
	case "!!null":
		v = nil
	case "!!bool", "!!int", "!!float":
		if err := n.Decode(&v); err != nil {
			return &nodeError{n, err.Error()}
		}
	}

	data, err := json.Marshal(v)
	if err != nil {
		return &nodeError{n, "cannot encode " + describe(n) + " as JSON"}
	}
	buf.Write(data)
	return nil
}
