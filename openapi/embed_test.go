package openapi

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func loadDaytona(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData([]byte(DaytonaSandboxAPI))
	if err != nil {
		t.Fatalf("load %s: %v", DaytonaSandboxAPIName, err)
	}
	return doc
}

func TestDaytonaDescriptionValid(t *testing.T) {
	doc := loadDaytona(t)
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("validate %s: %v", DaytonaSandboxAPIName, err)
	}
	if op := doc.Paths.Find("/sandbox").Post; op == nil || op.OperationID != "createSandbox" {
		t.Errorf("POST /sandbox is not createSandbox")
	}
	if op := doc.Paths.Find("/sandbox/{sandboxIdOrName}").Get; op == nil || op.OperationID != "getSandbox" {
		t.Errorf("GET /sandbox/{sandboxIdOrName} is not getSandbox")
	}
	if got := doc.Servers[0].URL; got != "https://app.daytona.io/api" {
		t.Errorf("server = %q, want https://app.daytona.io/api", got)
	}
}

func TestDaytonaSandboxSchema(t *testing.T) {
	const base = `"id":"6f1c2a9e-3b4d-4c8e-9f10-2a3b4c5d6e7f","organizationId":"o",
		"name":"n","user":"daytona","env":{},"labels":{},"public":false,
		"networkBlockAll":false,"target":"us","cpu":1,"gpu":0,"memory":1,"disk":3,
		"toolboxProxyUrl":"https://proxy.app.daytona.io/toolbox"`
	tests := []struct {
		name  string
		extra string
		ok    bool
	}{
		{"required only", ``, true},
		{"creating", `,"state":"creating","desiredState":"started","backupState":"None"`, true},
		{"paused", `,"state":"paused","desiredState":"paused"`, true},
		{"resuming", `,"state":"resuming"`, true},
		{"nulls", `,"state":null,"errorReason":null,"daemonVersion":null,"networkAllowList":null`, true},
		{"unknown state", `,"state":"running"`, false},
		{"bad backup state", `,"backupState":"none"`, false},
		{"bad class", `,"sandboxClass":"small"`, false},
	}
	schema := loadDaytona(t).Components.Schemas["Sandbox"].Value
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v any
			if err := json.Unmarshal([]byte("{"+base+tt.extra+"}"), &v); err != nil {
				t.Fatal(err)
			}
			err := schema.VisitJSON(v)
			if (err == nil) != tt.ok {
				t.Errorf("VisitJSON(%s) = %v, want ok=%v", tt.extra, err, tt.ok)
			}
		})
	}
}

func TestDaytonaStateEnum(t *testing.T) {
	enum := loadDaytona(t).Components.Schemas["SandboxState"].Value.Enum
	if len(enum) != 22 {
		t.Errorf("SandboxState has %d values, want 22", len(enum))
	}
}
