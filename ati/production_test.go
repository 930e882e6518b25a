package ati_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
)

// wireServer answers the balance and records what arrived.
type wireServer struct {
	*httptest.Server
	mu     sync.Mutex
	reqs   []*http.Request
	status atomic.Int32
}

func newWireServer(t *testing.T) *wireServer {
	t.Helper()
	w := &wireServer{}
	w.status.Store(http.StatusOK)
	w.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.mu.Lock()
		w.reqs = append(w.reqs, r.Clone(context.Background()))
		w.mu.Unlock()
		rw.Header().Set("Content-Type", "application/json")
		rw.Header().Set("X-Request-Id", "ati-req-7")
		code := int(w.status.Load())
		rw.WriteHeader(code)
		if code == http.StatusOK {
			_, _ = rw.Write([]byte(`{"balance":12.50}`))
		} else {
			_, _ = fmt.Fprintf(rw, `{"error":"e%d","reason":"token %s refused"}`, code, r.Header.Get("Authorization"))
		}
	}))
	t.Cleanup(w.Close)
	return w
}

func (w *wireServer) count() int { w.mu.Lock(); defer w.mu.Unlock(); return len(w.reqs) }
func (w *wireServer) last() *http.Request {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.reqs[len(w.reqs)-1]
}

func TestPerCallOptionsOnTheWire(t *testing.T) {
	t.Parallel()
	w := newWireServer(t)
	c, err := ati.NewClient("test-token-not-real", ati.WithBaseURL(w.URL), ati.WithRateLimit(0, 0),
		ati.WithRetry(ati.RetryPolicy{MaxRetries: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond}))
	require.NoError(t, err)
	ctx := context.Background()

	var info ati.ResponseInfo
	b, err := c.Billing.Balance(ctx, ati.WithResponseInto(&info), ati.WithHeader("X-Trace-Id", "trace-1"))
	require.NoError(t, err)
	assert.Equal(t, "12.50", b.Balance.String())
	assert.Equal(t, "trace-1", w.last().Header.Get("X-Trace-Id"))
	assert.Equal(t, "Bearer test-token-not-real", w.last().Header.Get("Authorization"))
	assert.Equal(t, 200, info.StatusCode)
	assert.Equal(t, "ati-req-7", info.RequestID)
	assert.Equal(t, 1, info.Attempts)
	assert.Equal(t, "billing.balance", info.Operation)
	assert.False(t, info.RateLimit.Known(), "ATI sends no rate-limit counters")

	w.status.Store(http.StatusServiceUnavailable)
	before := w.count()
	_, err = c.Billing.Balance(ctx, ati.WithResponseInto(&info))
	require.ErrorIs(t, err, ati.ErrServer)
	assert.Equal(t, 503, info.StatusCode, "filled on failure too")
	assert.Equal(t, 3, info.Attempts)
	assert.Equal(t, 3, w.count()-before)

	before = w.count()
	_, err = c.Billing.Balance(ctx, ati.WithCallRetry(ati.RetryPolicy{}))
	require.Error(t, err)
	assert.Equal(t, 1, w.count()-before, "no retries for this call")

	before = w.count()
	_, err = c.Organizations.Create(ctx, &ati.OrganizationInput{}, ati.WithCallRetry(ati.RetryPolicy{MaxRetries: 5}))
	require.Error(t, err)
	assert.Equal(t, 1, w.count()-before, "a per-call policy never makes a create retryable")

	_, err = c.Billing.Balance(ctx, ati.WithHeader("Bad Header", "x"))
	require.ErrorIs(t, err, ati.ErrInvalidArgument)
}

func TestPerCallTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	c, err := ati.NewClient("test-token-not-real", ati.WithBaseURL(srv.URL))
	require.NoError(t, err)
	start := time.Now()
	_, err = c.Billing.Balance(context.Background(), ati.WithCallTimeout(50*time.Millisecond))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second)
}

// refreshing is a token source whose token the test can expire.
type refreshing struct {
	gen   atomic.Int32
	calls atomic.Int32
}

func (r *refreshing) Token() (*oauth2.Token, error) {
	r.calls.Add(1)
	return &oauth2.Token{AccessToken: fmt.Sprintf("ati-oauth-not-real-%03d", r.gen.Load()), TokenType: "Bearer"}, nil
}

