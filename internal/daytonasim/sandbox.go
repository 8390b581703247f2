package daytonasim

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"
)

// resources are what a snapshot gives its sandboxes; memory and disk in GB.
type resources struct {
	CPU, GPU, Memory, Disk int
}

// defaultSnapshot is the cloud's DEFAULT_SNAPSHOT: 1 vCPU, 1 GiB, 3 GiB.
const defaultSnapshot = "daytona-small"

var smallResources = resources{CPU: 1, Memory: 1, Disk: 3}

// regions are the targets the simulated organization may use.
var regions = map[string]bool{"us": true, "eu": true}

// Fixed values the simulator reports for every sandbox.
const (
	toolboxProxyURL = "https://proxy.app.daytona.io/toolbox"
	daemonVersion   = "v0.190.0"
)

// sandbox is one stored sandbox and its progress through the phases.
type sandbox struct {
	dto      sandboxDTO
	fails    bool      // created from Config.ErrorSnapshot
	polls    int       // GETs served so far
	lastPoll time.Time // time of the last GET served; zero before
}

// sandboxDTO is the Sandbox object in the API's field order.
type sandboxDTO struct {
	ID                  string            `json:"id"`
	OrganizationID      string            `json:"organizationId"`
	Name                string            `json:"name"`
	Snapshot            string            `json:"snapshot"`
	User                string            `json:"user"`
	Env                 map[string]string `json:"env"`
	Labels              map[string]string `json:"labels"`
	Public              bool              `json:"public"`
	NetworkBlockAll     bool              `json:"networkBlockAll"`
	NetworkAllowList    nullable          `json:"networkAllowList,omitzero"`
	DomainAllowList     nullable          `json:"domainAllowList,omitzero"`
	Target              string            `json:"target"`
	CPU                 int               `json:"cpu"`
	GPU                 int               `json:"gpu"`
	Memory              int               `json:"memory"`
	Disk                int               `json:"disk"`
	State               string            `json:"state"`
	DesiredState        string            `json:"desiredState"`
	ErrorReason         nullable          `json:"errorReason,omitzero"`
	Recoverable         bool              `json:"recoverable"`
	BackupState         string            `json:"backupState"`
	AutoStopInterval    int               `json:"autoStopInterval"`
	AutoArchiveInterval int               `json:"autoArchiveInterval"`
	AutoDeleteInterval  int               `json:"autoDeleteInterval"`
	Volumes             []any             `json:"volumes"`
	CreatedAt           string            `json:"createdAt"`
	UpdatedAt           string            `json:"updatedAt"`
	LastActivityAt      string            `json:"lastActivityAt,omitempty"`
	SandboxClass        string            `json:"sandboxClass"`
	DaemonVersion       nullable          `json:"daemonVersion,omitzero"`
	RunnerID            string            `json:"runnerId"`
	ToolboxProxyURL     string            `json:"toolboxProxyUrl"`
}

// nullable is an optional string field that a POST body leaves out and a
// GET body, read back from the database, shows as null when unset.
type nullable struct {
	shown bool    // include the field at all
	value *string // nil encodes as null
}

func (n nullable) IsZero() bool { return !n.shown }

func (n nullable) MarshalJSON() ([]byte, error) {
	if n.value == nil {
		return []byte("null"), nil
	}
	return json.Marshal(*n.value)
}

// some returns a shown nullable holding v.
func some(v string) nullable { return nullable{shown: true, value: &v} }

// asStored returns the body GET shows: the nullable columns appear,
// as null when unset, and lastActivityAt is filled in.
func (d sandboxDTO) asStored() sandboxDTO {
	for _, f := range []*nullable{&d.NetworkAllowList, &d.DomainAllowList,
		&d.ErrorReason, &d.DaemonVersion} {
		f.shown = true
	}
	if d.LastActivityAt == "" {
		d.LastActivityAt = d.CreatedAt
	}
	return d
}

// advance counts one served GET at now and moves the sandbox to the
// state that poll reports.
func (sb *sandbox) advance(cfg Config, now time.Time) {
	sb.polls++
	sb.lastPoll = now

	state := "started"
	switch {
	case sb.polls <= cfg.PollsUntilStarted:
		i := (sb.polls - 1) * len(cfg.Phases) / cfg.PollsUntilStarted
		state = cfg.Phases[i]
	case sb.fails:
		state = "error"
	}
	if state == sb.dto.State {
		return
	}

	sb.dto.State = state
	sb.dto.UpdatedAt = isoTime(now)
	switch state {
	case "started":
		sb.dto.DaemonVersion = some(daemonVersion)
	case "error":
		sb.dto.ErrorReason = some(cfg.ErrorReason)
	}
}

// newUUID returns a random version 4 UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
