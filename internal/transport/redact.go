package transport

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
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
	secrets []string // every form of every secret, longest first
}

// minSecretLen is the shortest value scrubbed: shorter ones would scrub
// ordinary text.
const minSecretLen = 4

// NewRedactor returns a Redactor that also scrubs the given literal values,
// in every form an echo may carry them: as is, JSON-escaped (with and without
// HTML escaping), percent-encoded (query and path style) and base64 (standard
// and URL alphabets, padded or not). Values shorter than four bytes are
// ignored (they would scrub ordinary text).
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	r.add(secrets)
	return r
}

func (r *Redactor) add(secrets []string) {
	seen := make(map[string]bool, len(r.secrets))
	for _, s := range r.secrets {
		seen[s] = true
	}
	added := false
	for _, s := range secrets {
		if len(s) < minSecretLen {
			continue
		}
		for _, f := range secretForms(s) {
			if len(f) >= minSecretLen && !seen[f] {
				seen[f] = true
				r.secrets = append(r.secrets, f)
				added = true
			}
		}
	}
	if added {
		// Longest first, so that a form that contains another (the base64 of
		// "user:secret" contains no secret, but a JSON-escaped form may
		// contain the raw one) is replaced whole.
		sort.SliceStable(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
	}
}

// secretForms lists the spellings of s that an echo may carry.
func secretForms(s string) []string {
	ascii := strconv.QuoteToASCII(s) // the \u spelling of JSON writers that escape non-ASCII
	ascii = ascii[1 : len(ascii)-1]
	forms := []string{s, url.QueryEscape(s), url.PathEscape(s), jsonEscape(s, true), jsonEscape(s, false),
		ascii, strings.ReplaceAll(jsonEscape(s, true), "/", `\/`)}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		forms = append(forms, enc.EncodeToString([]byte(s)))
	}
	return forms
}

// jsonEscape returns s as it stands inside a JSON string.
func jsonEscape(s string, html bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	if enc.Encode(s) != nil {
		return s
	}
	out := strings.TrimSuffix(b.String(), "\n")
	return strings.TrimSuffix(strings.TrimPrefix(out, `"`), `"`)
}

// With returns a Redactor that also scrubs the given values; r itself is
// unchanged. It returns r when there is nothing to add.
func (r *Redactor) With(secrets ...string) *Redactor {
	has := false
	for _, s := range secrets {
		if len(s) >= minSecretLen {
			has = true
			break
		}
	}
	if !has {
		return r
	}
	out := &Redactor{}
	if r != nil {
		out.secrets = append(out.secrets, r.secrets...)
	}
	out.add(secrets)
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
