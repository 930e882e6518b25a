package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync/atomic"
)

// Outcome sentinels. Every ruapi-go package re-exports them.
var (
	// ErrNotSent: nothing of the request reached the upstream, or every
	// attempt that did was answered with a failure and the next one was not
	// sent: a refused argument (every ErrInvalidArgument matches it), a
	// read-only or dry-run refusal, a context or rate-limiter wait that ended
	// first, a token source that failed, a DNS, dial or TLS failure. Sending
	// the call again cannot do anything twice.
	ErrNotSent = errors.New("not sent")
	// ErrOutcomeUnknown: the request was written (or may have been) and no
	// complete answer came: a timeout after the write, a connection closed or
	// reset before or while the answer was read, a success whose body was cut
	// (the result is lost), and, for a call that changes state, a proxy's
	// HTML page for 502 or 504 (the proxy may have forwarded the request
	// before it gave up; the *Error stays reachable). The upstream may have
	// acted. For a call that changes state, an earlier attempt that ended
	// this way makes the whole call's outcome unknown, whatever the later
	// attempts got.
	ErrOutcomeUnknown = errors.New("outcome unknown: the upstream may have acted")
	// ErrReadOnly: a read-only client refused a call that changes state or
	// moves money, before sending anything. It matches ErrNotSent too.
	ErrReadOnly error = &alsoNotSent{msg: "refused by a read-only client"}
	// ErrDryRun: a dry run built the request and did not send it (see
	// [DryRunRequest]). It matches ErrNotSent too.
	ErrDryRun error = &alsoNotSent{msg: "dry run: not sent"}
)

// alsoNotSent is a sentinel that also matches ErrNotSent.
type alsoNotSent struct{ msg string }

func (e *alsoNotSent) Error() string { return e.msg }

// Is matches ErrNotSent.
func (e *alsoNotSent) Is(target error) bool { return target == ErrNotSent }

// Outcome says whether a call's request reached the upstream and whether an
// answer came.
type Outcome uint8

const (
	// OutcomeNotSent means nothing was sent (or every attempt that was got a
	// failure answer and the next was not sent); see [ErrNotSent]. It is
	// the zero value: a call refused before sending leaves it.
	OutcomeNotSent Outcome = iota
	// OutcomeAnswered means the upstream answered, with a success or with a
	// failure (any 4xx or 5xx, an in-band error): the status and the code
	// say what happened.
	OutcomeAnswered
	// OutcomeUnknown means the request was (or may have been) written and no
	// complete answer came; see [ErrOutcomeUnknown].
	OutcomeUnknown
)

// String returns "not sent", "answered" or "unknown".
func (o Outcome) String() string {
	switch o {
	case OutcomeNotSent:
		return "not sent"
	case OutcomeAnswered:
		return "answered"
	case OutcomeUnknown:
		return "unknown"
	}
	return "Outcome(" + strconv.Itoa(int(o)) + ")"
}

// OutcomeOf returns the outcome a call's error says: OutcomeUnknown for an
// error matching ErrOutcomeUnknown, OutcomeNotSent for one matching
// ErrNotSent, and OutcomeAnswered for any other error (an answer of the
// upstream) and for nil.
func OutcomeOf(err error) Outcome {
	switch {
	case err == nil:
		return OutcomeAnswered
	case errors.Is(err, ErrOutcomeUnknown):
		return OutcomeUnknown
	case errors.Is(err, ErrNotSent):
		return OutcomeNotSent
	}
	return OutcomeAnswered
}

// outcomeError marks a failure with its outcome. It unwraps to the cause (a
// transport or context error, or the *Error of an answer), so errors.Is and
// errors.As reach everything they reached before.
type outcomeError struct {
	err error
	o   Outcome
	msg string // replaces err.Error() when set (see NotSentCause)
}

func (e *outcomeError) Error() string {
	msg := e.msg
	if msg == "" {
		msg = e.err.Error()
	}
	if e.o == OutcomeUnknown {
		msg += " [outcome unknown: the upstream may have acted]"
	}
	return msg
}

func (e *outcomeError) Unwrap() error { return e.err }

// Is matches ErrNotSent or ErrOutcomeUnknown by the outcome.
func (e *outcomeError) Is(target error) bool {
	switch target {
	case ErrNotSent:
		return e.o == OutcomeNotSent
	case ErrOutcomeUnknown:
		return e.o == OutcomeUnknown
	}
	return false
}

