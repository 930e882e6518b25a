package servicemanager

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// Role is a user's role in a subscriber (account). Unknown roles decode
// without error and keep their value.
type Role string

// Roles documented for account/users/set_role.
const (
	// RoleOwner manages the subscriber.
	RoleOwner Role = "owner"
	// RoleAdministrator manages the subscriber's users.
	RoleAdministrator Role = "administrator"
	// RoleExtAdministrator administers adaptation tools (extensions).
	RoleExtAdministrator Role = "ext_administrator"
	// RoleOperator is an operator of the servant (service organization).
	RoleOperator Role = "operator"
	// RoleUser runs applications.
	RoleUser Role = "user"
)

// String returns the role's wire value.
func (r Role) String() string { return string(r) }

// Known reports whether r is one of the documented roles.
func (r Role) Known() bool {
	switch r {
	case RoleOwner, RoleAdministrator, RoleExtAdministrator, RoleOperator, RoleUser:
		return true
	}
	return false
}

// ValueKind says what JSON type a [Value] holds.
type ValueKind int

// Value kinds.
const (
	// KindNone is an absent or null value.
	KindNone ValueKind = iota
	// KindString is a JSON string (which may hold an ISO date-time).
	KindString
	// KindNumber is a JSON number.
	KindNumber
	// KindBool is a JSON boolean.
	KindBool
	// KindOther is an object or array (not documented, kept as is).
	KindOther
)

// String returns the kind's name.
func (k ValueKind) String() string {
	switch k {
	case KindNone:
		return "none"
	case KindString:
		return "string"
	case KindNumber:
		return "number"
	case KindBool:
		return "boolean"
	case KindOther:
		return "other"
	}
	return "ValueKind(" + strconv.Itoa(int(k)) + ")"
}

// Value is an attribute value (fields[].value, properties[].value): a number,
// a string, an ISO date-time string or a boolean. It keeps the raw JSON token,
// so it round-trips unchanged; the accessors read it as a Go type.
type Value struct {
	raw json.RawMessage
}

// StringValue returns a string value.
func StringValue(s string) Value { return mustValue(s) }

// BoolValue returns a boolean value.
func BoolValue(b bool) Value { return mustValue(b) }

// IntValue returns an integer value.
func IntValue(n int64) Value { return Value{raw: json.RawMessage(strconv.FormatInt(n, 10))} }

// NumberValue returns a number value from its decimal text ("1500.50"); it
// fails on text that is not a JSON number.
func NumberValue(text string) (Value, error) {
	var n json.Number
	if err := json.Unmarshal([]byte(text), &n); err != nil || text == "" || text[0] == '"' {
		return Value{}, fmt.Errorf("number value %q: %w", text, ErrInvalidArgument)
	}
	return Value{raw: json.RawMessage(text)}, nil
}

// TimeValue returns a date-time value in the Service Manager's ISO form
// ("2006-01-02T15:04:05", local time of the Service Manager, no zone).
func TimeValue(t time.Time) Value { return mustValue(t.Format(isoLocal)) }

// RawValue returns a value holding a raw JSON token as is.
func RawValue(raw json.RawMessage) (Value, error) {
	var v Value
	if err := v.UnmarshalJSON(raw); err != nil {
		return Value{}, err
	}
	return v, nil
}

func mustValue(v any) Value {
	b, _ := json.Marshal(v) // strings and bools always encode
	return Value{raw: b}
}

// Raw returns the raw JSON token (nil for an absent value).
func (v Value) Raw() json.RawMessage { return v.raw }

// IsZero reports whether the value is absent (it is then omitted on the wire).
func (v Value) IsZero() bool { return len(v.raw) == 0 }

// Kind returns the JSON type of the value.
func (v Value) Kind() ValueKind {
	if len(v.raw) == 0 {
		return KindNone
	}
	switch c := v.raw[0]; {
	case c == '"':
		return KindString
	case c == 't' || c == 'f':
		return KindBool
	case c == 'n':
		return KindNone
	case c == '-' || (c >= '0' && c <= '9'):
		return KindNumber
	}
	return KindOther
}

// Str returns the value of a string; ok is false for other kinds.
func (v Value) Str() (s string, ok bool) {
	if v.Kind() != KindString {
		return "", false
	}
	return s, json.Unmarshal(v.raw, &s) == nil
}

