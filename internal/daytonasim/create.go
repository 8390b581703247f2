package daytonasim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
)

// Interval defaults and bounds, in minutes.
const (
	defaultAutoStop    = 15
	defaultAutoArchive = 10080 // 7 days
	maxAutoArchive     = 43200 // MAX_AUTO_ARCHIVE_INTERVAL's default
	defaultAutoDelete  = -1    // disabled
)

// create handles POST /api/sandbox.
func (s *Server) create(w http.ResponseWriter, r *http.Request, body []byte) {
	// The body parser runs before the guards, so bad JSON beats bad auth.
	raw, ok := decodeObject(body)
	if !ok {
		failBadJSON(w)
		return
	}
	if !s.authorized(w, r) || !s.throttle(w, r, throttleCreate) {
		return
	}

	in := createInput{raw: raw}
	dto := s.newSandbox(&in)
	if len(in.errs) > 0 {
		s.fail(w, r, http.StatusBadRequest, strings.Join(in.errs, ", "))
		return
	}
	if status, msg := s.checkCreate(&in, &dto); status != 0 {
		s.fail(w, r, status, msg)
		return
	}
	if status, msg := s.insert(dto); status != 0 {
		s.fail(w, r, status, msg)
		return
	}
	writeJSON(w, http.StatusOK, dto)
}

// decodeObject parses a request body as a JSON object. An empty body
// counts as {}. Other top-level values are rejected, as by a strict
// body parser (which would let arrays through; the simulator does not).
func decodeObject(body []byte) (map[string]any, bool) {
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]any{}, true
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil || v == nil || dec.More() {
		return nil, false
	}
	return v, true
}

// newSandbox builds the sandbox a valid request describes, recording
// validation messages in in.
func (s *Server) newSandbox(in *createInput) sandboxDTO {
	id := newUUID()
	now := isoTime(s.cfg.Clock())
	d := sandboxDTO{
		ID:                 id,
		OrganizationID:     s.org,
		Name:               in.str("name", id),
		Snapshot:           in.str("snapshot", defaultSnapshot),
		User:               in.str("user", "daytona"),
		Env:                in.strMap("env"),
		Labels:             in.strMap("labels"),
		Public:             in.boolean("public"),
		NetworkBlockAll:    in.boolean("networkBlockAll"),
		Target:             in.str("target", "us"),
		CPU:                in.count("cpu", 0, noMax, 0),
		GPU:                in.count("gpu", 0, 1, 0),
		Memory:             in.count("memory", 0, noMax, 0),
		Disk:               in.count("disk", 0, noMax, 0),
		State:              "creating", // unknown + desired started, as shown
		DesiredState:       "started",
		BackupState:        "None",
		AutoStopInterval:   in.count("autoStopInterval", 0, noMax, defaultAutoStop),
		AutoDeleteInterval: in.count("autoDeleteInterval", math.MinInt, noMax, defaultAutoDelete),
		Volumes:            []any{},
		CreatedAt:          now,
		UpdatedAt:          now,
		SandboxClass:       "container",
		RunnerID:           s.run,
		ToolboxProxyURL:    toolboxProxyURL,
	}
	archive := in.count("autoArchiveInterval", 0, noMax, defaultAutoArchive)
	d.AutoArchiveInterval = archiveInterval(archive)
	d.NetworkAllowList = in.optional("networkAllowList")
	d.DomainAllowList = in.optional("domainAllowList")
	return d
}

// archiveInterval maps 0 to the server maximum and clamps to it.
func archiveInterval(m int) int {
	if m == 0 || m > maxAutoArchive {
		return maxAutoArchive
	}
	return m
}

// checkCreate applies the service's rules after validation: builds,
// resources with a snapshot, region and snapshot lookup. It fills in the
// snapshot's resources and returns a non-zero status on failure.
func (s *Server) checkCreate(in *createInput, d *sandboxDTO) (int, string) {
	if in.present("buildInfo") {
		if in.present("snapshot") {
			return http.StatusBadRequest, "Cannot specify a snapshot when using a build info entry"
		}
		// TODO(sim): declarative builds are not simulated; they get 501
		// meanwhile; done means pending_build → building_snapshot phases.
		return http.StatusNotImplemented, "daytonasim does not simulate buildInfo"
	}
	if d.CPU != 0 || d.GPU != 0 || d.Memory != 0 || d.Disk != 0 || in.present("gpuType") {
		return http.StatusBadRequest, "Cannot specify Sandbox resources when using a snapshot"
	}
	if !regions[d.Target] {
		return http.StatusNotFound, "Region not found"
	}
	if d.Snapshot != defaultSnapshot && d.Snapshot != s.cfg.ErrorSnapshot {
		return http.StatusBadRequest, fmt.Sprintf(
			"Snapshot %s not found. Did you add it through the Daytona Dashboard?", d.Snapshot)
	}

	res := smallResources
	d.CPU, d.GPU, d.Memory, d.Disk = res.CPU, res.GPU, res.Memory, res.Disk
	return 0, ""
}

// insert stores a new sandbox unless its name is taken.
func (s *Server) insert(d sandboxDTO) (int, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sb := range s.sandboxes {
		if sb.dto.Name == d.Name {
			return http.StatusConflict, fmt.Sprintf("Sandbox with name %s already exists", d.Name)
		}
	}
	fails := s.cfg.ErrorSnapshot != "" && d.Snapshot == s.cfg.ErrorSnapshot
	s.sandboxes = append(s.sandboxes, &sandbox{dto: d, fails: fails})
	return 0, ""
}
