package transport_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// hungSource is a token source whose endpoint hangs until release is closed.
type hungSource struct {
	calls   atomic.Int32
	release chan struct{}
}

func newHungSource(t *testing.T) *hungSource {
	s := &hungSource{release: make(chan struct{})}
	t.Cleanup(func() { close(s.release) })
	return s
}

func (s *hungSource) Token() (*oauth2.Token, error) {
	s.calls.Add(1)
	<-s.release
	return &oauth2.Token{AccessToken: "late-token-not-real-0000"}, nil
}

// A call ends at its deadline whatever its token source does: the context's,
// the per-call timeout's or the client's; and it is never sent without a
// token.
func TestBlockingTokenSourceEndsAtTheDeadline(t *testing.T) {
	t.Parallel()
	const bound = 300 * time.Millisecond
	cases := map[string]struct {
		cfg  func(*transport.Config)
		ctx  func() (context.Context, context.CancelFunc)
		opts []transport.CallOption
	}{
		"context deadline": {ctx: func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), bound)
		}},
		"WithCallTimeout": {opts: []transport.CallOption{transport.WithCallTimeout(bound)}},
		"client timeout":  {cfg: func(c *transport.Config) { c.Timeout = bound }},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, status(200, `{}`))
			ts := newHungSource(t)
			c := newClient(t, srv.URL, func(c *transport.Config) {
				c.Auth = transport.TokenSource(ts)
				if tc.cfg != nil {
					tc.cfg(c)
				}
			})
			ctx, cancel := context.Background(), context.CancelFunc(func() {})
			if tc.ctx != nil {
				ctx, cancel = tc.ctx()
			}
			defer cancel()
			start := time.Now()
			_, err := c.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "x", Options: tc.opts})
			took := time.Since(start)
			require.ErrorIs(t, err, context.DeadlineExceeded, "%v", err)
			assert.Less(t, took, 3*time.Second, "ends at its deadline (%v), not when the source answers", bound)
			assert.Zero(t, srv.count(), "nothing is sent without a token")
		})
	}
}

// Calls that ask a hung source for a token share the one Token call under
// way: a hung endpoint holds one goroutine, not one per call. Once it
// answers, calls go through with its token.
func TestBlockingTokenSourceOneFetchAtATime(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{}`))
	ts := &hungSource{release: make(chan struct{})}
	c := newClient(t, srv.URL, func(c *transport.Config) { c.Auth = transport.TokenSource(ts) })
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			_, err := c.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "x"})
			assert.ErrorIs(t, err, context.DeadlineExceeded)
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(1), ts.calls.Load(), "one Token call in flight per source")
	close(ts.release)
	_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x"})
	require.NoError(t, err)
	assert.Equal(t, "Bearer late-token-not-real-0000", srv.last().Header.Get("Authorization"))
}

// The same through a package: ATI's WithTokenSource with WithTimeout.
func TestBlockingTokenSourceATI(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{"balance":0.5}`))
	ts := newHungSource(t)
	c, err := ati.NewClient("", ati.WithBaseURL(srv.URL), ati.WithTokenSource(ts), ati.WithTimeout(time.Second))
	require.NoError(t, err)
	start := time.Now()
	_, err = c.Billing.Balance(context.Background())
	require.ErrorIs(t, err, context.DeadlineExceeded, "%v", err)
	assert.Less(t, time.Since(start), 4*time.Second)
}
