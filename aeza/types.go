package aeza

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// Timestamp is a point in time that Aeza sends as a unix-seconds integer, and
// sometimes as a string (of digits, or RFC 3339). It re-encodes as it came.
type Timestamp struct {
	time.Time
	// raw is the value as received when it is not one of the plain forms
	// that form and sec re-encode byte for byte.
	raw  json.RawMessage
	sec  int64
	form tsForm
}

// tsForm is how a Timestamp came, when it needs no raw copy to re-encode.
type tsForm uint8

const (
	tsBuilt       tsForm = iota // built in code, or null
	tsNumber                    // 1700000000
	tsString                    // "1700000000"
	tsEmptyString               // ""
)

// UnmarshalJSON accepts 1700000000, "1700000000", an RFC 3339 string, null
// and "" (the zero time). The common forms (unix seconds as a number or a
// string of digits, and "") allocate nothing.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*t = Timestamp{}
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return nil
	}
	if n, ok := unixSeconds(b); ok {
		t.Time, t.sec, t.form = time.Unix(n, 0).UTC(), n, tsNumber
		return nil
	}
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		in := b[1 : len(b)-1]
		if len(in) == 0 {
			t.form = tsEmptyString
			return nil
		}
		if n, ok := unixSeconds(in); ok {
			t.Time, t.sec, t.form = time.Unix(n, 0).UTC(), n, tsString
			return nil
		}
	}
	return t.parseSlow(b)
}

// unixSeconds parses b when it is an integer written the way
// strconv.FormatInt writes it (so that it re-encodes byte for byte).
func unixSeconds(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	d := b
	if neg {
		d = b[1:]
	}
	if len(d) == 0 || len(d) > 19 || (d[0] == '0' && (len(d) > 1 || neg)) {
		return 0, false
	}
	var n uint64
	for _, c := range d {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if neg {
		if n > 1<<63 {
			return 0, false
		}
		return -int64(n), true //nolint:gosec // n <= 1<<63
	}
	if n > 1<<63-1 {
		return 0, false
	}
	return int64(n), true
}

// parseSlow reads the rarer forms (decimals, dates, strings with spaces) and
// keeps the value raw to re-encode it.
func (t *Timestamp) parseSlow(b []byte) error {
	s := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
	}
	raw := append(json.RawMessage(nil), b...)
	if s == "" {
		t.raw = raw
		return nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		t.Time, t.raw = time.Unix(n, 0).UTC(), raw
		return nil
	}
	if f, err := ParseDecimal(s); err == nil { // 1700000000.5 or 1.7e9
		if sec, ok := f.Ceil(0); ok == nil {
			if n, ok := sec.Int64(); ok {
				t.Time, t.raw = time.Unix(n, 0).UTC(), raw
				return nil
			}
		}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02"} {
		if tm, err := time.Parse(layout, s); err == nil {
			t.Time, t.raw = tm, raw
			return nil
		}
	}
	return fmt.Errorf("aeza: timestamp %s: neither unix seconds nor a date", truncate(string(b), 40))
}

// MarshalJSON re-encodes the value as received while Time still holds the
// instant it was decoded to; a Timestamp built in code, or whose Time the
// caller changed, is unix seconds (null for the zero time).
func (t Timestamp) MarshalJSON() ([]byte, error) {
	switch {
	case t.raw != nil:
		var was Timestamp
		if was.UnmarshalJSON(t.raw) == nil && was.Equal(t.Time) {
			return t.raw, nil
		}
	case t.form == tsNumber && t.Equal(time.Unix(t.sec, 0)):
		return strconv.AppendInt(nil, t.sec, 10), nil
	case t.form == tsString && t.Equal(time.Unix(t.sec, 0)):
		b := append(make([]byte, 0, 22), '"')
		return append(strconv.AppendInt(b, t.sec, 10), '"'), nil
	case t.form == tsEmptyString && t.IsZero():
		return []byte(`""`), nil
	}
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatInt(t.Unix(), 10)), nil
}

// Term is a payment term.
type Term string

// Payment terms.
const (
	TermHour        Term = "hour"
	TermMonth       Term = "month"
	TermQuarterYear Term = "quarter_year"
	TermHalfYear    Term = "half_year"
	TermYear        Term = "year"
)

// String returns the term as Aeza names it.
func (t Term) String() string { return string(t) }

// Price is a price for one term. Aeza sends either a plain number or an
// object {"value", "suffix", "defaultCurrency", "slug"}; both decode, and the
// price re-encodes in the form it came in.
//
// The object's members are known from public clients' code, not from a
// captured answer, and the clients disagree (defaultCurrency is a string in
// one, a bool in another), so a price decodes tolerantly: a bool
// defaultCurrency is read by [Price.InDefaultCurrency] (and re-encodes as a
// bool), a member of another unexpected JSON type reads as zero, and a
// price that is neither a number nor an object (true, [], "n/a") is a zero
// Price. The product or service that carries the price keeps it as
// received in its Raw.
type Price struct {
	// Value is the amount in minor units of the account's currency (cents
	// on aeza.net, kopecks on aeza.ru), exactly as sent; see the package
	// documentation, Money and units.
	Value Decimal `json:"value"`
	// Suffix and Slug are set when Aeza sent the object form.
	Suffix string `json:"suffix,omitempty"`
	// DefaultCurrency is the price's currency when Aeza names one as a
	// string ("RUB"); "" when it sent none or sent a bool.
	DefaultCurrency string `json:"defaultCurrency,omitempty"`
	Slug            string `json:"slug,omitempty"`
	// Object reports whether Aeza sent the object form.
	Object bool `json:"-"`

	// flag is set when defaultCurrency came as a bool, inDefault is its
	// value (two bools in what was padding: a Price is no larger for them).
	flag, inDefault bool
}

