package expr

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"sync"

	"github.com/antchfx/xmlquery"
)

// MaxBodyBytes is the largest body that [Body.Value] decodes. Larger
// bodies are still available through [Body.Raw].
const MaxBodyBytes = 32 << 20

// Body is a message body that is decoded on first use and cached.
//
// JSON decodes to map[string]any, []any, string, float64, bool and nil,
// as encoding/json does by default; integers beyond 2^53 lose precision.
// XML and any other text decode to a string, which xpath criteria parse.
// A Body is safe for concurrent use.
type Body struct {
	raw []byte
	ct  string

	once sync.Once
	val  any
	err  error

	xmlOnce sync.Once
	xml     *xmlquery.Node
	xmlErr  error
}

// NewBody wraps raw bytes received with the given Content-Type. Nothing is
// parsed until [Body.Value] is called.
func NewBody(raw []byte, contentType string) *Body {
	return &Body{raw: raw, ct: contentType}
}

// BodyOf wraps a value that is already decoded, such as a request payload
// the executor built.
func BodyOf(v any) *Body {
	b := &Body{val: v}
	b.once.Do(func() {})
	return b
}

// Raw returns the bytes as received, or nil for [BodyOf].
func (b *Body) Raw() []byte { return b.raw }

// ContentType returns the Content-Type given to [NewBody].
func (b *Body) ContentType() string { return b.ct }

// Value returns the decoded body: JSON values for JSON content types or
// bytes that look like JSON, a string otherwise. An empty body is nil.
func (b *Body) Value() (any, error) {
	b.once.Do(b.decode)
	return b.val, b.err
}

func (b *Body) decode() {
	raw := bytes.TrimSpace(b.raw)
	switch {
	case len(raw) == 0:
		return
	case len(raw) > MaxBodyBytes:
		b.err = fmt.Errorf("body of %d bytes is larger than the %d bytes we decode", len(raw), MaxBodyBytes)
	case isJSONType(b.ct):
		b.val, b.err = decodeJSON(raw)
		if b.err != nil {
			b.err = fmt.Errorf("decoding %s body: %w", b.ct, b.err)
		}
	case !isXMLType(b.ct) && (raw[0] == '{' || raw[0] == '['):
		if v, err := decodeJSON(raw); err == nil {
			b.val = v
		} else {
			b.val = string(b.raw)
		}
	default:
		b.val = string(b.raw)
	}
}

// isJSONType reports application/json, text/json and any +json type.
func isJSONType(ct string) bool {
	if ct == "application/json" {
		return true // the usual case, without parsing
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}

func isXMLType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return strings.HasSuffix(mt, "/xml") || strings.HasSuffix(mt, "+xml")
}

// xmlDoc parses the body as XML once.
func (b *Body) xmlDoc() (*xmlquery.Node, error) {
	b.xmlOnce.Do(func() {
		text := b.raw
		if text == nil {
			v, _ := b.Value()
			s, ok := v.(string)
			if !ok {
				b.xmlErr = fmt.Errorf("body is %s, not XML text", typeName(v))
				return
			}
			text = []byte(s)
		}
		b.xml, b.xmlErr = xmlquery.Parse(bytes.NewReader(text))
	})
	return b.xml, b.xmlErr
}
