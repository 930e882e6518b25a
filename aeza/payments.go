package aeza

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// PaymentsService reads currencies and payment methods and creates invoices.
type PaymentsService struct{ c *Client }

// Currency is an entry of payment/currencies. Aeza does not publish the shape
// of this answer (entries such as {"slug":"usd","name":"USD","multiplier":...,
// "round":2} have been reported): Multiplier and Round are decoded, the names
// are kept, and the whole entry is kept in Raw.
type Currency struct {
	// Code names the currency in upper case ("USD"): the entry's code, else
	// its currency, slug or name (or its key when the answer is an object).
	Code string
	// Slug is the entry's slug as sent ("usd"), if any.
	Slug string
	// Name is the entry's name as sent ("USD"), if any.
	Name string
	// Multiplier converts an amount in the base currency into this one. It is
	// zero when the entry had none; Convert then fails with ErrNoMultiplier.
	Multiplier Decimal
	// Round is the number of decimal places the currency is rounded up to.
	// An entry sent without one (or with null, "" or no integer) cannot
	// convert (ErrNoRound): rounding it to whole units would be a guess. One
	// out of 0..1000 is kept as sent, and Convert refuses it.
	Round int
	// Raw is the entry as Aeza sent it.
	Raw json.RawMessage

	noRound bool // decoded from an entry without a usable "round"
}

// ErrNoMultiplier is returned (with ErrInvalidArgument) by [Currency.Convert]
// for a currency with no positive multiplier: the zero Currency that a failed
// [Currencies.Find] returns, or an entry Aeza sent without one. Converting it
// would silently give 0.
var ErrNoMultiplier = fmt.Errorf("no multiplier to convert with: %w", ErrInvalidArgument)

// ErrNoRound is returned (with ErrInvalidArgument) by [Currency.Convert] for
// a payment/currencies entry sent without "round": the number of decimal
// places to round up to is unknown, and guessing it changes the amount.
var ErrNoRound = fmt.Errorf("no round (decimal places) to convert with: %w", ErrInvalidArgument)

// Convert converts value, in whole units of the base currency, into this
// currency with the seed's formula ceil(value × multiplier × 10^round) /
// 10^round (see [Convert]). Amounts as Aeza sends them are minor units (see
// the package documentation, Money and units): convert those with
// [Currency.ConvertMinor].
// A currency without a multiplier is an error matching ErrNoMultiplier and
// ErrInvalidArgument, never a silent 0; an entry sent without a round is
// ErrNoRound.
func (c Currency) Convert(value Decimal) (Decimal, error) {
	name := c.Code
	if name == "" {
		name = "(none: not found?)"
	}
	if c.Multiplier.Sign() <= 0 {
		return Decimal{}, fmt.Errorf("aeza: currency %s: %w", name, ErrNoMultiplier)
	}
	if c.noRound {
		return Decimal{}, fmt.Errorf("aeza: currency %s: %w", name, ErrNoRound)
	}
	return Convert(value, c.Multiplier, c.Round)
}

// ConvertMinor converts an amount as Aeza sends it, in minor units of the
// base currency (hundredths: cents, kopecks; see the package
// documentation, Money and units), into this currency, in whole units: it
// is Convert(value / 100). A product priced 36900 (kopecks) at a
// multiplier of 0.0112 and a round of 2 is 4.14.
func (c Currency) ConvertMinor(value Decimal) (Decimal, error) {
	return c.Convert(value.Mul(NewDecimal(1, 2)))
}

// Currencies are the currencies Aeza can show prices in.
type Currencies []Currency

// Find returns the currency whose code, slug or name is code, compared in any
// case with surrounding spaces ignored: Find("USD"), Find("usd") and
// Find(" Usd ") find the same entry. The second result reports whether one
// was found; when it is false the Currency is zero and cannot convert.
func (cs Currencies) Find(code string) (Currency, bool) {
	code = strings.TrimSpace(code)
	if code == "" {
		return Currency{}, false
	}
	for _, c := range cs {
		for _, s := range []string{c.Code, c.Slug, c.Name} {
			if s != "" && strings.EqualFold(strings.TrimSpace(s), code) {
				return c, true
			}
		}
	}
	return Currency{}, false
}

type currencyEntry struct {
	Slug       string          `json:"slug"`
	Code       string          `json:"code"`
	Currency   string          `json:"currency"`
	Name       string          `json:"name"`
	Multiplier Decimal         `json:"multiplier"`
	Round      json.RawMessage `json:"round"`
}

// entryRound reads a currency entry's "round": ok is false when it is
// missing, null, "" or no integer (the places are then unknown). A round out
// of 0..1000 is kept as sent: Convert refuses it, and the other entries still
// decode.
func entryRound(raw json.RawMessage) (int, bool) {
	var d Decimal
	if t := bytes.TrimSpace(raw); len(t) == 0 || bytes.Equal(t, []byte("null")) || len(bytes.Trim(t, `" `)) == 0 {
		return 0, false
	}
	if d.UnmarshalJSON(raw) != nil {
		return 0, false
	}
	n, ok := d.Int64()
	if !ok || n < math.MinInt32 || n > math.MaxInt32 {
		return 0, false
	}
	return int(n), true
}

