package transport_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An interval is the default when not positive and never under the floor.
func TestPollInterval(t *testing.T) {
	for d, want := range map[time.Duration]time.Duration{
		0: 2 * time.Second, -time.Second: 2 * time.Second, 1: transport.MinPollInterval,
		time.Millisecond: transport.MinPollInterval, 3 * time.Second: 3 * time.Second,
	} {
		assert.Equal(t, want, transport.PollInterval(d, 2*time.Second), d)
	}
}

// Poll ends when check is done, fails, or ctx ends, or after maxAttempts
// checks, and never checks more often than MinPollInterval.
func TestPoll(t *testing.T) {
	ctx := context.Background()
	n, ended, err := transport.Poll(ctx, 1, 0, func(context.Context) (bool, error) { return true, nil })
	assert.Equal(t, 1, n)
	assert.False(t, ended)
	require.NoError(t, err)

	boom := errors.New("boom")
	n, ended, err = transport.Poll(ctx, 1, 0, func(context.Context) (bool, error) { return false, boom })
	assert.Equal(t, 1, n)
	assert.False(t, ended)
	require.ErrorIs(t, err, boom)

	start := time.Now()
	n, ended, err = transport.Poll(ctx, 1, 3, func(context.Context) (bool, error) { return false, nil })
	assert.Equal(t, 3, n)
	assert.True(t, ended)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 2*transport.MinPollInterval, "a 1 ns interval is raised to the floor")

	dctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	start = time.Now()
	n, ended, err = transport.Poll(dctx, time.Hour, 0, func(context.Context) (bool, error) { return false, nil })
	assert.Equal(t, 1, n)
	assert.True(t, ended)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second)

	// A check that fails because ctx ended reports ctx's end.
	cctx, cancel2 := context.WithCancel(ctx)
	n, ended, err = transport.Poll(cctx, time.Hour, 0, func(ctx context.Context) (bool, error) {
		cancel2()
		return false, ctx.Err()
	})
	assert.Equal(t, 1, n)
	assert.True(t, ended)
	require.ErrorIs(t, err, context.Canceled)
	n, _, err = transport.Poll(cctx, time.Hour, 0, func(context.Context) (bool, error) { return true, nil })
	assert.Equal(t, 0, n, "an ended context makes no check")
	require.ErrorIs(t, err, context.Canceled)
}

// WaitContext bounds a wait by WithCallTimeout, else by the client's timeout.
func TestWaitContext(t *testing.T) {
	newClient := func(cfg transport.Config) *transport.Client {
		cfg.Service, cfg.BaseURL = "test", "https://example.test"
		c, err := transport.New(cfg)
		require.NoError(t, err)
		return c
	}
	deadline := func(c *transport.Client, opts ...transport.CallOption) (time.Duration, bool) {
		ctx, cancel, err := c.WaitContext(context.Background(), opts)
		require.NoError(t, err)
		defer cancel()
		d, ok := ctx.Deadline()
		return time.Until(d), ok
	}
	d, ok := deadline(newClient(transport.Config{}))
	assert.True(t, ok)
	assert.InDelta(t, float64(transport.DefaultTimeout), float64(d), float64(time.Second), "the default timeout")
	d, _ = deadline(newClient(transport.Config{Timeout: time.Second}))
	assert.InDelta(t, float64(time.Second), float64(d), float64(200*time.Millisecond))
	d, _ = deadline(newClient(transport.Config{Timeout: time.Second}), transport.WithCallTimeout(time.Minute))
	assert.InDelta(t, float64(time.Minute), float64(d), float64(time.Second), "the call's timeout bounds the whole wait")
	_, ok = deadline(newClient(transport.Config{HTTPClient: &http.Client{}}))
	assert.False(t, ok, "a caller's client without a timeout, and no timeout given")

	_, cancel, err := newClient(transport.Config{}).WaitContext(context.Background(), []transport.CallOption{transport.WithCallTimeout(-1)})
	require.ErrorIs(t, err, transport.ErrInvalidArgument)
	cancel()
}
