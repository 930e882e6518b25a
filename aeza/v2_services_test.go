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

// waitServiceServer answers GET v2/services/101 with the status status(n)
// gives the n-th request, and counts requests.
func waitServiceServer(t *testing.T, status func(n int32) string) (*aeza.Client, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := n.Add(1)
		if r.Method != http.MethodGet || r.URL.Path != "/api/v2/services/101" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"id":101,"name":"vm","status":%q,"currentTask":null}`, status(k))
	}))
	t.Cleanup(srv.Close)
	c, err := aeza.NewClient("test-key-not-real", aeza.WithBaseURL(srv.URL+"/api"))
	require.NoError(t, err)
	return c, &n
}

// Issue 22 (one wait shape): WaitReady waits as Orders.Wait does. Before, a
// 1 ns interval polled without pause, the wait had no deadline of its own
// (WithCallTimeout did not bound it) and its end matched neither
// ErrStillRunning nor, for a deleted service, ErrWaitFailed.
func TestServicesWaitReadyHasTheWaitShape(t *testing.T) {
	t.Run("interval raised to MinPollInterval, WithCallTimeout bounds the wait", func(t *testing.T) {
		c, n := waitServiceServer(t, func(int32) string { return "activation_wait" })
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		start := time.Now()
		last, err := c.Services.WaitReady(ctx, 101, 1, aeza.WithCallTimeout(1200*time.Millisecond))
		require.ErrorIs(t, err, aeza.ErrStillRunning)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.NotNil(t, last)
		assert.Equal(t, aeza.StatusActivationWait, last.Status)
		assert.Less(t, time.Since(start), 8*time.Second, "ended by WithCallTimeout, not by the caller's context")
		// 1.2 s at one poll per 500 ms at most: 3 polls; without the floor,
		// hundreds.
		assert.LessOrEqual(t, n.Load(), int32(4))
	})
	t.Run("a deleted service ends the wait with ErrWaitFailed", func(t *testing.T) {
		c, n := waitServiceServer(t, func(k int32) string {
			if k == 1 {
				return "activation_wait"
			}
			return "deleted"
		})
		last, err := c.Services.WaitReady(context.Background(), 101, aeza.MinPollInterval, aeza.WithCallTimeout(20*time.Second))
		require.ErrorIs(t, err, aeza.ErrWaitFailed)
		assert.NotErrorIs(t, err, aeza.ErrStillRunning)
		require.NotNil(t, last)
		assert.Equal(t, aeza.StatusDeleted, last.Status)
		assert.Equal(t, int32(2), n.Load())
	})
	t.Run("ready", func(t *testing.T) {
		c, n := waitServiceServer(t, func(k int32) string {
			if k < 2 {
				return "activation_wait"
			}
			return "active"
		})
		svc, err := c.Services.WaitReady(context.Background(), 101, aeza.MinPollInterval, aeza.WithCallTimeout(20*time.Second))
		require.NoError(t, err)
		assert.True(t, svc.Ready())
		assert.Equal(t, int32(2), n.Load())
	})
}
