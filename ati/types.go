package ati

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
)

// Residency is an organization's residency (ATI's enum).
type Residency int32

// Residency values.
const (
	ResidencyRussia        Residency = 1
	ResidencyUkraine       Residency = 2
	ResidencyBelarus       Residency = 3
	ResidencyKazakhstan    Residency = 10
	ResidencyInternational Residency = 200
)

// String names the residency; unknown values print as "Residency(n)".
func (r Residency) String() string {
	switch r {
	case ResidencyRussia:
		return "Russia"
	case ResidencyUkraine:
		return "Ukraine"
	case ResidencyBelarus:
		return "Belarus"
	case ResidencyKazakhstan:
		return "Kazakhstan"
	case ResidencyInternational:
		return "International"
	}
	return "Residency(" + strconv.FormatInt(int64(r), 10) + ")"
}

// ResidencyField is the ONE-OF "residency" member. ATI documents it as the
// enum (a number); the pages' example shows an object. A number, a numeric
// string or an object with one numeric member ({"prop0": 1}) set Value; any
// other form (including {}) leaves Value zero. Raw keeps the JSON as received
// so no form loses data.
type ResidencyField struct {
	// Value is the residency when the JSON carried one.
	Value Residency
	// Raw is the JSON as received (nil when built in Go).
	Raw json.RawMessage
}

// String returns Value's name, or the raw JSON when no value was recognized.
func (f ResidencyField) String() string {
	if f.Value == 0 && len(f.Raw) > 0 {
		return string(f.Raw)
	}
	return f.Value.String()
}

// UnmarshalJSON accepts every form tolerantly; it fails only on invalid JSON.
//
// A number and an empty object, the forms ATI sends, are read from the bytes
// themselves; only the rarer forms (a string, an object with members) go
// through a second decode.
func (f *ResidencyField) UnmarshalJSON(b []byte) error {
	if !json.Valid(b) {
		var v any
		return json.Unmarshal(b, &v) // the decoder's own syntax error
	}
	r, err := residencyOf(b)
	if err != nil {
		return err
	}
	f.Raw = append(json.RawMessage(nil), b...)
	f.Value = r
	return nil
}

// residencyOf reads the residency from valid JSON, as decoding it into any
// and taking a number, a numeric string or an object's only such member
// would, without that decode for the forms ATI sends.
func residencyOf(b []byte) (Residency, error) {
	t := bytes.TrimSpace(b)
	switch {
	case t[0] == '-' || (t[0] >= '0' && t[0] <= '9'):
		// encoding/json reads a number into any with strconv.ParseFloat.
		// Out of float64's range it is the decoder's error, below.
		if x, err := strconv.ParseFloat(string(t), 64); err == nil {
			n, _ := asInt32(x)
			return Residency(n), nil
		}
	case t[0] == '{' && len(bytes.TrimSpace(t[1:len(t)-1])) == 0, t[0] != '{' && t[0] != '"':
		return 0, nil // {}, null, true, false or an array: no value
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return 0, err
	}
	if n, ok := asInt32(v); ok {
		return Residency(n), nil
	}
	var r Residency
	if m, ok := v.(map[string]any); ok && len(m) == 1 {
		for _, x := range m {
			if n, ok := asInt32(x); ok {
				r = Residency(n)
			}
		}
	}
	return r, nil
}

// MarshalJSON sends Value as a number; a value-less field read from JSON is
// sent back as received (a value read from JSON and then set to 0 is 0).
func (f ResidencyField) MarshalJSON() ([]byte, error) {
	if f.Value == 0 && len(f.Raw) > 0 && json.Valid(f.Raw) {
		if r, err := residencyOf(f.Raw); err == nil && r == 0 {
			return f.Raw, nil
		}
	}
	return []byte(strconv.FormatInt(int64(f.Value), 10)), nil
}

