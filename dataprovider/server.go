package dataprovider

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Limits of the *http.Server that NewServer returns. The Data Provider API
// answers small JSON requests (a sign-in body is under 1 KiB, the handler caps
// bodies at 64 KiB), so each limit is generous for the platform and short for
// an attacker who holds connections open.
const (
	// ServerReadHeaderTimeout bounds reading a request's headers: a client
	// that trickles headers (Slowloris) is cut off after it.
	ServerReadHeaderTimeout = 5 * time.Second
	// ServerReadTimeout bounds reading a whole request, headers and body: a
	// client that sends its body slowly (slow POST) cannot hold a handler,
	// and the provider's billing connection behind it, longer than this.
	ServerReadTimeout = 10 * time.Second
	// ServerWriteTimeout bounds the time from the end of the request headers
	// to the end of the response: a client that does not read its answer
	// frees the connection after it. The handler of [NewHandler] reads it
	// from the server that serves it and ends each provider call 1 s before
	// it (at 29 s): the provider's context is canceled and the platform
	// gets a 504 with a JSON error body, not a connection closed without an
	// answer, even when the provider call never returns.
	ServerWriteTimeout = 30 * time.Second
	// ServerIdleTimeout closes kept-alive connections idle for longer, so
	// idle sockets do not pile up.
	ServerIdleTimeout = 60 * time.Second
	// ServerMaxHeaderBytes caps request headers (the query string included):
	// a user id, a limit and an Authorization header fit many times over;
	// the net/http default of 1 MiB per request does not need to be allowed.
	ServerMaxHeaderBytes = 16 << 10
)

// NewServer returns an *http.Server that serves h on addr with the limits
// above: ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout and
// MaxHeaderBytes. A bare &http.Server{} has no timeouts at all, and one with
// only ReadHeaderTimeout still lets a client that sends its body one byte at
// a time hold a handler for as long as it likes. Change a field of the
// returned server before starting it to tune a limit; start it with
// ListenAndServe, or ListenAndServeTLS when no TLS proxy stands in front.
//
// WriteTimeout alone only sets a deadline on the connection's writes: a
// handler still running at it is not stopped, and its answer is lost. A
// handler built by [NewHandler] (served directly or wrapped in middleware)
// therefore bounds each provider call by the WriteTimeout of the server it
// runs on, as [WithProviderTimeout] describes: by default the provider's
// context ends 29 s after the request's headers arrived, and the platform
// gets 504 Gateway Timeout. A WriteTimeout changed on the returned server
// before it starts is the one that applies.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: ServerReadHeaderTimeout,
		ReadTimeout:       ServerReadTimeout,
		WriteTimeout:      ServerWriteTimeout,
		IdleTimeout:       ServerIdleTimeout,
		MaxHeaderBytes:    ServerMaxHeaderBytes,
	}
}

// errProviderTimeout is the cause of a provider call's context that ended
// at the handler's per-request deadline; the handler answers it with 504.
var errProviderTimeout = errors.New("dataprovider: the provider call did not return before the per-request deadline")

// writeMargin is the part of a server's WriteTimeout the handler keeps to
// write its answer after a provider call was given up: a fifth of it, at
// most 1 s.
func writeMargin(wt time.Duration) time.Duration { return min(wt/5, time.Second) }

// deadline returns how long provider calls may take for r, counted from
// now (the start of ServeHTTP): WithProviderTimeout's value or what the
// serving *http.Server's WriteTimeout leaves, whichever is shorter; 0 when
// neither applies.
func (h *handler) deadline(r *http.Request) time.Duration {
	d := h.timeout
	if srv, ok := r.Context().Value(http.ServerContextKey).(*http.Server); ok && srv != nil && srv.WriteTimeout > 0 {
		if left := srv.WriteTimeout - writeMargin(srv.WriteTimeout); d == 0 || left < d {
			d = left
		}
	}
	return d
}

// outcome is what a provider call returned, or the panic it raised.
type outcome[T any] struct {
	v        T
	err      error
	panicked bool
	panicVal any
}

// callProvider runs f on its own goroutine with ctx and returns its result,
// or errProviderTimeout as soon as ctx ends, without waiting for f. f
// never sees the ResponseWriter: the handler's goroutine alone writes the
// answer, so a call that returns late can change nothing; its result goes
// into a buffered channel nobody reads, and its goroutine ends when f does.
// A panic in f is raised again on the caller's goroutine, where ServeHTTP
// turns it into a 500 (and http.ErrAbortHandler still aborts).
func callProvider[T any](ctx context.Context, f func(context.Context) (T, error)) (T, error) {
	done := make(chan outcome[T], 1)
	go func() {
		var o outcome[T]
		defer func() {
			if v := recover(); v != nil {
				o = outcome[T]{panicked: true, panicVal: v}
			}
			done <- o
		}()
		o.v, o.err = f(ctx)
	}()
	var zero T
	select {
	case o := <-done:
		if o.panicked {
			panic(o.panicVal)
		}
		if o.err != nil && ctx.Err() != nil && (errors.Is(o.err, context.DeadlineExceeded) || errors.Is(o.err, context.Canceled)) {
			// The provider gave up because its context ended: a timeout,
			// not a provider failure.
			return zero, errProviderTimeout
		}
		return o.v, o.err
	case <-ctx.Done():
		return zero, errProviderTimeout
	}
}
