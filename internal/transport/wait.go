package transport

import (
	"context"
	"errors"
	"time"
)

// MinPollInterval is the shortest wait between two checks of a poll. A
// shorter positive interval is raised to it, so that a unit slip
// (Interval: 1, which Go reads as 1 ns, not 1 s) costs a few requests a
// second, never thousands.
const MinPollInterval = 500 * time.Millisecond

// Sentinels of the waits (a long-running call polled until it is done).
var (
	// ErrStillRunning: a wait ended before what it waited for was done, by
	// its deadline or its number of checks.
	ErrStillRunning = errors.New("still running")
	// ErrWaitFailed: what a wait waited for reached a state from which it
	// can no longer become the wanted one (a failure status); the wait ended
	// at once instead of polling until its deadline.
	ErrWaitFailed = errors.New("ended in a failure state")
)

// PollInterval returns the wait between two checks for an interval a caller
// gave: def when d is zero or negative, d raised to [MinPollInterval]
// otherwise.
func PollInterval(d, def time.Duration) time.Duration {
	if d <= 0 {
		d = def
	}
	return max(d, MinPollInterval)
}

// WaitContext bounds ctx for a wait made of many calls (a poll), as every
// call is bounded: by the WithCallTimeout among opts when one is given, and
// otherwise by the client's timeout (WithTimeout; [DefaultTimeout] unless the
// caller's *http.Client came without one). An earlier deadline of ctx wins.
// Each check of the wait is still one call, bounded as every call is; so a
// wait meant to last longer than the client's timeout gives itself a longer
// WithCallTimeout. The error is an invalid option's, matching
// [ErrInvalidArgument]. cancel is never nil.
func (c *Client) WaitContext(ctx context.Context, opts []CallOption) (context.Context, context.CancelFunc, error) {
	if ctx == nil {
		return nil, func() {}, invalid("nil context")
	}
	cs, err := ApplyCallOptions(opts)
	if err != nil {
		return ctx, func() {}, err
	}
	d := c.timeout
	if cs.Timeout > 0 {
		d = cs.Timeout
	}
	if d <= 0 {
		return ctx, func() {}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, nil
}

// Poll calls check at once and then every interval (never less than
// [MinPollInterval]) until check reports done or fails, ctx ends, or
// maxAttempts checks were made (0: no limit). It returns how many checks were
// made and how the wait ended:
//
//   - done (ended false, err nil): check reported done;
//   - failed (ended false, err not nil): check's own error, as is — a
//     failure status the package reports as one ends the wait at once;
//   - ended (ended true): err is ctx's error (context.DeadlineExceeded,
//     context.Canceled), also when a check failed because ctx ended, or nil
//     when maxAttempts checks all reported not done.
//
// The wait between checks ends with ctx; a check runs with ctx.
func Poll(ctx context.Context, interval time.Duration, maxAttempts int, check func(context.Context) (done bool, err error)) (attempts int, ended bool, err error) {
	interval = max(interval, MinPollInterval)
	var t *time.Timer
	defer func() {
		if t != nil {
			t.Stop()
		}
	}()
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return n - 1, true, err
		}
		done, err := check(ctx)
		if err != nil {
			if cerr := ctx.Err(); cerr != nil && errors.Is(err, cerr) {
				return n, true, cerr
			}
			return n, false, err
		}
		if done {
			return n, false, nil
		}
		if maxAttempts > 0 && n >= maxAttempts {
			return n, true, nil
		}
		if t == nil {
			t = time.NewTimer(interval)
		} else {
			t.Reset(interval)
		}
		select {
		case <-ctx.Done():
			return n, true, ctx.Err()
		case <-t.C:
		}
	}
}
