package transport_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

func TestResponseIntoOnSuccessAndFailure(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Ratelimit-Limit", "100")
		w.Header().Set("X-Ratelimit-Remaining", "0")
		w.Header().Set("X-Request-Id", "req-1")
		w.WriteHeader(http.StatusServiceUnavailable)
	}, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Ratelimit-Remaining", "99")
		w.Header().Set("X-Request-Id", "req-2")
		w.Header().Set("X-Echo", testToken)
		_, _ = w.Write([]byte(`{}`))
	}, status(404, `{"code":"nope"}`))
	c := newClient(t, srv.URL)
	var info transport.ResponseInfo
	_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x", Operation: "Things.Get",
		Options: []transport.CallOption{transport.WithResponseInto(&info)}})
	require.NoError(t, err)
	assert.Equal(t, 200, info.StatusCode)
	assert.Equal(t, 2, info.Attempts)
	assert.Equal(t, "req-2", info.RequestID)
	assert.Equal(t, "Things.Get", info.Operation)
	assert.Positive(t, info.Elapsed)
	assert.Equal(t, 99, info.RateLimit.Remaining)
	assert.Equal(t, -1, info.RateLimit.Limit, "a counter not sent is unknown, not zero")
	assert.True(t, info.RateLimit.Known())
	assert.NotContains(t, fmt.Sprint(info.Header), testToken, "headers are redacted")

	_, err = c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x",
		Options: []transport.CallOption{transport.WithResponseInto(&info)}})
	require.ErrorIs(t, err, transport.ErrNotFound)
	assert.Equal(t, 404, info.StatusCode)
	assert.False(t, info.RateLimit.Known())
	assert.Equal(t, 1, info.Attempts)

	_, err = c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x",
		Options: []transport.CallOption{transport.WithResponseInto(nil)}})
	require.ErrorIs(t, err, transport.ErrInvalidArgument)
}

func TestPerCallHeaderTimeoutRetry(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(503, `{}`))
	c := newClient(t, srv.URL, func(c *transport.Config) { c.Retry = fastRetry(3) })
	do := func(method string, opts ...transport.CallOption) error {
		_, err := c.Do(context.Background(), &transport.Request{Method: method, Path: "x", Options: opts})
		return err
	}
	before := srv.count()
	require.Error(t, do(http.MethodGet, transport.WithCallRetry(transport.NoRetries()), transport.WithHeader("X-Trace", "t-1"),
		transport.WithHeader("Authorization", "Bearer stolen")))
	assert.Equal(t, 1, srv.count()-before, "no retries for this call")
	assert.Equal(t, "t-1", srv.last().Header.Get("X-Trace"))
	assert.Equal(t, "Bearer "+testToken, srv.last().Header.Get("Authorization"), "a per-call header cannot replace the credential")

	before = srv.count()
	require.Error(t, do(http.MethodGet, transport.WithCallRetry(*fastRetry(5))))
	assert.Equal(t, 6, srv.count()-before, "a longer policy for this call")

	before = srv.count()
	require.Error(t, do(http.MethodPost, transport.WithCallRetry(*fastRetry(5))))
	assert.Equal(t, 1, srv.count()-before, "a per-call policy never makes a POST retryable")

	require.ErrorIs(t, do(http.MethodGet, transport.WithHeader("Bad Name", "v")), transport.ErrInvalidArgument)
	require.ErrorIs(t, do(http.MethodGet, transport.WithHeader("X-A", "v\r\nX-B: 1")), transport.ErrInvalidArgument)
	require.ErrorIs(t, do(http.MethodGet, transport.WithCallTimeout(0)), transport.ErrInvalidArgument)
	require.ErrorIs(t, do(http.MethodGet, transport.WithCallRetry(transport.RetryPolicy{MaxRetries: -1})), transport.ErrInvalidArgument)

	slow := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	c = newClient(t, slow.URL)
	start := time.Now()
	_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x",
		Options: []transport.CallOption{transport.WithCallTimeout(50 * time.Millisecond)}})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second)
}

// rotating yields a new token each time next is set.
type rotating struct {
	mu    sync.Mutex
	n     int
	calls atomic.Int32
}

func (r *rotating) Token() (*oauth2.Token, error) {
	r.calls.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	return &oauth2.Token{AccessToken: fmt.Sprintf("oauth-token-not-real-%04d", r.n), TokenType: "Bearer"}, nil
}

func (r *rotating) rotate() { r.mu.Lock(); r.n++; r.mu.Unlock() }

func TestTokenSourcePerAttemptScrubbedAndRefreshedOn401(t *testing.T) {
	t.Parallel()
	ts := &rotating{}
	var srv *recorder
	srv = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		// The token expired upstream: the source rotates, the server says 401
		// and echoes the token it got.
		ts.rotate()
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = fmt.Fprintf(w, `{"code":"expired","message":"token %s expired"}`, r.Header.Get("Authorization"))
	}, status(200, `{}`))
	c := newClient(t, srv.URL, func(c *transport.Config) { c.Auth = transport.TokenSource(ts) })
	resp, err := get(c)
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts, "a 401 after which the source yields a new token is retried once")
	assert.Equal(t, "Bearer oauth-token-not-real-0001", srv.last().Header.Get("Authorization"))

	// A POST is not retried; the echoed token is scrubbed.
	srv = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		ts.rotate()
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = fmt.Fprintf(w, `{"code":"expired","message":"token %s expired"}`, r.Header.Get("Authorization"))
	})
	c = newClient(t, srv.URL, func(c *transport.Config) { c.Auth = transport.TokenSource(ts) })
	_, err = post(c, transport.RetryByMethod)
	require.ErrorIs(t, err, transport.ErrUnauthorized)
	assert.Equal(t, 1, srv.count())
	assert.NotContains(t, err.Error(), "oauth-token-not-real")

	// A GET gets one retry only, even if the source keeps rotating.
	_, err = get(c)
	require.ErrorIs(t, err, transport.ErrUnauthorized)
	assert.Equal(t, 3, srv.count(), "one attempt and one retry")
	assert.NotContains(t, err.Error(), "oauth-token-not-real")

	// The same token again: no retry.
	same := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "static-oauth-token-0000"})
	srv = newRecorder(t, status(401, `{}`))
	c = newClient(t, srv.URL, func(c *transport.Config) { c.Auth = transport.TokenSource(same) })
	_, err = get(c)
	require.ErrorIs(t, err, transport.ErrUnauthorized)
	assert.Equal(t, 1, srv.count())

	var cfg transport.Config
	require.ErrorIs(t, cfg.SetAuth(transport.TokenSource(nil)), transport.ErrInvalidArgument)
}

type failingSource struct{}

func (failingSource) Token() (*oauth2.Token, error) { return nil, errors.New("token endpoint says no") }

func TestTokenSourceFailureIsNotSent(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{}`))
	c := newClient(t, srv.URL, func(c *transport.Config) { c.Auth = transport.TokenSource(failingSource{}) })
	_, err := get(c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "token endpoint says no")
	assert.Zero(t, srv.count())
}

func TestRateLimiterBoundsArrivalsAndHonoursContext(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var arrivals []time.Time
	srv := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		mu.Unlock()
		_, _ = w.Write([]byte(`{}`))
	})
	lim := rate.NewLimiter(rate.Every(20*time.Millisecond), 1)
	c := newClient(t, srv.URL, func(c *transport.Config) { c.RateLimiter = lim })
	var wg sync.WaitGroup
	start := time.Now()
	for range 30 {
		wg.Add(1)
		go func() { defer wg.Done(); _, _ = get(c) }()
	}
	wg.Wait()
	require.Len(t, arrivals, 30)
	// The limiter hands out one permit every 20 ms, the first at once: the
	// thirtieth call cannot start before 29 intervals have passed. (Measured
	// here, on the client: arrival times at the server add network jitter.)
	assert.GreaterOrEqual(t, time.Since(start), 29*20*time.Millisecond)

	slow := rate.NewLimiter(rate.Every(5*time.Second), 1)
	require.True(t, slow.Allow())
	c = newClient(t, srv.URL, func(c *transport.Config) { c.RateLimiter = slow })
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(30 * time.Millisecond); cancel() }()
	start = time.Now()
	_, err := c.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "x"})
	require.ErrorIs(t, err, context.Canceled, "%v", err)
	assert.Less(t, time.Since(start), time.Second, "a canceled context leaves the limiter promptly")

	// A wait that would outlive the deadline fails at once.
	ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = c.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "x"})
	require.ErrorIs(t, err, context.DeadlineExceeded, "%v", err)
	assert.Less(t, time.Since(start), 80*time.Millisecond)
}

func TestOperationNameVisibleToCallerRoundTripper(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{}`))
	var seenOp string
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seenOp = transport.OperationName(r)
		return http.DefaultTransport.RoundTrip(r)
	})}
	c := newClient(t, srv.URL, func(c *transport.Config) { c.HTTPClient = hc })
	_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x", Operation: "account/users/list"})
	require.NoError(t, err)
	assert.Equal(t, "account/users/list", seenOp)
	assert.Empty(t, transport.OperationName(nil))
}

// A secret a caller sends in a header of its own, per call or per client, is
// scrubbed from an echo like the client's credential.
func TestHeaderSecretsScrubbed(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprintf(w, `{"code":"bad","message":"got %s and %s"}`, r.Header.Get("X-Api-Token"), r.Header.Get("X-Session"))
	})
	c := newClient(t, srv.URL, func(c *transport.Config) { c.Header = http.Header{"X-Session": {"client-header-secret-1"}} })
	_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x",
		Options: []transport.CallOption{transport.WithHeader("X-Api-Token", "call-header-secret-2")}})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "client-header-secret-1")
	assert.NotContains(t, err.Error(), "call-header-secret-2")
	assert.Equal(t, "call-header-secret-2", srv.last().Header.Get("X-Api-Token"), "sent as given")
}
