package transport

import (
	"strings"
	"unicode"
)

// authSchemes are the HTTP auth schemes a credential pasted with its header
// value may start with ("Bearer abc").
var authSchemes = []string{"Bearer", "Basic", "Token", "Digest"}

// CheckShape refuses a credential given in the shape of a whole header
// value or line, which the server could only answer with a bare 401: a
// bearer token that starts with a scheme ("Bearer abc", which would be sent
// as "Bearer Bearer abc") or holds a space, a key that starts with its own
// header's name ("X-API-Key: abc"), or, in a header other than
// Authorization, with a scheme. The error matches ErrInvalidArgument, gives
// a hint and never quotes the secret. Other credentials pass.
func CheckShape(a Auth) error {
	switch a := a.(type) {
	case bearer:
		if scheme, ok := schemePrefix(a.token); ok {
			return invalid("bearer token: it starts with %q; give the token alone, the client adds \"Bearer \"", scheme+" ")
		}
		if strings.ContainsFunc(a.token, unicode.IsSpace) {
			return invalid("bearer token: it contains a space or line break, which a bearer token never does")
		}
	case apiKey:
		header := strings.TrimSpace(a.header)
		if name, _, ok := strings.Cut(a.key, ":"); ok && strings.EqualFold(strings.TrimSpace(name), header) {
			return invalid("%s: the key starts with the header name %q; give the value alone", header, strings.TrimSpace(name)+":")
		}
		if scheme, ok := schemePrefix(a.key); ok && !strings.EqualFold(header, "Authorization") {
			return invalid("%s: the key starts with %q, which belongs in an Authorization header; give the key alone", header, scheme+" ")
		}
	}
	return nil
}

// schemePrefix returns the auth scheme a credential starts with ("Bearer
// abc"), when it is one.
func schemePrefix(v string) (string, bool) {
	first, _, ok := strings.Cut(strings.TrimSpace(v), " ")
	if !ok {
		return "", false
	}
	for _, scheme := range authSchemes {
		if strings.EqualFold(first, scheme) {
			return first, true
		}
	}
	return "", false
}
