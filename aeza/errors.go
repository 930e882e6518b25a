package aeza

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// IsProxyError reports whether err is Aeza's gateway error, "Proxy internal
// server error" (with or without " (see traceId)", as a production order
// failing with it was quoted; in any case, or as the slug
// proxy_internal_server_error) with a 5xx status. Aeza's gateway sends
// it for an unknown route or a malformed request body (a base URL without
// /api, a legacy order body on a path that wants another), not only when
// Aeza is down: check the request before waiting for an outage to end.
//
// The trace id the message points at is kept: [Error].RequestID holds it
// (when the answer carries no request id of its own) and [Error].Details the
// error object it came in. It is read from the error object's or the body's
// traceId member, from the message ("traceId: ..."), or from an X-Trace-Id
// or traceparent header; where Aeza really puts it is not documented.
func IsProxyError(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.StatusCode < 500 || e.StatusCode > 599 {
		return false
	}
	return isProxyText(e.Message) || isProxyText(e.Code)
}

// isProxyText reports whether s holds the gateway's message or slug.
func isProxyText(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "proxy internal server error") || strings.Contains(s, "proxy_internal_server_error")
}

// RateLimitOf returns the X-Ratelimit-Limit, -Remaining and -Reset (seconds)
// counters Aeza sends per endpoint, read from the response behind err; ok is
// false when err is not an *Error or carries none of these headers (then
// every counter is -1). A successful call reports the same counters in
// [ResponseInfo].RateLimit (see [WithResponseInto]).
func RateLimitOf(err error) (RateLimit, bool) {
	var e *Error
	if !errors.As(err, &e) {
		return RateLimit{}, false
	}
	return transport.ParseRateLimit(e.Header)
}

// errorEnvelope reads both error shapes Aeza sends: the legacy
// {"error": {"slug", "message", "data"}} and the v2 (NestJS) body
// {"statusCode", "message", "error": "<slug>", "payload", "requestId", ...}.
type errorEnvelope struct {
	Error      json.RawMessage `json:"error"`
	StatusCode int             `json:"statusCode"`
	Message    json.RawMessage `json:"message"`
	Payload    json.RawMessage `json:"payload"`
	RequestID  string          `json:"requestId"`
	TraceID    json.RawMessage `json:"traceId"`
}

// legacyError is the object of a legacy {"error": {...}}.
type legacyError struct {
	Slug      string          `json:"slug"`
	Message   json.RawMessage `json:"message"`
	Data      json.RawMessage `json:"data"`
	RequestID string          `json:"requestId"`
	TraceID   json.RawMessage `json:"traceId"`
}

var errorKey = []byte(`"error"`)

// decodeError is the transport's ErrorDecoder for Aeza. On a 2xx it parses
// only bodies that mention an "error" key, so successful calls stay cheap.
//
// Legacy errors: Code is the slug, Message the message, Details the data.
// v2 errors: Code is "error" (a dotted slug such as service.invalid_status),
// Message is "message", whose lines (validation errors send an array of
// them) are joined with "; " into one line; Details is "payload" and
// RequestID "requestId". Members of unexpected types read as empty; a body
// that is neither shape leaves a redacted excerpt as the message.
func decodeError(resp *transport.Response, e *Error) bool {
	failed := resp.StatusCode < 200 || resp.StatusCode > 299
	if !failed && !bytes.Contains(resp.Body, errorKey) {
		return false
	}
	var env errorEnvelope
	if err := unmarshalTolerant(resp.Body, &env); err != nil || bytes.TrimSpace(resp.Body)[0] != '{' {
		if failed {
			e.Message = resp.Excerpt()
		}
		return failed
	}
	var details, trace json.RawMessage
	ev := bytes.TrimSpace(env.Error)
	switch {
	case len(ev) > 0 && ev[0] == '{': // legacy
		var le legacyError
		_ = unmarshalTolerant(ev, &le)
		e.Code, e.Message, details, trace = le.Slug, messageText(le.Message), le.Data, le.TraceID
		e.RequestID = le.RequestID
		// Keep the trace id reachable with the rest of what came with it.
		switch {
		case len(nonNull(details)) > 0:
		case traceText(trace) != "":
			details = ev
		case traceText(env.TraceID) != "":
			details = resp.Body
		}
		if len(trace) == 0 {
			trace = env.TraceID
		}
	case failed || env.StatusCode >= 400: // v2, or a bare {"message": ...}
		if len(ev) > 0 && ev[0] == '"' {
			_ = json.Unmarshal(ev, &e.Code)
		}
		e.Message, details, trace = messageText(env.Message), env.Payload, env.TraceID
		e.RequestID = env.RequestID
		if e.Code == "" && e.Message == "" {
			e.Message = resp.Excerpt()
			return true
		}
	default: // a 2xx whose "error" is null, a string or absent
		return false
	}
	if d := nonNull(details); len(d) > 0 {
		e.Details = d
	}
	if e.Message == "" && e.Code == "" {
		e.Message = resp.Excerpt()
	}
	if t := traceText(trace); e.RequestID == "" && (t != "" || isProxyText(e.Message) || isProxyText(e.Code)) {
		e.RequestID = traceID(t, e.Message, resp.Header)
	}
	if k := slugKind(e.Code); k != nil && (e.Kind == nil || !failed) {
		e.Kind = k
	}
	return true
}

// nonNull returns raw, or nil when it is empty or null.
func nonNull(raw json.RawMessage) json.RawMessage {
	if t := bytes.TrimSpace(raw); len(t) == 0 || bytes.Equal(t, []byte("null")) {
		return nil
	}
	return raw
}

// messageText reads an error message: a string, or an array of lines (as
// NestJS validation errors send them) joined with "; ". Any other value is
// kept as its JSON text.
func messageText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case '[':
		var lines []string
		arrayElements(raw, 0, func(start, end int) {
			if l := messageText(raw[start:end]); l != "" {
				lines = append(lines, l)
			}
		})
		return strings.Join(lines, "; ")
	}
	return string(raw)
}

// traceText reads a traceId member: a string or a number.
func traceText(raw json.RawMessage) string {
	raw = nonNull(raw)
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	if raw[0] >= '0' && raw[0] <= '9' {
		return string(raw)
	}
	return ""
}

// traceInMessage finds "traceId: abc123" (or "= abc123") in a message; the
// bare "(see traceId)" names none.
var traceInMessage = regexp.MustCompile(`(?i)trace[ _-]?id["']?\s*[:=#]?\s*["']?([A-Za-z0-9][A-Za-z0-9._:-]{5,})`)

// traceID returns the trace id of a gateway error: the body's, else one
// written into the message, else an X-Trace-Id or traceparent header.
func traceID(body, message string, h http.Header) string {
	if body != "" {
		return body
	}
	if m := traceInMessage.FindStringSubmatch(message); m != nil {
		return m[1]
	}
	if v := h.Get("X-Trace-Id"); v != "" {
		return v
	}
	if p := strings.Split(h.Get("Traceparent"), "-"); len(p) == 4 && len(p[1]) == 32 {
		return p[1]
	}
	return ""
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
