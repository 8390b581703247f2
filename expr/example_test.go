package expr_test

import (
	"fmt"
	"net/http"

	"github.com/arazzo-run/arazzo/expr"
)

func ExampleParse() {
	e, err := expr.Parse("$response.body#/items/0/id")
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := &expr.Context{Response: &expr.Message{
		Body: expr.NewBody([]byte(`{"items":[{"id":"sb-1"}]}`), "application/json"),
	}}
	v, err := e.Eval(ctx)
	fmt.Println(e.Source(), e.Part(), e.Pointer(), v, err)

	_, err = expr.Parse("$response.bdy")
	fmt.Println(err)
	// Output:
	// response body /items/0/id sb-1 <nil>
	// unknown part "bdy" of $response, want header, query, path, body or payload
	// 	$response.bdy
	// 	          ^
}

func ExampleParseTemplate() {
	t, err := expr.ParseTemplate("Bearer {$inputs.apiToken}")
	if err != nil {
		fmt.Println(err)
		return
	}
	v, _ := t.Eval(&expr.Context{Inputs: map[string]any{"apiToken": "tok"}})
	fmt.Println(v)

	// A 1.0.x-style bare expression expands the same way, and says so.
	t, _ = expr.ParseTemplate("Bearer $inputs.apiToken")
	v, _ = t.Eval(&expr.Context{Inputs: map[string]any{"apiToken": "tok"}})
	fmt.Println(v, t.Compat())
	// Output:
	// Bearer tok
	// Bearer tok [bare-expression]
}

func ExampleCompileCriterion() {
	c, err := expr.CompileCriterion(expr.CriterionSpec{
		Condition: "$statusCode == 200 && $response.body#/state == 'started'",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := &expr.Context{
		StatusCode: 200,
		Response: &expr.Message{
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   expr.NewBody([]byte(`{"state":"creating"}`), "application/json"),
		},
	}
	r := c.Eval(ctx)
	fmt.Println(r.Passed, r.Err)
	fmt.Println(r.Explanation)
	// Output:
	// false <nil>
	// $statusCode = 200, want == 200; $response.body#/state = "creating", want == "started"
}

func ExampleCompileCriterion_jsonpath() {
	c, err := expr.CompileCriterion(expr.CriterionSpec{
		Context:   "$response.body",
		Condition: "$[?count(@.pets) > 0]",
		Type:      "jsonpath",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := &expr.Context{Response: &expr.Message{
		Body: expr.NewBody([]byte(`{"pets":[{"id":1}]}`), "application/json"),
	}}
	r := c.Eval(ctx)
	fmt.Println(r.Passed)
	fmt.Println(r.Explanation)
	// Output:
	// true
	// jsonpath $[?count(@.pets) > 0] on {"pets":[{"id":1}]}: 0 node(s) among the member values, 1 testing the object itself
}

func ExampleCompileSelector() {
	s, err := expr.CompileSelector("jsonpath", "rfc9535", "$.items[?@.state == 'started'].id")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, body := range []string{
		`{"items":[{"id":"a","state":"started"},{"id":"b","state":"error"}]}`,
		`{"items":[]}`,
	} {
		v, err := expr.NewBody([]byte(body), "application/json").Value()
		if err != nil {
			fmt.Println(err)
			return
		}
		got, err := s.Select(v)
		fmt.Println(got, err)
	}
	// Output:
	// a <nil>
	// <nil> $.items[?@.state == 'started'].id: a match is undefined
}
