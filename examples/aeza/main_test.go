package main

import "testing"

func TestRunAgainstFake(t *testing.T) {
	t.Setenv("AEZA_API_KEY", "")
	t.Setenv("AEZA_BASE_URL", "")
	t.Setenv("AEZA_CURRENCY", "EUR")
	if err := run(); err != nil {
		t.Fatal(err)
	}
}

func TestRunUnknownCurrency(t *testing.T) {
	t.Setenv("AEZA_API_KEY", "")
	t.Setenv("AEZA_BASE_URL", "")
	t.Setenv("AEZA_CURRENCY", "XXX")
	if err := run(); err == nil {
		t.Fatal("want an error for an unknown currency")
	}
}

func TestRunBadPriceUnit(t *testing.T) {
	t.Setenv("AEZA_API_KEY", "")
	t.Setenv("AEZA_BASE_URL", "")
	t.Setenv("AEZA_PRICE_UNIT", "kopecks")
	if err := run(); err == nil {
		t.Fatal("want an error for an unknown price unit")
	}
}
