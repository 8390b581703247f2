package expr

// This file holds the parser rules for each source.

import (
	"fmt"
	"strings"
)

// message parses the part after $request., $response. or $message.
func (p *exprParser) message() *SyntaxError {
	if err := p.dot("header, query, path, body or payload"); err != nil {
		return err
	}
	at := p.c.pos
	w := p.c.take(isAlpha)
	part, ok := partByName[strings.ToLower(w)]
	if !ok && strings.EqualFold(w, "headers") {
		part, ok = PartHeader, true
		msg := fmt.Sprintf("unknown part %q of $%s, want header", w, p.e.source)
		if err := p.compat(at, "headers-plural", msg); err != nil {
			return err
		}
	}
	if !ok {
		p.c.pos = at
		msg := fmt.Sprintf("unknown part %q of $%s, want header, query, path, body or payload",
			w, p.e.source)
		if strings.EqualFold(w, "statusCode") || strings.EqualFold(w, "status") {
			msg += "; the status code is $statusCode"
		}
		return p.errorf("%s", msg)
	}
	if w != part.String() && !strings.EqualFold(w, "headers") {
		msg := "part " + w + " must be written " + part.String()
		if err := p.compat(at, "source-case", msg); err != nil {
			return err
		}
	}
	if part == PartPayload && p.opts.is10() {
		return syntaxErr(p.c.src, at, "$%s.payload needs Arazzo 1.1, the document is %s",
			p.e.source, p.opts.Version)
	}
	p.e.part = part
	return p.partRest()
}

func (p *exprParser) partRest() *SyntaxError {
	var err *SyntaxError
	switch p.e.part {
	case PartHeader:
		if err = p.dot("a header name"); err == nil {
			p.e.name, err = p.word(isTchar, "a header name")
		}
	case PartQuery, PartPath:
		if err = p.dot("a parameter name"); err == nil {
			p.e.name, err = p.word(isNameChar, "a parameter name")
		}
	default:
		return p.body()
	}
	if err != nil {
		return err
	}
	return p.end()
}

// body parses what may follow body or payload: nothing, "#" and a JSON
// Pointer, or the compatibility dot path.
func (p *exprParser) body() *SyntaxError {
	switch p.c.peek() {
	case '#':
		return p.pointer()
	case '.':
		return p.dotPath()
	case '/':
		msg := fmt.Sprintf(`unexpected "/" after %s, want "#/" before a json pointer`, p.c.src[:p.c.pos])
		if err := p.compat(p.c.pos, "pointer-missing-hash", msg); err != nil {
			return err
		}
		return p.pointer()
	}
	return p.end()
}

// dotPath accepts $response.body.a.b as $response.body#/a/b.
func (p *exprParser) dotPath() *SyntaxError {
	at := p.c.pos
	msg := "use a json pointer: $" + p.e.source.String() + "." + p.e.part.String() + "#/…"
	if err := p.compat(at, "dot-path-body", msg); err != nil {
		return err
	}
	for p.c.accept('.') {
		seg, err := p.word(isPathSegment, "a property name")
		if err != nil {
			return err
		}
		p.e.dots = append(p.e.dots, seg)
	}
	if p.c.peek() == '#' {
		return p.pointer()
	}
	return p.end()
}

func isPathSegment(b byte) bool { return isNameChar(b) && b != '.' && b != ' ' && b != '#' }

// pointer parses "#" and the JSON Pointer that runs to the end. A pointer
// that starts with a name instead of "/" ("#name") is read as "#/name".
func (p *exprParser) pointer() *SyntaxError {
	p.c.accept('#')
	at := p.c.pos
	rest := p.c.rest()
	if rest != "" && isIDStrict(rest[0]) {
		msg := fmt.Sprintf(`json pointer must start with "/", found %s`, quoteByte(rest[0]))
		if err := p.compat(at, "pointer-missing-slash", msg); err != nil {
			return err
		}
		rest, at = "/"+rest, at-1
	}
	ptr, err := parsePointer(rest)
	if err != nil {
		return err.shift(p.c.src, at)
	}
	p.e.ptr = ptr
	p.c.pos = len(p.c.src)
	return nil
}

