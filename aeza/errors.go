package aeza

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// Error is the error every call returns when Aeza answered with a failure: a
// non-2xx status, an {"error": {...}} envelope (with any status, 200 included),
// or a body that is not the expected JSON.
//
// For this upstream Code holds the envelope's slug (empty when Aeza sent none,
// as in its HTTP 500 "Proxy internal server error"), Message its message, and
// Details the raw JSON of its data. Header holds the response headers, with the
// X-Ratelimit-* counters when Aeza sends them (see [RateLimitOf]).
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

// Sentinel errors, matched with errors.Is against any error a call returns.
var (
	// ErrNotFound: the object does not exist (HTTP 404, an empty one-item list, or a not-found slug).
	ErrNotFound = transport.ErrNotFound
	// ErrUnauthorized: the API key was rejected.
	ErrUnauthorized = transport.ErrUnauthorized
	// ErrForbidden: not allowed, e.g. the balance is too low for an order or prolongation (HTTP 403).
	ErrForbidden = transport.ErrForbidden
	// ErrPaymentRequired: HTTP 402.
	ErrPaymentRequired = transport.ErrPaymentRequired
	// ErrRateLimited: too many requests (HTTP 429), after any retries.
	ErrRateLimited = transport.ErrRateLimited
	// ErrServer: Aeza failed (HTTP 5xx), after any retries.
	ErrServer = transport.ErrServer
	// ErrDecode: the body is not the JSON the call expects.
	ErrDecode = transport.ErrDecode
	// ErrBodyTooLarge: the response body is over the size cap.
	ErrBodyTooLarge = transport.ErrBodyTooLarge
	// ErrRedirect: the API answered with a redirect the client does not
	// follow (to another origin, or of a request that is not a GET or HEAD
	// or that carries a body). It is never retried.
	ErrRedirect = transport.ErrRedirect
	// ErrInvalidArgument: the call was refused before anything was sent.
	ErrInvalidArgument = transport.ErrInvalidArgument
)

// ProxyErrorMessage is the message of Aeza's HTTP 500 answer to unknown routes
// and malformed bodies.
const ProxyErrorMessage = "Proxy internal server error"

// IsProxyError reports whether err is Aeza's HTTP 500 "Proxy internal server
// error" (an unknown route or a malformed request body, not an outage).
func IsProxyError(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusInternalServerError &&
		strings.EqualFold(strings.TrimSpace(e.Message), ProxyErrorMessage)
}

// RateLimitOf returns the X-Ratelimit-* counters of the response behind err,
// and false when err is not an *Error or carries none of these headers.
func RateLimitOf(err error) (RateLimit, bool) {
	var e *Error
	if !errors.As(err, &e) {
		return RateLimit{}, false
	}
	return ParseRateLimit(e.Header)
}

// ParseRateLimit reads the X-Ratelimit-Limit, -Remaining and -Reset (seconds)
// headers Aeza sends per endpoint; ok is false when none is present (then
// every counter is -1). A successful call reports the same counters in
// [ResponseInfo].RateLimit (see [WithResponseInto]).
func ParseRateLimit(h http.Header) (rl RateLimit, ok bool) { return transport.ParseRateLimit(h) }

// errorEnvelope is Aeza's {"error": {...}}.
type errorEnvelope struct {
	Error *struct {
		Slug    string          `json:"slug"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	} `json:"error"`
}

var errorKey = []byte(`"error"`)

// decodeError is the transport's ErrorDecoder for Aeza. On a 2xx it parses
// only bodies that mention an "error" key, so successful calls stay cheap.
func decodeError(resp *transport.Response, e *Error) bool {
	failed := resp.StatusCode < 200 || resp.StatusCode > 299
	if !failed && !bytes.Contains(resp.Body, errorKey) {
		return false
	}
	var env errorEnvelope
	if err := json.Unmarshal(resp.Body, &env); err != nil || env.Error == nil {
		if failed {
			e.Message = resp.Excerpt()
		}
		return failed
	}
	ee := env.Error
	e.Code = ee.Slug
	e.Message = ee.Message
	if len(ee.Data) > 0 && !bytes.Equal(ee.Data, []byte("null")) {
		e.Details = ee.Data
	}
	if e.Message == "" && e.Code == "" {
		e.Message = resp.Excerpt()
	}
	if k := slugKind(ee.Slug); k != nil && (e.Kind == nil || !failed) {
		e.Kind = k
	}
	return true
}

// slugKind classifies a slug when the status does not (in-band errors).
func slugKind(slug string) error {
	s := strings.ToLower(slug)
	switch {
	case s == "":
		return nil
	case strings.Contains(s, "not_found"), strings.Contains(s, "notfound"):
		return ErrNotFound
	case strings.Contains(s, "unauthorized"), strings.Contains(s, "api_key"), strings.Contains(s, "auth_required"):
		return ErrUnauthorized
	case strings.Contains(s, "forbidden"), strings.Contains(s, "access_denied"):
		return ErrForbidden
	case strings.Contains(s, "insufficient"), strings.Contains(s, "not_enough"):
		return ErrPaymentRequired
	case strings.Contains(s, "rate_limit"), strings.Contains(s, "too_many"):
		return ErrRateLimited
	}
	return nil
}
