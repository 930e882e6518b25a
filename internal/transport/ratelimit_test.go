package transport_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

// cancelWaiters starts n calls that queue on the client's limiter, cancels
// them all once they wait, and returns when every one has returned.
func cancelWaiters(n int, call func(ctx context.Context) error) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() { defer wg.Done(); _ = call(ctx) }()
	}
	time.Sleep(300 * time.Millisecond) // they queue (x/time/rate: they reserve)
	cancel()
	wg.Wait()
}

// nextCallTime measures the call that follows the canceled ones, bounded by
// a deadline long enough for a few slots and far shorter than the slots the
// canceled callers reserved before the fix.
func nextCallTime(t *testing.T, call func(ctx context.Context) error) time.Duration {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Second)
	defer cancel()
	start := time.Now()
	err := call(ctx)
	took := time.Since(start)
	require.NoError(t, err, "the next call is served within a slot or two (took %v)", took)
	return took
}

// After any number of canceled waiters, the next call waits about one slot.
func TestCancelledWaitersDoNotStarveTheLimiter(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{}`))
	for name, lim := range map[string]*rate.Limiter{
		"10/s burst 1": rate.NewLimiter(10, 1),
		"5/s burst 5":  rate.NewLimiter(5, 5),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := newClient(t, srv.URL, func(c *transport.Config) { c.RateLimiter = lim })
			call := func(ctx context.Context) error {
				_, err := c.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "x"})
				return err
			}
			for range 2 { // twice: a second wave after the first is no worse
				cancelWaiters(100, call)
				took := nextCallTime(t, call)
				assert.Less(t, took, 2*time.Second, "about one slot, not one per canceled waiter")
			}
		})
	}
}

// The same through the packages: ATI's default limiter, aeza's WithRateLimit
// and a caller's own limiter (WithRateLimiter), which the client must not
// leave spent either.
func TestCancelledWaitersDoNotStarvePackages(t *testing.T) {
	t.Parallel()
	shared := rate.NewLimiter(5, 1)
	cases := map[string]struct {
		body  string
		build func(base string) (func(ctx context.Context) error, error)
	}{
		"ati default limit": {`{"balance":0.5}`, func(base string) (func(ctx context.Context) error, error) {
			c, err := ati.NewClient(matrixKey, ati.WithBaseURL(base))
			return func(ctx context.Context) error { _, err := c.Billing.Balance(ctx); return err }, err
		}},
		"aeza WithRateLimit(5,5)": {`{"data":{"items":[],"total":0}}`, func(base string) (func(ctx context.Context) error, error) {
			c, err := aeza.NewClient(matrixKey, aeza.WithBaseURL(base), aeza.WithRateLimit(5, 5))
			return func(ctx context.Context) error {
				return c.Do(ctx, &aeza.Request{Method: http.MethodGet, Path: "services"}, nil)
			}, err
		}},
		"aeza WithRateLimiter": {`{"data":{"items":[],"total":0}}`, func(base string) (func(ctx context.Context) error, error) {
			c, err := aeza.NewClient(matrixKey, aeza.WithBaseURL(base), aeza.WithRateLimiter(shared))
			return func(ctx context.Context) error {
				return c.Do(ctx, &aeza.Request{Method: http.MethodGet, Path: "services"}, nil)
			}, err
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, status(200, tc.body))
			call, err := tc.build(srv.URL)
			require.NoError(t, err)
			cancelWaiters(100, call)
			took := nextCallTime(t, call)
			assert.Less(t, took, 2*time.Second)
			if name == "aeza WithRateLimiter" {
				// The caller's limiter is left as usable as the client found it.
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
				defer cancel()
				require.NoError(t, shared.Wait(ctx))
			}
		})
	}
}
