// Package fakeserver holds the pieces the ruapi-go fake servers (atitest,
// smtest, aezatest, dptest) share: JSON reading and writing with a size cap,
// constant-time credential checks, and fault injection.
package fakeserver

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// MaxRequestBody caps request bodies a fake server reads (1 MiB).
const MaxRequestBody = 1 << 20

// WriteJSON writes v as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ReadJSON decodes a request body of at most MaxRequestBody bytes into v.
func ReadJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxRequestBody+1))
	if err != nil {
		return err
	}
	if len(body) > MaxRequestBody {
		return errors.New("request body too large")
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("malformed JSON body: %w", err)
	}
	return nil
}

// Equal compares a presented credential with the expected one in constant time.
func Equal(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// Fault is a canned answer a fake server gives instead of handling a request.
type Fault struct {
	// Status is the HTTP status (429, 500, 502, 503, ...).
	Status int
	// RetryAfter, when positive, is sent as a Retry-After header in seconds.
	RetryAfter time.Duration
	// Body is sent as is; empty sends a short text body.
	Body []byte
	// ContentType of Body; empty means application/json when Body is set.
	ContentType string
	// Path, when set, aims the fault at requests whose URL path is exactly
	// Path ("/v1.0/balance"); requests to other paths pass it by and are
	// handled normally. Empty matches every path.
	Path string
	// Match, when set, aims the fault at requests it reports true for (a
	// Service Manager method, a query value); it is checked after Path.
	Match func(*http.Request) bool
}

// applies reports whether f is aimed at r.
func (f *Fault) applies(r *http.Request) bool {
	if f.Path != "" && (r == nil || r.URL.Path != f.Path) {
		return false
	}
	if f.Match != nil && (r == nil || !f.Match(r)) {
		return false
	}
	return true
}

// Faults is a queue of faults served to the next requests, safe for
// concurrent use. The zero value is an empty queue. A fake calls Serve first
// for every request it receives, so Faults also counts the requests.
type Faults struct {
	mu       sync.Mutex
	queue    []Fault
	requests int
}

// Requests returns how many requests Serve has seen, faults included.
func (q *Faults) Requests() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.requests
}

// Inject queues f for the next n requests it is aimed at (every request
// when f has neither Path nor Match).
func (q *Faults) Inject(n int, f Fault) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i := 0; i < n; i++ {
		q.queue = append(q.queue, f)
	}
}

// Clear drops every queued fault.
func (q *Faults) Clear() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.queue = nil
}

// Serve counts the request, then answers it with the first queued fault aimed
// at it and reports true, or reports false when no queued fault is aimed at r.
func (q *Faults) Serve(w http.ResponseWriter, r *http.Request) bool {
	q.mu.Lock()
	q.requests++
	at := -1
	for i := range q.queue {
		if q.queue[i].applies(r) {
			at = i
			break
		}
	}
	if at < 0 {
		q.mu.Unlock()
		return false
	}
	f := q.queue[at]
	q.queue = append(q.queue[:at:at], q.queue[at+1:]...)
	q.mu.Unlock()
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((f.RetryAfter+time.Second-1)/time.Second)))
	}
	body := f.Body
	ct := f.ContentType
	if len(body) == 0 {
		body = []byte(http.StatusText(f.Status) + "\n")
		ct = "text/plain; charset=utf-8"
	} else if ct == "" {
		ct = "application/json; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(f.Status)
	_, _ = w.Write(body)
	return true
}