// NotSentCause marks err, the failure of a step a call took before sending
// its own request (the version discovery of Service Manager, say), as the
// call's: not sent, whatever the step's own outcome was. The message is kept
// and the chain below the step's outcome mark (its context or transport
// error, its *Error) stays reachable.
func NotSentCause(err error) error {
	if err == nil {
		return nil
	}
	var oe *outcomeError
	if errors.As(err, &oe) {
		return &outcomeError{err: oe.err, o: OutcomeNotSent, msg: stripUnknown(err, oe)}
	}
	if errors.Is(err, ErrNotSent) {
		return err
	}
	return &outcomeError{err: err, o: OutcomeNotSent}
}

// stripUnknown returns err's message without the outcome note of oe.
func stripUnknown(err error, oe *outcomeError) string {
	msg := err.Error()
	if oe.o != OutcomeUnknown {
		return msg
	}
	const note = " [outcome unknown: the upstream may have acted]"
	if i := len(msg) - len(note); i >= 0 && msg[i:] == note {
		return msg[:i]
	}
	for i := 0; i+len(note) <= len(msg); i++ {
		if msg[i:i+len(note)] == note {
			return msg[:i] + msg[i+len(note):]
		}
	}
	return msg
}

// Effect says what a call does upstream, for the read-only guard and dry
// runs. The zero value, EffectAuto, reads the request's declaration: a GET,
// HEAD or OPTIONS reads; any other method reads only when the call is marked
// [RetrySafe] (a read over POST) and changes state otherwise.
type Effect uint8

const (
	// EffectAuto derives the effect from the method and [Retry].
	EffectAuto Effect = iota
	// EffectRead marks a read whatever its method and retry mode (a
	// credential check sent once, say).
	EffectRead
	// EffectChange marks a call that changes state whatever its retry mode
	// (a notification that is safe to repeat but still acts).
	EffectChange
)

// changes reports whether a request with this effect, retry mode and method
// changes state.
func (e Effect) changes(r Retry, method string) bool {
	switch e {
	case EffectRead:
		return false
	case EffectChange:
		return true
	}
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return r != RetrySafe
}

// Changes reports whether req changes state (see [Effect]): the read-only
// guard refuses it and a dry run returns it instead of sending it.
func (req *Request) Changes() bool {
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	return req.Effect.changes(req.Retry, method)
}

// Do sends req and returns the final response. It returns an *Error when the
// upstream answered with a failure (see [ErrorDecoder]), and a wrapped
// transport or context error when no answer came.
//
// Every failure says whether the request reached the upstream: it matches
// [ErrNotSent] when nothing was sent (safe to send again), [ErrOutcomeUnknown]
// when the request was or may have been written and no complete answer came
// (the upstream may have acted), and neither when the upstream answered (an
// *Error with a status). The call's [ResponseInfo] says the same in Outcome.
// A read is judged by its last attempt; a call that changes state is
// outcome-unknown when any attempt was.
//
// A read-only client ([Config.ReadOnly]) refuses a request that changes state
// (see [Effect]) with [ErrReadOnly] before sending anything; a dry run
// ([Config.DryRun], [WithCallDryRun]) returns it as a [*DryRunRequest] error
// instead of sending it.
//
// A redirect is followed only to the same origin (scheme, host and port), only
// for a GET or HEAD without a body, and at most ten times; any other redirect
// comes back as an *Error of kind ErrRedirect, never retried. An idempotent
// call whose response body breaks off on the network is sent again, from the
// same retry budget as a failure before the headers.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	st := &callState{}
	if ctx != nil {
		ctx = st.wire.traced(ctx)
	}
	resp, err := c.send(ctx, req, st)
	info := st.settings.Info
	if err == nil {
		if info != nil {
			info.Outcome = OutcomeAnswered
		}
		return resp, nil
	}
	o := OutcomeNotSent
	if errors.Is(err, ErrNotSent) {
		// Refused before sending: an invalid argument, the guard, a dry run.
	} else if errors.Is(err, ErrOutcomeUnknown) {
		o = OutcomeUnknown
	} else {
		o = st.wire.settle(st, req != nil && req.Changes(), err)
		if o != OutcomeAnswered {
			err = &outcomeError{err: err, o: o}
		}
	}
	if info != nil {
		info.Outcome = o
	}
	return resp, err
}

