package aeza

import (
	"context"
	"fmt"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// waitFor is the shape of every wait in this package ([OrdersService.Wait],
// [ServicesService.WaitReady]): it polls get every interval (raised to
// MinPollInterval; <= 0 means DefaultPollInterval) until done says so, within
// the wait's deadline (the context's, WithCallTimeout among opts, else the
// client's WithTimeout). At the deadline the error matches ErrStillRunning
// and the context's error; a value failed reports ends the wait at once with
// ErrWaitFailed; a poll's error ends it as is. On every error it also
// returns the last value it saw (the zero value if none). what names the
// awaited thing in errors ("order 7"); status reads a value's status.
func waitFor[T any](ctx context.Context, c *Client, what string, interval time.Duration, opts []CallOption,
	get func(context.Context) (T, error), done, failed func(T) bool, status func(T) string) (T, error) {
	var last T
	wctx, cancel, err := c.tc.WaitContext(ctx, opts)
	defer cancel()
	if err != nil {
		return last, fmt.Errorf("aeza: waiting for %s: %w", what, err)
	}
	seen := false
	n, ended, err := transport.Poll(wctx, transport.PollInterval(interval, DefaultPollInterval), 0, func(ctx context.Context) (bool, error) {
		v, err := get(ctx)
		if err != nil {
			return false, err
		}
		last, seen = v, true
		if done(v) {
			return true, nil
		}
		if failed(v) {
			return false, ErrWaitFailed
		}
		return false, nil
	})
	switch {
	case ended:
		st := ""
		if seen {
			st = status(last)
		}
		return last, fmt.Errorf("aeza: waiting for %s: still running after %d polls (last status %q): %w: %w", what, n, st, ErrStillRunning, err)
	case err == ErrWaitFailed: //nolint:errorlint // returned as is by the check above
		return last, fmt.Errorf("aeza: waiting for %s: status %q: %w", what, status(last), ErrWaitFailed)
	case err != nil:
		return last, err
	}
	return last, nil
}
