package transport

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"
)

// Redacted replaces every secret the transport removes from logs and errors.
// It is the one spelling of a redacted value across ruapi-go: the packages'
// Password types print it too.
const Redacted = "[REDACTED]"

// IsSecretName reports whether a query parameter, header or JSON field with this
// name carries a secret whose value must never be logged or recorded: a name
// that contains (in any case) token, secret, passw, pswd, apikey, api-key,
// api_key, signature, auth, session, cookie, credential or private, ends in
// pass, or is pwd or sig.
func IsSecretName(name string) bool { return secretName(name) }

// secretFragments are the parts of a name that make it secret.
var secretFragments = []string{"token", "secret", "passw", "pswd", "apikey", "api-key", "api_key",
	"signature", "auth", "session", "cookie", "credential", "private"}

// secretName is IsSecretName for a string or the bytes of one. It allocates
// nothing for names of up to 64 bytes: it runs for every query key and JSON
// member of every request.
func secretName[T ~string | ~[]byte](name T) bool {
	var buf [64]byte
	if len(name) > len(buf) {
		return lowerSecretName(strings.ToLower(string(name)))
	}
	low := buf[:len(name)]
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	return lowerSecretName(low)
}

// lowerSecretName checks a lower-case name.
func lowerSecretName[T ~string | ~[]byte](low T) bool {
	for _, f := range secretFragments {
		for i := 0; i+len(f) <= len(low); i++ {
			if string(low[i:i+len(f)]) == f {
				return true
			}
		}
	}
	n := len(low)
	return (n >= 4 && string(low[n-4:]) == "pass") || string(low) == "pwd" || string(low) == "sig"
}

// Redactor removes known secret values (the client's credentials and the
// secrets a request declares) and secret-looking query values from text. The
// zero value redacts only by name.
type Redactor struct {
	literal []needle // spellings searched as they stand (raw, query form, base64), longest first
	plain   []needle // the secrets, searched in the text with its escapes decoded, longest first
}

// minSecretLen is the length under which a value is scrubbed only if it has
// a letter or digit, and never in its base64 forms, and under which a value
// merely found in an upstream's answer (a secret-named member) is not
// scrubbed at all: it would scrub ordinary text.
const minSecretLen = 4

// NewRedactor returns a Redactor that also scrubs the given literal values,
// in every spelling an echo may carry them: as is, JSON-escaped (either case
// of \u escapes, \/), percent-encoded (either case, query or path style),
// as HTML character references (&amp;, &quot;, &#34;, &#x22;, ...), in up
// to three layers of these (an HTML echo quoted in JSON), and in base64 (standard and URL alphabets, padded or
// not). A value is scrubbed where it stands as a whole token, not inside a
// longer word ("wrong" leaves "wrongly" alone), and a value of 4 to 15
// letters is left where it reads as a word of the server's prose ("wrong
// login or password"), though not where it stands as a value ("password:
// wrong", "\"wrong\""); a value of 16 bytes or more is scrubbed wherever it
// occurs. Each occurrence becomes [Redacted].
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	r.add(secrets, 0)
	return r
}

// add adds secrets of at least minLen bytes (and scrubbable).
func (r *Redactor) add(secrets []string, minLen int) {
	seen := make(map[string]bool, len(r.literal)+len(r.plain))
	for _, n := range r.literal {
		seen[n.s] = true
	}
	plainSeen := make(map[string]bool, len(r.plain))
	for _, n := range r.plain {
		plainSeen[n.s] = true
	}
	added := false
	for _, s := range secrets {
		if len(s) < minLen || !scrubbable(s) {
			continue
		}
		whole := len(s) < anywhereLen
		word := isProseWord(s)
		if !plainSeen[s] {
			plainSeen[s] = true
			n := newNeedle(s, whole)
			n.word = word
			r.plain = append(r.plain, n)
			added = true
		}
		for _, f := range literalForms(s) {
			if !seen[f] {
				seen[f] = true
				n := newNeedle(f, whole)
				n.word = word && f == s
				r.literal = append(r.literal, n)
				added = true
			}
		}
	}
	if added {
		// Longest first, so that where spellings overlap the longest is
		// found; overlapping finds are merged into one marker.
		longest := func(ns []needle) func(i, j int) bool {
			return func(i, j int) bool { return len(ns[i].s) > len(ns[j].s) }
		}
		sort.SliceStable(r.literal, longest(r.literal))
		sort.SliceStable(r.plain, longest(r.plain))
	}
}

// With returns a Redactor that also scrubs the given values; r itself is
// unchanged. It returns r when there is nothing to add.
func (r *Redactor) With(secrets ...string) *Redactor { return r.with(secrets, 0) }

// withFound is With for values found in an upstream's answer (the string
// values of its secret-named members) rather than known to be secrets: short
// ones are left alone, as they may be ordinary words ("ok", "no").
func (r *Redactor) withFound(values ...string) *Redactor { return r.with(values, minSecretLen) }

func (r *Redactor) with(secrets []string, minLen int) *Redactor {
	has := false
	for _, s := range secrets {
		if len(s) >= minLen && scrubbable(s) {
			has = true
			break
		}
	}
	if !has {
		return r
	}
	out := &Redactor{}
	if r != nil {
		out.literal = append(out.literal, r.literal...)
		out.plain = append(out.plain, r.plain...)
	}
	out.add(secrets, minLen)
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

// String scrubs known secrets from s: every occurrence, in any spelling
// (see [NewRedactor]), becomes [Redacted].
func (r *Redactor) String(s string) string {
	if r == nil || len(r.literal) == 0 {
		return s
	}
	return r.scrub(s)
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
// use in error messages. Known secrets are scrubbed before anything is folded
// or cut, so that no part of a secret survives at the cut.
func (r *Redactor) Excerpt(body []byte, n int) string {
	s := r.String(string(body))
	s = strings.Join(strings.Fields(s), " ")
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if utf8.RuneCountInString(s) > n {
		rs := []rune(s)
		s = string(rs[:n]) + "…"
	}
	return s
}
