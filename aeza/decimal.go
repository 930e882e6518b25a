package aeza

import (
	"fmt"

	"github.com/ruapi/ruapi-go/internal/decimal"
)

// Decimal is an exact base-10 number: a money amount, a currency multiplier, a
// price. It keeps the value exactly as Aeza sent it ("0.0112" is 112 × 10⁻⁴,
// not the nearest binary float), and its arithmetic ([Decimal.Mul],
// [Decimal.Ceil], [Convert]) is exact, on math/big integers.
//
// The zero value is 0. Decimals are immutable values, safe to copy and share.
// They decode from JSON numbers and from strings holding a number (Aeza is not
// consistent; null and "" decode as 0) and encode as JSON numbers with the
// same digits and scale (1.50 stays 1.50; an exponent is written out, 1e2 is
// 100). Build one with [ParseDecimal], [MustDecimal] or [NewDecimal].
//
// Decimal is shared with the other ruapi-go packages (ati.Decimal is the same
// type), so go doc does not list its methods here. They are:
//
//	String() string                    plain notation with its own scale: "1.50", "-3"
//	Sign() int                         -1, 0 or +1
//	IsZero() bool                      whether it is 0
//	Scale() int                        digits after the point
//	Cmp(x Decimal) int                 -1, 0, +1 (1.5 and 1.50 compare equal)
//	Equal(x Decimal) bool              same number (1.50 equals 1.5)
//	Mul(x Decimal) Decimal             exact product
//	Ceil(places int) (Decimal, error)  round toward +∞ to places digits (0..1000)
//	Round(places int) Decimal          round halves away from zero to places digits
//	Int64() (int64, bool)              the value if it is a whole int64
//	Rat() *big.Rat                     the exact value as a big.Rat
//	Format(fmt.State, rune)            fmt prints the number: %v and %s as String,
//	                                   %.2f rounded exactly (half away from zero)
//	MarshalJSON, UnmarshalJSON, MarshalText, UnmarshalText
type Decimal = decimal.Decimal

// ParseDecimal parses a decimal number in JSON number syntax ("12", "-0.5",
// "1.25e3"); an exponent may be at most ±1000.
func ParseDecimal(s string) (Decimal, error) {
	d, err := decimal.Parse(s)
	if err != nil {
		return Decimal{}, fmt.Errorf("aeza: %w", err)
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

// NewDecimal returns coef × 10^-scale (NewDecimal(1999, 2) is 19.99). It is for constants in
// code: scale must be within ±1000, and another scale panics.
func NewDecimal(coef int64, scale int32) Decimal { return decimal.New(coef, scale) }

// Convert applies Aeza's currency formula ceil(value × multiplier × R) / R,
// R = 10^round: value (roubles) times the currency's multiplier, rounded up
// to round decimal places. It is exact: the product is computed on the
// decimal digits, so 0.1 × 3 is 0.3 (not 0.30000000000000004, which would
// wrongly round up to 0.31 at two places). The result carries exactly round
// digits after the point.
func Convert(value, multiplier Decimal, round int) (Decimal, error) {
	d, err := value.Mul(multiplier).Ceil(round)
	if err != nil {
		return Decimal{}, fmt.Errorf("aeza: %w", err)
	}
	return d, nil
}

func truncate(s string, n int) string { return decimal.Truncate(s, n) }
