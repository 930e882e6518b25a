package transport

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"golang.org/x/time/rate"
)

// limitGate makes attempts wait for a *rate.Limiter without holding a
// reservation while they wait.
//
// rate.Limiter.Wait reserves a future slot at once and, when its context
// ends, gives the slot back only if no later reservation was made: a
// hundred canceled waiters leave a hundred slots spent, and the next caller
// waits behind all of them. Here a waiter takes a token only when one is
// due (AllowN, which reserves nothing when it says no), so a waiter that
// leaves takes nothing with it. Waiters queue for their turn on a channel of
// one ticket (first come, first served); only the head of the queue watches
// the limiter, and it leaves the queue at once when its context ends.
//
// The limiter may be the caller's and shared with other clients, or with
// code that calls its Wait directly: the gate only ever takes tokens that
// are due now, so it never spends a slot it does not use.
type limitGate struct {
	lim  *rate.Limiter
	turn chan struct{} // holds the ticket while no waiter is at the head
}

func newLimitGate(l *rate.Limiter) *limitGate {
	if l == nil {
		return nil
	}
	g := &limitGate{lim: l, turn: make(chan struct{}, 1)}
	g.turn <- struct{}{}
	return g
}

// errLimiterClosed is returned for a limiter that can never give a token
// (a zero burst, or a zero rate once its burst is spent).
var errLimiterClosed = errors.New("client-side rate limit: the limiter allows no more requests")

// wait blocks until the limiter gives a token or ctx ends.
func (g *limitGate) wait(ctx context.Context) error {
	if g.lim.Limit() == rate.Inf {
		return nil
	}
	select {
	case <-g.turn:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { g.turn <- struct{}{} }()
	for {
		now := time.Now()
		if g.lim.AllowN(now, 1) {
			return nil
		}
		d, ok := g.due(now)
		if !ok {
			return errLimiterClosed
		}
		if dl, has := ctx.Deadline(); has && now.Add(d).After(dl) {
			// The token would come after the call's deadline: say so now,
			// as rate.Limiter.Wait does, rather than sleep to no end.
			return fmt.Errorf("client-side rate limit: the wait would outlive the deadline: %w", context.DeadlineExceeded)
		}
		if err := sleepCtx(ctx, d); err != nil {
			return err
		}
	}
}

// due returns how long until the limiter holds one whole token.
func (g *limitGate) due(now time.Time) (time.Duration, bool) {
	limit := float64(g.lim.Limit())
	if g.lim.Burst() < 1 || limit <= 0 {
		return 0, false
	}
	missing := 1 - g.lim.TokensAt(now)
	if missing <= 0 {
		return time.Millisecond, true // rounding: look again very soon
	}
	secs := missing / limit
	if secs > float64(math.MaxInt64/int64(time.Second)) {
		return 0, false
	}
	d := time.Duration(math.Ceil(secs * float64(time.Second)))
	return max(d, time.Millisecond), true
}
