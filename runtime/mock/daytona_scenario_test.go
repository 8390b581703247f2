package mock

import (
	"encoding/json"
	"io"
	"testing"
)

const daytonaScenario = "../../workflows/daytona-provision.mock.yml"

func TestDaytonaScenario(t *testing.T) {
	s, err := Load(daytonaScenario)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	ops := s.Operations()
	if len(ops) != 2 || ops[0] != "createSandbox" || ops[1] != "getSandbox" {
		t.Fatalf("Operations() = %q, want [createSandbox getSandbox]", ops)
	}

	steps := []struct {
		op    string
		state string
	}{
		{"createSandbox", "creating"},
		{"getSandbox", "creating"},
		{"getSandbox", "pulling_snapshot"},
		{"getSandbox", "starting"},
		{"getSandbox", "started"},
		{"getSandbox", "started"},
	}
	var id string
	for i, st := range steps {
		sb := fetchSandbox(t, s, st.op)
		if sb.State != st.state || sb.Target != "us" || sb.Snapshot != "daytona-small" {
			t.Errorf("response %d (%s): got state %q target %q snapshot %q, want %q us daytona-small",
				i+1, st.op, sb.State, sb.Target, sb.Snapshot, st.state)
		}
		if i == 0 {
			id = sb.ID
		}
		if sb.ID != id || sb.Name != id {
			t.Errorf("response %d: id %q name %q, want both %q", i+1, sb.ID, sb.Name, id)
		}
	}
	if u := s.Unused(); len(u) != 0 {
		t.Errorf("Unused() = %q, want none", u)
	}
}

// sandbox holds the fields of a Daytona Sandbox the test looks at.
type sandbox struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	State    string `json:"state"`
	Target   string `json:"target"`
	Snapshot string `json:"snapshot"`
}

func fetchSandbox(t *testing.T, s *Scenario, op string) sandbox {
	t.Helper()
	resp, err := s.RoundTrip(request(t, t.Context(), op))
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}

	var sb sandbox
	if resp.StatusCode != 200 || json.Unmarshal(data, &sb) != nil {
		t.Fatalf("%s: status %d body %s, want 200 and a Sandbox", op, resp.StatusCode, data)
	}
	return sb
}
