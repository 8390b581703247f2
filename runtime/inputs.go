package runtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// inputSchema returns the workflow's input schema as an object, following
// a $ref into the document's components.
func inputSchema(doc *arazzo.Document, wf *arazzo.Workflow) map[string]any {
	s, _ := wf.Inputs.(map[string]any)
	if ref, ok := s["$ref"].(string); ok && doc.Components != nil {
		if name, ok := strings.CutPrefix(ref, "#/components/inputs/"); ok {
			if target, ok := doc.Components.Inputs[name].(map[string]any); ok {
				return target
			}
		}
	}
	return s
}

func schemaProperties(schema map[string]any) map[string]any {
	props, _ := schema["properties"].(map[string]any)
	return props
}

func schemaRequired(schema map[string]any) []string {
	var out []string
	list, _ := schema["required"].([]any)
	for _, r := range list {
		if s, ok := r.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// ParseInputArgs turns NAME=VALUE strings (split on the first "=") into
// inputs typed by the workflow's input schema: "cpu=2" gives the integer 2
// when cpu is declared as an integer, and an object or array input is read
// as JSON. Inputs the schema does not declare are kept as strings. A nil
// wf stands for every workflow of doc, as for [Runner.RunAll]: a name is
// typed by the first workflow that declares it. On error the map still
// holds every input that did convert, so that a caller can report the
// other problems of the same command line at once (see [CheckInputs]).
func ParseInputArgs(doc *arazzo.Document, wf *arazzo.Workflow, args []string) (map[string]any, error) {
	props := declaredProperties(doc, wf)
	out := make(map[string]any, len(args))
	var errs []error
	for _, arg := range args {
		name, raw, ok := strings.Cut(arg, "=")
		if !ok || name == "" {
			errs = append(errs, fmt.Errorf("%w: input %q: want NAME=VALUE", ErrInvalidInputs, arg))
			continue
		}
		prop, _ := props[name].(map[string]any)
		v, err := coerce(raw, prop)
		if err != nil {
			errs = append(errs, fmt.Errorf("%w: input %s: %w", ErrInvalidInputs, name, err))
			continue
		}
		out[name] = v
	}
	return out, errors.Join(errs...)
}

// CheckInputs reports every problem with the inputs of wf at once: names
// it does not declare, required inputs missing, and values its schema
// rejects. It is what [Runner.Run] checks before anything is sent.
func CheckInputs(doc *arazzo.Document, wf *arazzo.Workflow, inputs map[string]any) error {
	_, _, err := runInputs(doc, wf, inputs)
	return err
}

// coerce converts a command-line string to the type the schema declares.
func coerce(raw string, prop map[string]any) (any, error) {
	switch schemaType(prop) {
	case "integer":
		i, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("want an integer, got %q", raw)
		}
		return i, nil
	case "number":
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return nil, fmt.Errorf("want a number, got %q", raw)
		}
		return f, nil
	case "boolean":
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return nil, fmt.Errorf("want true or false, got %q", raw)
		}
		return b, nil
	case "object", "array":
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			return nil, fmt.Errorf("want JSON: %w", err)
		}
		return v, nil
	}
	return raw, nil
}

// schemaType returns the schema's type, or the first non-null one of a
// type list.
func schemaType(prop map[string]any) string {
	switch t := prop["type"].(type) {
	case string:
		return t
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok && s != "null" {
				return s
			}
		}
	}
	return ""
}

