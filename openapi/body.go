// Encoding request bodies by media type.

package openapi

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net/textproto"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// File-value keys: {"$file": "path", "$filename": "x.png", "$contentType": "image/png"}.
const (
	fileKey        = "$file"
	fileNameKey    = "$filename"
	fileContentKey = "$contentType"
)

// encodeBody returns the encoded body and its Content-Type, or nil and ""
// when the step gives no body.
func (o *Operation) encodeBody(in RequestInput) ([]byte, string, error) {
	if !in.HasBody && in.Body == nil {
		return nil, "", nil
	}
	ct := o.bodyContentType(in)
	mt := mediaType(ct)
	media := o.mediaFor(mt)

	switch {
	case isJSON(mt):
		data, err := jsonBody(in.Body)
		return data, ct, err
	case mt == "application/x-www-form-urlencoded":
		data, err := formBody(in.Body, media)
		return data, ct, err
	case strings.HasPrefix(mt, "multipart/"):
		return multipartBody(in, media, ct)
	case isXML(mt):
		data, err := xmlBody(in.Body, media)
		return data, ct, err
	case strings.HasPrefix(mt, "text/"):
		data, err := textBody(in.Body)
		return data, ct, err
	}
	data, err := binaryBody(in)
	return data, ct, err
}

// bodyContentType picks the step's content type, else a Content-Type
// header parameter, else the operation's first (JSON preferred), else one
// fitting the Go value.
func (o *Operation) bodyContentType(in RequestInput) string {
	if in.ContentType != "" {
		return in.ContentType
	}
	for _, pv := range in.Params {
		if s, ok := pv.Value.(string); ok && pv.In == "header" && strings.EqualFold(pv.Name, "Content-Type") {
			return s
		}
	}
	if types := o.RequestContentTypes(); len(types) > 0 && !strings.Contains(types[0], "*") {
		return types[0]
	}
	switch in.Body.(type) {
	case string:
		return "text/plain; charset=utf-8"
	case []byte:
		return "application/octet-stream"
	}
	return "application/json"
}

// mediaType lowercases ct and drops its parameters.
func mediaType(ct string) string {
	if plainMediaType(ct) {
		return ct // what both ways below would return, without their allocations
	}
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// plainMediaType reports whether ct is printable ASCII without a
// parameter, capital or space.
func plainMediaType(ct string) bool {
	for i := 0; i < len(ct); i++ {
		if c := ct[i]; c == ';' || c <= ' ' || c >= 0x7f || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

func isJSON(mt string) bool {
	mt = mediaType(mt)
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "/json")
}

func isXML(mt string) bool {
	return mt == "application/xml" || mt == "text/xml" || strings.HasSuffix(mt, "+xml")
}

// mediaFor finds the declared media type object for mt, trying exact,
// "type/*" and "*/*" keys.
func (o *Operation) mediaFor(mt string) *openapi3.MediaType {
	rb := o.requestBody()
	if rb == nil {
		return nil
	}
	return lookupMedia(rb.Content, mt)
}

func lookupMedia(content openapi3.Content, mt string) *openapi3.MediaType {
	for key, m := range content {
		if mediaType(key) == mt {
			return m
		}
	}
	major, _, _ := strings.Cut(mt, "/")
	for _, key := range []string{major + "/*", "*/*"} {
		if m, ok := content[key]; ok {
			return m
		}
	}
	return nil
}

// rawBytes returns strings, byte slices and raw JSON as is.
func rawBytes(v any) ([]byte, bool) {
	switch x := v.(type) {
	case string:
		return []byte(x), true
	case []byte:
		return x, true
	case json.RawMessage:
		return x, true
	}
	return nil, false
}

// jsonBody encodes v as JSON; strings and bytes are taken as JSON text.
func jsonBody(v any) ([]byte, error) {
	if raw, ok := rawBytes(v); ok {
		return raw, nil
	}
	return marshalJSON(v)
}

// marshalJSON encodes without HTML escaping and without a final newline.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode JSON: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// formBody writes an object as application/x-www-form-urlencoded, each
// property per its encoding object (form, exploded, by default).
func formBody(v any, media *openapi3.MediaType) ([]byte, error) {
	if raw, ok := rawBytes(v); ok {
		return raw, nil
	}
	f, err := flatten(v)
	if err != nil || f.shape != shapeObject {
		return nil, bodyShapeError("application/x-www-form-urlencoded", f, err)
	}

	members := objectMembers(v)
	var pairs []string
	for _, k := range f.keys {
		if members[k] == nil {
			continue
		}
		ps, err := formField(k, members[k], encodingFor(media, k))
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", k, err)
		}
		pairs = append(pairs, ps...)
	}
	return []byte(strings.Join(pairs, "&")), nil
}

func formField(name string, v any, e *openapi3.Encoding) ([]string, error) {
	style, explode, reserved := "form", true, false
	if e != nil {
		if e.Style != "" {
			style = e.Style
		}
		explode = style == "form"
		if e.Explode != nil {
			explode = *e.Explode
		}
		reserved = e.AllowReserved
	}
	f, err := flatten(v)
	if err != nil {
		return nil, err
	}
	return stylePairs(style, explode, name, f, urlEncoder(reserved))
}

func bodyShapeError(ct string, f flat, err error) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("%s needs an object or a string, got %s", ct, f.shapeName())
}

