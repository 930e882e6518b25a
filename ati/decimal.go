package ati

import (
	"fmt"

	"github.com/ruapi/ruapi-go/internal/decimal"
)

// Decimal is an exact base-10 number, used for the balance: it keeps the
// amount exactly as ATI sent it (1234.50 stays 1234.50, 0.1 is one tenth,
// and a balance with more digits than a float64 holds keeps them all), with
// no binary float rounding.
//
// The zero value is 0. Decimals are immutable values, safe to copy and share.
// They decode from JSON numbers and from strings holding a number (null and
// "" decode as 0) and encode as JSON numbers with the same digits and scale;
// an exponent is written out (1e3 encodes as 1000) and a negative zero loses
// its sign (-0.00 is 0.00). fmt prints the number: %v and %s with its own
// digits, %.2f rounded exactly. Build one with [ParseDecimal], [MustDecimal]
// or [NewDecimal].
//
// Decimal is shared with the other ruapi-go packages (aeza.Decimal is the
// same type), so go doc does not list its methods here. They are:
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
		return Decimal{}, fmt.Errorf("ati: %w", err)
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

// NewDecimal returns coef × 10^-scale (NewDecimal(10050, 2) is 100.50). It is for constants in
// code: scale must be within ±1000, and another scale panics.
func NewDecimal(coef int64, scale int32) Decimal { return decimal.New(coef, scale) }
