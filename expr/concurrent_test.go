package expr

import (
	"sync"
	"testing"
)

// TestConcurrentEval evaluates one compiled criterion of each type from
// many goroutines; run with -race.
func TestConcurrentEval(t *testing.T) {
	specs := []CriterionSpec{
		{Condition: "$statusCode == 200 && $response.body#/count > 1"},
		{Context: "$response.body#/name", Condition: "^a", Type: "regex"},
		{Context: "$response.body", Condition: "$[?@.count > 1]", Type: "jsonpath"},
		{Context: "$response.body", Condition: "$.count > $inputs.threshold", Type: "jsonpath"},
		{Context: "$request.body", Condition: "count(//pet) > 1", Type: "xpath"},
		{Context: "$request.body", Condition: "//pet[@id = {$inputs.threshold}]", Type: "xpath"},
		{Context: "$response.body", Condition: "/items/{$inputs.limit}", Type: "jsonpointer"},
	}
	sel, err := CompileSelector("xpath", "", "//pet")
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range specs {
		cr, err := CompileCriterion(spec)
		if err != nil {
			t.Fatalf("CompileCriterion(%+v): %v", spec, err)
		}
		want := cr.Eval(typedContext())
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range 20 {
					c := typedContext()
					if got := cr.Eval(c); got.Passed != want.Passed {
						t.Errorf("%+v: concurrent Eval = %+v, want %+v", spec, got, want)
					}
					if _, err := sel.Select(c.Request.Body); err != nil {
						t.Errorf("Select(//pet): %v", err)
					}
				}
			})
		}
		wg.Wait()
	}
}

// TestDynamicConditionMemo checks that a condition embedding {$…} is
// compiled again only when its expanded text changes.
func TestDynamicConditionMemo(t *testing.T) {
	cr, err := CompileCriterion(CriterionSpec{Context: "$response.body#/name", Condition: "^{$inputs.pattern}",
		Type: "regex"})
	if err != nil {
		t.Fatal(err)
	}
	rc := cr.cond.(*regexCond)
	c := criterionContext()
	cr.Eval(c)
	first := rc.memo.last.Load()
	cr.Eval(c)
	if rc.memo.last.Load() != first || first == nil {
		t.Errorf("same expansion compiled again")
	}
	c.Inputs["pattern"] = "a"
	if r := cr.Eval(c); !r.Passed || rc.memo.last.Load() == first {
		t.Errorf("new expansion: %+v, memo not replaced", r)
	}
}