// Bool returns the value of a boolean; ok is false for other kinds.
func (v Value) Bool() (b bool, ok bool) {
	if v.Kind() != KindBool {
		return false, false
	}
	return b, json.Unmarshal(v.raw, &b) == nil
}

// Number returns the exact text of a number; ok is false for other kinds.
func (v Value) Number() (json.Number, bool) {
	if v.Kind() != KindNumber {
		return "", false
	}
	return json.Number(v.raw), true
}

// Int64 returns an integral number; ok is false for other kinds, fractions
// and numbers out of range.
func (v Value) Int64() (int64, bool) {
	n, ok := v.Number()
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

// Rat returns a number as an exact fraction; ok is false for other kinds.
func (v Value) Rat() (*big.Rat, bool) {
	n, ok := v.Number()
	if !ok || !saneDecimal(string(n)) {
		return nil, false
	}
	return new(big.Rat).SetString(string(n))
}

// saneDecimal refuses numbers whose exact value would be too costly to build
// (very long text, or an exponent beyond ±400).
func saneDecimal(s string) bool {
	if len(s) > 1000 {
		return false
	}
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return true
	}
	exp, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
	return err == nil && exp >= -400 && exp <= 400
}

const isoLocal = "2006-01-02T15:04:05"

// Time parses a string holding an ISO date-time ("2024-01-31T10:00:00", with or
// without a zone or fraction, or a bare date). A time without a zone is
// returned in loc (UTC when nil); ok is false when the value is not one.
func (v Value) Time(loc *time.Location) (time.Time, bool) {
	s, ok := v.Str()
	if !ok {
		return time.Time{}, false
	}
	return parseISO(s, loc)
}

func parseISO(s string, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.UTC
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", isoLocal, "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// String returns the value as text: a string's content, or the raw token
// of any other kind ("" when absent).
func (v Value) String() string {
	if s, ok := v.Str(); ok {
		return s
	}
	if v.Kind() == KindNone {
		return ""
	}
	return string(v.raw)
}

// MarshalJSON returns the raw token (null when absent).
func (v Value) MarshalJSON() ([]byte, error) {
	if len(v.raw) == 0 {
		return []byte("null"), nil
	}
	return v.raw, nil
}

// UnmarshalJSON keeps a copy of the raw token.
func (v *Value) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if !json.Valid(b) {
		return errors.New("servicemanager: attribute value is not valid JSON")
	}
	if bytes.Equal(b, []byte("null")) {
		v.raw = nil
		return nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return err
	}
	v.raw = buf.Bytes()
	return nil
}

// Attribute is an additional requisite or property (a fields[] or
// properties[] item): a key, a value and an optional type ("boolean", ...).
type Attribute struct {
	// Key is the requisite's or property's name ("ВнешнийПользователь").
	Key string `json:"key"`
	// Name is the requisite's presentation, in answers that carry one
	// (account/customers/attached_info, BTS); never needed in a request.
	Name string `json:"name,omitempty"`
	// Value is the value; an absent value is omitted.
	Value Value `json:"value,omitzero"`
	// Type is the optional type name the server sends ("boolean").
	Type string `json:"type,omitempty"`
}

// Find returns the attribute with the key, if present.
func Find(attrs []Attribute, key string) (Attribute, bool) {
	for _, a := range attrs {
		if a.Key == key {
			return a, true
		}
	}
	return Attribute{}, false
}

// Password is a secret in a request payload. It is sent as is on the wire
// (MarshalJSON), but String, GoString, Format and LogValue print [REDACTED].
type Password string

const redacted = transport.Redacted

// String returns "[REDACTED]" (or "" for an empty password).
func (p Password) String() string {
	if p == "" {
		return ""
	}
	return redacted
}

// GoString returns a redacted Go form.
func (p Password) GoString() string { return `servicemanager.Password("` + p.String() + `")` }

// Format prints the redacted form for every verb.
func (p Password) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(p.GoString()))
		return
	}
	_, _ = f.Write([]byte(p.String()))
}

// LogValue makes slog print the redacted form.
func (p Password) LogValue() slog.Value { return slog.StringValue(p.String()) }

// MarshalText returns the redacted form (for text encoders and loggers).
func (p Password) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// MarshalJSON sends the real password: the API needs it.
func (p Password) MarshalJSON() ([]byte, error) { return json.Marshal(string(p)) }

