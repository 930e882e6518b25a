package ati

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
)

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