func encodingFor(media *openapi3.MediaType, prop string) *openapi3.Encoding {
	if media == nil {
		return nil
	}
	return media.Encoding[prop]
}

// objectMembers returns the members of a map with string keys, or of any
// value whose JSON form is an object.
func objectMembers(v any) map[string]any {
	if m, ok := v.(map[string]any); ok {
		return m
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Map && rv.Type().Key().Kind() == reflect.String {
		m := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			m[it.Key().String()] = it.Value().Interface()
		}
		return m
	}
	var m map[string]any
	if data, err := json.Marshal(v); err == nil {
		_ = json.Unmarshal(data, &m)
	}
	return m
}

// multipartBody writes an object as multipart/form-data: scalars as text
// parts, objects as JSON parts, arrays as repeated parts and
// {"$file": path} values as file parts read through in.ReadFile.
func multipartBody(in RequestInput, media *openapi3.MediaType, ct string) ([]byte, string, error) {
	if raw, ok := rawBytes(in.Body); ok {
		return raw, ct, nil // the caller wrote the parts and the boundary
	}
	members := objectMembers(in.Body)
	if members == nil {
		return nil, "", fmt.Errorf("%s needs an object", mediaType(ct))
	}
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, k := range keys {
		if err := writeParts(w, in.ReadFile, k, members[k], encodingFor(media, k)); err != nil {
			return nil, "", fmt.Errorf("part %q: %w", k, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), mediaType(ct) + "; boundary=" + w.Boundary(), nil
}

func writeParts(w *multipart.Writer, read func(string) ([]byte, error), name string,
	v any, e *openapi3.Encoding) error {
	if v == nil {
		return nil
	}
	if _, isFile := fileValue(v); !isFile {
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && !isBytes(v) {
			for i := range rv.Len() {
				if err := writeParts(w, read, name, rv.Index(i).Interface(), e); err != nil {
					return fmt.Errorf("item %d: %w", i, err)
				}
			}
			return nil
		}
	}
	return writePart(w, read, name, v, e)
}

func isBytes(v any) bool {
	_, ok := v.([]byte)
	return ok
}

func writePart(w *multipart.Writer, read func(string) ([]byte, error), name string,
	v any, e *openapi3.Encoding) error {
	if fv, ok := fileValue(v); ok {
		return writeFilePart(w, read, name, fv, e)
	}

	data, ct, err := partContent(v)
	if err != nil {
		return err
	}
	if e != nil && e.ContentType != "" {
		ct = e.ContentType
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"`, quoteEscape(name)))
	if ct != "" {
		h.Set("Content-Type", ct)
	}
	pw, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	_, err = pw.Write(data)
	return err
}

// partContent writes a non-file part: text for scalars, JSON otherwise.
func partContent(v any) ([]byte, string, error) {
	if raw, ok := rawBytes(v); ok {
		return raw, "", nil
	}
	if s, ok := scalarString(v); ok {
		return []byte(s), "", nil
	}
	data, err := marshalJSON(v)
	return data, "application/json", err
}

// fileRef is a decoded {"$file": ...} value.
type fileRef struct {
	path, name, contentType string
}

// fileValue recognises the {"$file": path} form.
func fileValue(v any) (fileRef, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return fileRef{}, false
	}
	p, ok := m[fileKey].(string)
	if !ok {
		return fileRef{}, false
	}
	f := fileRef{path: p, name: filepath.Base(p)}
	if s, ok := m[fileNameKey].(string); ok && s != "" {
		f.name = s
	}
	if s, ok := m[fileContentKey].(string); ok {
		f.contentType = s
	}
	return f, true
}

func writeFilePart(w *multipart.Writer, read func(string) ([]byte, error), name string,
	f fileRef, e *openapi3.Encoding) error {
	data, err := readFileValue(read, f)
	if err != nil {
		return err
	}
	ct := f.contentType
	if ct == "" && e != nil && e.ContentType != "" && !strings.Contains(e.ContentType, ",") {
		ct = e.ContentType
	}
	if ct == "" {
		ct = mime.TypeByExtension(filepath.Ext(f.name))
	}
	if ct == "" {
		ct = "application/octet-stream"
	}

	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`,
		quoteEscape(name), quoteEscape(f.name)))
	h.Set("Content-Type", ct)
	pw, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	_, err = pw.Write(data)
	return err
}

func readFileValue(read func(string) ([]byte, error), f fileRef) ([]byte, error) {
	if read == nil {
		return nil, fmt.Errorf("file %q: reading files is not enabled (RequestInput.ReadFile is nil)", f.path)
	}
	data, err := read(f.path)
	if err != nil {
		return nil, fmt.Errorf("file %q: %w", f.path, err)
	}
	return data, nil
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "%0D", "\n", "%0A")

func quoteEscape(s string) string { return quoteEscaper.Replace(s) }

// textBody sends strings and scalars as text.
func textBody(v any) ([]byte, error) {
	if raw, ok := rawBytes(v); ok {
		return raw, nil
	}
	if s, ok := scalarString(v); ok {
		return []byte(s), nil
	}
	return nil, fmt.Errorf("a text body needs a string, got %T", v)
}

// binaryBody sends bytes, strings or the contents of a {"$file": path}.
func binaryBody(in RequestInput) ([]byte, error) {
	if raw, ok := rawBytes(in.Body); ok {
		return raw, nil
	}
	if f, ok := fileValue(in.Body); ok {
		return readFileValue(in.ReadFile, f)
	}
	if in.Body == nil {
		return nil, errors.New("no body value to send")
	}
	return nil, fmt.Errorf("cannot encode %T for this media type; give a string, bytes or {\"$file\": path}", in.Body)
}

// xmlBody sends strings as they are and encodes maps simply: one element
// per key (sorted), repeated elements for arrays, text for scalars. The
// root element is the schema's xml.name, else the map's only key, else
// "root". Attributes and namespaces are not supported.
func xmlBody(v any, media *openapi3.MediaType) ([]byte, error) {
	if raw, ok := rawBytes(v); ok {
		return raw, nil
	}
	root, content := xmlRoot(v, media)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := writeXML(&buf, root, content); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func xmlRoot(v any, media *openapi3.MediaType) (string, any) {
	if media != nil && media.Schema != nil && media.Schema.Value != nil {
		if x := media.Schema.Value.XML; x != nil && x.Name != "" {
			return x.Name, v
		}
	}
	if m := objectMembers(v); len(m) == 1 {
		for k, inner := range m {
			return k, inner
		}
	}
	return "root", v
}

func writeXML(buf *bytes.Buffer, name string, v any) error {
	if !validXMLName(name) {
		return fmt.Errorf("%q is not a valid XML element name", name)
	}
	if v == nil {
		buf.WriteString("<" + name + "/>")
		return nil
	}
	if s, ok := scalarString(v); ok {
		buf.WriteString("<" + name + ">")
		_ = xml.EscapeText(buf, []byte(s))
		buf.WriteString("</" + name + ">")
		return nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
		for i := range rv.Len() {
			if err := writeXML(buf, name, rv.Index(i).Interface()); err != nil {
				return err
			}
		}
		return nil
	}
	return writeXMLObject(buf, name, v)
}

func writeXMLObject(buf *bytes.Buffer, name string, v any) error {
	m := objectMembers(v)
	if m == nil {
		return fmt.Errorf("element %q: cannot encode %T as XML", name, v)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	buf.WriteString("<" + name + ">")
	for _, k := range keys {
		if err := writeXML(buf, k, m[k]); err != nil {
			return err
		}
	}
	buf.WriteString("</" + name + ">")
	return nil
}

// validXMLName accepts the ASCII subset of XML names, plus any non-ASCII
// letters.
func validXMLName(s string) bool {
	for i, r := range s {
		letter := r == '_' || r == ':' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r > 0x7f
		if !letter && (i == 0 || !(r == '-' || r == '.' || '0' <= r && r <= '9')) {
			return false
		}
	}
	return s != ""
}
