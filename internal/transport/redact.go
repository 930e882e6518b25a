package transport

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Redacted replaces every secret the transport removes from logs and errors.
const Redacted = "REDACTED"

// secretKey matches query parameter, header and JSON field names whose values
// are secrets.
var secretKey = regexp.MustCompile(`(?i)(token|secret|passw|pswd|pass$|^pwd$|api[-_]?key|apikey|signature|^sig$|auth|session|cookie|credential|private)`)

// IsSecretName reports whether a query parameter, header or JSON field with this
// name carries a secret whose value must never be logged or recorded.
func IsSecretName(name string) bool { return secretKey.MatchString(name) }

// Redactor removes known secret values (the client's credentials) and
// secret-looking query values from text. The zero value redacts only by name.
type Redactor struct {
	secrets []string
}

// NewRedactor returns a Redactor that also scrubs the given literal values.
// Values shorter than four bytes are ignored (they would scrub ordinary text).
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	for _, s := range secrets {
		if len(s) >= 4 {
			r.secrets = append(r.secrets, s)
			// The same secret may appear percent-encoded or base64-encoded
			// (Basic auth) in echoed text.
			if e := url.QueryEscape(s); e != s {
				r.secrets = append(r.secrets, e)
			}
		}
	}
	return r
}

// With returns a Redactor that also scrubs the given values; r itself is
// unchanged. It returns r when there is nothing to add.
func (r *Redactor) With(secrets ...string) *Redactor {
	extra := NewRedactor(secrets...)
	if len(extra.secrets) == 0 {
		return r
	}
	out := &Redactor{}
	if r != nil {
		out.secrets = append(out.secrets, r.secrets...)
	}
	out.secrets = append(out.secrets, extra.secrets...)
	return out
}

// QuerySecrets returns the values of secret-named parameters in q.
func QuerySecrets(q url.Values) []string {
	var out []string
	for k, vs := range q {
		if IsSecretName(k) {
			out = append(out, vs...)
		}
	}
	return out
}

// String scrubs known secrets from s.
func (r *Redactor) String(s string) string {
	if r == nil {
		return s
	}
	for _, sec := range r.secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, Redacted)
		}
	}
	return s
}

// URL returns u as text with userinfo removed and secret-looking query values
// (and any known secret) replaced.
func (r *Redactor) URL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		c.RawQuery = r.Query(c.Query()).Encode()
	}
	return r.String(c.String())
}

// Query returns a copy of q with secret-looking values and known secrets replaced.
func (r *Redactor) Query(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, vs := range q {
		nv := make([]string, len(vs))
		for i, v := range vs {
			if IsSecretName(k) {
				nv[i] = Redacted
			} else {
				nv[i] = r.String(v)
			}
		}
		out[k] = nv
	}
	return out
}

// Header returns a copy of h with credential headers and known secrets replaced.
func (r *Redactor) Header(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		nv := make([]string, len(vs))
		for i, v := range vs {
			if IsSecretName(k) && !strings.EqualFold(k, "X-Ratelimit-Reset") {
				nv[i] = Redacted
			} else {
				nv[i] = r.String(v)
			}
		}
		out[k] = nv
	}
	return out
}

// Excerpt returns at most n runes of body, with runs of white space folded, for
// use in error messages, scrubbed of known secrets.
func (r *Redactor) Excerpt(body []byte, n int) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if utf8.RuneCountInString(s) > n {
		rs := []rune(s)
		s = string(rs[:n]) + "…"
	}
	return r.String(s)
}