// pointerOpt parses an optional "#" pointer, then the end.
func (p *exprParser) pointerOpt() *SyntaxError {
	if p.c.peek() == '#' {
		return p.pointer()
	}
	return p.end()
}

// named parses $inputs.NAME and $outputs.NAME.
func (p *exprParser) named() *SyntaxError {
	what := "an input name"
	if p.e.source == SourceOutputs {
		what = "an output name"
	}
	if p.c.eof() {
		return p.wholeMap(what)
	}
	if err := p.dot(what); err != nil {
		return err
	}
	var err *SyntaxError
	if p.e.name, err = p.word(isIdent, what); err != nil {
		return err
	}
	return p.pointerOpt()
}

// wholeMap accepts $inputs, $outputs, $steps.ID.outputs and
// $workflows.ID.inputs|outputs without a name: the whole map of names.
func (p *exprParser) wholeMap(what string) *SyntaxError {
	msg := fmt.Sprintf(`want "." and %s after %s, found end of expression`, what, p.c.src)
	return p.compat(p.c.pos, "whole-map", msg)
}

// steps parses $steps.ID.outputs.NAME.
func (p *exprParser) steps() *SyntaxError {
	var err *SyntaxError
	if err = p.dot("a step id"); err != nil {
		return err
	}
	if p.e.name, err = p.word(isIDStrict, "a step id"); err != nil {
		return err
	}
	spaced := p.spacedStepID()
	if p.missingOutputs() {
		return p.key("an output name")
	}
	if err = p.field("outputs"); err != nil {
		return err
	}
	if p.c.eof() {
		return p.wholeMap("an output name")
	}
	if spaced {
		return p.spacedKey()
	}
	return p.key("an output name")
}

// spacedStepID accepts a step id with blanks, as some generators write
// them ("Plan a Trip_search_0"), when ".outputs." follows.
func (p *exprParser) spacedStepID() bool {
	i := strings.Index(p.c.rest(), ".outputs.")
	if p.c.peek() != ' ' || i < 0 || !isSpacedName(p.c.rest()[:i]) {
		return false
	}
	if p.compat(p.c.pos, "spaces-in-name", "") != nil {
		return false // strict: the error comes from the parser as usual
	}
	p.e.name += p.c.rest()[:i]
	p.c.pos += i
	return true
}

// spacedKey reads an output name that may hold blanks, after a step id
// that did.
func (p *exprParser) spacedKey() *SyntaxError {
	if err := p.dot("an output name"); err != nil {
		return err
	}
	var err *SyntaxError
	p.e.key, err = p.word(func(b byte) bool { return isIdent(b) || b == ' ' }, "an output name")
	if err != nil {
		return err
	}
	return p.pointerOpt()
}

func isSpacedName(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isIDStrict(s[i]) && s[i] != ' ' {
			return false
		}
	}
	return true
}

// missingOutputs accepts $steps.ID.NAME as $steps.ID.outputs.NAME: a step
// exposes nothing but outputs, so the meaning is plain. When ".outputs."
// comes later ($steps.my.step.outputs.x) the step id had a dot, and that
// stays an error. A misspelt segment followed by a name
// ($steps.ID.output.NAME, $steps.ID.Outputs.NAME) is the outputs segment
// itself, not part of the name, so NAME is what is read.
func (p *exprParser) missingOutputs() bool {
	rest := p.c.rest()
	if len(rest) < 2 || rest[0] != '.' || !isIdent(rest[1]) || strings.Contains(rest, ".outputs.") {
		return false
	}
	next := cursor{src: rest, pos: 1}
	w := next.take(isAlpha)
	if w == "outputs" || w == "inputs" {
		return false
	}
	misspelt := misspeltOutputs(w) && next.accept('.') && isIdent(next.peek())
	msg := fmt.Sprintf("want outputs after $steps.%s., found %q", p.e.name, w)
	if p.compat(p.c.pos+1, "missing-outputs-segment", msg) != nil {
		return false
	}
	p.e.field = "outputs"
	if misspelt {
		p.c.pos += 1 + len(w)
	}
	return true
}

// misspeltOutputs reports whether w is the outputs segment with a slip
// of case or number.
func misspeltOutputs(w string) bool {
	return strings.EqualFold(w, "outputs") || strings.EqualFold(w, "output")
}

