package transport

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// An error's message that only repeats the status line (a plain-text body
// "401 Unauthorized") is not written twice; any other message is.
func TestErrorMessageRepeatingStatus(t *testing.T) {
	for msg, want := range map[string]string{
		"401 Unauthorized": "svc: POST /v: 401 Unauthorized",
		"unauthorized ":    "svc: POST /v: 401 Unauthorized",
		"":                 "svc: POST /v: 401 Unauthorized",
		"token expired":    "svc: POST /v: 401 Unauthorized: token expired",
		"403 Forbidden":    "svc: POST /v: 401 Unauthorized: 403 Forbidden",
	} {
		e := &Error{Service: "svc", Method: "POST", Path: "/v", StatusCode: 401, Message: msg}
		assert.Equal(t, want, e.Error(), msg)
	}
}
