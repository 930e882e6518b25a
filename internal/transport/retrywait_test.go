package transport_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// arrivals records when each request reached the server.
type arrivals struct {
	mu sync.Mutex
	at []time.Time
}

func (a *arrivals) handler(first http.HandlerFunc, then http.HandlerFunc, failures int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.at = append(a.at, time.Now())
		n := len(a.at)
		a.mu.Unlock()
		if n <= failures {
			first(w, r)
			return
		}
		then(w, r)
	}
}

// minGap is the shortest time between two consecutive arrivals.
func (a *arrivals) minGap() time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	gap := time.Duration(1<<63 - 1)
	for i := 1; i < len(a.at); i++ {
		gap = min(gap, a.at[i].Sub(a.at[i-1]))
	}
	return gap
}

func retryAfter(v string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", v)
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}

// Retry-After: 0, or a date already past, keeps the normal backoff.
func TestRetryAfterZeroKeepsTheBackoff(t *testing.T) {
	t.Parallel()
	for name, v := range map[string]func() string{
		"zero":      func() string { return "0" },
		"past date": func() string { return time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var a arrivals
			srv := newRecorder(t, a.handler(retryAfter(v()), status(200, `{}`), 3))
			p := transport.RetryPolicy{MaxRetries: 3, WaitMin: 100 * time.Millisecond, WaitMax: 100 * time.Millisecond, MaxRetryAfter: time.Minute}
			c := newClient(t, srv.URL, func(c *transport.Config) { c.Retry = &p })
			resp, err := get(c)
			require.NoError(t, err)
			assert.Equal(t, 4, resp.Attempts)
			assert.GreaterOrEqual(t, a.minGap(), 90*time.Millisecond, "each retry waits the backoff")
		})
	}
}

// A policy that only says how many retries gets the default waits: it backs
// off and honors Retry-After; RetryPolicy{} still sends once.
func TestPartlyFilledRetryPolicy(t *testing.T) {
	t.Parallel()
	t.Run("backoff", func(t *testing.T) {
		t.Parallel()
		var a arrivals
		srv := newRecorder(t, a.handler(status(503, `{}`), status(200, `{}`), 2))
		p := transport.RetryPolicy{MaxRetries: 5}
		resp, err := get(newClient(t, srv.URL, func(c *transport.Config) { c.Retry = &p }))
		require.NoError(t, err)
		assert.Equal(t, 3, resp.Attempts)
		assert.GreaterOrEqual(t, a.minGap(), 200*time.Millisecond, "the default WaitMin (250 ms)")
	})
	t.Run("Retry-After honored", func(t *testing.T) {
		t.Parallel()
		var a arrivals
		srv := newRecorder(t, a.handler(retryAfter("1"), status(200, `{}`), 1))
		var cfg transport.Config
		require.NoError(t, cfg.SetRetry(transport.RetryPolicy{MaxRetries: 5}))
		resp, err := get(newClient(t, srv.URL, func(c *transport.Config) { c.Retry = cfg.Retry }))
		require.NoError(t, err, "a Retry-After under the default cap (1 min) is waited for")
		assert.Equal(t, 2, resp.Attempts)
		assert.GreaterOrEqual(t, a.minGap(), 900*time.Millisecond)
	})
	t.Run("per call", func(t *testing.T) {
		t.Parallel()
		var a arrivals
		srv := newRecorder(t, a.handler(status(503, `{}`), status(200, `{}`), 1))
		resp, err := newClient(t, srv.URL).Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x",
			Options: []transport.CallOption{transport.WithCallRetry(transport.RetryPolicy{MaxRetries: 2})}})
		require.NoError(t, err)
		assert.Equal(t, 2, resp.Attempts)
		assert.GreaterOrEqual(t, a.minGap(), 200*time.Millisecond)
	})
	t.Run("through a package", func(t *testing.T) {
		t.Parallel()
		var a arrivals
		srv := newRecorder(t, a.handler(status(503, `{}`), status(200, `{"data":{"items":[],"total":0}}`), 1))
		c, err := aeza.NewClient(matrixKey, aeza.WithBaseURL(srv.URL), aeza.WithRetry(aeza.RetryPolicy{MaxRetries: 5}))
		require.NoError(t, err)
		require.NoError(t, c.Do(context.Background(), &aeza.Request{Method: http.MethodGet, Path: "services"}, nil))
		assert.GreaterOrEqual(t, a.minGap(), 200*time.Millisecond)
	})
	t.Run("zero still sends once", func(t *testing.T) {
		t.Parallel()
		srv := newRecorder(t, status(503, `{}`))
		p := transport.RetryPolicy{}
		_, err := get(newClient(t, srv.URL, func(c *transport.Config) { c.Retry = &p }))
		require.Error(t, err)
		assert.Equal(t, 1, srv.count())
		_, err = newClient(t, srv.URL).Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x",
			Options: []transport.CallOption{transport.WithCallRetry(transport.RetryPolicy{})}})
		require.Error(t, err)
		assert.Equal(t, 2, srv.count())
	})
	t.Run("one bound given", func(t *testing.T) {
		t.Parallel()
		var cfg transport.Config
		require.NoError(t, cfg.SetRetry(transport.RetryPolicy{MaxRetries: 1, WaitMin: 10 * time.Second}), "WaitMax follows a long WaitMin")
		require.NoError(t, cfg.SetRetry(transport.RetryPolicy{MaxRetries: 1, WaitMax: 10 * time.Millisecond}), "WaitMin follows a short WaitMax")
		require.ErrorIs(t, cfg.SetRetry(transport.RetryPolicy{MaxRetries: 1, WaitMin: -1}), transport.ErrInvalidArgument)
	})
}

// A caller's *http.Client with no Transport sends through
// http.DefaultTransport, as net/http does, not through the SDK's shared
// pool: another client's hung calls, which fill the pool's connections to
// a host, do not hold it up.
func TestCallerClientWithoutTransportIsNotThePool(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var hung atomic.Int32
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hang" {
			hung.Add(1)
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}
		_, _ = w.Write([]byte(`{}`))
	})
	defer close(release)
	pooledClient := newClient(t, srv.URL) // no *http.Client: the SDK's pool
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for range 80 { // more than the pool's connections per host
		go func() { _, _ = pooledClient.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "hang"}) }()
	}
	require.Eventually(t, func() bool { return hung.Load() >= 64 }, 10*time.Second, 10*time.Millisecond)

	own := newClient(t, srv.URL, func(c *transport.Config) { c.HTTPClient = &http.Client{} })
	callCtx, callCancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer callCancel()
	start := time.Now()
	_, err := own.Do(callCtx, &transport.Request{Method: http.MethodGet, Path: "ok"})
	require.NoError(t, err, "took %v", time.Since(start))
}