// PrepareInputs checks inputs against the workflow's input schema and
// returns them with the schema's defaults applied. Every problem is
// reported at once, wrapped in ErrInvalidInputs.
func PrepareInputs(doc *arazzo.Document, wf *arazzo.Workflow, inputs map[string]any) (map[string]any, error) {
	schema := inputSchema(doc, wf)
	out := make(map[string]any, len(inputs))
	for k, v := range inputs {
		out[k] = v
	}
	for name, p := range schemaProperties(schema) {
		prop, _ := p.(map[string]any)
		if def, ok := prop["default"]; ok {
			if _, given := out[name]; !given {
				out[name] = def
			}
		}
	}
	var missing []string
	for _, name := range schemaRequired(schema) {
		if _, ok := out[name]; !ok {
			missing = append(missing, name)
		}
	}
	var errs []error
	if len(missing) > 0 {
		sort.Strings(missing)
		errs = append(errs, fmt.Errorf("%w: workflow %q needs %s: %s", ErrInvalidInputs, wf.WorkflowID,
			plural(len(missing), "required input", "required inputs"), strings.Join(missing, ", ")))
	}
	if err := validateInputs(doc, wf, out); err != nil {
		errs = append(errs, fmt.Errorf("%w: workflow %q: %w", ErrInvalidInputs, wf.WorkflowID, err))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// validateInputs checks the inputs against the input schema with a JSON
// Schema 2020-12 validator.
func validateInputs(doc *arazzo.Document, wf *arazzo.Workflow, inputs map[string]any) error {
	if wf.Inputs == nil {
		return nil
	}
	sch, err := schemas.get(doc, wf)
	if err != nil {
		return err
	}
	if err := sch.Validate(toJSONValue(inputs)); err != nil {
		var ve *jsonschema.ValidationError
		if !errors.As(err, &ve) {
			return err
		}
		if desc := describeValidation(ve); desc != "" {
			return errors.New(desc)
		}
	}
	return nil
}

// schemaCache holds compiled input schemas, since compiling one costs
// more than running a step. Documents are immutable once loaded, so a
// workflow's schema never changes. The cache is emptied when it reaches
// maxCachedSchemas, which bounds what it keeps alive.
type schemaCache struct {
	mu sync.Mutex
	m  map[*arazzo.Workflow]*jsonschema.Schema
}

const maxCachedSchemas = 256

var schemas = &schemaCache{}

func (c *schemaCache) get(doc *arazzo.Document, wf *arazzo.Workflow) (*jsonschema.Schema, error) {
	c.mu.Lock()
	sch := c.m[wf]
	c.mu.Unlock()
	if sch != nil {
		return sch, nil
	}
	sch, err := compileInputs(doc, wf)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxCachedSchemas {
		c.m = map[*arazzo.Workflow]*jsonschema.Schema{}
	}
	c.m[wf] = sch
	c.mu.Unlock()
	return sch, nil
}

// compileInputs compiles the workflow's input schema inside a resource
// that also holds the document's components, so $ref to
// #/components/inputs/NAME resolves.
func compileInputs(doc *arazzo.Document, wf *arazzo.Workflow) (*jsonschema.Schema, error) {
	root := map[string]any{"x-inputs": toJSONValue(wf.Inputs)}
	if doc.Components != nil && doc.Components.Inputs != nil {
		root["components"] = map[string]any{"inputs": toJSONValue(doc.Components.Inputs)}
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("arazzo:inputs", root); err != nil {
		return nil, fmt.Errorf("input schema: %w", err)
	}
	sch, err := c.Compile("arazzo:inputs#/x-inputs")
	if err != nil {
		return nil, fmt.Errorf("input schema: %w", err)
	}
	return sch, nil
}

var englishPrinter = message.NewPrinter(language.English)

// describeValidation flattens a validation error into one line per leaf
// cause, each naming the input.
func describeValidation(ve *jsonschema.ValidationError) string {
	var lines []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		_, required := e.ErrorKind.(*kind.Required)
		if len(e.Causes) == 0 && !(required && len(e.InstanceLocation) == 0) {
			lines = append(lines, fmt.Sprintf("%s: %s", instanceName(e.InstanceLocation), describeKind(e.ErrorKind)))
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	sort.Strings(lines)
	return strings.Join(lines, "; ")
}

// instanceName names the part of the inputs a validation error is about,
// as the command line does: "input cpu", "input labels/team".
func instanceName(loc []string) string {
	if len(loc) == 0 {
		return "inputs"
	}
	return "input " + strings.Join(loc, "/")
}

// describeKind words a validation error. A type mismatch reads as
// --input's own check does: "want integer, got string".
func describeKind(k jsonschema.ErrorKind) string {
	if t, ok := k.(*kind.Type); ok {
		return fmt.Sprintf("want %s, got %s", strings.Join(t.Want, " or "), t.Got)
	}
	return k.LocalizedString(englishPrinter)
}

// toJSONValue converts decoded YAML values into the forms a JSON Schema
// validator expects (json.Number-free: float64 and int64 become
// json.Number-compatible float64 values, maps and slices recursively).
func toJSONValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = toJSONValue(x)
		}
		return m
	case []any:
		s := make([]any, len(v))
		for i, x := range v {
			s[i] = toJSONValue(x)
		}
		return s
	case int64:
		return json.Number(strconv.FormatInt(v, 10))
	case int:
		return json.Number(strconv.Itoa(v))
	case float64:
		return json.Number(strconv.FormatFloat(v, 'g', -1, 64))
	case nil, string, bool, json.Number:
		return v
	}
	return viaJSON(v)
}

// viaJSON converts any other Go value a library caller passed (a struct,
// a typed map or slice, another integer type) to its JSON form. A value
// that cannot be marshalled is kept, and the validator reports it.
func viaJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if dec.Decode(&out) != nil {
		return v
	}
	return out
}