// InDefaultCurrency returns defaultCurrency when Aeza sent it as a bool (as
// one public client declares it): whether the price is in the account's
// default currency. ok is false when Aeza sent a string (see
// DefaultCurrency) or nothing.
func (p Price) InDefaultCurrency() (in, ok bool) { return p.inDefault, p.flag }

type priceObject struct {
	Value           Decimal `json:"value"`
	Suffix          string  `json:"suffix,omitempty"`
	DefaultCurrency string  `json:"defaultCurrency,omitempty"`
	Slug            string  `json:"slug,omitempty"`
}

// priceWire is the object form as received: defaultCurrency of any type.
type priceWire struct {
	Value           Decimal         `json:"value"`
	Suffix          string          `json:"suffix"`
	DefaultCurrency json.RawMessage `json:"defaultCurrency"`
	Slug            string          `json:"slug"`
}

// UnmarshalJSON decodes a number, a numeric string or a {value, ...} object;
// it fails only on input that is not JSON (see [Price]).
func (p *Price) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*p = Price{}
	if len(b) > 0 && b[0] == '{' {
		var o priceWire
		if err := json.Unmarshal(b, &o); err != nil {
			o = priceWire{}
			if err := decodeLoose(b, &o); err != nil {
				return err
			}
		}
		p.Value, p.Suffix, p.Slug, p.Object = o.Value, o.Suffix, o.Slug, true
		switch dc := bytes.TrimSpace(o.DefaultCurrency); {
		case len(dc) > 0 && dc[0] == '"':
			_ = json.Unmarshal(dc, &p.DefaultCurrency) // valid JSON: a string always decodes
		case bytes.Equal(dc, []byte("true")) || bytes.Equal(dc, []byte("false")):
			p.flag, p.inDefault = true, dc[0] == 't'
		}
		return nil
	}
	if err := p.Value.UnmarshalJSON(b); err != nil {
		if !json.Valid(b) {
			return err
		}
		*p = Price{}
	}
	return nil
}

// MarshalJSON encodes the price in the form it was received: a number, or
// the object (with a bool defaultCurrency when it came as one).
func (p Price) MarshalJSON() ([]byte, error) {
	if !p.Object {
		return p.Value.MarshalJSON()
	}
	if in, ok := p.InDefaultCurrency(); ok && p.DefaultCurrency == "" {
		return json.Marshal(struct {
			Value           Decimal `json:"value"`
			Suffix          string  `json:"suffix,omitempty"`
			DefaultCurrency bool    `json:"defaultCurrency"`
			Slug            string  `json:"slug,omitempty"`
		}{p.Value, p.Suffix, in, p.Slug})
	}
	return json.Marshal(priceObject{Value: p.Value, Suffix: p.Suffix, DefaultCurrency: p.DefaultCurrency, Slug: p.Slug})
}

// String formats the price's value.
func (p Price) String() string { return p.Value.String() }

// Prices maps a payment term to its price.
type Prices map[Term]Price

// UnmarshalJSON decodes a {term: price} object. An empty array or null
// (which Aeza sends for "no prices") decodes as an empty map, and so does
// any other value that is not an object; only input that is not JSON fails.
func (p *Prices) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		if !json.Valid(b) {
			return fmt.Errorf("aeza: prices: invalid JSON %s", truncate(string(b), 40))
		}
		*p = Prices{}
		return nil
	}
	m := map[Term]Price{}
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*p = m
	return nil
}

const redacted = transport.Redacted

// SecretJSON is raw JSON that may hold credentials (a service's
// secureParameters). It prints as "[REDACTED]" and re-encodes as received;
// read it with [SecretJSON.Decode].
type SecretJSON []byte

// String redacts.
func (SecretJSON) String() string { return redacted }

// GoString redacts.
func (SecretJSON) GoString() string { return redacted }

// Format redacts for every verb.
func (SecretJSON) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// MarshalText redacts (for loggers and text encoders).
func (SecretJSON) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// LogValue redacts for slog, whose JSON handler would otherwise call
// MarshalJSON and log the JSON itself.
func (SecretJSON) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON returns the JSON as received (null when empty).
func (s SecretJSON) MarshalJSON() ([]byte, error) {
	if len(s) == 0 {
		return []byte("null"), nil
	}
	return s, nil
}

// UnmarshalJSON keeps a copy of the raw JSON.
func (s *SecretJSON) UnmarshalJSON(b []byte) error {
	*s = append((*s)[:0], b...)
	return nil
}

// Decode unmarshals the secret JSON into v.
func (s SecretJSON) Decode(v any) error { return json.Unmarshal(s, v) }

// flexInt is an integer Aeza sends as a number or a numeric string.
type flexInt int64

// UnmarshalJSON accepts 12, "12", null and "".
func (n *flexInt) UnmarshalJSON(b []byte) error {
	var d Decimal
	if err := d.UnmarshalJSON(b); err != nil {
		return err
	}
	v, ok := d.Int64()
	if !ok {
		return fmt.Errorf("aeza: %s is not an integer", truncate(string(b), 40))
	}
	*n = flexInt(v)
	return nil
}