func TestTokenSource(t *testing.T) {
	t.Parallel()
	w := newWireServer(t)
	ts := &refreshing{}
	c, err := ati.NewClient("", ati.WithBaseURL(w.URL), ati.WithTokenSource(ts), ati.WithRateLimit(0, 0))
	require.NoError(t, err)
	_, err = c.Billing.Balance(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "Bearer ati-oauth-not-real-000", w.last().Header.Get("Authorization"))

	// The token expires upstream and the source refreshes: one retry with
	// the new token, and the echoed old token never shows.
	w.status.Store(http.StatusUnauthorized)
	ts.gen.Add(1)
	_, err = c.Billing.Balance(context.Background())
	require.ErrorIs(t, err, ati.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "ati-oauth-not-real")

	_, err = ati.NewClient("fixed-token", ati.WithTokenSource(ts))
	require.ErrorIs(t, err, ati.ErrInvalidArgument, "a token and a token source")
	_, err = ati.NewClient("")
	require.ErrorIs(t, err, ati.ErrInvalidArgument, "neither")
	_, err = ati.NewClient("", ati.WithTokenSource(nil))
	require.ErrorIs(t, err, ati.ErrInvalidArgument)
}

func TestTokenSourceRetriesOnceAfterRefresh(t *testing.T) {
	t.Parallel()
	ts := &refreshing{}
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			ts.gen.Add(1) // expired between the source's check and ATI's
			rw.WriteHeader(http.StatusUnauthorized)
			return
		}
		assert.Equal(t, "Bearer ati-oauth-not-real-001", r.Header.Get("Authorization"))
		_, _ = rw.Write([]byte(`{"balance":1}`))
	}))
	t.Cleanup(srv.Close)
	c, err := ati.NewClient("", ati.WithBaseURL(srv.URL), ati.WithTokenSource(ts))
	require.NoError(t, err)
	_, err = c.Billing.Balance(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int32(2), n.Load())
}

// grantClock is a base RoundTripper that records when each attempt left
// the client's limiter: it sits under the limiter, so what it sees is what
// the limiter lets through, without the network's or the server's delays.
type grantClock struct {
	base  http.RoundTripper
	mu    sync.Mutex
	times []time.Time
}

func (g *grantClock) RoundTrip(r *http.Request) (*http.Response, error) {
	g.mu.Lock()
	g.times = append(g.times, time.Now())
	g.mu.Unlock()
	return g.base.RoundTrip(r)
}

// 100 concurrent calls through one default client stay under ATI's
// documented 10 requests a second. The test measures what the limiter
// controls, each with margin against a loaded machine: the whole run
// (100 grants at 9 a second, burst 1, take at least 11 s, and load only
// makes it longer; ATI's limit needs 9.9 s), and the grants counted in
// every 3-second window (the limiter lets at most 28 through; ATI's limit
// allows 30), timed where they leave the limiter, not where they arrive.
func TestDefaultRateLimitHolds(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("takes 11 s by design")
	}
	w := newWireServer(t)
	clock := &grantClock{base: http.DefaultTransport}
	c, err := ati.NewClient("test-token-not-real", ati.WithBaseURL(w.URL),
		ati.WithHTTPClient(&http.Client{Transport: clock}))
	require.NoError(t, err)
	const calls = 100
	start := time.Now()
	var wg sync.WaitGroup
	for range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Billing.Balance(context.Background())
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	require.Equal(t, calls, w.count())
	assert.GreaterOrEqual(t, elapsed, time.Duration(calls-1)*time.Second/ati.DefaultRateLimit,
		"%d calls at most %d a second", calls, ati.DefaultRateLimit)

	clock.mu.Lock()
	defer clock.mu.Unlock()
	require.Len(t, clock.times, calls)
	const window = 3 * time.Second
	limit := int(window/time.Second) * ati.DefaultRateLimit
	for i, from := range clock.times {
		n := 0
		for _, g := range clock.times[i:] {
			if g.Sub(from) < window {
				n++
			}
		}
		assert.LessOrEqual(t, n, limit, "grants in the %v from grant %d", window, i)
	}
}

func TestRateLimitLeavesOnCancel(t *testing.T) {
	t.Parallel()
	w := newWireServer(t)
	c, err := ati.NewClient("test-token-not-real", ati.WithBaseURL(w.URL), ati.WithRateLimit(0.2, 1))
	require.NoError(t, err)
	_, err = c.Billing.Balance(context.Background()) // spends the only token for 5 s
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	start := time.Now()
	_, err = c.Billing.Balance(ctx)
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), time.Second)
	assert.Equal(t, 1, w.count())
}

// A caller's RoundTripper (or otelhttp's span-name formatter) names spans
// by the operation.
func ExampleOperationName() {
	srv := atitest.NewServer()
	defer srv.Close()
	var names []string
	tracing := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		names = append(names, "ati "+ati.OperationName(r))
		return http.DefaultTransport.RoundTrip(r)
	})}
	c, err := srv.Client(ati.WithHTTPClient(tracing))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	if _, err := c.Billing.Balance(ctx); err != nil {
		panic(err)
	}
	if _, err := c.Organizations.List(ctx); err != nil {
		panic(err)
	}
	fmt.Println(names)
	// Output: [ati billing.balance ati organizations.list]
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
