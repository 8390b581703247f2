package arazzo_test

import (
	"context"
	"fmt"

	"github.com/arazzo-run/arazzo/arazzo"
)

// A document is loaded with its sources and checked in one pass; every
// finding comes back at once, sorted by position.
func ExampleLoadData() {
	src := `arazzo: 1.0.1
info:
  title: Adopt a pet
  version: 1.0.0
sourceDescriptions:
  - name: pets
    url: testdata/pets.openapi.yaml
workflows:
  - workflowId: adopt
    steps:
      - stepId: find
        operationId: listPet
      - stepId: fetch
        operationId: getPet
        parameters:
          - name: petId
            in: path
            value: $steps.find.outputs.id
`
	doc, diags := arazzo.LoadData(context.Background(), []byte(src), "adopt.arazzo.yaml", arazzo.LoadOptions{})
	for _, d := range diags {
		fmt.Printf("%s [%s]\n", d.Error(), d.Code)
	}
	fmt.Println("steps:", len(doc.Workflow("adopt").Steps), "valid:", !diags.HasErrors())
	// Output:
	// adopt.arazzo.yaml:12:22: workflows[0].steps[0].operationId: no operation with operationId "listPet" in source "pets" (did you mean "listPets"?) [unknown-operation]
	// adopt.arazzo.yaml:18:20: workflows[0].steps[1].parameters[0].value: $steps.find.outputs.id: step "find" has no output "id" [unknown-output]
	// steps: 2 valid: false
}
