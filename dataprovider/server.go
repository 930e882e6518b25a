package dataprovider

import (
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
	// to the end of the response: a client that does not read its answer, or
	// a provider call that hangs, frees the connection after it.
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
