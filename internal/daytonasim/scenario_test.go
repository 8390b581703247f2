package daytonasim

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestMockScenarioMatchesSimulator keeps the offline scenario honest: its
// bodies must have the fields, in the order, that the simulator sends.
func TestMockScenarioMatchesSimulator(t *testing.T) {
	data, err := os.ReadFile("../../workflows/daytona-provision.mock.yml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Operations map[string][]struct {
			Body yaml.Node `yaml:"body"`
		} `yaml:"operations"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}

	srv := start(t, Config{PollsUntilStarted: -1})
	post := create(t, srv, `{"snapshot":"daytona-small"}`)
	poll := get(t, srv, post.body["id"].(string)+"?verbose=true")

	check := func(op string, raw string) {
		want := jsonKeys(t, raw)
		for i, r := range doc.Operations[op] {
			if got := yamlKeys(&r.Body); !slices.Equal(got, want) {
				t.Errorf("%s[%d] body keys:\n%q\nsimulator sends:\n%q", op, i, got, want)
			}
		}
	}
	check("createSandbox", post.raw)
	check("getSandbox", poll.raw)
}

func yamlKeys(n *yaml.Node) []string {
	var keys []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i].Value)
	}
	return keys
}

// jsonKeys returns the top-level keys of a JSON object, in order.
func jsonKeys(t *testing.T, raw string) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}
