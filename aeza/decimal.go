package aeza

import (
	"fmt"

	"github.com/ruapi/ruapi-go/internal/decimal"
)

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