// wireState follows a call's attempts on the wire: which reached the HTTP
// transport, which had their headers written, which ended without a
// complete answer.
type wireState struct {
	trace httptrace.ClientTrace

	started   atomic.Int32 // round trips begun below the credentials (redirects included)
	lastTry   atomic.Int32 // the call attempt (callState.attempts) of the latest round trip
	getConnAt atomic.Int32 // the round trip that last asked net/http for a connection
	wroteAt   atomic.Int32 // the round trip whose headers were last written
	last      atomic.Int32 // the Outcome of the latest round trip
	ambiguous atomic.Bool  // some round trip may have been written and got no complete answer
}

// traced returns ctx with a client trace that records connection and write
// events into w.
func (w *wireState) traced(ctx context.Context) context.Context {
	w.trace.GetConn = func(string) { w.getConnAt.Store(w.started.Load()) }
	w.trace.WroteHeaders = func() { w.wroteAt.Store(w.started.Load()) }
	return httptrace.WithClientTrace(ctx, &w.trace)
}

// settle classifies a failure that is neither a refusal nor already
// classified.
func (w *wireState) settle(st *callState, change bool, err error) Outcome {
	if w.started.Load() == 0 {
		return OutcomeNotSent // no attempt reached the wire
	}
	if change && w.ambiguous.Load() {
		return OutcomeUnknown
	}
	if w.lastTry.Load() != st.attempts.Load() {
		// The final attempt stopped before the wire (a rate-limiter wait,
		// the token source) after earlier ones were answered.
		return OutcomeNotSent
	}
	switch Outcome(w.last.Load()) { //nolint:gosec // G115: only Outcome values (0..2) are stored
	case OutcomeUnknown:
		return OutcomeUnknown
	case OutcomeAnswered:
		var e *Error
		if errors.As(err, &e) {
			if change && gatewayPage(e) {
				// A proxy's own page for a gateway failure: the request may
				// have been forwarded and acted on before the proxy gave up.
				return OutcomeUnknown
			}
			return OutcomeAnswered // an answer of the upstream: neither
		}
		// An answer came, then the call ended waiting (for a retry, say)
		// before the next attempt went out.
		return OutcomeNotSent
	}
	return OutcomeNotSent
}

// wireTransport sits below the credentials round tripper and records, for
// each round trip, whether the request could have reached the upstream.
type wireTransport struct{ base http.RoundTripper }

func (t *wireTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st := stateFrom(req.Context())
	if st == nil {
		return t.base.RoundTrip(req)
	}
	w := &st.wire
	n := w.started.Add(1)
	w.lastTry.Store(st.attempts.Load())
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		o := OutcomeUnknown
		if w.wroteAt.Load() != n && (w.getConnAt.Load() == n || beforeWrite(err)) {
			// net/http asked for a connection and never wrote the headers,
			// or the failure is one that comes before any write.
			o = OutcomeNotSent
		}
		w.last.Store(int32(o))
		if o == OutcomeUnknown {
			w.ambiguous.Store(true)
		}
		return nil, err
	}
	w.last.Store(int32(OutcomeAnswered))
	if resp.Body != nil && resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		resp.Body = &watchedBody{ReadCloser: resp.Body, w: w}
	}
	return resp, nil
}

// watchedBody marks a success whose body breaks off as outcome-unknown: the
// upstream acted and its result is lost.
type watchedBody struct {
	io.ReadCloser
	w *wireState
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		b.w.last.Store(int32(OutcomeUnknown))
		b.w.ambiguous.Store(true)
	}
	return n, err
}

// beforeWrite reports whether err is a failure that happens before any byte
// of a request is written: a context that ended, a DNS, dial, proxy or TLS
// handshake failure.
func beforeWrite(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect") {
		return true
	}
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var alert tls.AlertError
	return errors.As(err, &certErr) || errors.As(err, &unknownAuth) || errors.As(err, &hostErr) ||
		errors.As(err, &invalidCert) || errors.As(err, &recordErr) || errors.As(err, &alert)
}

// gatewayPage reports whether e is a gateway's HTML page for 502 Bad Gateway
// or 504 Gateway Timeout: not the upstream's answer (all four upstreams
// answer JSON) but a proxy's, which it sends when the origin failed or did not
// answer in time, possibly after the request reached it.
func gatewayPage(e *Error) bool {
	if e.StatusCode != http.StatusBadGateway && e.StatusCode != http.StatusGatewayTimeout {
		return false
	}
	if strings.Contains(strings.ToLower(e.Header.Get("Content-Type")), "html") {
		return true
	}
	m := strings.TrimSpace(e.Message)
	return strings.HasPrefix(m, "<")
}