// asInt32 reads a JSON number or numeric string that fits int32.
func asInt32(v any) (int32, bool) {
	var s string
	switch x := v.(type) {
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		s = x
	default:
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return 0, false
	}
	return int32(n), true
}

// DocsAddress is the ONE-OF "docs_address" member: the address for
// documents. The pages show the postal form decoded into the fields; any
// other form (a plain string, another object shape) is kept in Raw, which
// always holds the JSON as received.
type DocsAddress struct {
	// Postcode is the postal code.
	Postcode *string `json:"postcode,omitempty"`
	// CityID is a city from ATI's dictionary.
	CityID *int32 `json:"city_id,omitempty"`
	// StreetName is the street.
	StreetName *string `json:"street_name,omitempty"`
	// HouseNo is the house number.
	HouseNo *string `json:"house_no,omitempty"`
	// OfficeNo is the office number.
	OfficeNo *string `json:"office_no,omitempty"`
	// Raw is the JSON as received (nil when built in Go).
	Raw json.RawMessage `json:"-"`
}

type postalAddress struct {
	Postcode   *string `json:"postcode,omitempty"`
	CityID     *int32  `json:"city_id,omitempty"`
	StreetName *string `json:"street_name,omitempty"`
	HouseNo    *string `json:"house_no,omitempty"`
	OfficeNo   *string `json:"office_no,omitempty"`
}

// IsPostal reports whether the postal fields were set.
func (a DocsAddress) IsPostal() bool {
	return a.Postcode != nil || a.CityID != nil || a.StreetName != nil || a.HouseNo != nil || a.OfficeNo != nil
}

// UnmarshalJSON decodes the postal form and keeps every form in Raw; it
// fails only on invalid JSON. An object is validated by the decode of its
// postal fields itself, not by a scan of its own.
func (a *DocsAddress) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		var p postalAddress
		err := json.Unmarshal(b, &p)
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return err
		}
		*a = DocsAddress{Raw: append(json.RawMessage(nil), b...)}
		if err == nil {
			a.Postcode, a.CityID, a.StreetName, a.HouseNo, a.OfficeNo = p.Postcode, p.CityID, p.StreetName, p.HouseNo, p.OfficeNo
		}
		return nil
	}
	if !json.Valid(b) {
		var v any
		return json.Unmarshal(b, &v)
	}
	*a = DocsAddress{Raw: append(json.RawMessage(nil), b...)}
	return nil
}

// MarshalJSON sends the postal fields, or Raw unchanged when no postal
// field is set and Raw holds none either (a form this package does not
// model); postal fields read from JSON and then cleared are sent cleared.
func (a DocsAddress) MarshalJSON() ([]byte, error) {
	if !a.IsPostal() && len(a.Raw) > 0 && json.Valid(a.Raw) {
		var was DocsAddress
		if was.UnmarshalJSON(a.Raw) != nil || !was.IsPostal() {
			return a.Raw, nil
		}
	}
	return json.Marshal(postalAddress{a.Postcode, a.CityID, a.StreetName, a.HouseNo, a.OfficeNo})
}

// AddressType is the kind of an address.
type AddressType int32

// AddressType values.
const (
	AddressWarehouse AddressType = 1
	AddressOffice    AddressType = 2
	AddressShop      AddressType = 3
)

// String names the type; unknown values print as "AddressType(n)".
func (t AddressType) String() string {
	switch t {
	case AddressWarehouse:
		return "warehouse"
	case AddressOffice:
		return "office"
	case AddressShop:
		return "shop"
	}
	return "AddressType(" + strconv.FormatInt(int64(t), 10) + ")"
}

// Ptr returns a pointer to v, for the nullable fields of inputs:
// Ptr("ООО Пример"), Ptr[int32](2), Ptr(ResidencyField{Value: ResidencyRussia}).
func Ptr[T any](v T) *T { return &v }

// String is Ptr for a string (the name earlier READMEs showed).
func String(s string) *string { return Ptr(s) }
