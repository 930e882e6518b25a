package transport

import (
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
func Bearer(token string) Auth { return bearer{token: token} }

type bearer struct{ token string }

func (b bearer) Apply(r *http.Request) { r.Header.Set("Authorization", "Bearer "+b.token) }
func (b bearer) Secrets() []string     { return []string{b.token} }
func (b bearer) String() string        { return "Bearer " + Redacted }
func (b bearer) GoString() string      { return b.String() }

// APIKey sends the key in the named header (for example "X-API-Key").
func APIKey(header, key string) Auth {
	return apiKey{header: http.CanonicalHeaderKey(header), key: key}
}

type apiKey struct{ header, key string }

func (a apiKey) Apply(r *http.Request) { r.Header.Set(a.header, a.key) }
func (a apiKey) Secrets() []string     { return []string{a.key} }
func (a apiKey) String() string        { return a.header + ": " + Redacted }
func (a apiKey) GoString() string      { return a.String() }

// Basic sends HTTP Basic credentials.
func Basic(user, password string) Auth { return basic{user: user, password: password} }

type basic struct{ user, password string }

func (b basic) Apply(r *http.Request) { r.SetBasicAuth(b.user, b.password) }
func (b basic) Secrets() []string {
	// The header value itself may be echoed back by a misbehaving proxy.
	r := &http.Request{Header: http.Header{}}
	b.Apply(r)
	return []string{b.password, strings.TrimPrefix(r.Header.Get("Authorization"), "Basic ")}
}
func (b basic) String() string   { return fmt.Sprintf("Basic %s:%s", b.user, Redacted) }
func (b basic) GoString() string { return b.String() }

// authTransport adds credentials to requests bound for the configured origin.
type authTransport struct {
	base   http.RoundTripper
	auth   Auth
	scheme string
	host   string
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.auth == nil || !t.sameOrigin(req.URL) {
		return t.base.RoundTrip(req)
	}
	// A RoundTripper must not modify its request: a shallow copy with its own
	// header map is enough to add credentials.
	r := new(http.Request)
	*r = *req
	r.Header = make(http.Header, len(req.Header)+1)
	for k, v := range req.Header {
		r.Header[k] = v
	}
	t.auth.Apply(r)
	return t.base.RoundTrip(r)
}

func (t *authTransport) sameOrigin(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, t.scheme) && strings.EqualFold(u.Host, t.host)
}
