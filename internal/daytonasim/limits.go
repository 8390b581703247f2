package daytonasim

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// Throttler names and their per-minute limits at tier 1.
const (
	throttleGeneral = "authenticated"
	throttleCreate  = "sandbox-create"
	limitWindow     = time.Minute
)

var tierOneLimits = map[string]int{
	throttleGeneral: 10000,
	throttleCreate:  300,
}

// window counts one throttler's requests in the current minute.
type window struct {
	start time.Time
	used  int
}

// throttle counts a request against the named throttler and sets the
// X-RateLimit-*-<name> headers. It reports false, having written a 429,
// when the limit is spent.
func (s *Server) throttle(w http.ResponseWriter, r *http.Request, name string) bool {
	now := s.cfg.Clock()
	limit := tierOneLimits[name]

	s.mu.Lock()
	win := s.limits[name]
	if win == nil || now.Sub(win.start) >= limitWindow {
		win = &window{start: now}
		s.limits[name] = win
	}
	win.used++
	used, reset := win.used, win.start.Add(limitWindow).Sub(now)
	s.mu.Unlock()

	h := w.Header()
	h.Set("X-RateLimit-Limit-"+name, strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining-"+name, strconv.Itoa(max(limit-used, 0)))
	h.Set("X-RateLimit-Reset-"+name, strconv.Itoa(seconds(reset)))
	if used <= limit {
		return true
	}
	s.tooMany(w, r, name, reset)
	return false
}

// tooMany writes a 429 asking the client to wait for at least wait.
func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, name string, wait time.Duration) {
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(seconds(wait)))
	h.Set("Retry-After-"+name, strconv.Itoa(seconds(wait)))
	s.fail(w, r, http.StatusTooManyRequests, "ThrottlerException: Too Many Requests")
}

// seconds rounds d up to whole seconds, at least 1.
func seconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
