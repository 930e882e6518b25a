package transport

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors. Every ruapi-go package re-exports them, and errors.Is matches
// them against any error a call returns.
var (
	// ErrNotFound: the upstream says the object does not exist (HTTP 404, or an
	// in-band "not found" code).
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized: the credentials were rejected (HTTP 401).
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden: the credentials are valid but not allowed to do this (HTTP 403).
	ErrForbidden = errors.New("forbidden")
	// ErrPaymentRequired: the account must pay first (HTTP 402).
	ErrPaymentRequired = errors.New("payment required")
	// ErrRateLimited: too many requests (HTTP 429), after any retries.
	ErrRateLimited = errors.New("rate limited")
	// ErrServer: the upstream failed (HTTP 5xx), after any retries.
	ErrServer = errors.New("server error")
	// ErrDecode: the body is not the JSON the call expects (an HTML page from a
	// proxy, a truncated document, a wrong shape).
	ErrDecode = errors.New("undecodable response body")
	// ErrBodyTooLarge: the response body is larger than the configured cap.
	ErrBodyTooLarge = errors.New("response body too large")
	// ErrInvalidArgument: the call was refused before anything was sent (an empty
	// id, a value out of range). It matches ErrNotSent too.
	ErrInvalidArgument error = &alsoNotSent{msg: "invalid argument"}
)

// Error is the error every ruapi-go package returns when the upstream answered
// and the answer is a failure: a non-2xx status, an error envelope or in-band
// error code, or a body that could not be decoded. It never contains
// credentials: the path carries no query string, and the message and details are
// passed through the client's redactor.
//
// Match classes of failure with errors.Is (ErrNotFound, ErrUnauthorized,
// ErrForbidden, ErrPaymentRequired, ErrRateLimited, ErrServer, ErrDecode,
// ErrBodyTooLarge) and read the details with errors.As.
type Error struct {
	// Service names the upstream package ("ati", "aeza", ...).
	Service string
	// StatusCode is the HTTP status of the final response (200 for in-band errors).
	StatusCode int
	// Code is the upstream's own error code as text: ATI's error_code, Aeza's
	// slug, a Service Manager response code such as "10406". Empty when the
	// upstream gave none.
	Code string
	// Message is the upstream's human-readable reason, or a short, redacted
	// excerpt of a body that was not the expected envelope.
	Message string
	// Operation is the upstream's name for the call when it has one (a Service
	// Manager method such as "account/users/info"); empty otherwise.
	Operation string
	// Method and Path identify the request (no host, no query string).
	Method string
	Path   string
	// RequestID is the upstream's request id (X-Request-Id), when sent.
	RequestID string
	// Attempts is how many times the request was sent.
	Attempts int
	// RetryAfter is the wait the upstream asked for (Retry-After), zero if none.
	RetryAfter time.Duration
	// Header holds the final response's headers (rate-limit counters, ...).
	Header http.Header
	// Details holds the raw, redacted JSON of any structured detail the upstream
	// sent with the error (Aeza's error data, Service Manager's general block).
	Details json.RawMessage
	// Kind is a sentinel that classifies the error beyond its status (ErrDecode
	// for an unreadable body, ErrNotFound for an in-band not-found code).
	Kind error
	// Err is the underlying cause, if any (a JSON syntax error).
	Err error
}

// Error formats the failure as "service: METHOD /path: 404 Not Found: code: message".
func (e *Error) Error() string {
	var b strings.Builder
	if e.Service != "" {
		b.WriteString(e.Service)
		b.WriteString(": ")
	}
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.Path)
	if e.Operation != "" {
		b.WriteString(" (")
		b.WriteString(e.Operation)
		b.WriteByte(')')
	}
	b.WriteString(": ")
	if e.StatusCode != 0 {
		b.WriteString(strconv.Itoa(e.StatusCode))
		if t := http.StatusText(e.StatusCode); t != "" {
			b.WriteByte(' ')
			b.WriteString(t)
		}
	}
	if e.Code != "" {
		b.WriteString(": ")
		b.WriteString(e.Code)
	}
	if e.Message != "" && !repeatsStatus(e.Message, e.StatusCode) {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Kind != nil && !errors.Is(e.Kind, StatusKind(e.StatusCode)) {
		b.WriteString(" [")
		b.WriteString(e.Kind.Error())
		b.WriteByte(']')
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

// repeatsStatus reports whether a message only repeats the status line
// ("401 Unauthorized", as many servers' plain-text bodies read), which Error
// has already written.
func repeatsStatus(msg string, status int) bool {
	t := http.StatusText(status)
	if t == "" {
		return false
	}
	msg = strings.TrimSpace(msg)
	return strings.EqualFold(msg, t) || strings.EqualFold(msg, strconv.Itoa(status)+" "+t)
}

// Is reports whether target is the sentinel for this error's status or kind.
func (e *Error) Is(target error) bool {
	if target == nil {
		return false
	}
	return target == e.Kind || target == StatusKind(e.StatusCode)
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Temporary reports whether sending the same request later may succeed: rate
// limits and 502/503/504.
func (e *Error) Temporary() bool {
	switch e.StatusCode {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// StatusKind maps an HTTP status to its sentinel, or nil for statuses that have
// none (2xx, 3xx, unclassified 4xx).
func StatusKind(status int) error {
	switch {
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusForbidden:
		return ErrForbidden
	case status == http.StatusPaymentRequired:
		return ErrPaymentRequired
	case status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status >= 500 && status <= 599:
		return ErrServer
	}
	return nil
}
