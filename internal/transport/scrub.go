package transport

import (
	"bytes"
	"encoding/base64"
	"html"
	"math"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// How secrets are found in text.
//
// An echo may spell a secret in many ways: as is, JSON-escaped (\u043f or
// \u043F, \/, \u0027), percent-encoded (%D0%BF or %d0%bf), as HTML character
// references (&amp;, &quot;, &#34;, &#x22;), in a mix of these, or in two
// layers of them (an HTML page quoted in JSON: \u0026quot;). Rather than
// list every spelling of every secret, the redactor decodes the text's
// escapes (up to two layers) and looks for the secret itself in what they
// say, then scrubs the stretch of the original text that spelled it. Only
// the spellings no decoding reaches are listed: the query form with "+" for
// a space, and base64.
//
// A secret is scrubbed where it stands as a whole token: not preceded or
// followed by a letter, digit or underscore (in the decoded text), so that
// a password "wrong" does not eat the server's "wrong login or password"
// (it still turns "wrong" alone into the marker: the marker shows where).
// A long secret (anywhereLen bytes or more) is scrubbed wherever it
// occurs: no word of a server's text is that long by chance, and an echo
// that glues it to other text must not leak it.

// anywhereLen is the length from which a secret is scrubbed even inside a
// longer word.
const anywhereLen = 16

// needle is one spelling the redactor looks for.
type needle struct {
	s     string
	b     []byte
	whole bool // scrubbed only where it stands as a whole token
	word  bool // a word of letters, left alone where it reads as a word of prose
}

func newNeedle(s string, whole bool) needle { return needle{s: s, b: []byte(s), whole: whole} }

// isProseWord reports whether a secret could be a word of a server's
// message: 4 to 15 bytes of letters only ("wrong", "admin").
func isProseWord(s string) bool {
	if len(s) < minSecretLen || len(s) >= anywhereLen {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// inProse reports whether text[i:j] reads as a word of running text: a word
// among others, with white space on at least one side, and otherwise the
// edge of the text, of a quoted string or of an HTML element, or a
// sentence's punctuation after it; and not a value after a ':' or '='.
// "wrong login or password", "\"wrong login\"" and "<p>it is wrong.</p>"
// keep their "wrong"; "password: wrong", "password=wrong", "\"wrong\"",
// "<td>wrong</td>" and "wrong" alone do not.
func inProse(text []byte, i, j int) bool {
	spaced := false
	if i > 0 {
		r, _ := utf8.DecodeLastRune(text[:i])
		switch {
		case unicode.IsSpace(r):
			spaced = true
			k := i
			for k > 0 {
				r, n := utf8.DecodeLastRune(text[:k])
				if !unicode.IsSpace(r) {
					break
				}
				k -= n
			}
			if k > 0 && (text[k-1] == ':' || text[k-1] == '=') {
				return false
			}
		case r == '"' || r == '\'' || r == '>':
		default:
			return false
		}
	}
	if j < len(text) {
		r, _ := utf8.DecodeRune(text[j:])
		switch {
		case unicode.IsSpace(r):
			spaced = true
		case r == '"' || r == '\'' || r == '<' || strings.ContainsRune(".,!?;", r):
		default:
			return false
		}
	}
	return spaced
}

// proseWindow is how much text around a find inProse looks at.
const proseWindow = 64

// scrubbable reports whether a value is worth scrubbing: not empty, and, if
// shorter than minSecretLen, holding a letter or digit (a lone "-" would
// scrub every dash).
func scrubbable(s string) bool {
	if s == "" || strings.TrimSpace(s) == "" {
		return false
	}
	if len(s) >= minSecretLen {
		return true
	}
	for _, r := range s {
		if isWordRune(r) {
			return true
		}
	}
	return false
}

// literalForms lists the spellings of s that decoding does not reach.
func literalForms(s string) []string {
	forms := []string{s}
	if strings.Contains(s, " ") {
		q := url.QueryEscape(s)
		forms = append(forms, q, lowerHexEscapes(q))
	}
	if len(s) >= minSecretLen {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
			forms = append(forms, enc.EncodeToString([]byte(s)))
		}
	}
	return forms
}

// lowerHexEscapes returns a percent-encoded string with lower-case hex digits.
func lowerHexEscapes(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1] = lowerHex(b[i+1])
			b[i+2] = lowerHex(b[i+2])
			i += 2
		}
	}
	return string(b)
}

