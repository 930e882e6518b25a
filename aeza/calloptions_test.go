package aeza_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

// wireServer answers every request with handler and records the requests.
func wireServer(t *testing.T, handler func(w http.ResponseWriter, r *http.Request, n int)) (*aeza.Client, *atomic.Int64, chan *http.Request) {
	t.Helper()
	var hits atomic.Int64
	seen := make(chan *http.Request, 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(hits.Add(1))
		select {
		case seen <- r.Clone(context.Background()):
		default:
		}
		handler(w, r, n)
	}))
	t.Cleanup(srv.Close)
	c, err := aeza.NewClient("key-not-real", aeza.WithBaseURL(srv.URL+"/api"), fastRetry())
	require.NoError(t, err)
	return c, &hits, seen
}

func TestWithResponseIntoOnSuccess(t *testing.T) {
	c, _, seen := wireServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		h := w.Header()
		h.Set("X-Ratelimit-Limit", "10")
		h.Set("X-Ratelimit-Remaining", "7")
		h.Set("X-Ratelimit-Reset", "42")
		h.Set("X-Request-Id", "req-123")
		h.Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":{"items":[{"id":7,"name":"web"}],"total":1}}`))
	})
	var info aeza.ResponseInfo
	l, err := c.Services.List(context.Background(), &aeza.ListOptions{Count: 5}, aeza.WithResponseInto(&info))
	require.NoError(t, err)
	require.Len(t, l.Items, 1)
	r := <-seen
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, "/api/services", r.URL.Path)
	assert.Equal(t, "count=5", r.URL.RawQuery)
	assert.Equal(t, http.StatusOK, info.StatusCode)
	assert.Equal(t, "req-123", info.RequestID)
	assert.Equal(t, 2, info.Attempts, "one 503, then the answer")
	assert.Positive(t, info.Elapsed)
	assert.Equal(t, "services.list", info.Operation)
	assert.Equal(t, "7", info.Header.Get("X-Ratelimit-Remaining"))
	assert.Equal(t, aeza.RateLimit{Limit: 10, Remaining: 7, Reset: 42 * time.Second}, info.RateLimit)
	assert.True(t, info.RateLimit.Known())
}

