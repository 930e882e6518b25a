package dataprovider

import (
	"encoding/json"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// Error is the error of a failed call. The document defines no error body:
// Message holds the body's "error"/"message" field when the server sends one
// (this package's handler does), or a body excerpt otherwise; Code holds the
// handler's "code" field if present.
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

// DefaultRetryPolicy returns the policy used when none is given: 3 retries,
// 250 ms doubling to at most 5 s, Retry-After honored up to 1 minute.
func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }

// Sentinels matched with errors.Is.
var (
	ErrNotFound        = transport.ErrNotFound
	ErrUnauthorized    = transport.ErrUnauthorized
	ErrForbidden       = transport.ErrForbidden
	ErrPaymentRequired = transport.ErrPaymentRequired
	ErrRateLimited     = transport.ErrRateLimited
	ErrServer          = transport.ErrServer
	ErrDecode          = transport.ErrDecode
	ErrBodyTooLarge    = transport.ErrBodyTooLarge
	// ErrRedirect is a redirect the client does not follow (to another
	// origin, or of a request that is not a GET or HEAD or that carries a
	// body). It is never retried.
	ErrRedirect        = transport.ErrRedirect
	ErrInvalidArgument = transport.ErrInvalidArgument
)

// errorBody is the JSON error this package's handler writes.
type errorBody struct {
	Code    string `json:"code,omitempty"`
	Error   string `json:"error,omitempty"`
	Message string `json:"message,omitempty"`
}

func decodeError(resp *transport.Response, e *transport.Error) bool {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return false
	}
	var b errorBody
	if err := json.Unmarshal(resp.Body, &b); err == nil && (b.Error != "" || b.Message != "") {
		e.Code = b.Code
		e.Message = strings.TrimSpace(b.Error + " " + b.Message)
		e.Details = json.RawMessage(resp.Body)
		return true
	}
	e.Message = resp.Excerpt()
	return true
}
