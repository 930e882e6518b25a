package transport

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// ErrRedirect means the upstream answered with a redirect the transport does not
// follow (to another origin, of a request that is not a GET or HEAD or that
// carries a body, or one redirect too many). It is never retried.
var ErrRedirect = errors.New("redirect not followed")

// maxRedirects bounds the same-origin redirects of one GET or HEAD.
const maxRedirects = 10

// checkRedirect returns the CheckRedirect of every client: it refuses what
// may move a secret or fake a success, then defers to the caller's own
// CheckRedirect (next), which it never drops.
//
// A refused redirect ends the exchange with the 3xx response itself
// (http.ErrUseLastResponse), which Do turns into an *Error of kind ErrRedirect.
func checkRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if reason := refuseRedirect(req, via); reason != "" {
			if st := stateFrom(req.Context()); st != nil {
				st.redirect = reason
			}
			return http.ErrUseLastResponse
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}

// refuseRedirect says why the redirect to req must not be followed, or "".
func refuseRedirect(req *http.Request, via []*http.Request) string {
	if len(via) == 0 {
		return ""
	}
	first := via[0]
	if !sameOrigin(req.URL, first.URL) {
		return "it leads to another origin"
	}
	if first.Method != http.MethodGet && first.Method != http.MethodHead {
		return "a " + first.Method + " request is never redirected"
	}
	hasBody := first.ContentLength > 0 || (first.Body != nil && first.Body != http.NoBody)
	if st := stateFrom(req.Context()); st != nil {
		hasBody = st.hasBody
	}
	if hasBody {
		return "a request with a body is never redirected"
	}
	if len(via) >= maxRedirects {
		return "too many redirects"
	}
	return ""
}

// sameOrigin compares scheme, host and port.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Host, b.Host)
}

// redirectError describes a 3xx response that ended a call.
func redirectError(resp *Response, hresp *http.Response, reason string) *Error {
	e := resp.NewError()
	e.Kind = ErrRedirect
	loc := hresp.Header.Get("Location")
	target := "(no Location)"
	if loc != "" {
		target = "(unparsable Location)"
		if u, err := hresp.Request.URL.Parse(loc); err == nil {
			target = SafeURL(u.String())
		}
		h := e.Header.Clone()
		h.Set("Location", target)
		e.Header = h
	}
	if reason == "" {
		reason = "no Location to follow, or the caller's CheckRedirect stopped it"
	}
	e.Message = "redirect to " + target + " not followed: " + reason
	return e
}
