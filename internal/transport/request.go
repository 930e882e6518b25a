package transport

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-querystring/query"
	retryablehttp "github.com/hashicorp/go-retryablehttp"
)

// Request is one call to send.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is joined to the base URL. Build it with [Path] so that parameters
	// are escaped.
	Path string
	// Query is url.Values, or a struct encoded with go-querystring (url tags).
	Query any
	// Body is encoded as JSON unless it is nil. RawBody, when set, is sent as
	// is with ContentType.
	Body        any
	RawBody     []byte
	ContentType string
	// Header is added to the transport's own headers.
	Header http.Header
	// Retry says whether the call may be sent more than once.
	Retry Retry
	// Operation is the upstream's name for the call, for errors and logs.
	Operation string
	// Secrets are values this request carries that must never appear in its
	// errors or logs. They need not list the body's [Secret] values (a
	// package's Password type) or its secret-named JSON members ("password",
	// "pswd", "token", ...): the transport finds those by itself.
	Secrets []string
	// Options are the caller's per-call options.
	Options []CallOption
	// Effect says whether the call changes state; the zero value derives
	// it from Method and Retry (see [Effect]).
	Effect Effect
}

// appendHeaderSecrets appends the values of secret-named headers a request
// adds (a per-call "X-Api-Token", say), and the parts of them an echo may
// carry alone (the token of "Bearer x", a cookie's value), so that an echo of
// them is scrubbed.
func appendHeaderSecrets(out []string, h http.Header) []string {
	for k, vs := range h {
		if IsSecretName(k) {
			for _, v := range vs {
				out = append(out, credentialParts(v)...)
			}
		}
	}
	return out
}

// querySecrets returns the secret-named values of a request's query without
// encoding it again when it is url.Values or a map (the common cases).
func querySecrets(q any) []string {
	switch v := q.(type) {
	case nil:
		return nil
	case url.Values:
		return QuerySecrets(v)
	case map[string]string:
		var out []string
		for k, s := range v {
			if IsSecretName(k) {
				out = append(out, s)
			}
		}
		return out
	}
	vals, err := EncodeQuery(q)
	if err != nil {
		return nil
	}
	return QuerySecrets(vals)
}

// newRequest builds one attempt's request from the URL the transport already
// holds, without formatting and parsing it again. The header map is shared
// by the attempts: nothing below the transport modifies it (the credentials
// round tripper copies it before adding to it).
func newRequest(ctx context.Context, method string, u *url.URL, header http.Header, body []byte) (*retryablehttp.Request, error) {
	if !validHeaderName(method) { // a method is a token, as a header name is
		return nil, invalid("method %q", method)
	}
	hreq := (&http.Request{Method: method, URL: u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: header}).WithContext(ctx)
	rreq := &retryablehttp.Request{Request: hreq}
	var rbody any
	if body != nil {
		rbody = body
	}
	if err := rreq.SetBody(rbody); err != nil {
		return nil, err
	}
	return rreq, nil
}

// url joins the base URL, the request path and the query.
func (c *Client) url(req *Request) (*url.URL, error) {
	p := req.Path
	if strings.Contains(p, "?") || strings.Contains(p, "#") {
		return nil, fmt.Errorf("path must not carry a query or fragment: %w", ErrInvalidArgument)
	}
	u := *c.base
	if rel := strings.TrimLeft(p, "/"); plainPath(rel) {
		// The common case (letters, digits, "-._~" and slashes) needs no
		// parsing and no escaping: one string join.
		if rel != "" {
			u.Path = c.base.Path + "/" + rel
			if c.base.RawPath != "" {
				u.RawPath = c.base.RawPath + "/" + rel
			}
		}
		return c.withQuery(&u, req.Query)
	}
	rel, err := url.Parse(strings.TrimLeft(p, "/"))
	if err != nil || rel.IsAbs() || rel.Host != "" {
		return nil, fmt.Errorf("bad path: %w", ErrInvalidArgument)
	}
	basePath := u.EscapedPath()
	joined := basePath
	if relPath := rel.EscapedPath(); relPath != "" {
		joined = basePath + "/" + relPath
	}
	if err := setEscapedPath(&u, joined); err != nil {
		return nil, err
	}
	return c.withQuery(&u, req.Query)
}

// withQuery sets u's query from a request's Query.
func (c *Client) withQuery(u *url.URL, query any) (*url.URL, error) {
	u.RawQuery = ""
	if query != nil {
		q, err := EncodeQuery(query)
		if err != nil {
			return nil, err
		}
		u.RawQuery = q.Encode()
	}
	return u, nil
}

// plainPath reports whether p has only characters a URL path carries as
// they are: letters, digits, "-", ".", "_", "~" and "/".
func plainPath(p string) bool {
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-' || c == '.' || c == '_' || c == '~' || c == '/':
		default:
			return false
		}
	}
	return true
}

func setEscapedPath(u *url.URL, escaped string) error {
	p, err := url.PathUnescape(escaped)
	if err != nil {
		return fmt.Errorf("bad path: %w", ErrInvalidArgument)
	}
	u.Path = p
	u.RawPath = escaped
	if u.EscapedPath() != escaped {
		u.RawPath = ""
	}
	return nil
}

// EncodeQuery turns url.Values, a map of strings, or a struct with url tags
// (go-querystring) into url.Values. Nil gives no query.
func EncodeQuery(q any) (url.Values, error) {
	switch v := q.(type) {
	case nil:
		return url.Values{}, nil
	case url.Values:
		return v, nil
	case map[string]string:
		out := url.Values{}
		for k, s := range v {
			out.Set(k, s)
		}
		return out, nil
	}
	vals, err := query.Values(q)
	if err != nil {
		return nil, fmt.Errorf("encode query: %w", err)
	}
	return vals, nil
}

// Path formats a request path, escaping every parameter as one path segment:
// Path("catalogs/organizations/%s", id). An empty parameter, "." or ".." is
// refused with ErrInvalidArgument, so that a missing id can never turn a call on
// one object into a call on the collection (or its parent).
func Path(format string, params ...string) (string, error) {
	args := make([]any, len(params))
	for i, p := range params {
		if p == "" || p == "." || p == ".." {
			return "", fmt.Errorf("path parameter %d is %q: %w", i+1, p, ErrInvalidArgument)
		}
		args[i] = url.PathEscape(p)
	}
	return fmt.Sprintf(format, args...), nil
}
