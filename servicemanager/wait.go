package servicemanager

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"
)

// ErrStillRunning means a long-running call (one answered with 10202,
// [CodeAccepted]) was still running when the wait ended, by the context's
// deadline or after [Poll].MaxAttempts checks. The error is a [*WaitError].
var ErrStillRunning = errors.New("still running")

// Poll says how to wait for a long-running call: how often to check and how
// many times at most. The wait also ends with the context. The zero Poll
// checks every [DefaultPollInterval] until the context ends.
type Poll struct {
	// Interval is the wait between two checks (default DefaultPollInterval).
	Interval time.Duration
	// MaxAttempts bounds the number of checks; 0 means until the context ends.
	MaxAttempts int
}

// DefaultPollInterval is the wait between two checks of a long-running call:
// 2 s, the interval 1C's data-transfer clients poll 10202 answers with.
const DefaultPollInterval = 2 * time.Second

// WaitError is the error of a wait that ended before the call finished. It
// matches [ErrStillRunning], and the context's error when the context ended
// it (context.DeadlineExceeded, context.Canceled).
type WaitError struct {
	// Method is the method the wait checked ("tenant/info").
	Method string
	// Attempts is how many checks were made.
	Attempts int
	// State is the last state seen (a tenant's status, "not ready", ...).
	State string
	// Err is the context's error, or nil when MaxAttempts ended the wait.
	Err error
}

// Error describes the wait.
func (e *WaitError) Error() string {
	msg := fmt.Sprintf("servicemanager: %s: still running after %d checks", e.Method, e.Attempts)
	if e.State != "" {
		msg += " (last: " + e.State + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns ErrStillRunning and the context's error.
func (e *WaitError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrStillRunning}
	}
	return []error{ErrStillRunning, e.Err}
}

// poll calls check until it reports done, waiting p.Interval between calls.
// check returns the state it saw (for the error) and whether the call is
// done; an error from check ends the wait with that error.
func poll(ctx context.Context, method string, p Poll, check func(context.Context) (state string, done bool, err error)) error {
	if p.Interval <= 0 {
		p.Interval = DefaultPollInterval
	}
	if p.MaxAttempts < 0 {
		return fmt.Errorf("servicemanager: %s: MaxAttempts %d: %w", method, p.MaxAttempts, ErrInvalidArgument)
	}
	state := ""
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return &WaitError{Method: method, Attempts: n - 1, State: state, Err: err}
		}
		s, done, err := check(ctx)
		if err != nil {
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return &WaitError{Method: method, Attempts: n, State: state, Err: ctx.Err()}
			}
			return err
		}
		if done {
			return nil
		}
		state = s
		if p.MaxAttempts > 0 && n >= p.MaxAttempts {
			return &WaitError{Method: method, Attempts: n, State: state}
		}
		t := time.NewTimer(p.Interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return &WaitError{Method: method, Attempts: n, State: state, Err: ctx.Err()}
		case <-t.C:
		}
	}
}

// CallUntilDone is [Client.CallReadOnly] repeated while the server answers
// 10202 ([CodeAccepted], "accepted, still running"), every p.Interval, until
// another code comes back, the context ends or p.MaxAttempts calls were made
// (then a [*WaitError] matching [ErrStillRunning]). It decodes the final
// answer into result (zeroed before each call, so nothing of an earlier
// answer stays). Only a method that is safe to send again may be
// repeated: tenant/get_demo (documented to return the demo application
// being prepared rather than make another) and the read methods of
// [Methods]; any other is refused with [ErrInvalidArgument], so that a
// create is never sent twice.
func (c *Client) CallUntilDone(ctx context.Context, method string, account int64, params, result any, p Poll, opts ...CallOption) (*General, error) {
	if info, ok := methodTable[method]; !ok || !info.Repeatable {
		return nil, fmt.Errorf("servicemanager: %s: not a method that is safe to repeat: %w", method, ErrInvalidArgument)
	}
	if err := checkResult(method, result); err != nil {
		return nil, err
	}
	var g *General
	err := poll(ctx, method, p, func(ctx context.Context) (string, bool, error) {
		var err error
		if result != nil { // the final answer only: nothing left from a 10202
			reflect.ValueOf(result).Elem().SetZero()
		}
		g, err = c.CallReadOnly(ctx, method, account, params, result, opts...)
		if err != nil {
			return "", false, err
		}
		return g.Response.String(), g.Response != CodeAccepted, nil
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}