func TestWithResponseIntoOnFailure(t *testing.T) {
	c, _, _ := wireServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("X-Request-Id", "req-404")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":{"slug":"not_found","message":"Service not found"}}`))
	})
	var info aeza.ResponseInfo
	_, err := c.Services.Get(context.Background(), 9, aeza.WithResponseInto(&info))
	require.ErrorIs(t, err, aeza.ErrNotFound)
	assert.Equal(t, http.StatusNotFound, info.StatusCode)
	assert.Equal(t, "req-404", info.RequestID)
	assert.Equal(t, 1, info.Attempts)
	assert.Equal(t, "services.get", info.Operation)
	assert.Equal(t, aeza.RateLimit{Limit: -1, Remaining: -1, Reset: -1}, info.RateLimit, "unknown counters are -1")
	assert.False(t, info.RateLimit.Known())
	var e *aeza.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "services.get", e.Operation)

	// A rate-limited failure carries the counters both ways.
	c, _, _ = wireServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("X-Ratelimit-Limit", "10")
		w.Header().Set("X-Ratelimit-Remaining", "0")
		w.Header().Set("X-Ratelimit-Reset", "30")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"error":{"slug":"too_many_requests","message":"slow down"}}`))
	})
	_, err = c.Account.Current(context.Background(), aeza.WithResponseInto(&info), aeza.WithCallRetry(aeza.RetryPolicy{}))
	require.ErrorIs(t, err, aeza.ErrRateLimited)
	want := aeza.RateLimit{Limit: 10, Remaining: 0, Reset: 30 * time.Second}
	assert.Equal(t, want, info.RateLimit)
	rl, ok := aeza.RateLimitOf(err)
	assert.True(t, ok)
	assert.Equal(t, want, rl)
}

func TestWithHeaderReachesTheWire(t *testing.T) {
	c, _, seen := wireServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		_, _ = w.Write([]byte(`{"data":{"items":[],"total":0}}`))
	})
	_, err := c.OS.List(context.Background(), nil, aeza.WithHeader("X-Trace-Id", "trace-1"))
	require.NoError(t, err)
	r := <-seen
	assert.Equal(t, "trace-1", r.Header.Get("X-Trace-Id"))
	assert.Equal(t, "key-not-real", r.Header.Get("X-API-Key"))

	// The API key cannot be replaced per call, and a bad header is refused.
	_, err = c.OS.List(context.Background(), nil, aeza.WithHeader("X-API-Key", "other"))
	if err == nil {
		assert.Equal(t, "key-not-real", (<-seen).Header.Get("X-API-Key"))
	}
	_, err = c.OS.List(context.Background(), nil, aeza.WithHeader("Bad Header", "x"))
	assert.ErrorIs(t, err, aeza.ErrInvalidArgument)
}

func TestWithCallTimeoutBoundsACall(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	c, _, _ := wireServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	start := time.Now()
	var info aeza.ResponseInfo
	_, err := c.Services.List(context.Background(), nil, aeza.WithCallTimeout(50*time.Millisecond), aeza.WithResponseInto(&info))
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.Zero(t, info.StatusCode)
	_, err = c.Services.List(context.Background(), nil, aeza.WithCallTimeout(0))
	assert.ErrorIs(t, err, aeza.ErrInvalidArgument)
}

func TestWithCallRetry(t *testing.T) {
	unavailable := func(w http.ResponseWriter, _ *http.Request, _ int) { w.WriteHeader(http.StatusServiceUnavailable) }
	ctx := context.Background()

	c, hits, _ := wireServer(t, unavailable)
	_, err := c.Services.List(ctx, nil)
	require.ErrorIs(t, err, aeza.ErrServer)
	assert.Equal(t, int64(3), hits.Load(), "the client's policy: two retries")

	c, hits, _ = wireServer(t, unavailable)
	_, err = c.Services.List(ctx, nil, aeza.WithCallRetry(aeza.RetryPolicy{}))
	require.ErrorIs(t, err, aeza.ErrServer)
	assert.Equal(t, int64(1), hits.Load(), "RetryPolicy{} sends a GET once")

	// A call that spends money is sent once, whatever the policy.
	more := aeza.WithCallRetry(aeza.RetryPolicy{MaxRetries: 5, WaitMin: time.Millisecond, WaitMax: time.Millisecond})
	money := map[string]func(*aeza.Client) error{
		"orders.create": func(c *aeza.Client) error {
			_, err := c.Orders.Create(ctx, aeza.OrderRequest{ProductID: 3, Method: "balance", Term: aeza.TermMonth, Count: 1}, more)
			return err
		},
		"services.prolong": func(c *aeza.Client) error {
			_, err := c.Services.Prolong(ctx, 101, aeza.ProlongRequest{Method: "balance", Term: aeza.TermMonth, Count: 1}, more)
			return err
		},
		"payments.createInvoice": func(c *aeza.Client) error {
			_, err := c.Payments.CreateInvoice(ctx, aeza.InvoiceRequest{Method: "balance", Amount: aeza.NewDecimal(500, 0)}, more)
			return err
		},
		"do NoRetry": func(c *aeza.Client) error {
			return c.Do(ctx, &aeza.Request{Method: http.MethodPut, Path: "services/101", NoRetry: true}, nil, more)
		},
	}
	for name, call := range money {
		c, hits, seen := wireServer(t, unavailable)
		require.ErrorIs(t, call(c), aeza.ErrServer, name)
		assert.Equal(t, int64(1), hits.Load(), "%s sent once", name)
		r := <-seen
		assert.NotEqual(t, http.MethodGet, r.Method, name)
	}
}

// opRecorder is a plain RoundTripper that records each request's operation
// name, as a tracing wrapper would name its spans.
type opRecorder struct {
	mu    sync.Mutex
	names []string
}

func (o *opRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	o.mu.Lock()
	o.names = append(o.names, aeza.OperationName(r))
	o.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

func (o *opRecorder) take() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := o.names
	o.names = nil
	return n
}

func TestOperationNames(t *testing.T) {
	rec := &opRecorder{}
	srv := aezatest.NewServer()
	t.Cleanup(srv.Close)
	c, err := srv.Client(aeza.WithHTTPClient(&http.Client{Transport: rec}))
	require.NoError(t, err)
	ctx := context.Background()
	first := func(seq func(func(aeza.Service, error) bool)) {
		for _, err := range seq {
			require.NoError(t, err)
			break
		}
	}
	calls := []struct {
		op   string
		call func() error
	}{
		{"account.current", func() error { _, err := c.Account.Current(ctx); return err }},
		{"products.list", func() error { _, err := c.Products.List(ctx, nil); return err }},
		{"products.get", func() error { _, err := c.Products.Get(ctx, 3); return err }},
		{"serviceTypes.list", func() error { _, err := c.ServiceTypes.List(ctx, nil); return err }},
		{"groups.list", func() error { _, err := c.Groups.Tree(ctx, nil); return err }},
		{"os.list", func() error { _, err := c.OS.List(ctx, nil); return err }},
		{"services.list", func() error { first(c.Services.All(ctx, nil)); return nil }},
		{"services.get", func() error { _, err := c.Services.Get(ctx, 101); return err }},
		{"services.update", func() error {
			name := "renamed"
			_, err := c.Services.Update(ctx, 101, aeza.ServiceUpdate{Name: &name})
			return err
		}},
		{"services.control", func() error { return c.Services.Reboot(ctx, 101) }},
		{"services.changePassword", func() error { return c.Services.ChangePassword(ctx, 101, "fake-pass-not-real") }},
		{"services.reinstall", func() error {
			return c.Services.Reinstall(ctx, 101, aeza.ReinstallRequest{OS: aeza.OSSlug("debian_12"), Password: "fake-pass-not-real"})
		}},
		{"services.tasks", func() error { _, err := c.Services.Tasks(ctx, 101, nil); return err }},
		{"services.prolong", func() error {
			_, err := c.Services.Prolong(ctx, 101, aeza.ProlongRequest{Method: "balance", Term: aeza.TermMonth, Count: 1})
			return err
		}},
		{"orders.create", func() error {
			_, err := c.Orders.Create(ctx, aeza.OrderRequest{ProductID: 3, Method: "balance", Term: aeza.TermMonth, Count: 1})
			return err
		}},
		{"payments.currencies", func() error { _, err := c.Payments.Currencies(ctx); return err }},
		{"payments.methods", func() error { _, err := c.Payments.Methods(ctx); return err }},
		{"payments.createInvoice", func() error {
			_, err := c.Payments.CreateInvoice(ctx, aeza.InvoiceRequest{Method: "unitpay:card", Amount: aeza.NewDecimal(500, 0)})
			return err
		}},
		{"services.delete", func() error { return c.Services.Delete(ctx, 102) }},
		{"do", func() error { return c.Do(ctx, &aeza.Request{Path: "os"}, nil) }},
		{"custom.name", func() error { return c.Do(ctx, &aeza.Request{Path: "os", Operation: "custom.name"}, nil) }},
	}
	for _, tc := range calls {
		require.NoError(t, tc.call(), tc.op)
		names := rec.take()
		require.NotEmpty(t, names, tc.op)
		for _, n := range names {
			assert.Equal(t, tc.op, n)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, "http://example.invalid/", nil)
	assert.Empty(t, aeza.OperationName(req), "not a request of this package")
}

func TestOrdersGetOperationWhileWaiting(t *testing.T) {
	rec := &opRecorder{}
	srv := aezatest.NewServer()
	t.Cleanup(srv.Close)
	c, err := srv.Client(aeza.WithHTTPClient(&http.Client{Transport: rec}))
	require.NoError(t, err)
	res, err := c.Orders.Create(context.Background(), aeza.OrderRequest{ProductID: 3, Method: "balance", Term: aeza.TermMonth, Count: 1})
	require.NoError(t, err)
	require.NotEmpty(t, res.Items)
	var info aeza.ResponseInfo
	_, err = c.Orders.Wait(context.Background(), res.Items[0].ID, time.Millisecond, aeza.WithResponseInto(&info))
	require.NoError(t, err)
	assert.Equal(t, []string{"orders.create", "orders.get"}, rec.take())
	assert.Equal(t, "orders.get", info.Operation)
}

func TestWithRateLimitSpacesRequests(t *testing.T) {
	srv := aezatest.NewServer()
	t.Cleanup(srv.Close)
	c, err := srv.Client(aeza.WithRateLimit(20, 1))
	require.NoError(t, err)
	start := time.Now()
	for i := 0; i < 5; i++ {
		_, err := c.OS.List(context.Background(), nil)
		require.NoError(t, err)
	}
	assert.GreaterOrEqual(t, time.Since(start), 190*time.Millisecond, "5 requests at 20/s: 4 gaps of 50 ms")

	// One limiter shared by two clients spaces them together.
	l := rate.NewLimiter(rate.Every(50*time.Millisecond), 1)
	c1, err := srv.Client(aeza.WithRateLimiter(l))
	require.NoError(t, err)
	c2, err := srv.Client(aeza.WithRateLimiter(l))
	require.NoError(t, err)
	start = time.Now()
	for i := 0; i < 2; i++ {
		_, err := c1.OS.List(context.Background(), nil)
		require.NoError(t, err)
		_, err = c2.OS.List(context.Background(), nil)
		require.NoError(t, err)
	}
	assert.GreaterOrEqual(t, time.Since(start), 140*time.Millisecond)

	// The wait is inside the call's deadline.
	slow, err := srv.Client(aeza.WithRateLimit(0.5, 1))
	require.NoError(t, err)
	_, err = slow.OS.List(context.Background(), nil)
	require.NoError(t, err)
	_, err = slow.OS.List(context.Background(), nil, aeza.WithCallTimeout(20*time.Millisecond))
	require.Error(t, err)

	_, err = srv.Client(aeza.WithRateLimit(1, 0))
	assert.ErrorIs(t, err, aeza.ErrInvalidArgument)
	off, err := srv.Client(aeza.WithRateLimit(0, 0))
	require.NoError(t, err, "perSecond <= 0 turns limiting off")
	require.NotNil(t, off)
}

func TestFakeRateLimitCounters(t *testing.T) {
	srv := aezatest.NewServer(aezatest.WithRateLimit(3, time.Minute))
	t.Cleanup(srv.Close)
	c, err := srv.Client()
	require.NoError(t, err)
	var info aeza.ResponseInfo
	for want := 2; want >= 0; want-- {
		_, err := c.OS.List(context.Background(), nil, aeza.WithResponseInto(&info))
		require.NoError(t, err)
		assert.Equal(t, 3, info.RateLimit.Limit)
		assert.Equal(t, want, info.RateLimit.Remaining)
		assert.Equal(t, time.Minute, info.RateLimit.Reset)
	}
	_, err = c.Services.List(context.Background(), nil, aeza.WithResponseInto(&info))
	require.NoError(t, err, "counted per endpoint")
	assert.Equal(t, 2, info.RateLimit.Remaining)
	_, err = c.OS.List(context.Background(), nil, aeza.WithCallRetry(aeza.RetryPolicy{}))
	require.ErrorIs(t, err, aeza.ErrRateLimited)
	rl, ok := aeza.RateLimitOf(err)
	require.True(t, ok)
	assert.Equal(t, 0, rl.Remaining)
}
