package decimal

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Round returns d rounded to places digits after the point, halves away from
// zero (1.005 → 1.01, -1.005 → -1.01, 1.004 → 1.00), with exactly that many
// digits; more places than d has pad it with zeros. places is clamped to
// 0..1000.
func (d Decimal) Round(places int) Decimal {
	p := int32(min(max(places, 0), maxScale)) //nolint:gosec // clamped to 0..1000
	if d.scale <= p {
		return Decimal{coef: new(big.Int).Mul(d.c(), pow10(int(p-d.scale))), scale: p}
	}
	unit := pow10(int(d.scale - p))
	q, r := new(big.Int).QuoRem(d.c(), unit, new(big.Int))
	if r.Sign() != 0 {
		twice := new(big.Int).Abs(r)
		twice.Lsh(twice, 1)
		if twice.Cmp(unit) >= 0 {
			q.Add(q, big.NewInt(int64(d.Sign())))
		}
	}
	return Decimal{coef: q, scale: p}
}

// Format makes fmt print the number, never the struct inside: %v and %s
// print String ("1234.50"), %q quotes it, and %f prints it with its own
// digits, or rounded half away from zero to a precision (%.2f of 0.125 is
// "0.13", exact, no binary float in between). %e, %g and the other float
// verbs go through an exact big.Float. Width and the '-' and '0' flags work
// as for numbers, and '+' and ' ' with %f (%+v is the struct's field names,
// not a sign).
func (d Decimal) Format(s fmt.State, verb rune) {
	var str string
	switch verb {
	case 'v', 's':
		str = d.String()
	case 'q':
		str = strconv.Quote(d.String())
	case 'f', 'F':
		if p, ok := s.Precision(); ok {
			str = d.Round(p).String()
		} else {
			str = d.String()
		}
	case 'e', 'E', 'g', 'G', 'b', 'x', 'X':
		prec := uint(d.c().BitLen()) + uint(d.scale)*4 + 64 //nolint:gosec // scale is 0..1000
		f := new(big.Float).SetPrec(prec).SetRat(d.Rat())
		f.Format(s, verb)
		return
	default:
		fmt.Fprintf(s, "%%!%c(decimal.Decimal=%s)", verb, d.String())
		return
	}
	if (verb == 'f' || verb == 'F') && !strings.HasPrefix(str, "-") { // %+v means field names, not a sign
		switch {
		case s.Flag('+'):
			str = "+" + str
		case s.Flag(' '):
			str = " " + str
		}
	}
	w, ok := s.Width()
	if !ok || len(str) >= w {
		_, _ = s.Write([]byte(str))
		return
	}
	pad := w - len(str)
	switch {
	case s.Flag('-'):
		str += strings.Repeat(" ", pad)
	case s.Flag('0') && verb != 'q' && verb != 's':
		sign := ""
		if str[0] == '-' || str[0] == '+' || str[0] == ' ' {
			sign, str = str[:1], str[1:]
		}
		str = sign + strings.Repeat("0", pad) + str
	default:
		str = strings.Repeat(" ", pad) + str
	}
	_, _ = s.Write([]byte(str))
}
