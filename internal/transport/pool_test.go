package transport_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Many goroutines calling through one client without a caller's
// *http.Client reuse pooled connections instead of dialing for most calls.
func TestDefaultTransportPoolsConnections(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := transport.New(transport.Config{Service: "pool", BaseURL: srv.URL, Auth: transport.Bearer(testToken)})
	require.NoError(t, err)

	const goroutines, calls = 64, 50
	var wg sync.WaitGroup
	var failed atomic.Int32
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls {
				if _, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x"}); err != nil {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	require.Zero(t, failed.Load())
	t.Logf("%d new connections for %d calls", conns.Load(), goroutines*calls)
	assert.LessOrEqual(t, conns.Load(), int32(80), "64 goroutines × 50 calls open at most 80 connections")
}
