package aeza_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/aeza"
)

// orderServer answers GET services/orders/7 with status(n) for the n-th
// request and counts requests.
func waitOrderServer(t *testing.T, status func(n int32) string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := n.Add(1)
		if r.Method != http.MethodGet || r.URL.Path != "/api/services/orders/7" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"data":{"items":[{"id":7,"status":%q,"createdServiceIds":[],"productId":3,"term":"hour","count":1}],"total":1}}`, status(k))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func waitOrderClient(t *testing.T, srv *httptest.Server, opts ...aeza.Option) *aeza.Client {
	t.Helper()
	c, err := aeza.NewClient("test-key-not-real", append([]aeza.Option{aeza.WithBaseURL(srv.URL + "/api")}, opts...)...)
	require.NoError(t, err)
	return c
}

// Issue 21: Orders.Wait is bounded by WithCallTimeout (the whole wait) and by
// the client's WithTimeout. Before, with either set to 300 ms it polled
// until the caller's context ended (here a 5 s safety net), and with
// context.Background() it never ended.
func TestOrdersWaitEndsAtItsTimeout(t *testing.T) {
	for _, how := range []string{"WithCallTimeout", "client WithTimeout"} {
		t.Run(how, func(t *testing.T) {
			srv, n := waitOrderServer(t, func(int32) string { return "activation_wait" })
			var (
				c    *aeza.Client
				opts []aeza.CallOption
			)
			if how == "WithCallTimeout" {
				c = waitOrderClient(t, srv)
				opts = append(opts, aeza.WithCallTimeout(300*time.Millisecond))
			} else {
				c = waitOrderClient(t, srv, aeza.WithTimeout(300*time.Millisecond))
			}
			safety, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			start := time.Now()
			o, err := c.Orders.Wait(safety, 7, 50*time.Millisecond, opts...)
			elapsed := time.Since(start)
			require.ErrorIs(t, err, aeza.ErrStillRunning)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			assert.NoError(t, safety.Err(), "its own timeout ended it")
			assert.Less(t, elapsed, 2*time.Second)
			assert.GreaterOrEqual(t, elapsed, 250*time.Millisecond)
			assert.LessOrEqual(t, n.Load(), int32(2), "polls at 0 and 500 ms at most")
			require.NotNil(t, o, "the last order seen")
			assert.Equal(t, aeza.StatusActivationWait, o.Status)
		})
	}
}

// Issue 21: a status from which the order will not complete ends the wait
// at the poll that saw it. Before, a failed order was polled to the deadline.
func TestOrdersWaitEndsOnFailedStatus(t *testing.T) {
	for _, status := range []string{"failed", "cancelled", "canceled", "Rejected", "deleted", "error"} {
		srv, n := waitOrderServer(t, func(k int32) string {
			if k == 1 {
				return "activation_wait"
			}
			return status
		})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		start := time.Now()
		o, err := waitOrderClient(t, srv).Orders.Wait(ctx, 7, time.Millisecond)
		cancel()
		require.ErrorIs(t, err, aeza.ErrWaitFailed, status)
		assert.NotErrorIs(t, err, aeza.ErrStillRunning, status)
		assert.Contains(t, err.Error(), status)
		require.NotNil(t, o)
		assert.Equal(t, aeza.ServiceStatus(status), o.Status)
		assert.Equal(t, int32(2), n.Load(), status)
		assert.Less(t, time.Since(start), 2*time.Second, status)
	}
}

// Issue 21: an interval of 1 (meaning "1 s", read as 1 ns) made thousands of
// requests a second; it is raised to MinPollInterval.
func TestOrdersWaitIntervalFloor(t *testing.T) {
	srv, n := waitOrderServer(t, func(int32) string { return "activation_wait" })
	ctx, cancel := context.WithTimeout(context.Background(), 1200*time.Millisecond)
	defer cancel()
	_, err := waitOrderClient(t, srv).Orders.Wait(ctx, 7, 1)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	t.Logf("interval 1 for 1.2 s: %d requests", n.Load())
	assert.LessOrEqual(t, n.Load(), int32(4))
	assert.Equal(t, 500*time.Millisecond, aeza.MinPollInterval)
}
