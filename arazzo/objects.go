package arazzo

// This file holds one decode function per object of the specification.

import (
	"go.yaml.in/yaml/v3"
)

func (d *decoder) document(root *yaml.Node) *Document {
	doc := &Document{File: d.file}
	d.object(root, "", "the document", &doc.Meta, map[string]fieldFunc{
		"arazzo": func(v *yaml.Node, p string) { doc.Arazzo = d.str(v, p) },
		"$self":  func(v *yaml.Node, p string) { doc.Self = d.str(v, p) },
		"info":   func(v *yaml.Node, p string) { doc.Info = d.info(v, p) },
		"sourceDescriptions": func(v *yaml.Node, p string) {
			d.list(v, p, "sourceDescriptions", func(v *yaml.Node, p string) {
				doc.SourceDescriptions = append(doc.SourceDescriptions, d.source(v, p))
			})
		},
		"workflows": func(v *yaml.Node, p string) {
			d.list(v, p, "workflows", func(v *yaml.Node, p string) {
				doc.Workflows = append(doc.Workflows, d.workflow(v, p))
			})
		},
		"components": func(v *yaml.Node, p string) { doc.Components = d.components(v, p) },
	})
	return doc
}

func (d *decoder) info(n *yaml.Node, path string) *Info {
	in := &Info{}
	d.object(n, path, "info", &in.Meta, map[string]fieldFunc{
		"title":       func(v *yaml.Node, p string) { in.Title = d.str(v, p) },
		"summary":     func(v *yaml.Node, p string) { in.Summary = d.str(v, p) },
		"description": func(v *yaml.Node, p string) { in.Description = d.str(v, p) },
		"version":     func(v *yaml.Node, p string) { in.Version = d.str(v, p) },
	})
	return in
}

func (d *decoder) source(n *yaml.Node, path string) *SourceDescription {
	s := &SourceDescription{}
	d.object(n, path, "a source description", &s.Meta, map[string]fieldFunc{
		"name": func(v *yaml.Node, p string) { s.Name = d.str(v, p) },
		"url":  func(v *yaml.Node, p string) { s.URL = d.str(v, p) },
		"type": func(v *yaml.Node, p string) { s.Type = d.str(v, p) },
	})
	return s
}

func (d *decoder) workflow(n *yaml.Node, path string) *Workflow {
	w := &Workflow{}
	d.object(n, path, "a workflow", &w.Meta, map[string]fieldFunc{
		"workflowId":  func(v *yaml.Node, p string) { w.WorkflowID = d.str(v, p) },
		"summary":     func(v *yaml.Node, p string) { w.Summary = d.str(v, p) },
		"description": func(v *yaml.Node, p string) { w.Description = d.str(v, p) },
		"inputs":      func(v *yaml.Node, p string) { w.Inputs = d.value(v, 0) },
		"dependsOn":   func(v *yaml.Node, p string) { w.DependsOn = d.strList(v, p, "dependsOn") },
		"steps": func(v *yaml.Node, p string) {
			d.list(v, p, "steps", func(v *yaml.Node, p string) {
				w.Steps = append(w.Steps, d.step(v, p))
			})
		},
		"successActions": func(v *yaml.Node, p string) { w.SuccessActions = d.actions(v, p, false) },
		"failureActions": func(v *yaml.Node, p string) { w.FailureActions = d.actions(v, p, true) },
		"outputs":        func(v *yaml.Node, p string) { w.Outputs = d.outputs(v, p) },
		"parameters":     func(v *yaml.Node, p string) { w.Parameters = d.parameters(v, p) },
	})
	return w
}