func lowerHex(c byte) byte {
	if c >= 'A' && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

func isWordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// standsAlone reports whether text[i:j] is a whole token of text.
func standsAlone(text []byte, i, j int) bool {
	if i > 0 {
		if r, _ := utf8.DecodeLastRune(text[:i]); isWordRune(r) {
			if r0, _ := utf8.DecodeRune(text[i:j]); isWordRune(r0) {
				return false
			}
		}
	}
	if j < len(text) {
		if r, _ := utf8.DecodeRune(text[j:]); isWordRune(r) {
			if r0, _ := utf8.DecodeLastRune(text[i:j]); isWordRune(r0) {
				return false
			}
		}
	}
	return true
}

// standsAloneString is standsAlone for a string.
func standsAloneString(text string, i, j int) bool {
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:i]); isWordRune(r) {
			if r0, _ := utf8.DecodeRuneInString(text[i:j]); isWordRune(r0) {
				return false
			}
		}
	}
	if j < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[j:]); isWordRune(r) {
			if r0, _ := utf8.DecodeLastRuneInString(text[i:j]); isWordRune(r0) {
				return false
			}
		}
	}
	return true
}

// inProseString is inProse for a string.
func inProseString(text string, i, j int) bool {
	lo, hi := max(0, i-proseWindow), min(len(text), j+utf8.UTFMax)
	return inProse([]byte(text[lo:hi]), i-lo, j-lo)
}

// span is a stretch [start, end) of the original text to scrub.
type span struct{ start, end int }

// findLiteral appends the spans where n occurs in text as it is.
func findLiteral(spans []span, text string, n needle) []span {
	for from := 0; from <= len(text)-len(n.s); {
		k := strings.Index(text[from:], n.s)
		if k < 0 {
			break
		}
		i, j := from+k, from+k+len(n.s)
		if !n.whole || standsAloneString(text, i, j) && (!n.word || !inProseString(text, i, j)) {
			spans = append(spans, span{i, j})
			from = j
		} else {
			from = i + 1
		}
	}
	return spans
}

// findDecoded appends the spans of the original text that spell a needle in
// plain, a decoded form of it; start and end bound, in the original, the
// spelling of each byte of plain.
func findDecoded(spans []span, plain []byte, start, end []int32, needles []needle) []span {
	for _, nd := range needles {
		for at := 0; at <= len(plain)-len(nd.b); {
			k := bytes.Index(plain[at:], nd.b)
			if k < 0 {
				break
			}
			i, j := at+k, at+k+len(nd.b)
			if nd.whole && (!standsAlone(plain, i, j) || nd.word && inProse(plain, i, j)) {
				at = i + 1
				continue
			}
			spans = append(spans, span{int(start[i]), int(end[j-1])})
			at = j
		}
	}
	return spans
}

// mayHoldEscape reports whether s has a character that starts an escape.
func mayHoldEscape[T ~string | ~[]byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\\' || c == '%' || c == '&' {
			return true
		}
	}
	return false
}

// decodeEscapes decodes one layer of escapes in s: backslash escapes (JSON's
// and \xHH, \UHHHHHHHH), percent escapes (any case) and HTML character
// references. from[k] is the offset in s where the spelling of out[k] starts.
// changed is false when nothing was decoded.
func decodeEscapes[T ~string | ~[]byte](s T, withFrom bool) (out []byte, from []int32, changed bool) {
	out = make([]byte, 0, len(s))
	if withFrom {
		from = make([]int32, 0, len(s))
	}
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(s); {
		dec, n := decodeUnit(s, i, buf[:0])
		if n == 0 {
			out = append(out, s[i])
			if withFrom {
				from = append(from, int32(i)) //nolint:gosec // len(s) < MaxInt32, checked by the caller
			}
			i++
			continue
		}
		changed = true
		if withFrom {
			for range dec {
				from = append(from, int32(i)) //nolint:gosec // as above
			}
		}
		out = append(out, dec...)
		i += n
	}
	return out, from, changed
}

