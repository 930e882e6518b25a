package transport_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/require"
)

const testToken = "test-token-not-real-0123456789"

// fastRetry retries quickly so that no test sleeps for real seconds.
func fastRetry(n int) *transport.RetryPolicy {
	return &transport.RetryPolicy{MaxRetries: n, WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond, MaxRetryAfter: 50 * time.Millisecond}
}

// seen is what a test server recorded of one request.
type seen struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   []byte
}

// recorder is an httptest server that records requests and answers with the
// next handler in line (the last one repeats).
type recorder struct {
	*httptest.Server
	mu       sync.Mutex
	reqs     []seen
	handlers []http.HandlerFunc
	n        atomic.Int32
}

func newRecorder(t *testing.T, handlers ...http.HandlerFunc) *recorder {
	t.Helper()
	r := &recorder{handlers: handlers}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.reqs = append(r.reqs, seen{req.Method, req.URL.EscapedPath(), req.URL.RawQuery, req.Header.Clone(), body})
		r.mu.Unlock()
		i := int(r.n.Add(1)) - 1
		if i >= len(r.handlers) {
			i = len(r.handlers) - 1
		}
		r.handlers[i](w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) count() int { return int(r.n.Load()) }

func (r *recorder) last() seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reqs[len(r.reqs)-1]
}

func status(code int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

// newClient builds a transport client against url with a generic JSON error
// decoder ({"code","message"}).
func newClient(t *testing.T, url string, mod ...func(*transport.Config)) *transport.Client {
	t.Helper()
	cfg := transport.Config{
		Service:     "test",
		BaseURL:     url,
		Auth:        transport.Bearer(testToken),
		Retry:       fastRetry(2),
		DecodeError: jsonDecoder,
	}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := transport.New(cfg)
	require.NoError(t, err)
	return c
}

// jsonDecoder reads {"code": "...", "message": "..."} error envelopes.
func jsonDecoder(resp *transport.Response, e *transport.Error) bool {
	var env struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	if len(bytes.TrimSpace(resp.Body)) > 0 && resp.StatusCode >= 300 {
		if err := jsonUnmarshal(resp.Body, &env); err != nil || (env.Code == "" && env.Message == "") {
			e.Message = resp.Excerpt()
			return true
		}
		e.Code, e.Message = env.Code, env.Message
	}
	return false
}