func (d *decoder) step(n *yaml.Node, path string) *Step {
	s := &Step{}
	d.object(n, path, "a step", &s.Meta, map[string]fieldFunc{
		"stepId":          func(v *yaml.Node, p string) { s.StepID = d.str(v, p) },
		"description":     func(v *yaml.Node, p string) { s.Description = d.str(v, p) },
		"operationId":     func(v *yaml.Node, p string) { s.OperationID = d.str(v, p) },
		"operationPath":   func(v *yaml.Node, p string) { s.OperationPath = d.str(v, p) },
		"workflowId":      func(v *yaml.Node, p string) { s.WorkflowID = d.str(v, p) },
		"channelPath":     func(v *yaml.Node, p string) { s.ChannelPath = d.str(v, p) },
		"action":          func(v *yaml.Node, p string) { s.Action = d.str(v, p) },
		"correlationId":   func(v *yaml.Node, p string) { s.CorrelationID = d.str(v, p) },
		"timeout":         func(v *yaml.Node, p string) { s.Timeout = d.integer(v, p) },
		"dependsOn":       func(v *yaml.Node, p string) { s.DependsOn = d.strList(v, p, "dependsOn") },
		"parameters":      func(v *yaml.Node, p string) { s.Parameters = d.parameters(v, p) },
		"requestBody":     func(v *yaml.Node, p string) { s.RequestBody = d.requestBody(v, p) },
		"successCriteria": func(v *yaml.Node, p string) { s.SuccessCriteria = d.criteria(v, p) },
		"onSuccess":       func(v *yaml.Node, p string) { s.OnSuccess = d.actions(v, p, false) },
		"onFailure":       func(v *yaml.Node, p string) { s.OnFailure = d.actions(v, p, true) },
		"outputs":         func(v *yaml.Node, p string) { s.Outputs = d.outputs(v, p) },
	})
	return s
}

func (d *decoder) parameters(n *yaml.Node, path string) []*Parameter {
	var out []*Parameter
	d.list(n, path, "parameters", func(v *yaml.Node, p string) {
		out = append(out, d.parameter(v, p))
	})
	return out
}

func (d *decoder) parameter(n *yaml.Node, path string) *Parameter {
	pr := &Parameter{}
	d.object(n, path, "a parameter", &pr.Meta, map[string]fieldFunc{
		"name":      func(v *yaml.Node, p string) { pr.Name = d.str(v, p) },
		"in":        func(v *yaml.Node, p string) { pr.In = d.str(v, p) },
		"reference": func(v *yaml.Node, p string) { pr.Reference = d.str(v, p) },
		"value": func(v *yaml.Node, p string) {
			pr.Value, pr.HasValue = d.valueOrSelector(v, p), true
		},
	})
	return pr
}

func (d *decoder) requestBody(n *yaml.Node, path string) *RequestBody {
	rb := &RequestBody{}
	d.object(n, path, "a request body", &rb.Meta, map[string]fieldFunc{
		"contentType": func(v *yaml.Node, p string) { rb.ContentType = d.str(v, p) },
		"payload": func(v *yaml.Node, p string) {
			rb.Payload, rb.HasPayload = d.valueAt(v, p), true
		},
		"replacements": func(v *yaml.Node, p string) {
			d.list(v, p, "replacements", func(v *yaml.Node, p string) {
				rb.Replacements = append(rb.Replacements, d.replacement(v, p))
			})
		},
	})
	return rb
}

func (d *decoder) replacement(n *yaml.Node, path string) *PayloadReplacement {
	r := &PayloadReplacement{}
	d.object(n, path, "a payload replacement", &r.Meta, map[string]fieldFunc{
		"target":             func(v *yaml.Node, p string) { r.Target = d.str(v, p) },
		"targetSelectorType": func(v *yaml.Node, p string) { r.TargetSelectorType = d.expressionType(v, p) },
		"value":              func(v *yaml.Node, p string) { r.Value = d.valueOrSelector(v, p) },
	})
	return r
}

func (d *decoder) criteria(n *yaml.Node, path string) []*Criterion {
	var out []*Criterion
	d.list(n, path, "criteria", func(v *yaml.Node, p string) {
		out = append(out, d.criterion(v, p))
	})
	return out
}

func (d *decoder) criterion(n *yaml.Node, path string) *Criterion {
	c := &Criterion{}
	d.object(n, path, "a criterion", &c.Meta, map[string]fieldFunc{
		"context":   func(v *yaml.Node, p string) { c.Context = d.str(v, p) },
		"condition": func(v *yaml.Node, p string) { c.Condition = d.str(v, p) },
		"type": func(v *yaml.Node, p string) {
			t := d.expressionType(v, p)
			c.Type, c.Version = t.Type, t.Version
			c.typePos, c.versionPos = t.FieldPos("type"), t.FieldPos("version")
		},
	})
	return c
}

