// Package decimal is the exact decimal number the ruapi-go packages use for
// money and multipliers (aeza.Decimal, ati.Decimal are aliases of its
// Decimal): a math/big coefficient and a base-10 scale, so "0.1" is exactly
// one tenth and "1234.50" keeps both of its fraction digits.
package decimal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// Decimal is an exact base-10 number: a money amount, a currency multiplier, a
// price. It keeps the value exactly as the API sent it ("0.0112" is 112 × 10⁻⁴,
// not the nearest binary float), and its arithmetic ([Decimal.Mul],
// [Decimal.Ceil]) is exact, on math/big integers.
//
// The zero value is 0. Decimals are immutable values, safe to copy and share.
// They decode from JSON numbers and from strings holding a number (APIs are
// not consistent) and encode as JSON numbers with the same digits: the
// coefficient and the scale are kept, so 1234.50 encodes as 1234.50. Two
// spellings are normalized: an exponent is written out (1e3 encodes as 1000,
// 1.25E-2 as 0.0125) and a negative zero loses its sign (-0.00 is 0.00).
type Decimal struct {
	coef  *big.Int // nil means 0
	scale int32    // value = coef × 10^-scale, scale >= 0
}

// MaxScale bounds exponents and places so that hostile input ("1e999999999")
// cannot make the arithmetic allocate without limit.
const MaxScale = 1000

const maxScale = MaxScale

var errDecimalSyntax = errors.New("not a decimal number")

// Parse parses a decimal number in JSON number syntax ("12", "-0.5",
// "1.25e3"); an exponent may be at most ±1000. Its error says
// `decimal "<input>": not a decimal number`; callers add their package prefix.
func Parse(s string) (Decimal, error) {
	d, err := parseDecimal(s)
	if err != nil {
		return Decimal{}, fmt.Errorf("decimal %q: %w", Truncate(s, 40), err)
	}
	return d, nil
}

// Must is Parse for constants in code and tests; it panics on a malformed
// literal, so never give it input.
func Must(s string) Decimal {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// New returns coef × 10^-scale (New(1999, 2) is 19.99). It is for constants
// in code: scale must be within ±MaxScale, and another scale panics (it
// would otherwise cost time and memory in proportion to it).
func New(coef int64, scale int32) Decimal {
	if scale < -maxScale || scale > maxScale {
		panic(fmt.Sprintf("decimal.New: scale %d outside ±%d", scale, maxScale))
	}
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
		es, eneg := s[i+1:], false
		if es != "" && (es[0] == '+' || es[0] == '-') {
			es, eneg = es[1:], es[0] == '-'
		}
		// JSON's exponent is one optional sign and digits: Atoi alone would
		// also take "1e++5" and "1e+-5".
		e, err := strconv.Atoi(es)
		if eneg {
			e = -e
		}
		if err != nil || es == "" || !digits(es) || e > maxScale || e < -maxScale {
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
// -1.23, Ceil(5, 2) is 5.00. places must be in 0..1000; other values are an
// error matching the packages' ErrInvalidArgument.
func (d Decimal) Ceil(places int) (Decimal, error) {
	if places < 0 || places > maxScale {
		return Decimal{}, fmt.Errorf("decimal: %d decimal places: %w", places, transport.ErrInvalidArgument)
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
	v, err := Parse(s)
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
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Truncate cuts s to n bytes and marks the cut with "...", for error messages.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
