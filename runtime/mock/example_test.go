package mock_test

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/arazzo-run/arazzo/openapi"
	"github.com/arazzo-run/arazzo/runtime/mock"
)

func ExampleScenario_RoundTrip() {
	s, err := mock.Parse([]byte(`
operations:
  getSandbox:
    - body: {state: creating}
    - body: {state: started}
`), "poll.mock.yml")
	if err != nil {
		panic(err)
	}
	client := &http.Client{Transport: s}

	ctx := openapi.WithOperationID(context.Background(), "getSandbox")
	for range 3 {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet,
			"https://example.test/api/sandbox/x", nil)
		resp, err := client.Do(req)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, string(body))
	}
	// Output:
	// 200 {"state":"creating"}
	// 200 {"state":"started"}
	// error: Get "https://example.test/api/sandbox/x": mock responses exhausted: operation "getSandbox" had 2 responses in poll.mock.yml and all were served
}
