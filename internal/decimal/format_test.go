package decimal

import (
	"fmt"
	"testing"
)

func TestRound(t *testing.T) {
	for _, tc := range []struct {
		in     string
		places int
		want   string
	}{
		{"1.005", 2, "1.01"}, {"-1.005", 2, "-1.01"}, {"1.004", 2, "1.00"}, {"0.125", 2, "0.13"},
		{"2.5", 0, "3"}, {"-2.5", 0, "-3"}, {"2.4999", 0, "2"}, {"1234.50", 2, "1234.50"}, {"7", 2, "7.00"},
		{"0.1", 1, "0.1"}, {"-0.004", 2, "0.00"}, {"99.995", 2, "100.00"}, {"1.5", -1, "2"},
	} {
		if got := Must(tc.in).Round(tc.places).String(); got != tc.want {
			t.Errorf("Round(%s, %d) = %s, want %s", tc.in, tc.places, got, tc.want)
		}
	}
	if got := Must("1").Round(5000).Scale(); got != MaxScale {
		t.Errorf("Round(5000) has scale %d, want %d", got, MaxScale)
	}
}

// fmt prints the number for every verb a user may try, never the struct.
func TestFormat(t *testing.T) {
	d := Must("1234.50")
	type wrap struct{ Balance Decimal }
	for _, tc := range []struct {
		format string
		v      any
		want   string
	}{
		{"%v", d, "1234.50"},
		{"%s", d, "1234.50"},
		{"%+v", d, "1234.50"},
		{"%+.2f", d, "+1234.50"},
		{"% .1f", Must("2"), " 2.0"},
		{"%#v", d, "1234.50"},
		{"%q", d, `"1234.50"`},
		{"%f", d, "1234.50"},
		{"%.2f", Must("0.125"), "0.13"},
		{"%.1f", d, "1234.5"},
		{"%.0f", Must("0.5"), "1"},
		{"%.3f", Must("0.1"), "0.100"},
		{"%10.2f", d, "   1234.50"},
		{"%-10s|", d, "1234.50   |"},
		{"%010.2f", Must("-1.5"), "-000001.50"},
		{"%8s", Must("990"), "     990"},
		{"%+.1f", Must("0"), "+0.0"},
		{"%e", Must("1234.5"), "1.234500e+03"},
		{"%g", Must("0.1"), "0.1"},
		{"%d", d, "%!d(decimal.Decimal=1234.50)"},
		{"%v", wrap{d}, "{1234.50}"},
		{"%+v", wrap{d}, "{Balance:1234.50}"},
		{"%v", &wrap{Must("-0.00")}, "&{0.00}"},
		{"%v", Decimal{}, "0"},
		{"%.2f", Decimal{}, "0.00"},
	} {
		if got := fmt.Sprintf(tc.format, tc.v); got != tc.want {
			t.Errorf("Sprintf(%q, %s) = %q, want %q", tc.format, tc.v, got, tc.want)
		}
	}
	if got := fmt.Sprintf("%#v", wrap{d}); got != "decimal.wrap{Balance:1234.50}" {
		t.Errorf("%%#v = %s", got)
	}
}
