package expr

import "testing"

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
