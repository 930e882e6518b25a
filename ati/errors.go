package ati

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// Error is an error answer from ATI. Code holds "error" (billing) or
// "error_code" (catalogs) and Message holds "reason"; for bodies that are not
// an ATI envelope (an HTML proxy page) Message holds a redacted excerpt.
//
// Error is the shared error type of every ruapi-go package, so one errors.As
// works across them. Its fields: Service (the package that made the call),
// StatusCode (200 for an in-band error), Code and Message (the upstream's code
// and reason), Operation (the upstream's method name, when it has one), Method
// and Path (no host, query string or credentials), RequestID, Attempts (how
// many times the request was sent), RetryAfter (the wait the upstream asked
// for), Header (the final response's headers), Details (redacted raw JSON
// detail), Kind (the sentinel that classifies it) and Err (the underlying
// cause, such as a JSON syntax error). Match it with errors.As to an *Error,
// and classes of failure with errors.Is and the Err* sentinels of this package.
type Error = transport.Error

// RetryPolicy says when and how long a client waits before sending a request
// again. Its fields: MaxRetries (how many times a request may be sent again
// after the first attempt; 0 sends everything once), WaitMin (the first
// backoff, doubled on each retry with up to 25% jitter), WaitMax (the cap of
// that backoff) and MaxRetryAfter (the longest Retry-After honored; a longer
// one fails at once with Error.RetryAfter set). Only connection errors and
// HTTP 429, 502, 503 and 504 are retried, and only for calls that are safe to
// send twice.
type RetryPolicy = transport.RetryPolicy

// DefaultRetryPolicy is ATI's advice for 429: wait 100 ms, then double
// (200 ms, 400 ms, ...), up to 3 retries and 2 s.
func DefaultRetryPolicy() RetryPolicy {
	p := transport.DefaultRetryPolicy()
	p.WaitMin = 100 * time.Millisecond
	p.WaitMax = 2 * time.Second
	if p.MaxRetries == 0 {
		p.MaxRetries = 3
	}
	return p
}

// Sentinels matched with errors.Is.
var (
	// ErrNotFound is a 404.
	ErrNotFound = transport.ErrNotFound
	// ErrUnauthorized is a 401 (bad or expired token).
	ErrUnauthorized = transport.ErrUnauthorized
	// ErrForbidden is a 403.
	ErrForbidden = transport.ErrForbidden
	// ErrPaymentRequired is a 402 (not enough atis or paid access needed).
	ErrPaymentRequired = transport.ErrPaymentRequired
	// ErrRateLimited is a 429 (over 10 requests per second).
	ErrRateLimited = transport.ErrRateLimited
	// ErrServer is a 5xx.
	ErrServer = transport.ErrServer
	// ErrDecode is a body that is not the expected JSON.
	ErrDecode = transport.ErrDecode
	// ErrBodyTooLarge is a body over the size cap.
	ErrBodyTooLarge = transport.ErrBodyTooLarge
	// ErrRedirect is a redirect the client does not follow (to another
	// origin, or of a request that is not a GET or HEAD or that carries a
	// body). It is never retried.
	ErrRedirect = transport.ErrRedirect
	// ErrInvalidArgument is a bad argument caught before sending.
	ErrInvalidArgument = transport.ErrInvalidArgument
)

// errorEnvelope accepts both ATI error shapes.
type errorEnvelope struct {
	Error     json.RawMessage `json:"error"`
	ErrorCode json.RawMessage `json:"error_code"`
	Reason    json.RawMessage `json:"reason"`
}

// rawText returns a JSON string's value, or the raw JSON of another scalar.
func rawText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	return string(raw)
}

// decodeError fills e from either ATI error envelope. ATI does not send
// errors with 2xx, so only non-2xx answers fail.
func decodeError(resp *transport.Response, e *Error) bool {
	failed := resp.StatusCode < 200 || resp.StatusCode > 299
	if !failed {
		return false
	}
	var env errorEnvelope
	if err := json.Unmarshal(resp.Body, &env); err != nil {
		e.Message = resp.Excerpt()
		return true
	}
	e.Code = rawText(env.ErrorCode)
	if e.Code == "" {
		e.Code = rawText(env.Error)
	}
	e.Message = rawText(env.Reason)
	if e.Code == "" && e.Message == "" {
		e.Message = resp.Excerpt()
	}
	return true
}
