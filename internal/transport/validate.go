package transport

import (
	"errors"
	"net/http"
	"strings"
)

// validHeaderName reports whether name is an HTTP token (RFC 9110), the only
// form net/http will send.
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// validHeaderValue reports whether v can be sent as a header value: no line
// breaks and no other control characters but tab.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// validHeader checks every name and value of h.
func validHeader(h http.Header) error {
	for k, vs := range h {
		if !validHeaderName(k) {
			return invalid("header name %q: not a valid HTTP token", k)
		}
		for _, v := range vs {
			if !validHeaderValue(v) {
				return invalid("header %s: value has a line break or control character", k)
			}
		}
	}
	return nil
}

// scrubbedError keeps an error's chain for errors.Is and errors.As but shows
// only its redacted text.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// scrubErr returns err, or a wrapper with its text scrubbed when the text
// holds a known secret.
func scrubErr(red *Redactor, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if s := red.String(msg); s != msg {
		return &scrubbedError{msg: s, err: err}
	}
	return err
}

var errEmptyCredential = errors.New("credential is empty")
