package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRunAgainstFake(t *testing.T) {
	t.Setenv("AEZA_API_KEY", "")
	t.Setenv("AEZA_BASE_URL", "")
	t.Setenv("AEZA_CURRENCY", "EUR")
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	// 36900 kopecks × 0.0103 / 100 = 3.8007, rounded up.
	if !strings.Contains(out.String(), "DE-MINI    de 36900 minor units/month = 3.81 EUR/month") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestRunUnknownCurrency(t *testing.T) {
	t.Setenv("AEZA_API_KEY", "")
	t.Setenv("AEZA_BASE_URL", "")
	t.Setenv("AEZA_CURRENCY", "XXX")
	if err := run(&bytes.Buffer{}); err == nil {
		t.Fatal("want an error for an unknown currency")
	}
}

// The same product is priced the same here as in examples/quickstart and the
// README: Aeza's amounts are minor units, converted with ConvertMinor.
func TestRunPricesInMinorUnits(t *testing.T) {
	t.Setenv("AEZA_API_KEY", "")
	t.Setenv("AEZA_BASE_URL", "")
	t.Setenv("AEZA_CURRENCY", "USD")
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"balance 100000 minor units", "36900 minor units/month = 4.14 USD/month"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
