package openapi

import _ "embed"

// DaytonaSandboxAPI is our OpenAPI 3.0.3 description of Daytona's
// createSandbox and getSandbox operations, the source the flagship
// workflow names as ../openapi/daytona-sandbox-api-openapi.yml. It is a
// string so that no caller can change it for the others.
//
//go:embed daytona-sandbox-api-openapi.yml
var DaytonaSandboxAPI string

// DaytonaSandboxAPIName is the file name [DaytonaSandboxAPI] was read from.
const DaytonaSandboxAPIName = "daytona-sandbox-api-openapi.yml"
