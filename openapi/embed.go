package openapi

import _ "embed"

// DaytonaSandboxAPI is our OpenAPI 3.0.3 description of Daytona's
// createSandbox and getSandbox operations, the source the flagship
// workflow names as ../openapi/daytona-sandbox-api-openapi.yml.
//
//go:embed daytona-sandbox-api-openapi.yml
var DaytonaSandboxAPI []byte

// DaytonaSandboxAPIName is the file name [DaytonaSandboxAPI] was read from.
const DaytonaSandboxAPIName = "daytona-sandbox-api-openapi.yml"