// workflows parses $workflows.ID.inputs|outputs.NAME.
func (p *exprParser) workflows() *SyntaxError {
	var err *SyntaxError
	if err = p.dot("a workflow id"); err != nil {
		return err
	}
	if p.e.name, err = p.word(isIDStrict, "a workflow id"); err != nil {
		return err
	}
	if p.c.hasPrefix(".steps.") {
		return p.workflowStep()
	}
	if err = p.field("inputs", "outputs"); err != nil {
		return err
	}
	if p.c.eof() {
		return p.wholeMap("a name")
	}
	return p.key("a name")
}

// workflowStep reads ".steps.ID.outputs.NAME" after a workflow id. The
// grammar has no such form, but 1.1 names another workflow's step as
// $workflows.W.steps.S in dependsOn, and documents extend that to read
// the step's outputs; what they mean is plain: the output of that step
// in the workflow's latest run.
func (p *exprParser) workflowStep() *SyntaxError {
	at := p.c.pos + 1
	p.c.pos += len(".steps")
	var err *SyntaxError
	if err = p.dot("a step id"); err != nil {
		return err
	}
	if p.e.step, err = p.word(isIDStrict, "a step id"); err != nil {
		return err
	}
	if !p.c.hasPrefix(".outputs.") {
		return p.errorf(`want ".outputs.NAME" after the step id of $workflows.%s.steps.%s, found %s`, p.e.name, p.e.step, p.c.found())
	}
	p.c.pos += len(".outputs")
	p.e.field = "outputs"
	if err = p.key("an output name"); err != nil {
		return err
	}
	return p.compat(at, "workflow-step-output",
		"the grammar reads only inputs and outputs of a workflow; declare the value as an output of workflow "+p.e.name)
}

// field reads ".inputs" or ".outputs" after a step or workflow id.
func (p *exprParser) field(allowed ...string) *SyntaxError {
	want := strings.Join(allowed, " or ")
	if !p.c.accept('.') {
		return p.errorf(`want ".%s" after the %s id, found %s`, want, p.e.source, p.c.found())
	}
	at := p.c.pos
	w := p.c.take(isAlpha)
	for _, a := range allowed {
		if w == a {
			p.e.field = w
			return nil
		}
	}
	p.c.pos = at
	msg := fmt.Sprintf("want %s after $%s.%s., found %q", want, p.e.source, p.e.name, w)
	return p.errorf("%s", msg)
}

// key reads ".NAME" with an optional pointer after a field.
func (p *exprParser) key(what string) *SyntaxError {
	var err *SyntaxError
	if err = p.dot(what); err != nil {
		return err
	}
	if p.e.key, err = p.word(isIdent, what); err != nil {
		return err
	}
	return p.pointerOpt()
}

// sourceDescription parses $sourceDescriptions.NAME.REF, where REF runs to
// the end because operationIds are unrestricted.
func (p *exprParser) sourceDescription() *SyntaxError {
	var err *SyntaxError
	if err = p.dot("a source description name"); err != nil {
		return err
	}
	if p.e.name, err = p.word(isIDStrict, "a source description name"); err != nil {
		return err
	}
	if err = p.dot("an operationId, workflowId or field name"); err != nil {
		return err
	}
	if p.e.key, err = p.word(isNameChar, "an operationId, workflowId or field name"); err != nil {
		return err
	}
	return p.end()
}

var componentTypes = []string{"parameters", "successActions", "failureActions"}

// components parses $components.TYPE.NAME.
func (p *exprParser) components() *SyntaxError {
	if err := p.dot("a component type"); err != nil {
		return err
	}
	at := p.c.pos
	w := p.c.take(isAlpha)
	if !isComponentType(w) {
		p.c.pos = at
		return p.errorf("unknown component type %q, want parameters, successActions or failureActions", w)
	}
	p.e.name = w
	var err *SyntaxError
	if err = p.dot("a component name"); err != nil {
		return err
	}
	if p.e.key, err = p.word(isIdent, "a component name"); err != nil {
		return err
	}
	return p.end()
}

func isComponentType(w string) bool {
	for _, t := range componentTypes {
		if w == t {
			return true
		}
	}
	return false
}