// declaredProperties returns the input schema properties of wf or, when
// wf is nil, of every workflow of doc, the first declaration of a name
// winning.
func declaredProperties(doc *arazzo.Document, wf *arazzo.Workflow) map[string]any {
	if wf != nil {
		return withInputs(schemaProperties(inputSchema(doc, wf)), dependencyProperties(doc, wf, dependencies(doc, wf)))
	}
	out := map[string]any{}
	for _, w := range doc.Workflows {
		for name, p := range schemaProperties(inputSchema(doc, w)) {
			if _, seen := out[name]; !seen {
				out[name] = p
			}
		}
	}
	return out
}

// InputNames returns, sorted, the names of the inputs a run of the
// workflow takes: those it declares or reads (see
// arazzo.Workflow.UndeclaredInputs) and those the workflows it depends on
// declare, which the run passes on to them. With a nil wf, those of every
// workflow of doc.
func InputNames(doc *arazzo.Document, wf *arazzo.Workflow) []string {
	names := sortedKeys(declaredProperties(doc, wf))
	workflows := doc.Workflows
	if wf != nil {
		workflows = []*arazzo.Workflow{wf}
	}
	for _, w := range workflows {
		for _, n := range w.UndeclaredInputs() {
			names = insertSorted(names, n)
		}
	}
	return names
}

// takenNames returns, sorted, the names of the inputs wf itself takes:
// those it declares and those its expressions read without declaring
// them (see arazzo.Workflow.UndeclaredInputs).
func takenNames(doc *arazzo.Document, wf *arazzo.Workflow) []string {
	names := sortedKeys(schemaProperties(inputSchema(doc, wf)))
	for _, n := range wf.UndeclaredInputs() {
		names = insertSorted(names, n)
	}
	return names
}

// insertSorted adds name to the sorted names unless it is there already.
func insertSorted(names []string, name string) []string {
	if i, found := slices.BinarySearch(names, name); !found {
		names = slices.Insert(names, i, name)
	}
	return names
}

func sortedKeys(m map[string]any) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// withInputs returns the union of a and b, a's value winning for a name
// both hold.
func withInputs(a, b map[string]any) map[string]any {
	if len(b) == 0 {
		return a
	}
	out := make(map[string]any, len(a)+len(b))
	for k, v := range b {
		out[k] = v
	}
	for k, v := range a {
		out[k] = v
	}
	return out
}

// checkUnknownInputs reports inputs the workflow does not declare, with
// the nearest declared name as a hint. A schema that allows other
// properties (additionalProperties or patternProperties written) accepts
// any name.
func checkUnknownInputs(doc *arazzo.Document, wf *arazzo.Workflow, inputs map[string]any) error {
	schema := inputSchema(doc, wf)
	for _, open := range []string{"patternProperties", "allOf", "anyOf", "oneOf"} {
		if _, ok := schema[open]; ok {
			return nil // names beyond properties are allowed, or cannot be listed
		}
	}
	if ap, ok := schema["additionalProperties"]; ok && ap != false {
		return nil
	}
	names := takenNames(doc, wf)
	declared := make(map[string]bool, len(names))
	for _, n := range names {
		declared[n] = true
	}
	unknown := unknownNames(inputs, declared)
	if len(unknown) == 0 {
		return nil
	}
	msg := fmt.Sprintf("workflow %q does not declare %s %s", wf.WorkflowID,
		plural(len(unknown), "input", "inputs"), quoteList(unknown))
	msg += nearestOf(unknown, names)
	if len(names) == 0 {
		msg += "; it takes no inputs"
	}
	return fmt.Errorf("%w: %s", ErrInvalidInputs, msg)
}

// declaredOnly returns the inputs wf declares, for passing a run's inputs
// on to a workflow that may take fewer.
func declaredOnly(doc *arazzo.Document, wf *arazzo.Workflow, inputs map[string]any) map[string]any {
	out := map[string]any{}
	for _, name := range takenNames(doc, wf) {
		if v, ok := inputs[name]; ok {
			out[name] = v
		}
	}
	return out
}

// unknownNames returns the keys of inputs not in declared, sorted.
func unknownNames(inputs map[string]any, declared map[string]bool) []string {
	var out []string
	for name := range inputs {
		if !declared[name] {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// nearestOf suggests, for each unknown name that has one, the nearest
// declared name: ` (did you mean "name"?)` for one unknown name,
// ` (did you mean "name" for "nme", "limit" for "limt"?)` for several.
func nearestOf(unknown, declared []string) string {
	var hints []string
	for _, u := range unknown {
		if n := arazzo.Nearest(u, declared); n != "" {
			hints = append(hints, fmt.Sprintf("%q for %q", n, u))
		}
	}
	switch {
	case len(hints) == 0:
		return ""
	case len(unknown) == 1:
		return fmt.Sprintf(" (did you mean %q?)", arazzo.Nearest(unknown[0], declared))
	}
	return " (did you mean " + strings.Join(hints, ", ") + "?)"
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