// decodeUnit decodes the escape at s[i], appending its bytes to dst; n is
// the escape's length, 0 when s[i] starts none.
func decodeUnit[T ~string | ~[]byte](s T, i int, dst []byte) (dec []byte, n int) {
	switch s[i] {
	case '\\':
		if i+1 >= len(s) {
			return nil, 0
		}
		switch c := s[i+1]; c {
		case '"', '\\', '/', '\'':
			return append(dst, c), 2
		case 'b':
			return append(dst, '\b'), 2
		case 'f':
			return append(dst, '\f'), 2
		case 'n':
			return append(dst, '\n'), 2
		case 'r':
			return append(dst, '\r'), 2
		case 't':
			return append(dst, '\t'), 2
		case 'x':
			if v, ok := hexValue(s, i+2, 2); ok {
				return append(dst, byte(v)), 4 //nolint:gosec // G115: two hex digits, v < 256
			}
		case 'u':
			v, ok := hexValue(s, i+2, 4)
			if !ok {
				return nil, 0
			}
			r, n := rune(v), 6 //nolint:gosec // G115: four hex digits, v <= 0xFFFF
			if utf16IsHigh(r) && i+11 < len(s) && s[i+6] == '\\' && s[i+7] == 'u' {
				if lo, ok := hexValue(s, i+8, 4); ok && utf16IsLow(rune(lo)) { //nolint:gosec // G115: four hex digits
					r, n = (r-0xD800)<<10|(rune(lo)-0xDC00)+0x10000, 12 //nolint:gosec // G115: four hex digits
				}
			}
			return utf8.AppendRune(dst, r), n
		case 'U':
			if v, ok := hexValue(s, i+2, 8); ok && v <= unicode.MaxRune {
				return utf8.AppendRune(dst, rune(v)), 10
			}
		}
	case '%':
		if v, ok := hexValue(s, i+1, 2); ok {
			return append(dst, byte(v)), 3 //nolint:gosec // G115: two hex digits, v < 256
		}
	case '&':
		return decodeEntity(s, i, dst)
	}
	return nil, 0
}

func utf16IsHigh(r rune) bool { return r >= 0xD800 && r < 0xDC00 }
func utf16IsLow(r rune) bool  { return r >= 0xDC00 && r < 0xE000 }

// hexValue reads n hex digits (any case) at s[i:].
func hexValue[T ~string | ~[]byte](s T, i, n int) (uint32, bool) {
	if i+n > len(s) {
		return 0, false
	}
	var v uint32
	for k := i; k < i+n; k++ {
		c := s[k]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		v = v<<4 | uint32(c)
	}
	return v, true
}

// maxEntity bounds the length of an HTML character reference.
const maxEntity = 32

// decodeEntity decodes an HTML character reference at s[i] ("&amp;",
// "&#34;", "&#x22;", any named one), which must end in ';'.
func decodeEntity[T ~string | ~[]byte](s T, i int, dst []byte) ([]byte, int) {
	end := -1
	for k := i + 1; k < len(s) && k <= i+maxEntity; k++ {
		c := s[k]
		if c == ';' {
			end = k
			break
		}
		if c != '#' && (c < '0' || c > '9') && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return nil, 0
		}
	}
	if end < i+2 {
		return nil, 0
	}
	ref := string(s[i+1 : end])
	n := end - i + 1
	if ref[0] == '#' {
		var v uint64
		base, digits := 10, ref[1:]
		if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
			base, digits = 16, digits[1:]
		}
		if digits == "" || len(digits) > 8 {
			return nil, 0
		}
		for _, c := range []byte(digits) {
			d, ok := hexValue([]byte{c}, 0, 1)
			if !ok || int(d) >= base {
				return nil, 0
			}
			v = v*uint64(base) + uint64(d)
		}
		if v > unicode.MaxRune {
			return nil, 0
		}
		return utf8.AppendRune(dst, rune(v)), n
	}
	switch ref {
	case "amp":
		return append(dst, '&'), n
	case "lt":
		return append(dst, '<'), n
	case "gt":
		return append(dst, '>'), n
	case "quot":
		return append(dst, '"'), n
	case "apos":
		return append(dst, '\''), n
	}
	full := "&" + ref + ";"
	if u := html.UnescapeString(full); u != full {
		return append(dst, u...), n
	}
	return nil, 0
}

// maxLayers is how many layers of escapes are decoded: an HTML page's
// reference, quoted in JSON, quoted in JSON again ("\\u0026quot;").
const maxLayers = 3