// expressionType decodes either a bare type name or an Expression Type
// Object with a version.
func (d *decoder) expressionType(n *yaml.Node, path string) *ExpressionType {
	n = deref(n)
	if n.Kind == yaml.ScalarNode {
		return &ExpressionType{Meta: Meta{Pos: d.pos(n), Path: path}, Type: d.str(n, path)}
	}
	t := &ExpressionType{}
	d.object(n, path, "an expression type", &t.Meta, map[string]fieldFunc{
		"type":    func(v *yaml.Node, p string) { t.Type = d.str(v, p) },
		"version": func(v *yaml.Node, p string) { t.Version = d.str(v, p) },
	})
	return t
}

func (d *decoder) actions(n *yaml.Node, path string, failure bool) []*Action {
	var out []*Action
	d.list(n, path, "actions", func(v *yaml.Node, p string) {
		out = append(out, d.action(v, p, failure))
	})
	return out
}

func (d *decoder) action(n *yaml.Node, path string, failure bool) *Action {
	a := &Action{Failure: failure}
	what := "a success action"
	if failure {
		what = "a failure action"
	}
	fields := map[string]fieldFunc{
		"name":       func(v *yaml.Node, p string) { a.Name = d.str(v, p) },
		"type":       func(v *yaml.Node, p string) { a.Type = d.str(v, p) },
		"workflowId": func(v *yaml.Node, p string) { a.WorkflowID = d.str(v, p) },
		"stepId":     func(v *yaml.Node, p string) { a.StepID = d.str(v, p) },
		"criteria":   func(v *yaml.Node, p string) { a.Criteria = d.criteria(v, p) },
		"parameters": func(v *yaml.Node, p string) { a.Parameters = d.parameters(v, p) },
		"reference":  func(v *yaml.Node, p string) { a.Reference = d.str(v, p) },
	}
	if failure {
		fields["retryAfter"] = func(v *yaml.Node, p string) { a.RetryAfter = d.number(v, p) }
		fields["retryLimit"] = func(v *yaml.Node, p string) { a.RetryLimit = int(d.integer(v, p)) }
	}
	d.object(n, path, what, &a.Meta, fields)
	return a
}

func (d *decoder) outputs(n *yaml.Node, path string) []*Output {
	var out []*Output
	d.mapOf(n, path, "outputs", func(name string, v *yaml.Node, p string) {
		o := &Output{Name: name, Value: d.valueOrSelector(v, p)}
		o.Pos, o.Path = d.pos(deref(v)), p
		out = append(out, o)
	})
	return out
}

func (d *decoder) components(n *yaml.Node, path string) *Components {
	c := &Components{}
	d.object(n, path, "components", &c.Meta, map[string]fieldFunc{
		"inputs": func(v *yaml.Node, p string) {
			c.Inputs = map[string]any{}
			d.mapOf(v, p, "inputs", func(name string, v *yaml.Node, p string) {
				c.Inputs[name] = d.value(v, 0)
			})
		},
		"parameters": func(v *yaml.Node, p string) {
			c.Parameters = map[string]*Parameter{}
			d.mapOf(v, p, "parameters", func(name string, v *yaml.Node, p string) {
				c.Parameters[name] = d.parameter(v, p)
			})
		},
		"successActions": func(v *yaml.Node, p string) { c.SuccessActions = d.actionMap(v, p, false) },
		"failureActions": func(v *yaml.Node, p string) { c.FailureActions = d.actionMap(v, p, true) },
	})
	return c
}

func (d *decoder) actionMap(n *yaml.Node, path string, failure bool) map[string]*Action {
	m := map[string]*Action{}
	d.mapOf(n, path, "actions", func(name string, v *yaml.Node, p string) {
		m[name] = d.action(v, p, failure)
	})
	return m
}

// valueOrSelector decodes a value that 1.1 allows to be a Selector Object.
// In 1.0 documents, and for mappings without a selector field, the value
// is kept as plain data.
func (d *decoder) valueOrSelector(n *yaml.Node, path string) any {
	n = deref(n)
	if n.Kind != yaml.MappingNode || !isV11(d.version) || !hasKey(n, "selector") {
		return d.valueAt(n, path)
	}
	s := &Selector{}
	d.object(n, path, "a selector", &s.Meta, map[string]fieldFunc{
		"context":  func(v *yaml.Node, p string) { s.Context = d.str(v, p) },
		"selector": func(v *yaml.Node, p string) { s.Selector = d.str(v, p) },
		"type":     func(v *yaml.Node, p string) { s.Type = d.expressionType(v, p) },
	})
	return s
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if deref(n.Content[i]).Value == key {
			return true
		}
	}
	return false
}
