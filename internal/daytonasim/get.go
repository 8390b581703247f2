package daytonasim

import (
	"net/http"
	"strings"
	"time"
)

// get handles GET /api/sandbox/{sandboxIdOrName}. The verbose query
// parameter is accepted with any value and changes nothing.
func (s *Server) get(w http.ResponseWriter, r *http.Request, key string) {
	if !s.authorized(w, r) || !s.throttle(w, r, throttleGeneral) {
		return
	}

	dto, found, wait := s.poll(key, s.cfg.Clock())
	switch {
	case !found:
		s.fail(w, r, http.StatusNotFound, "Sandbox with ID or name "+key+" not found")
	case wait > 0:
		s.tooMany(w, r, throttleGeneral, wait)
	default:
		writeJSON(w, http.StatusOK, dto)
	}
}

// poll serves one GET of the sandbox named key at now. It reports whether
// the sandbox exists and, when it was polled too soon, how long is left
// to wait; only a served poll moves the sandbox on.
func (s *Server) poll(key string, now time.Time) (dto sandboxDTO, found bool, wait time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()

	sb := s.lookup(key)
	if sb == nil {
		return dto, false, 0
	}
	if !sb.lastPoll.IsZero() {
		wait = s.cfg.MinPollInterval - now.Sub(sb.lastPoll)
		if wait > 0 {
			return dto, true, wait
		}
	}
	sb.advance(s.cfg, now)
	return sb.dto.asStored(), true, 0
}

// lookup finds a sandbox by id first, then by name. The caller holds s.mu.
func (s *Server) lookup(key string) *sandbox {
	for _, sb := range s.sandboxes {
		if sb.dto.ID == key {
			return sb
		}
	}
	for _, sb := range s.sandboxes {
		if sb.dto.Name == key {
			return sb
		}
	}
	return nil
}

// authorized checks the bearer token, writing a 401 when it is wrong.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	ok := strings.EqualFold(scheme, "Bearer") && token != "" &&
		(s.cfg.Token == "" || token == s.cfg.Token)
	if !ok {
		s.fail(w, r, http.StatusUnauthorized, "Invalid credentials")
	}
	return ok
}
