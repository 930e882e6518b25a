package aeza

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Decimal is an exact base-10 number: a money amount, a currency multiplier, a
// price. It keeps the value exactly as Aeza sent it ("0.0112" is 112 × 10⁻⁴,
// not the nearest binary float), and its arithmetic ([Decimal.Mul],
// [Decimal.Ceil], [Convert]) is exact, on math/big integers.
//
// The zero value is 0. Decimals are immutable values, safe to copy and share.
// They decode from JSON numbers and from strings holding a number (Aeza is not
// consistent) and encode as JSON numbers with the same digits.
type Decimal struct {
	coef  *big.Int // nil means 0
	scale int32    // value = coef × 10^-scale, scale >= 0
}

// maxScale bounds exponents so that hostile input ("1e999999999") cannot make
// the arithmetic allocate without limit.
const maxScale = 1000

var errDecimalSyntax = errors.New("not a decimal number")

// ParseDecimal parses a decimal number in JSON number syntax ("12", "-0.5",
// "1.25e3"); an exponent may be at most ±1000.
func ParseDecimal(s string) (Decimal, error) {
	d, err := parseDecimal(s)
	if err != nil {
		return Decimal{}, fmt.Errorf("aeza: decimal %q: %w", truncate(s, 40), err)
	}
	return d, nil
}

// MustDecimal is ParseDecimal for constants in code and tests; it panics on a
// malformed literal, so never give it input.
func MustDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// NewDecimal returns coef × 10^-scale (NewDecimal(1999, 2) is 19.99).
func NewDecimal(coef int64, scale int32) Decimal {
	d := Decimal{coef: big.NewInt(coef)}
	if scale < 0 {
		d.coef.Mul(d.coef, pow10(int(-scale)))
		scale = 0
	}
	d.scale = scale
	return d
}

func parseDecimal(s string) (Decimal, error) {
	if len(s) == 0 || len(s) > 4096 {
		return Decimal{}, errDecimalSyntax
	}
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
		if err != nil || s[i+1:] == "" || e > maxScale || e < -maxScale {
			return Decimal{}, errDecimalSyntax
		}
		exp = e
	}
	neg := false
	if strings.HasPrefix(mant, "-") {
		neg, mant = true, mant[1:]
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
		if frac == "" {
			return Decimal{}, errDecimalSyntax
		}
	}
	if intPart == "" || !digits(intPart) || !digits(frac) || (len(intPart) > 1 && intPart[0] == '0') {
		return Decimal{}, errDecimalSyntax
	}
	coef, ok := new(big.Int).SetString(intPart+frac, 10)
	if !ok {
		return Decimal{}, errDecimalSyntax
	}
	if neg {
		coef.Neg(coef)
	}
	scale := len(frac) - exp
	if scale > maxScale {
		return Decimal{}, errDecimalSyntax
	}
	if scale < 0 {
		coef.Mul(coef, pow10(-scale))
		scale = 0
	}
	return Decimal{coef: coef, scale: int32(scale)}, nil //nolint:gosec // bounded by maxScale
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

func (d Decimal) c() *big.Int {
	if d.coef == nil {
		return new(big.Int)
	}
	return d.coef
}

// Sign returns -1, 0 or +1.
func (d Decimal) Sign() int { return d.c().Sign() }

// IsZero reports whether d is 0.
func (d Decimal) IsZero() bool { return d.Sign() == 0 }

// Scale returns the number of digits after the decimal point d carries.
func (d Decimal) Scale() int { return int(d.scale) }

// Mul returns d × x, exactly.
func (d Decimal) Mul(x Decimal) Decimal {
	return Decimal{coef: new(big.Int).Mul(d.c(), x.c()), scale: d.scale + x.scale}
}

// Cmp compares d and x: -1 if d < x, 0 if equal, +1 if d > x.
func (d Decimal) Cmp(x Decimal) int {
	a, b := d.c(), x.c()
	switch {
	case d.scale < x.scale:
		a = new(big.Int).Mul(a, pow10(int(x.scale-d.scale)))
	case d.scale > x.scale:
		b = new(big.Int).Mul(b, pow10(int(d.scale-x.scale)))
	}
	return a.Cmp(b)
}

// Equal reports whether d and x are the same number (1.50 equals 1.5).
func (d Decimal) Equal(x Decimal) bool { return d.Cmp(x) == 0 }

// Ceil rounds d up (toward +∞) to places digits after the point, and returns
// it with exactly that many digits: Ceil(1.231, 2) is 1.24, Ceil(-1.239, 2) is
// -1.23, Ceil(5, 2) is 5.00. places must be in 0..1000.
func (d Decimal) Ceil(places int) (Decimal, error) {
	if places < 0 || places > maxScale {
		return Decimal{}, fmt.Errorf("aeza: %d decimal places: %w", places, ErrInvalidArgument)
	}
	p := int32(places) //nolint:gosec // bounded above
	if d.scale <= p {
		return Decimal{coef: new(big.Int).Mul(d.c(), pow10(int(p-d.scale))), scale: p}, nil
	}
	q, r := new(big.Int).QuoRem(d.c(), pow10(int(d.scale-p)), new(big.Int))
	if r.Sign() > 0 { // truncation went down for a positive value
		q.Add(q, big.NewInt(1))
	}
	return Decimal{coef: q, scale: p}, nil
}

// Convert applies Aeza's currency formula ceil(value × multiplier × R) / R,
// R = 10^round: value (roubles) times the currency's multiplier, rounded up
// to round decimal places. It is exact: the product is computed on the
// decimal digits, so 0.1 × 3 is 0.3 (not 0.30000000000000004, which would
// wrongly round up to 0.31 at two places). The result carries exactly round
// digits after the point.
func Convert(value, multiplier Decimal, round int) (Decimal, error) {
	return value.Mul(multiplier).Ceil(round)
}

// String formats d in plain decimal notation with its own scale ("1.50", "-3").
func (d Decimal) String() string {
	s := d.c().String()
	if d.scale == 0 {
		return s
	}
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	n := int(d.scale)
	if len(s) <= n {
		s = strings.Repeat("0", n-len(s)+1) + s
	}
	s = s[:len(s)-n] + "." + s[len(s)-n:]
	if neg {
		s = "-" + s
	}
	return s
}

// Int64 returns d as an int64 if it is a whole number in range.
func (d Decimal) Int64() (int64, bool) {
	q, r := new(big.Int).QuoRem(d.c(), pow10(int(d.scale)), new(big.Int))
	if r.Sign() != 0 || !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

// Rat returns d as an exact big.Rat.
func (d Decimal) Rat() *big.Rat {
	return new(big.Rat).SetFrac(d.c(), pow10(int(d.scale)))
}

// MarshalJSON encodes d as a JSON number with its digits.
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalJSON decodes a JSON number, or a string holding one. null and ""
// leave d at 0.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*d = Decimal{}
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*d = Decimal{}
			return nil
		}
	}
	v, err := ParseDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText encodes d in plain decimal notation.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses a decimal number.
func (d *Decimal) UnmarshalText(b []byte) error {
	v, err := ParseDecimal(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
