package servicemanager

import "github.com/ruapi/ruapi-go/internal/transport"

// Outcome sentinels, matched with errors.Is against any error a call
// returns. A failure matches ErrNotSent or ErrOutcomeUnknown, or neither
// when the Service Manager answered (an [*Error] with a status and a code); the call's
// [ResponseInfo].Outcome says the same.
var (
	// ErrNotSent: nothing of the request reached the Service Manager (or every attempt
	// that did was answered with a failure and the next one was not sent):
	// an invalid argument (every ErrInvalidArgument matches it), a read-only
	// or dry-run refusal, a context or rate-limiter wait that ended first, a
	// token source that failed, a DNS, dial or TLS failure. Safe to send again.
	ErrNotSent = transport.ErrNotSent
	// ErrOutcomeUnknown: the request was written (or may have been) and no
	// complete answer came: a timeout after the write, a connection closed or
	// reset before or while the answer was read, a success whose body was
	// cut. the Service Manager may have acted: look before sending a change again. A
	// call that changes state is outcome-unknown when any of its attempts was.
	ErrOutcomeUnknown = transport.ErrOutcomeUnknown
	// ErrReadOnly: a client made with [WithReadOnly] refused a call that
	// changes state or moves money, before sending anything. It matches
	// ErrNotSent too.
	ErrReadOnly = transport.ErrReadOnly
	// ErrDryRun: a dry run ([WithDryRun], [WithCallDryRun]) built the request
	// and did not send it; the error is a [*DryRunRequest]. It matches
	// ErrNotSent too.
	ErrDryRun = transport.ErrDryRun
)

// Outcome says whether a call's request reached the upstream:
// OutcomeNotSent, OutcomeAnswered or OutcomeUnknown. [ResponseInfo].Outcome
// holds it for every call and [OutcomeOf] reads it from an error. Its method
// String names it ("not sent", "answered", "unknown").
type Outcome = transport.Outcome

// The outcomes of a call.
const (
	// OutcomeNotSent: nothing was sent; see [ErrNotSent].
	OutcomeNotSent = transport.OutcomeNotSent
	// OutcomeAnswered: the upstream answered, with a success or a failure.
	OutcomeAnswered = transport.OutcomeAnswered
	// OutcomeUnknown: written, no complete answer; see [ErrOutcomeUnknown].
	OutcomeUnknown = transport.OutcomeUnknown
)

// OutcomeOf returns the outcome err says: OutcomeUnknown when it matches
// [ErrOutcomeUnknown], OutcomeNotSent when it matches [ErrNotSent], and
// OutcomeAnswered for any other error (an answer of the upstream) or nil.
func OutcomeOf(err error) Outcome { return transport.OutcomeOf(err) }

// DryRunRequest is the request a dry run built instead of sending it, with
// every credential and secret the call knows replaced by "[REDACTED]". It is
// the error the call returns (matching [ErrDryRun] and [ErrNotSent]); take it
// with errors.As. Its fields: Service (the package), Operation (the call's
// name), Method, URL (absolute, secret query values redacted), Header (every
// header the request would carry, credential headers present with redacted
// values) and Body (the exact body, secrets redacted; nil when none).
type DryRunRequest = transport.DryRunRequest

// WithReadOnly makes the client refuse, with [ErrReadOnly] and before
// anything is sent, every call that changes state or moves money, escape
// hatches included: [Client.Call] (use [Client.CallReadOnly] for a method without side effects). Reads go through: the list and info methods, session/prepare_list (the first step of [SessionsService.List]) and the version discovery are reads and stay allowed, though sent over POST. For
// dashboards, monitors and reporting jobs that hold a real key.
func WithReadOnly() Option { return func(s *settings) error { return s.SetReadOnly() } }

// WithDryRun makes every call that would change state build and validate
// its request completely and return it as a [*DryRunRequest] error instead
// of sending it; reads are sent as usual. With [WithReadOnly] too, a change
// is returned as a dry run (nothing is sent either way).
func WithDryRun() Option { return func(s *settings) error { return s.SetDryRun() } }

// WithCallDryRun is [WithDryRun] for one call: if the call would change
// state, it returns the request it would send as a [*DryRunRequest] error
// instead of sending it. A read is sent as usual.
func WithCallDryRun() CallOption { return transport.WithCallDryRun() }