// decodeCurrencies accepts {"items": [...]}, a bare array, or an object keyed by code.
func decodeCurrencies(data json.RawMessage) (Currencies, error) {
	data = bytes.TrimSpace(data)
	var entries []json.RawMessage
	keys := []string(nil)
	if len(data) > 0 && data[0] == '[' {
		if err := json.Unmarshal(data, &entries); err != nil {
			return nil, err
		}
	} else {
		var probe struct {
			Items json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(data, &probe); err != nil {
			return nil, err
		}
		if probe.Items != nil {
			if err := json.Unmarshal(probe.Items, &entries); err != nil {
				return nil, err
			}
		} else {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(data, &m); err != nil {
				return nil, err
			}
			for k := range m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				entries = append(entries, m[k])
			}
		}
	}
	out := make(Currencies, 0, len(entries))
	for i, raw := range entries {
		var e currencyEntry
		// The entry's shape is unpublished (specs/aeza-v2.md B5): a member
		// of an unexpected type reads as empty (a multiplier that is no
		// number then refuses to convert, ErrNoMultiplier).
		if err := unmarshalTolerant(raw, &e); err != nil {
			return nil, fmt.Errorf("currency %d: %w", i, err)
		}
		round, ok := entryRound(e.Round)
		c := Currency{Slug: e.Slug, Name: e.Name, Multiplier: e.Multiplier, Raw: raw, Round: round, noRound: !ok}
		for _, s := range []string{e.Code, e.Currency, e.Slug, e.Name} {
			if s = strings.TrimSpace(s); s != "" {
				c.Code = strings.ToUpper(s)
				break
			}
		}
		if keys != nil {
			c.Code = strings.ToUpper(strings.TrimSpace(keys[i]))
		}
		out = append(out, c)
	}
	return out, nil
}

// Currencies returns the currencies with their multipliers (GET
// payment/currencies). The answer's shape is not published; the multipliers
// are for showing prices in another currency, not for ledger amounts.
// payment/currencies may answer HTTP 500 on an aeza.net account (Aeza
// support's word, quoted by a public driver): an error matching ErrServer;
// treat that as "conversion unavailable".
func (s *PaymentsService) Currencies(ctx context.Context, opts ...CallOption) (Currencies, error) {
	var raw json.RawMessage
	resp, err := s.c.callResp(ctx, &transport.Request{Method: http.MethodGet, Path: "payment/currencies",
		Operation: "payments.currencies", Options: opts}, &raw)
	if err != nil {
		return nil, err
	}
	cs, err := decodeCurrencies(raw)
	if err != nil {
		return nil, resp.DecodeFailure(err)
	}
	return cs, nil
}

// PaymentMethod is a way to top up the balance.
type PaymentMethod struct {
	// ID is the method's id ("unitpay:card").
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Raw is the entry as Aeza sent it.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes an entry, keeping it raw.
func (m *PaymentMethod) UnmarshalJSON(b []byte) error {
	var e struct {
		ID   json.RawMessage `json:"id"`
		Slug string          `json:"slug"`
		Name string          `json:"name"`
	}
	if err := unmarshalTolerant(b, &e); err != nil {
		return err
	}
	*m = PaymentMethod{Name: e.Name, Raw: append(json.RawMessage(nil), b...)}
	if len(e.ID) > 0 && e.ID[0] == '"' {
		_ = json.Unmarshal(e.ID, &m.ID)
	} else if len(e.ID) > 0 && string(e.ID) != "null" {
		m.ID = string(e.ID)
	}
	if m.ID == "" {
		m.ID = e.Slug
	}
	return nil
}

// Methods returns the payment methods (GET payment/methods).
func (s *PaymentsService) Methods(ctx context.Context, opts ...CallOption) ([]PaymentMethod, error) {
	var raw json.RawMessage
	resp, err := s.c.callResp(ctx, &transport.Request{Method: http.MethodGet, Path: "payment/methods",
		Operation: "payments.methods", Options: opts}, &raw)
	if err != nil {
		return nil, err
	}
	raw = bytes.TrimSpace(raw)
	var out []PaymentMethod
	if len(raw) > 0 && raw[0] == '[' {
		err = json.Unmarshal(raw, &out)
	} else {
		var l List[PaymentMethod]
		err = json.Unmarshal(raw, &l)
		out = l.Items
	}
	if err != nil {
		return nil, resp.DecodeFailure(err)
	}
	return out, nil
}

// InvoiceRequest tops up the balance.
type InvoiceRequest struct {
	// Method is a payment method id ("unitpay:card").
	Method string `json:"method"`
	// Amount is sent as given. Its unit is not settled: a 2023 client sent
	// whole roubles (500, with a 100 ₽ minimum), and amounts elsewhere are
	// minor units; try a small amount first (see the package documentation,
	// Money and units).
	Amount Decimal `json:"amount"`
}

// CreateInvoice creates an invoice (POST payment/invoices); the returned
// transaction's Invoice.Link is the payment page. It is sent exactly once.
// An invoice moves no money until paid: on [ErrOutcomeUnknown] creating another is safe, and
// the lost one is simply never paid.
func (s *PaymentsService) CreateInvoice(ctx context.Context, r InvoiceRequest, opts ...CallOption) (*Transaction, error) {
	if r.Method == "" || r.Amount.Sign() <= 0 {
		return nil, fmt.Errorf("aeza: invoice needs a method and a positive amount: %w", ErrInvalidArgument)
	}
	var raw json.RawMessage
	resp, err := s.c.callResp(ctx, &transport.Request{Method: http.MethodPost, Path: "payment/invoices", Body: r,
		Retry: transport.RetryNever, Operation: "payments.createInvoice", Options: opts}, &raw)
	if err != nil {
		return nil, err
	}
	var wrapped struct {
		Transaction *Transaction `json:"transaction"`
	}
	if err := json.Unmarshal(raw, &wrapped); err == nil && wrapped.Transaction != nil {
		return wrapped.Transaction, nil
	}
	t, _, err := oneOf[Transaction](raw)
	if err != nil || t == nil {
		if err == nil {
			err = fmt.Errorf("no transaction in the answer")
		}
		return nil, resp.DecodeFailure(err)
	}
	return t, nil
}
