package expr

import (
	"fmt"
	"strings"
	"testing"
)

func BenchmarkSimpleCriterion(b *testing.B) {
	c, err := CompileCriterion(CriterionSpec{Condition: "$statusCode == 200 && $response.body#/state == 'started'"})
	if err != nil {
		b.Fatal(err)
	}
	ctx := flagshipContext("started")
	if r := c.Eval(ctx); !r.Passed {
		b.Fatal(r)
	}
	b.ReportAllocs()
	for b.Loop() {
		c.Eval(ctx)
	}
}

func BenchmarkStatusCriterion(b *testing.B) {
	c, _ := CompileCriterion(CriterionSpec{Condition: "$statusCode == 200"})
	ctx := flagshipContext("started")
	b.ReportAllocs()
	for b.Loop() {
		c.Eval(ctx)
	}
}

func BenchmarkPointerEval(b *testing.B) {
	e, err := Parse("$response.body#/items/0/state")
	if err != nil {
		b.Fatal(err)
	}
	ctx := flagshipContext("started")
	if _, err := e.Eval(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = e.Eval(ctx)
	}
}

func BenchmarkJSONPathBooleanForm(b *testing.B) {
	c, _ := CompileCriterion(CriterionSpec{Context: "$response.body",
		Condition: `$.state != "started" && $.state != "error"`, Type: "jsonpath"})
	ctx := flagshipContext("creating")
	b.ReportAllocs()
	for b.Loop() {
		c.Eval(ctx)
	}
}

func BenchmarkTemplateBare(b *testing.B) {
	t, _ := ParseTemplate("Bearer $inputs.apiToken")
	ctx := flagshipContext("started")
	b.ReportAllocs()
	for b.Loop() {
		_, _ = t.Eval(ctx)
	}
}

func BenchmarkCompileSimpleCriterion(b *testing.B) {
	spec := CriterionSpec{Condition: "$statusCode == 200 && $response.body#/state == 'started'"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CompileCriterion(spec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSONPathQuery(b *testing.B) {
	c, _ := CompileCriterion(CriterionSpec{Context: "$response.body",
		Condition: `$[?@.state == 'started']`, Type: "jsonpath"})
	ctx := flagshipContext("started")
	b.ReportAllocs()
	for b.Loop() {
		c.Eval(ctx)
	}
}

// sandboxBody is a response body the size and shape of a Daytona
// sandbox: about forty members, a few nested objects and arrays.
var sandboxBody = func() []byte {
	var b strings.Builder
	b.WriteString(`{"id":"3f9a2c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f","state":"started","labels":{"team":"core","env":"ci"},`)
	b.WriteString(`"volumes":[{"volumeId":"v1","mountPath":"/data"},{"volumeId":"v2","mountPath":"/cache"}],`)
	for i := range 36 {
		fmt.Fprintf(&b, `"field%d":%q,`, i, strings.Repeat("x", i%12))
	}
	b.WriteString(`"cpu":2,"memory":4,"disk":10,"public":false,"errorReason":null}`)
	return []byte(b.String())
}()

func BenchmarkDecodeBody(b *testing.B) {
	b.SetBytes(int64(len(sandboxBody)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeJSON(sandboxBody); err != nil {
			b.Fatal(err)
		}
	}
}
