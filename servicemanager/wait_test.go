package servicemanager_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sm "github.com/ruapi/ruapi-go/servicemanager"
)

const (
	preparingBody = `{"general":{"response":10200},"tenant":{"id":2,"status":"preparing"}}`
	acceptedBody  = `{"general":{"response":10202}}`
	notReadyBody  = `{"general":{"response":10200},"ready":false}`
)

// Issue 21: a wait is bounded by WithCallTimeout (the whole wait, not each
// check), by the client's WithTimeout, as their docs say ("this call, retries
// and waits included"), and by the context. Before, Tenants.Wait,
// CallUntilDone and WaitList with WithCallTimeout(300ms) against a server that
// never finishes ran until the safety context below ended them (5 s), and
// with context.Background() never ended.
func TestWaitsEndAtTheirTimeout(t *testing.T) {
	type waitCall func(ctx context.Context, c *sm.Client, opts ...sm.CallOption) error
	waits := map[string]struct {
		body string
		call waitCall
	}{
		"Tenants.Wait": {preparingBody, func(ctx context.Context, c *sm.Client, opts ...sm.CallOption) error {
			_, err := c.Tenants.Wait(ctx, 1010, 2, sm.Poll{Interval: 100 * time.Millisecond}, opts...)
			return err
		}},
		"CallUntilDone": {acceptedBody, func(ctx context.Context, c *sm.Client, opts ...sm.CallOption) error {
			_, err := c.CallUntilDone(ctx, sm.MethodTenantGetDemo, 1010, nil, nil, sm.Poll{Interval: 100 * time.Millisecond}, opts...)
			return err
		}},
		"Sessions.WaitList": {notReadyBody, func(ctx context.Context, c *sm.Client, opts ...sm.CallOption) error {
			_, err := c.Sessions.WaitList(ctx, 1010, "r1", sm.Poll{}, opts...)
			return err
		}},
	}
	for name, w := range waits {
		for _, how := range []string{"WithCallTimeout", "client WithTimeout"} {
			t.Run(name+"/"+how, func(t *testing.T) {
				s := newStub(t, func(_ int32, rw http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(rw, w.body) })
				var (
					c    *sm.Client
					opts []sm.CallOption
				)
				if how == "WithCallTimeout" {
					c = s.client(t)
					opts = append(opts, sm.WithCallTimeout(300*time.Millisecond))
				} else {
					c = s.client(t, sm.WithTimeout(300*time.Millisecond))
				}
				safety, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				start := time.Now()
				err := w.call(safety, c, opts...)
				elapsed := time.Since(start)
				require.Error(t, err)
				assert.Less(t, elapsed, 2*time.Second, "the wait ends near its 300ms timeout")
				assert.GreaterOrEqual(t, elapsed, 250*time.Millisecond, "not before it")
				require.ErrorIs(t, err, sm.ErrStillRunning)
				require.ErrorIs(t, err, context.DeadlineExceeded)
				var we *sm.WaitError
				require.ErrorAs(t, err, &we)
				assert.LessOrEqual(t, s.n.Load(), int32(2), "checks at 0 and 500ms at most")
				assert.Equal(t, int(s.n.Load()), we.Attempts)
				assert.NoError(t, safety.Err(), "ended by its own timeout, not the caller's context")
			})
		}
	}
}

// A wait may last longer than one call: WithCallTimeout bounds the whole
// wait in place of the client's timeout, and each check is still one call.
func TestWaitLongerThanClientTimeout(t *testing.T) {
	s := newStub(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n < 3 {
			_, _ = io.WriteString(w, preparingBody)
			return
		}
		_, _ = io.WriteString(w, `{"general":{"response":10200},"tenant":{"id":2,"status":"used"}}`)
	})
	c := s.client(t, sm.WithTimeout(300*time.Millisecond))
	tn, err := c.Tenants.Wait(context.Background(), 1010, 2, sm.Poll{Interval: time.Millisecond}, sm.WithCallTimeout(5*time.Second))
	require.NoError(t, err)
	assert.Equal(t, sm.TenantUsed, tn.Status)
	assert.Equal(t, int32(3), s.n.Load())
}