// findInLayers appends the spans of s that spell a secret once its escapes
// are decoded, one layer after another.
func (r *Redactor) findInLayers(spans []span, s string) []span {
	if !r.inSomeLayer(s) {
		return spans
	}
	// start[k] and end[k] bound, in s, the spelling of byte k of the
	// current layer.
	var start, end []int32
	var text []byte
	for layer := 0; layer < maxLayers; layer++ {
		var out []byte
		var from []int32
		var changed bool
		if layer == 0 {
			out, from, changed = decodeEscapes(s, true)
		} else {
			out, from, changed = decodeEscapes(text, true)
		}
		if !changed {
			break
		}
		inLen := len(s)
		if layer > 0 {
			inLen = len(text)
		}
		// The unit that made out[k] spans [from[k], next) of the input.
		nStart, nEnd := make([]int32, len(out)), make([]int32, len(out))
		next := int32(inLen) //nolint:gosec // len(s) < MaxInt32, checked by the caller
		for k := len(out) - 1; k >= 0; k-- {
			if k+1 < len(out) && from[k+1] != from[k] {
				next = from[k+1]
			}
			if layer == 0 {
				nStart[k], nEnd[k] = from[k], next
			} else {
				nStart[k], nEnd[k] = start[from[k]], end[next-1]
			}
		}
		start, end, text = nStart, nEnd, out
		spans = findDecoded(spans, text, start, end, r.plain)
		if !mayHoldEscape(text) {
			break
		}
	}
	return spans
}

// inSomeLayer reports whether a secret's bytes occur in some decoded layer
// of s, whole token or not: the cheap look that spares most texts the
// offset bookkeeping of findInLayers.
func (r *Redactor) inSomeLayer(s string) bool {
	var text []byte
	for layer := 0; layer < maxLayers; layer++ {
		var out []byte
		var changed bool
		if layer == 0 {
			out, _, changed = decodeEscapes(s, false)
		} else {
			out, _, changed = decodeEscapes(text, false)
		}
		if !changed {
			return false
		}
		for _, n := range r.plain {
			if bytes.Contains(out, n.b) {
				return true
			}
		}
		if !mayHoldEscape(out) {
			return false
		}
		text = out
	}
	return false
}

// scrub replaces every spelling of r's secrets in s with Redacted.
func (r *Redactor) scrub(s string) string {
	var spans []span
	for _, n := range r.literal {
		if strings.Contains(s, n.s) {
			spans = findLiteral(spans, s, n)
		}
	}
	if len(r.plain) > 0 && len(s) < math.MaxInt32 && mayHoldEscape(s) {
		spans = r.findInLayers(spans, s)
	}
	if len(spans) == 0 {
		return s
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var b strings.Builder
	b.Grow(len(s))
	at := 0
	for k := 0; k < len(spans); {
		start, end := spans[k].start, spans[k].end
		for k++; k < len(spans) && spans[k].start <= end; k++ {
			end = max(end, spans[k].end)
		}
		if start < at {
			start = at
		}
		b.WriteString(s[at:start])
		b.WriteString(Redacted)
		at = end
	}
	b.WriteString(s[at:])
	return b.String()
}

// credentialParts lists a credential header's value and the parts of it an
// echo may carry alone: the token after an auth scheme ("Bearer x",
// "Token x": x), the user:password a Basic value encodes and its password,
// and the values of cookie pairs ("session=x; theme=y": x, y).
func credentialParts(v string) []string {
	out := []string{v}
	v = strings.TrimSpace(v)
	if scheme, rest, ok := strings.Cut(v, " "); ok && validHeaderName(scheme) {
		rest = strings.TrimSpace(rest)
		out = append(out, rest)
		if strings.EqualFold(scheme, "Basic") {
			if raw, err := base64.StdEncoding.DecodeString(rest); err == nil {
				if _, pass, ok := strings.Cut(string(raw), ":"); ok {
					out = append(out, string(raw), pass)
				}
			}
		}
	}
	if strings.Contains(v, "=") {
		for _, pair := range strings.Split(v, ";") {
			if _, val, ok := strings.Cut(strings.TrimSpace(pair), "="); ok {
				if val = strings.Trim(strings.TrimSpace(val), `"`); val != "" {
					out = append(out, val)
				}
			}
		}
	}
	return out
}