// Reveal returns the password's text.
func (p Password) Reveal() string { return string(p) }

// Amount is an exact decimal money amount in roubles as the server wrote it
// ("1500", "8040.50"). It is never converted through float64.
type Amount string

// UnmarshalJSON accepts a number or a numeric string.
func (a *Amount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*a = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		b = []byte(strings.TrimSpace(s))
		if len(b) == 0 {
			*a = ""
			return nil
		}
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("servicemanager: amount %q is not a number", b)
	}
	*a = Amount(n)
	return nil
}

// MarshalJSON writes the amount as a JSON number (null when empty). An
// amount that is not a JSON number ("12,50", an object, a string) fails with
// [ErrInvalidArgument], so it is never sent.
func (a Amount) MarshalJSON() ([]byte, error) {
	if a == "" {
		return []byte("null"), nil
	}
	if !isJSONNumber(string(a)) || !saneDecimal(string(a)) {
		return nil, fmt.Errorf("servicemanager: amount %q is not a JSON number: %w", string(a), ErrInvalidArgument)
	}
	return []byte(a), nil
}

// isJSONNumber reports whether s is exactly one JSON number, no blanks.
func isJSONNumber(s string) bool {
	return s != "" && (s[0] == '-' || s[0] >= '0' && s[0] <= '9') && json.Valid([]byte(s))
}

// String returns the decimal text.
func (a Amount) String() string { return string(a) }

// Kopecks returns the amount in kopecks, exactly; it fails on more than two
// decimals or an out-of-range amount.
func (a Amount) Kopecks() (int64, error) {
	if a == "" || !saneDecimal(string(a)) {
		return 0, fmt.Errorf("servicemanager: amount %q: %w", string(a), ErrInvalidArgument)
	}
	r, ok := new(big.Rat).SetString(string(a))
	if !ok {
		return 0, fmt.Errorf("servicemanager: amount %q: %w", string(a), ErrInvalidArgument)
	}
	r.Mul(r, big.NewRat(100, 1))
	if !r.IsInt() || !r.Num().IsInt64() {
		return 0, fmt.Errorf("servicemanager: amount %q: not a whole number of kopecks: %w", string(a), ErrInvalidArgument)
	}
	return r.Num().Int64(), nil
}

// PeriodKind is a tariff validity period's unit ("month", "year", ...).
// Unknown values keep their text.
type PeriodKind string

// Period kinds seen in the documents.
const (
	// PeriodDay is a day.
	PeriodDay PeriodKind = "day"
	// PeriodMonth is a month.
	PeriodMonth PeriodKind = "month"
	// PeriodYear is a year.
	PeriodYear PeriodKind = "year"
)

// String returns the wire value.
func (p PeriodKind) String() string { return string(p) }

// Image is a picture of a tariff description, base64-encoded as sent.
type Image struct {
	// Name is the name the description's HTML refers to ("image001").
	Name string `json:"name"`
	// Data is the base64 text as sent (it may contain line breaks).
	Data string `json:"data"`
}

// Decode returns the image bytes (line breaks in the base64 text are ignored).
func (i Image) Decode() ([]byte, error) {
	s := strings.Map(func(r rune) rune {
		switch r {
		case '\r', '\n', ' ', '\t':
			return -1
		}
		return r
	}, i.Data)
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
	}
	if err != nil {
		return nil, fmt.Errorf("servicemanager: image %q: %w", i.Name, err)
	}
	return b, nil
}

// DateTime is a date and time as the Service Manager writes it: ISO 8601
// text, usually without a zone ("2024-01-31T10:00:00"), in the server's time
// zone (General.SMTimezone). It keeps the text as sent, so it round-trips;
// [DateTime.Time] parses it.
type DateTime string

// DateTimeOf writes t as the Service Manager does (without a zone: convert t
// to the server's time zone first).
func DateTimeOf(t time.Time) DateTime { return DateTime(t.Format(isoLocal)) }

// Time parses the text (with or without a zone or fraction, or a bare date);
// a time without a zone is returned in loc (UTC when nil). ok is false for
// an empty or unreadable value.
func (d DateTime) Time(loc *time.Location) (t time.Time, ok bool) { return parseISO(string(d), loc) }

// String returns the text as sent.
func (d DateTime) String() string { return string(d) }
