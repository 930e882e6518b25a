package transport

import (
	"context"
	"fmt"

	"golang.org/x/oauth2"
)

// tokenFlight is one call of a token source's Token method, shared by every
// attempt that asks for a token while it runs.
type tokenFlight struct {
	done chan struct{} // closed when tok and err are set
	tok  *oauth2.Token
	err  error
}

// fetch returns a token from the source, or ctx's error when ctx ends first.
//
// oauth2.TokenSource.Token takes no context: a source that refreshes against
// a token endpoint that hangs would hold the call for as long as the
// endpoint hangs, whatever its deadline. So Token runs in a goroutine of its
// own and the call waits for it only as long as its context lets it. At most
// one Token call per source runs at a time: the attempts that ask while one
// runs share its result, so a hung endpoint holds one goroutine, never one
// per call; once it returns, the next attempt starts a new one.
func (a *tokenAuth) fetch(ctx context.Context) (*oauth2.Token, error) {
	a.mu.Lock()
	f := a.flight
	if f == nil {
		f = &tokenFlight{done: make(chan struct{})}
		a.flight = f
		go a.run(f)
	}
	a.mu.Unlock()
	select {
	case <-f.done:
		return f.tok, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// run calls the source once for f. A panic in the source becomes an error of
// the calls that wait for it, instead of killing the process from a
// goroutine nobody can recover in.
func (a *tokenAuth) run(f *tokenFlight) {
	defer func() {
		if p := recover(); p != nil {
			f.tok, f.err = nil, fmt.Errorf("token source panicked: %v", p)
		}
		a.mu.Lock()
		a.flight = nil
		a.mu.Unlock()
		close(f.done)
	}()
	f.tok, f.err = a.ts.Token()
}