// Issue 21: a state that can no longer become the wanted one ends the wait at
// the check that saw it, with a typed error. Before, an application that
// failed to prepare was polled until the deadline.
func TestTenantWaitEndsOnFailureStatus(t *testing.T) {
	for _, status := range []string{"deleted", "to_delete", "Preparation error", "missing", "PREPARATION_ERROR", "failed"} {
		s := newStub(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
			if n == 1 {
				_, _ = io.WriteString(w, preparingBody)
				return
			}
			_, _ = io.WriteString(w, `{"general":{"response":10200},"tenant":{"id":2,"status":"`+status+`"}}`)
		})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		start := time.Now()
		_, err := s.client(t).Tenants.Wait(ctx, 1010, 2, sm.Poll{Interval: time.Millisecond})
		cancel()
		require.ErrorIs(t, err, sm.ErrWaitFailed, status)
		assert.NotErrorIs(t, err, sm.ErrStillRunning, status)
		assert.NotErrorIs(t, err, context.DeadlineExceeded, status)
		var we *sm.WaitError
		require.ErrorAs(t, err, &we, status)
		assert.Equal(t, 2, we.Attempts)
		assert.Equal(t, "status "+status, we.State)
		assert.Contains(t, err.Error(), "will not finish")
		assert.Equal(t, int32(2), s.n.Load(), status)
		assert.Less(t, time.Since(start), 2*time.Second, status)
	}
	for _, st := range []sm.TenantStatus{"used", "new", "preparing", "converting", "copying", ""} {
		assert.False(t, st.Failed(), st)
	}
}

// Issue 21: Poll{Interval: 1} (meaning "1 s", read as 1 ns) made thousands of
// requests a second; the interval is raised to MinPollInterval.
func TestPollIntervalHasAFloor(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, acceptedBody) })
	c := s.client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 1200*time.Millisecond)
	defer cancel()
	_, err := c.CallUntilDone(ctx, sm.MethodTenantGetDemo, 1010, nil, nil, sm.Poll{Interval: 1})
	require.ErrorIs(t, err, sm.ErrStillRunning)
	n := s.n.Load()
	t.Logf("Poll{Interval: 1} for 1.2 s: %d requests", n)
	assert.LessOrEqual(t, n, int32(4), "checks at 0, 0.5 and 1 s")
	assert.GreaterOrEqual(t, n, int32(2))
	assert.Equal(t, 500*time.Millisecond, sm.MinPollInterval)
}

// Sessions.List's three steps end together at the wait's deadline.
func TestSessionsListEndsAtTimeout(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"general":{"response":10200},"ready":false,"request_id":"r1"}`)
	})
	start := time.Now()
	_, err := s.client(t, sm.WithTimeout(300*time.Millisecond)).Sessions.List(context.Background(), 1010, sm.Poll{})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorIs(t, err, sm.ErrStillRunning)
	assert.Less(t, time.Since(start), 2*time.Second)
	_, err = s.client(t).Sessions.List(context.Background(), 1010, sm.Poll{MaxAttempts: -1})
	require.ErrorIs(t, err, sm.ErrInvalidArgument)
	var bad = sm.WithCallTimeout(-1)
	_, err = s.client(t).Tenants.Wait(context.Background(), 1010, 2, sm.Poll{}, bad)
	require.ErrorIs(t, err, sm.ErrInvalidArgument)
	assert.False(t, errors.Is(err, sm.ErrStillRunning))
}

// Waits against a server that answers 10202 forever or loses the object:
// the deadline ends the wait with a typed error, Interval 0 or negative is
// the default (no busy loop), MaxAttempts bounds the calls and a negative one
// is refused, and an in-band error (10404) ends the wait at once. (Checked
// fine; kept as a guard.)
func TestWaitsAgainstHostileServer(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"general":{"response":10202}}`)
	})
	c := s.client(t)
	for _, interval := range []time.Duration{0, -time.Second} {
		s.n.Store(0)
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_, err := c.CallUntilDone(ctx, sm.MethodTenantGetDemo, 5, nil, nil, sm.Poll{Interval: interval})
		cancel()
		var we *sm.WaitError
		require.ErrorAs(t, err, &we)
		require.ErrorIs(t, err, sm.ErrStillRunning)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, int32(1), s.n.Load(), "one check, then the default 2 s interval")
		assert.Equal(t, 1, we.Attempts)
	}
	s.n.Store(0)
	_, err := c.CallUntilDone(context.Background(), sm.MethodTenantGetDemo, 5, nil, nil, sm.Poll{Interval: time.Millisecond, MaxAttempts: 3})
	require.ErrorIs(t, err, sm.ErrStillRunning)
	assert.Equal(t, int32(3), s.n.Load())
	_, err = c.CallUntilDone(context.Background(), sm.MethodTenantGetDemo, 5, nil, nil, sm.Poll{MaxAttempts: -1})
	require.ErrorIs(t, err, sm.ErrInvalidArgument)

	gone := newStub(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n < 3 {
			_, _ = io.WriteString(w, `{"general":{"response":10200},"tenant":{"id":2,"status":"prepare"}}`)
			return
		}
		_, _ = io.WriteString(w, `{"general":{"response":10404,"error":true,"message":"Приложение не найдено"}}`)
	})
	_, err = gone.client(t).Tenants.Wait(context.Background(), 1010, 2, sm.Poll{Interval: time.Millisecond})
	require.ErrorIs(t, err, sm.ErrNotFound)
	assert.NotErrorIs(t, err, sm.ErrStillRunning)
	assert.Equal(t, int32(3), gone.n.Load())
}
