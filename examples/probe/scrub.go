package main

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"

	"github.com/ruapi/ruapi-go/internal/fixture"
	"github.com/ruapi/ruapi-go/internal/transport"
)

// Personal data the recorder's own redaction (credentials, secret-named
// fields, known secret values) does not know about is scrubbed by value and
// by field name before a recording leaves the probe:
//
//   - e-mail addresses, anywhere in any string;
//   - phone numbers: any string of a phone-named field (phone, tel,
//     mobile, ...), and anywhere, a "+" followed by 10 to 15 digits or a
//     Russian number written 8/+7 (XXX) XXX-XX-XX with any separators;
//   - INNs: any value of an INN-named field (inn, company_inn, innNumber,
//     ...), and anywhere, 10 or 12 digits that follow "ИНН" or "INN";
//   - e-mail and phone members: every string value, whatever it holds.
//
// Strings become "[REDACTED]"; numbers in those fields become 0, so that the
// recording still decodes into the same types.
var (
	emailRE    = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	intlRE     = regexp.MustCompile(`\+[0-9](?:[\s\-().]*[0-9]){9,14}`)
	ruPhoneRE  = regexp.MustCompile(`(?:\+7|\b8)[\s\-]*\(?[0-9]{3}\)?[\s\-]*[0-9]{3}[\s\-]*[0-9]{2}[\s\-]*[0-9]{2}\b`)
	innTextRE  = regexp.MustCompile(`(?i)((?:ИНН|\bINN)[\s:№#=\-]*)([0-9]{12}|[0-9]{10})\b`)
	innNameRE  = regexp.MustCompile(`(?:^|[_\-.])[iI][nN][nN](?:$|[_\-.A-Z0-9])|[a-z]Inn(?:$|[_A-Z0-9])|^INN`)
	phoneNames = []string{"phone", "tel", "mobile", "msisdn", "email", "e_mail", "e-mail", "mail"}
)

// personalName reports whether a member holds personal data by its name.
func personalName(name string) bool {
	if innNameRE.MatchString(name) {
		return true
	}
	low := strings.ToLower(name)
	for _, p := range phoneNames {
		if low == p || strings.HasPrefix(low, p) || strings.HasSuffix(low, p) || strings.Contains(low, "_"+p) {
			return true
		}
	}
	return false
}

// scrubber scrubs personal data and every credential the probe was given
// (of all APIs: a key one API's answer echoes is scrubbed too).
type scrubber struct{ red *transport.Redactor }

func newScrubber(secrets ...string) scrubber { return scrubber{transport.NewRedactor(secrets...)} }

// text scrubs credentials and personal data from s.
func (sc scrubber) text(s string) string { return scrubText(sc.red.String(s)) }

// scrubText replaces e-mails, phone numbers and INN-labeled numbers in s.
func scrubText(s string) string {
	s = emailRE.ReplaceAllString(s, transport.Redacted)
	s = innTextRE.ReplaceAllString(s, "${1}"+transport.Redacted)
	s = intlRE.ReplaceAllString(s, transport.Redacted)
	return ruPhoneRE.ReplaceAllString(s, transport.Redacted)
}

// scrubValue scrubs a decoded JSON value in place and returns it.
func (sc scrubber) value(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if personalName(k) {
				x[k] = blank(val)
				continue
			}
			x[k] = sc.value(val)
		}
		return x
	case []any:
		for i := range x {
			x[i] = sc.value(x[i])
		}
		return x
	case string:
		return sc.text(x)
	}
	return v
}

// blank replaces a personal value, keeping its JSON type.
func blank(v any) any {
	switch x := v.(type) {
	case string:
		if x == "" {
			return x
		}
		return transport.Redacted
	case json.Number:
		return json.Number("0")
	case []any, map[string]any:
		return blankAll(x)
	}
	return v
}

func blankAll(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k := range x {
			x[k] = blank(x[k])
		}
	case []any:
		for i := range x {
			x[i] = blank(x[i])
		}
	}
	return v
}

// scrubJSON scrubs a JSON document; a body that is not JSON is scrubbed as text.
func (sc scrubber) json(b json.RawMessage) json.RawMessage {
	if len(b) == 0 {
		return b
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return json.RawMessage(sc.text(string(b)))
	}
	out, err := json.Marshal(sc.value(v))
	if err != nil {
		return b
	}
	return out
}

// scrubFixture scrubs personal data from a recorded exchange.
func (sc scrubber) fixture(f *fixture.Fixture) {
	f.Name = sc.text(f.Name)
	if p, err := url.PathUnescape(f.Request.Path); err == nil && sc.text(p) != p {
		f.Request.Path = sc.text(f.Request.Path)
		f.Name = f.Request.Method + " " + f.Request.Path
	}
	for k, vs := range f.Request.Query {
		for i, v := range vs {
			if personalName(k) && v != "" {
				vs[i] = transport.Redacted
			} else {
				vs[i] = sc.text(v)
			}
		}
	}
	for k, v := range f.Request.Headers {
		f.Request.Headers[k] = sc.text(v)
	}
	for k, v := range f.Response.Headers {
		f.Response.Headers[k] = sc.text(v)
	}
	f.Request.Body = sc.json(f.Request.Body)
	f.Response.Body = sc.json(f.Response.Body)
	f.Request.BodyText = sc.text(f.Request.BodyText)
	f.Response.BodyText = sc.text(f.Response.BodyText)
}
