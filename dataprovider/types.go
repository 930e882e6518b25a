package dataprovider

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kopecks is an amount of money in kopecks (1/100 rouble), as the API sends it.
type Kopecks int64

// String formats k as roubles: "369.00 ₽".
func (k Kopecks) String() string {
	q, r := int64(k)/100, int64(k)%100
	sign := ""
	if k < 0 {
		sign, q, r = "-", -q, -r
	}
	return fmt.Sprintf("%s%d.%02d ₽", sign, q, r)
}

// Roubles returns the whole roubles and the remaining kopecks of k.
func (k Kopecks) Roubles() (roubles, kopecks int64) { return int64(k) / 100, int64(k) % 100 }

// State is a contract state.
type State int

// Contract states from the document's reference.
const (
	StateNew        State = 1
	StateConnected  State = 2
	StateSuspended  State = 3
	StateTerminated State = 4
)

// String names the state; unknown values print as "State(n)".
func (s State) String() string {
	switch s {
	case StateNew:
		return "new"
	case StateConnected:
		return "connected"
	case StateSuspended:
		return "suspended"
	case StateTerminated:
		return "terminated"
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// Known reports whether s is one of the documented states.
func (s State) Known() bool { return s >= StateNew && s <= StateTerminated }

// Period is a month in the "MM-YY" form used by charges. Build one with
// NewPeriod (or MustPeriod for constants) or ParsePeriod; read it with Year
// and Month. The zero Period is not a month (Valid reports false).
type Period struct {
	year  int // full year, 2000-2099
	month time.Month
	// raw keeps a value that is not MM-YY, so that decoding never fails on
	// it; kept says raw came from decoding, even when it is "".
	raw  string
	kept bool
}

// NewPeriod returns the period of a month: year 2000-2099 (MM-YY has two
// digits for the year), month 1-12. Another value is an error matching
// ErrInvalidArgument.
func NewPeriod(year int, month time.Month) (Period, error) {
	if year < 2000 || year > 2099 || month < time.January || month > time.December {
		return Period{}, fmt.Errorf("dataprovider: period %d-%02d: want a month of 2000-2099: %w", year, int(month), ErrInvalidArgument)
	}
	return Period{year: year, month: month}, nil
}

// MustPeriod is NewPeriod for values known to be right (sample data,
// tests); it panics on a bad one.
func MustPeriod(year int, month time.Month) Period {
	p, err := NewPeriod(year, month)
	if err != nil {
		panic(err)
	}
	return p
}

// Year returns the full year (2022), or 0 when p is not Valid.
func (p Period) Year() int {
	if !p.Valid() {
		return 0
	}
	return p.year
}

// Month returns the month, or 0 when p is not Valid.
func (p Period) Month() time.Month {
	if !p.Valid() {
		return 0
	}
	return p.month
}

// Valid reports whether p holds a real month (not the zero Period, not an
// unparsable raw value kept from decoding).
func (p Period) Valid() bool {
	return p.raw == "" && p.month >= time.January && p.month <= time.December
}

// ParsePeriod parses "MM-YY".
func ParsePeriod(s string) (Period, error) {
	if len(s) != 5 || s[2] != '-' {
		return Period{}, fmt.Errorf("dataprovider: period %q: want MM-YY", s)
	}
	m, err1 := strconv.Atoi(s[:2])
	y, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || m < 1 || m > 12 || y < 0 || s[0] == '+' || s[3] == '+' || s[0] == '-' || s[3] == '-' {
		return Period{}, fmt.Errorf("dataprovider: period %q: want MM-YY", s)
	}
	return Period{year: 2000 + y, month: time.Month(m)}, nil
}

// String formats p as "MM-YY".
func (p Period) String() string {
	if p.kept {
		return p.raw
	}
	return fmt.Sprintf("%02d-%02d", int(p.month), p.year%100)
}

// Before reports whether p is an earlier month than q.
func (p Period) Before(q Period) bool {
	return p.year < q.year || (p.year == q.year && p.month < q.month)
}

// Compare returns -1, 0 or +1.
func (p Period) Compare(q Period) int {
	switch {
	case p.Before(q):
		return -1
	case q.Before(p):
		return 1
	}
	return 0
}

// MarshalJSON writes "MM-YY", or the raw text a decoded value came with (""
// for a null or ""). The zero Period built in code is an error: it is no
// month, and "00-00" would mislead.
func (p Period) MarshalJSON() ([]byte, error) {
	if !p.kept && !p.Valid() {
		return nil, fmt.Errorf("dataprovider: zero Period: %w", ErrInvalidArgument)
	}
	return json.Marshal(p.String())
}

// UnmarshalJSON reads "MM-YY"; another string is kept as is (see Valid).
func (p *Period) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParsePeriod(s)
	if err != nil {
		*p = Period{raw: s, kept: true}
		return nil
	}
	*p = v
	return nil
}

// Phone is a user's phone number.
type Phone struct {
	Number    string `json:"number"`
	Confirmed bool   `json:"confirmed"`
}

// User is a subscriber.
type User struct {
	ExtUserID string   `json:"ext_user_id"`
	Login     string   `json:"login"`
	Password  Password `json:"password"`
	IsBlocked bool     `json:"is_blocked"`
	FullName  string   `json:"full_name"`
	Phones    []Phone  `json:"phones"`
}

// Option categories and names seen in the document.
const (
	CategorySettings  = "Settings"
	CategoryDiscount  = "Скидка"
	CategorySurcharge = "Доплата"
	// OptionServicesSuspended blocks a contract's services whatever the
	// balance; send it only when blocking is needed.
	OptionServicesSuspended = "services_suspended_pending_payment"
)

// ContractItem is one of a contract's or tariff's "options": a setting, a
// discount or a surcharge (category_name). Value is kopecks for discounts
// (negative) and surcharges; a flag for settings.
type ContractItem struct {
	CategoryName string  `json:"category_name"`
	Name         string  `json:"name"`
	Hidden       bool    `json:"hidden"`
	Value        Kopecks `json:"value"`
}

// IsSetting reports whether o is a settings option.
func (o ContractItem) IsSetting() bool { return o.CategoryName == CategorySettings }

// IsDiscount reports whether o lowers the price.
func (o ContractItem) IsDiscount() bool { return !o.IsSetting() && o.Value < 0 }

// IsSurcharge reports whether o raises the price.
func (o ContractItem) IsSurcharge() bool { return !o.IsSetting() && o.Value > 0 }

// Visible options are shown to the subscriber.
func (o ContractItem) Visible() bool { return !o.Hidden }

// ContractTariff is a tariff attached to a contract.
type ContractTariff struct {
	ID      string         `json:"id"`
	Options []ContractItem `json:"options,omitempty"`
}

// Contract is a contract (personal account).
type Contract struct {
	ExtID    string  `json:"ext_id"`
	Account  string  `json:"account"`
	Contract string  `json:"contract"`
	State    State   `json:"state"`
	Balance  Kopecks `json:"balance"`
	// Deprecated: the document marks required_payment DEPRECATED.
	RequiredPayment *Kopecks         `json:"required_payment,omitempty"`
	Address         string           `json:"address"`
	BuildingCode    string           `json:"building_code"`
	Region          int              `json:"region"`
	BuildingNum     string           `json:"building_num"`
	Flat            string           `json:"flat"`
	Options         []ContractItem   `json:"options,omitempty"`
	Tariffs         []ContractTariff `json:"tariffs,omitempty"`
}

// ServicesSuspended reports whether the contract carries the
// services_suspended_pending_payment setting with a non-zero value.
func (c Contract) ServicesSuspended() bool {
	for _, o := range c.Options {
		if o.Name == OptionServicesSuspended && o.Value != 0 {
			return true
		}
	}
	return false
}

// Service is a service offered by the operator.
type Service struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ServiceRef refers to a service by id.
type ServiceRef struct {
	ID string `json:"id"`
}

// Tariff is a tariff plan: either Cost is set or WithoutCost is true.
type Tariff struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Services    []ServiceRef `json:"services"`
	Description string       `json:"description,omitempty"`
	Cost        *Kopecks     `json:"cost,omitempty"`
	WithoutCost bool         `json:"without_cost,omitempty"`
	Link        string       `json:"link,omitempty"`
}

// Charge is one charge of a user.
type Charge struct {
	Account     string  `json:"account"`
	Cost        Kopecks `json:"cost"`
	Period      Period  `json:"period"`
	Description string  `json:"description"`
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }
