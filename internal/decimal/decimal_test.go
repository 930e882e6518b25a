package decimal

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// JSON numbers come back with their digits and scale; only an exponent and
// the sign of a zero are normalized.
func TestJSONRoundTrip(t *testing.T) {
	for in, want := range map[string]string{
		"1234.50":                        "1234.50",
		"0.1":                            "0.1",
		"0.5":                            "0.5",
		"-0.5":                           "-0.5",
		"100":                            "100",
		"0":                              "0",
		"0.00":                           "0.00",
		"98765432109876543210.123456789": "98765432109876543210.123456789",
		"-12345678901234567890123":       "-12345678901234567890123",
		"0.000000000000000000000001":     "0.000000000000000000000001",
		"1e3":                            "1000",
		"1E-05":                          "0.00001",
		"2.5e+2":                         "250",
		"-0.00":                          "0.00",
		`"1234.50"`:                      "1234.50",
		"null":                           "0",
	} {
		var d Decimal
		if err := json.Unmarshal([]byte(in), &d); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != want {
			t.Errorf("%s encodes as %s, want %s", in, b, want)
		}
		if d.String() != want {
			t.Errorf("%s prints as %s, want %s", in, d, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, bad := range []string{"", "abc", "1.", ".5", "01", "1e", "1e1001", "--1", "1.2.3", "NaN", "Inf", "+1", "1e-2000", "0x10", " 1", strings.Repeat("9", 5000),
		"1e++5", "1e+-5", "1e--5", "1e 5", "1e_5"} {
		_, err := Parse(bad)
		if err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
			continue
		}
		if !strings.HasPrefix(err.Error(), "decimal ") || len(err.Error()) > 100 {
			t.Errorf("Parse(%.20q): %v", bad, err)
		}
	}
	var d Decimal
	for _, bad := range []string{`true`, `{}`, `"abc"`, `[1]`} {
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
}

func TestArithmetic(t *testing.T) {
	if got := Must("0.1").Mul(New(3, 0)).String(); got != "0.3" {
		t.Errorf("0.1*3 = %s", got)
	}
	c, err := Must("1.231").Ceil(2)
	if err != nil || c.String() != "1.24" {
		t.Errorf("Ceil = %s, %v", c, err)
	}
	_, err = Must("1").Ceil(-1)
	if !errors.Is(err, transport.ErrInvalidArgument) {
		t.Errorf("Ceil(-1) = %v, want ErrInvalidArgument", err)
	}
	_, err = Must("1").Ceil(MaxScale + 1)
	if !errors.Is(err, transport.ErrInvalidArgument) {
		t.Errorf("Ceil(MaxScale+1) = %v", err)
	}
	if !Must("1.5").Equal(Must("1.50")) || Must("-2").Cmp(Must("1")) != -1 {
		t.Error("Cmp")
	}
	if New(15, -2).String() != "1500" || New(1999, 2).String() != "19.99" {
		t.Error("New")
	}
	var z Decimal
	if z.String() != "0" || !z.IsZero() || z.Sign() != 0 || z.Scale() != 0 {
		t.Error("zero value")
	}
	if n, ok := Must("42.00").Int64(); !ok || n != 42 {
		t.Error("Int64")
	}
	if Must("1.5").Rat().String() != "3/2" {
		t.Error("Rat")
	}
	var v Decimal
	if err := v.UnmarshalText([]byte("7.10")); err != nil || v.String() != "7.10" {
		t.Errorf("UnmarshalText = %s, %v", v, err)
	}
	if b, _ := v.MarshalText(); string(b) != "7.10" {
		t.Errorf("MarshalText = %s", b)
	}
	if Truncate("abcdef", 3) != "abc..." || Truncate("ab", 3) != "ab" {
		t.Error("Truncate")
	}
}

func TestMustPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Must did not panic")
		}
	}()
	Must("x")
}

func FuzzDecimalJSON(f *testing.F) {
	for _, s := range []string{"1234.50", "0.1", "1e3", "-0.00", `"2.25"`, "null", "98765432109876543210.123456789"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Decimal
		if json.Unmarshal(b, &d) != nil {
			return
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var d2 Decimal
		if err := json.Unmarshal(out, &d2); err != nil {
			t.Fatalf("%s re-decodes with %v", out, err)
		}
		if !d.Equal(d2) || d.String() != d2.String() {
			t.Fatalf("%s → %s → %s", b, d, d2)
		}
	})
}

// New is for constants in code; a scale outside ±MaxScale panics at once
// rather than compute 10^2147483647 (New(1, -2e9) held the CPU for minutes
// and gigabytes of memory) or wrap around (New(1, math.MinInt32) was 1).
func TestNewScaleOutOfRangePanics(t *testing.T) {
	for _, scale := range []int32{math.MinInt32, -MaxScale - 1, MaxScale + 1, math.MaxInt32} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(1, %d) did not panic", scale)
				}
			}()
			_ = New(1, scale).String()
		}()
	}
	if New(1, -MaxScale).Scale() != 0 || New(1, MaxScale).Scale() != MaxScale {
		t.Error("New at ±MaxScale")
	}
}
