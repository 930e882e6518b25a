package servicemanager

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// Error is the error every call returns when the Service Manager answered with
// a failure.
//
// The Service Manager reports API errors in band: HTTP 200 with general.error =
// true or a general.response code other than the success codes (10200, 10201,
// 10202, 10240). For those, Code holds the response code as text ("10406"),
// Message the server's message (for example "Свойство 'ИНН' не найдено."),
// Operation the method name ("account/update_attached_info") and Details the
// raw JSON of the general block. Code 10404 matches [ErrNotFound]; 10401 and
// 10403 match [ErrUnauthorized] and [ErrForbidden].
//
// Any other HTTP status is an error with the status and, in Message, a short
// redacted excerpt of the body (which may be an HTML page or a 401 challenge).
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
// that backoff) and MaxRetryAfter (the longest Retry-After honoured; a longer
// one fails at once with Error.RetryAfter set). Only connection errors and
// HTTP 429, 502, 503 and 504 are retried, and only for calls that are safe to
// send twice.
type RetryPolicy = transport.RetryPolicy

// DefaultRetryPolicy returns the policy used when none is given: 3 retries,
// 250 ms doubling to at most 5 s, Retry-After honored up to 1 minute.
func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }

// Sentinel errors, matched with errors.Is against any error a call returns.
var (
	// ErrNotFound: the object does not exist (in-band code 10404 or HTTP 404).
	ErrNotFound = transport.ErrNotFound
	// ErrUnauthorized: the credentials were rejected (HTTP 401 or code 10401).
	ErrUnauthorized = transport.ErrUnauthorized
	// ErrForbidden: not allowed (HTTP 403 or code 10403).
	ErrForbidden = transport.ErrForbidden
	// ErrPaymentRequired: HTTP 402.
	ErrPaymentRequired = transport.ErrPaymentRequired
	// ErrRateLimited: too many requests (HTTP 429), after any retries.
	ErrRateLimited = transport.ErrRateLimited
	// ErrServer: the server failed (HTTP 5xx), after any retries.
	ErrServer = transport.ErrServer
	// ErrDecode: the body is not the JSON the call expects.
	ErrDecode = transport.ErrDecode
	// ErrBodyTooLarge: the response body is over the size cap.
	ErrBodyTooLarge = transport.ErrBodyTooLarge
	// ErrRedirect: the server answered with a redirect the client does not
	// follow (every ext_api call is a POST, and a POST is never redirected).
	// It is never retried.
	ErrRedirect = transport.ErrRedirect
	// ErrInvalidArgument: the call was refused before anything was sent.
	ErrInvalidArgument = transport.ErrInvalidArgument
)

// Response codes of the general block.
const (
	// CodeOK is success.
	CodeOK = 10200
	// CodeCreated is a success code (an object was created).
	CodeCreated = 10201
	// CodeAccepted is success: accepted, still in progress.
	CodeAccepted = 10202
	// CodeOKWithWarnings is a success code.
	CodeOKWithWarnings = 10240
	// CodeNotFound is "not found".
	CodeNotFound = 10404
	// CodeUnknownAttribute is returned by update_attached_info for keys the
	// Service Manager has no such requisite or property for.
	CodeUnknownAttribute = 10406
)

// IsSuccessCode reports whether a general.response code is a success code.
// Zero (no code sent) counts as success.
func IsSuccessCode(code int) bool {
	switch code {
	case 0, CodeOK, CodeCreated, CodeAccepted, CodeOKWithWarnings:
		return true
	}
	return false
}

// codeKind classifies an in-band code.
func codeKind(code int) error {
	switch code {
	case CodeNotFound:
		return ErrNotFound
	case 10401:
		return ErrUnauthorized
	case 10403:
		return ErrForbidden
	}
	return nil
}

var generalKey = []byte(`"general"`)

// decodeError is the transport's ErrorDecoder for the Service Manager: it
// reads the general block of every response, 2xx included.
func decodeError(resp *transport.Response, e *Error) bool {
	failed := resp.StatusCode < 200 || resp.StatusCode > 299
	if !bytes.Contains(resp.Body, generalKey) {
		if failed {
			e.Message = resp.Excerpt()
		}
		return failed
	}
	var env struct {
		General json.RawMessage `json:"general"`
	}
	var g General
	if err := json.Unmarshal(resp.Body, &env); err != nil || len(env.General) == 0 ||
		json.Unmarshal(env.General, &g) != nil {
		// Not the envelope: a non-2xx reports an excerpt; a 2xx is left to
		// the success decoder, which reports ErrDecode.
		if failed {
			e.Message = resp.Excerpt()
		}
		return failed
	}
	if !failed && !g.Error && IsSuccessCode(g.Response) {
		return false
	}
	if g.Response != 0 {
		e.Code = strconv.Itoa(g.Response)
	}
	e.Message = g.Message
	e.Details = env.General
	if e.Message == "" && e.Code == "" {
		e.Message = resp.Excerpt()
	}
	if k := codeKind(g.Response); k != nil && (e.Kind == nil || !failed) {
		e.Kind = k
	}
	return true
}
