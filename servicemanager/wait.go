package servicemanager

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// Poll says how to wait for a long-running call: how often to check and how
// many times at most. The zero Poll checks every [DefaultPollInterval] until
// the wait's deadline.
//
// Every wait ([TenantsService.Wait], [SessionsService.WaitList],
// [SessionsService.List], [Client.CallUntilDone]) ends by its deadline: the
// context's, or [WithCallTimeout] among its options, which bounds the whole
// wait, or else the client's [WithTimeout] (30 s by default). Each check is
// one call, bounded as every call is; a wait meant to last longer than the
// client's timeout gives itself a longer WithCallTimeout:
//
//	t, err := c.Tenants.Wait(ctx, 1010, id, servicemanager.Poll{}, servicemanager.WithCallTimeout(10*time.Minute))
type Poll struct {
	// Interval is the wait between two checks: DefaultPollInterval when
	// zero or negative, and never less than MinPollInterval (a shorter one,
	// such as Interval: 1, meaning 1 ns, is raised to it).
	Interval time.Duration
	// MaxAttempts bounds the number of checks; 0 means until the deadline.
	// A negative value is refused with ErrInvalidArgument.
	MaxAttempts int
}

// DefaultPollInterval is the wait between two checks of a long-running call:
// 2 s, the interval 1C's data-transfer clients poll 10202 answers with.
const DefaultPollInterval = 2 * time.Second

// WaitError is the error of a wait that ended before the call finished. It
// matches [ErrStillRunning], and the context's error when the deadline or a
// cancellation ended it (context.DeadlineExceeded, context.Canceled); or,
// when a check saw a failure state, [ErrWaitFailed] (and not
// ErrStillRunning).
type WaitError struct {
	// Method is the method the wait checked ("tenant/info").
	Method string
	// Attempts is how many checks were made.
	Attempts int
	// State is the last state seen (a tenant's status, "not ready", ...).
	State string
	// Err is the context's error, ErrWaitFailed when a check saw a failure
	// state, or nil when MaxAttempts ended the wait.
	Err error
}

// Error describes the wait.
func (e *WaitError) Error() string {
	if e.Err == ErrWaitFailed { //nolint:errorlint // set as is by this package
		msg := fmt.Sprintf("servicemanager: %s: will not finish: %s after %d checks", e.Method, e.Err, e.Attempts)
		if e.State != "" {
			msg += " (last: " + e.State + ")"
		}
		return msg
	}
	msg := fmt.Sprintf("servicemanager: %s: still running after %d checks", e.Method, e.Attempts)
	if e.State != "" {
		msg += " (last: " + e.State + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns ErrStillRunning and the context's error, or ErrWaitFailed.
func (e *WaitError) Unwrap() []error {
	switch e.Err {
	case nil:
		return []error{ErrStillRunning}
	case ErrWaitFailed: //nolint:errorlint // set as is by this package
		return []error{ErrWaitFailed}
	}
	return []error{ErrStillRunning, e.Err}
}

// poll calls check until it reports done, waiting p.Interval (at least
// MinPollInterval) between calls, within the wait's deadline (see [Poll]).
// check returns the state it saw (for the error) and whether the call is
// done; ErrWaitFailed from check ends the wait at once with a *WaitError, any
// other error of check ends it with that error.
func (c *Client) poll(ctx context.Context, method string, p Poll, opts []CallOption, check func(context.Context) (state string, done bool, err error)) error {
	if p.MaxAttempts < 0 {
		return fmt.Errorf("servicemanager: %s: MaxAttempts %d: %w", method, p.MaxAttempts, ErrInvalidArgument)
	}
	ctx, cancel, err := c.tc.WaitContext(ctx, opts)
	defer cancel()
	if err != nil {
		return fmt.Errorf("servicemanager: %s: %w", method, err)
	}
	state := ""
	n, ended, err := transport.Poll(ctx, transport.PollInterval(p.Interval, DefaultPollInterval), p.MaxAttempts, func(ctx context.Context) (bool, error) {
		s, done, err := check(ctx)
		if err == nil && !done || err == ErrWaitFailed { //nolint:errorlint // set as is by the checks
			state = s
		}
		return done, err
	})
	switch {
	case ended:
		return &WaitError{Method: method, Attempts: n, State: state, Err: err}
	case err == ErrWaitFailed: //nolint:errorlint // set as is by the checks
		return &WaitError{Method: method, Attempts: n, State: state, Err: ErrWaitFailed}
	}
	return err
}

// CallUntilDone is [Client.CallReadOnly] repeated while the server answers
// 10202 ([CodeAccepted], "accepted, still running"), every p.Interval, until
// another code comes back (an error code ends the wait at once, with that
// error), the wait's deadline (the context, [WithCallTimeout] or the client's
// [WithTimeout]; see [Poll]) or p.MaxAttempts calls (then a [*WaitError]
// matching [ErrStillRunning]). It decodes the final
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
	err := c.poll(ctx, method, p, opts, func(ctx context.Context) (string, bool, error) {
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
