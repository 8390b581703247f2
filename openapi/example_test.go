package openapi_test

import (
	"context"
	"fmt"
	"io"

	"github.com/arazzo-run/arazzo/openapi"
)

func ExampleOperation_BuildRequest() {
	d, err := openapi.LoadData([]byte(openapi.DaytonaSandboxAPI), openapi.DaytonaSandboxAPIName)
	if err != nil {
		fmt.Println(err)
		return
	}
	op, _ := d.Operation("createSandbox")
	req, err := op.BuildRequest(context.Background(), openapi.RequestInput{
		Params: []openapi.ParamValue{{Name: "Authorization", In: "header", Value: "Bearer dtn_x"}},
		Body:   map[string]any{"snapshot": "daytona-small", "name": "demo"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(req.Body)
	fmt.Println(req.Method, req.URL)
	fmt.Println(req.Header.Get("Content-Type"))
	fmt.Println(string(body))
	// Output:
	// POST https://app.daytona.io/api/sandbox
	// application/json
	// {"name":"demo","snapshot":"daytona-small"}
}

func ExampleDescription_OperationByPointer() {
	d, err := openapi.LoadData([]byte(openapi.DaytonaSandboxAPI), openapi.DaytonaSandboxAPIName)
	if err != nil {
		fmt.Println(err)
		return
	}
	op, err := d.OperationByPointer("/paths/~1sandbox~1{sandboxIdOrName}/get")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(op.ID, op.Method, op.PathTemplate)
	// Output: getSandbox GET /sandbox/{sandboxIdOrName}
}
