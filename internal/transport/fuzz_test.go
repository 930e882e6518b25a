package transport

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
)

const fuzzSecret = "fuzz-secret-token-9f8e7d"

// FuzzErrorDecoding drives the shared error path (status → kind, envelope
// decoder, excerpt, redaction, Error/Is) with arbitrary statuses, headers and
// bodies: it must never panic, and the credential must never surface.
func FuzzErrorDecoding(f *testing.F) {
	f.Add(404, []byte(`{"error_code":"not_found","reason":"нет"}`), "")
	f.Add(200, []byte(`{"error":{"slug":"x","message":"m","data":{}}}`), "")
	f.Add(429, []byte(``), "3")
	f.Add(503, []byte("<html>"+fuzzSecret+"</html>"), "Wed, 21 Oct 2015 07:28:00 GMT")
	f.Add(200, []byte(`{"items":[{"id":1},{"id":`), "")
	f.Add(500, []byte("\xff\xfe\x00bad utf8"), "-5")
	f.Add(0, []byte(`null`), "")
	c, err := New(Config{Service: "fuzz", BaseURL: "https://api.example.test", Auth: Bearer(fuzzSecret), DecodeError: fuzzDecoder})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, status int, body []byte, retryAfter string) {
		resp := &Response{
			StatusCode: status, Header: http.Header{"Retry-After": {retryAfter}}, Body: body,
			Method: http.MethodGet, Path: "/x", Attempts: 1, client: c, redact: c.redact,
		}
		err := c.check(resp)
		var v any
		derr := resp.DecodeJSON(&v)
		for _, e := range []error{err, derr} {
			if e == nil {
				continue
			}
			var apiErr *Error
			if !errors.As(e, &apiErr) {
				t.Fatalf("not an *Error: %T", e)
			}
			msg := e.Error()
			if strings.Contains(msg, fuzzSecret) {
				t.Fatalf("secret in error: %q", msg)
			}
			for _, s := range []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrRateLimited, ErrServer, ErrDecode} {
				_ = errors.Is(e, s)
			}
		}
		if (status < 200 || status > 299) && err == nil {
			t.Fatalf("status %d not reported as a failure", status)
		}
	})
}

// fuzzDecoder reads an envelope of either ATI shape or Aeza's nested one.
func fuzzDecoder(resp *Response, e *Error) bool {
	var env struct {
		Error     json.RawMessage `json:"error"`
		ErrorCode string          `json:"error_code"`
		Reason    string          `json:"reason"`
	}
	if json.Unmarshal(resp.Body, &env) != nil {
		e.Message = resp.Excerpt()
		return false
	}
	var nested struct {
		Slug    string          `json:"slug"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	}
	if len(env.Error) > 0 && json.Unmarshal(env.Error, &nested) == nil && (nested.Slug != "" || nested.Message != "") {
		e.Code, e.Message, e.Details = nested.Slug, nested.Message, nested.Data
		return true
	}
	e.Code, e.Message = env.ErrorCode, env.Reason
	return false
}
