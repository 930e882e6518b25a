package transport

import (
	"encoding/json"
	"fmt"
	"log/slog"
)

// Password is a secret a package sends in a JSON body (a root password, a
// user's password). It is sent as is on the wire, but prints as "[REDACTED]"
// with fmt (%v, %+v, %#v and every other verb), in text encodings and in
// slog, so it never reaches logs by accident. The packages alias it with
// their own doc.
type Password string

// String redacts.
func (Password) String() string { return Redacted }

// GoString redacts.
func (Password) GoString() string { return Redacted }

// Format redacts for every verb.
func (Password) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(Redacted)) }

// MarshalText redacts (for loggers and text encoders); JSON uses MarshalJSON.
func (Password) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// LogValue redacts for slog, whose JSON handler would otherwise call
// MarshalJSON and log the real value. A struct holding a Password still goes
// through MarshalJSON in slog's JSON handler: log its fields, not the struct.
func (Password) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalJSON sends the real value: the upstream needs it on the wire.
func (p Password) MarshalJSON() ([]byte, error) { return json.Marshal(string(p)) }

// UnmarshalJSON reads the value.
func (p *Password) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*p = Password(s)
	return nil
}

// Reveal returns the password itself, in clear text.
func (p Password) Reveal() string { return string(p) }
