package arazzo

import (
	"path/filepath"
	"strings"
	"testing"
)

// semanticDefects lists the pass fixtures of the published schema tests
// that break a rule only a semantic check sees, with the error code each
// must get. The characterization-* fixtures are there for that purpose;
// the others are schema tests whose documents happen to be wrong, and
// reporting that is the point of a validator.
var semanticDefects = map[string]string{
	"v1.1/pass/characterization-async-invalid-channelPath-string.arazzo.yaml":     "bad-channel-path",
	"v1.1/pass/characterization-asyncapi-operationId-without-action.arazzo.yaml":  "missing-field",
	"v1.1/pass/characterization-openapi-invalid-operationPath-string.arazzo.yaml": "bad-operation-path",
	"v1.1/pass/characterization-openapi-operationId-with-action.arazzo.yaml":      "async-field",
	"v1.1/pass/characterization-openapi-receive-with-correlationId.arazzo.yaml":   "async-field",
	"v1.1/pass/characterization-workflow-step-with-requestBody.arazzo.yaml":       "body-on-workflow-step",
	"v1.1/pass/payload-replacement-using-selector.arazzo.yaml":                    "unknown-step",   // $steps.previous: the workflow has one step, submitOrder
	"v1.0/pass/bnpl-example.yaml":                                                 "unknown-output", // the official BNPL example's outputs that no step declares
	"v1.1/pass/bnpl-example.yaml":                                                 "unknown-output",
}

func TestSchemaTestsPass(t *testing.T) {
	dir := needShared(t, "spec/schema-tests")
	files, _ := filepath.Glob(dir + "/*/pass/*")
	if len(files) == 0 {
		t.Fatal("no pass fixtures found")
	}
	for _, f := range files {
		name := strings.TrimPrefix(f, dir+"/")
		t.Run(name, func(t *testing.T) {
			_, diags := loadOffline(t, f)
			want, defect := semanticDefects[name]
			got := errorCodes(diags)
			switch {
			case defect && len(got) != 1:
				t.Errorf("errors = [%s], want exactly [%s]\n%v", join(got), want, diags)
			case defect && got[0] != want:
				t.Errorf("error = %s, want %s\n%v", got[0], want, diags)
			case !defect && len(got) > 0:
				t.Errorf("want no errors, got:\n%v", diags)
			}
			if u := unlocated(diags); len(u) > 0 {
				t.Errorf("diagnostics without a position: %v", u)
			}
		})
	}
}

func TestSchemaTestsFail(t *testing.T) {
	dir := needShared(t, "spec/schema-tests")
	files, _ := filepath.Glob(dir + "/*/fail/*")
	if len(files) == 0 {
		t.Fatal("no fail fixtures found")
	}
	for _, f := range files {
		name := strings.TrimPrefix(f, dir+"/")
		t.Run(name, func(t *testing.T) {
			_, diags := loadOffline(t, f)
			if !diags.HasErrors() {
				t.Fatalf("want errors, got none:\n%v", diags)
			}
			for _, d := range diags {
				if d.Severity == SeverityError && !d.Pos.IsValid() {
					t.Errorf("error without a position: %v", d)
				}
			}
		})
	}
}
