package transport

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Auth attaches credentials to a request. The transport calls it in exactly one
// place, and only for requests to the configured scheme and host: a redirect to
// another host (or from https to http) is followed without credentials.
type Auth interface {
	// Apply sets the credentials on req, a clone the transport owns.
	Apply(req *http.Request)
	// Secrets lists the credential values, so that the transport can scrub them
	// from logs, errors and recorded fixtures.
	Secrets() []string
}

// NoAuth sends no credentials.
func NoAuth() Auth { return noAuth{} }

type noAuth struct{}

func (noAuth) Apply(*http.Request) {}
func (noAuth) Secrets() []string   { return nil }

// Bearer sends "Authorization: Bearer <token>".
func Bearer(token string) Auth { return bearer{token: token, value: []string{"Bearer " + token}} }

type bearer struct {
	token string
	value []string // the header value, built once
}

func (b bearer) Apply(r *http.Request) { r.Header["Authorization"] = b.value }
func (b bearer) Secrets() []string     { return []string{b.token} }
func (b bearer) String() string        { return "Bearer " + Redacted }
func (b bearer) GoString() string      { return b.String() }
func (b bearer) validate() error {
	if strings.TrimSpace(b.token) == "" {
		return invalid("bearer token: %v", errEmptyCredential)
	}
	if !validHeaderValue(b.token) {
		return invalid("bearer token: has a line break or control character")
	}
	return nil
}

// APIKey sends the key in the named header (for example "X-API-Key").
func APIKey(header, key string) Auth {
	if validHeaderName(header) {
		header = http.CanonicalHeaderKey(header)
	}
	return apiKey{header: header, key: key}
}

type apiKey struct{ header, key string }

func (a apiKey) Apply(r *http.Request) { r.Header.Set(a.header, a.key) }
func (a apiKey) Secrets() []string     { return credentialParts(a.key) }
func (a apiKey) String() string        { return a.header + ": " + Redacted }
func (a apiKey) GoString() string      { return a.String() }
func (a apiKey) validate() error {
	if !validHeaderName(a.header) {
		return invalid("auth header name %q: not a valid HTTP token", a.header)
	}
	if strings.TrimSpace(a.key) == "" {
		return invalid("%s: %v", a.header, errEmptyCredential)
	}
	if !validHeaderValue(a.key) {
		return invalid("%s: key has a line break or control character", a.header)
	}
	return nil
}

// Basic sends HTTP Basic credentials.
func Basic(user, password string) Auth {
	enc := base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
	return basic{user: user, password: password, encoded: enc, value: []string{"Basic " + enc}}
}

type basic struct {
	user, password string
	encoded        string   // base64 of user:password
	value          []string // the header value, built once
}

func (b basic) Apply(r *http.Request) { r.Header["Authorization"] = b.value }

// Secrets lists the password and the header's encoded form, which a
// misbehaving proxy may echo back.
func (b basic) Secrets() []string { return []string{b.password, b.encoded} }
func (b basic) String() string    { return fmt.Sprintf("Basic %s:%s", b.user, Redacted) }
func (b basic) GoString() string  { return b.String() }
func (b basic) validate() error {
	if strings.TrimSpace(b.user) == "" || strings.Contains(b.user, ":") {
		return invalid("basic auth user %q: must be non-empty and have no colon", b.user)
	}
	if !validHeaderValue(b.user) || !validHeaderValue(b.password) {
		return invalid("basic auth: user or password has a line break or control character")
	}
	return nil
}

// authTransport waits for the client's rate limiter, then adds credentials to
// requests bound for the configured origin.
type authTransport struct {
	base    http.RoundTripper
	auth    Auth
	scheme  string
	host    string
	limiter *limitGate
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.limiter != nil {
		// Every attempt, retries included, waits its turn; a context that
		// ends leaves the queue at once, taking no slot with it.
		if err := t.limiter.wait(req.Context()); err != nil {
			if req.Body != nil {
				_ = req.Body.Close()
			}
			if cerr := req.Context().Err(); cerr != nil {
				return nil, cerr
			}
			return nil, err
		}
	}
	if t.auth == nil || !t.sameOrigin(req.URL) {
		return t.base.RoundTrip(req)
	}
	if ta, ok := t.auth.(*tokenAuth); ok {
		access, header, err := ta.token(req.Context())
		if err != nil {
			if req.Body != nil {
				_ = req.Body.Close()
			}
			return nil, err
		}
		if st := stateFrom(req.Context()); st != nil {
			st.secrets.add(access)
		}
		req.Header.Set("Authorization", header)
		return t.base.RoundTrip(req)
	}
	// This round tripper sits inside the transport's own *http.Client: the
	// requests it sees are the transport's (their header map is built for
	// the call) or the redirects net/http derives from them (with a header
	// map of their own), never a caller's. So the credentials are set in
	// place, where a general RoundTripper would have to copy the request.
	t.auth.Apply(req)
	return t.base.RoundTrip(req)
}

func (t *authTransport) sameOrigin(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, t.scheme) && strings.EqualFold(u.Host, t.host)
}
