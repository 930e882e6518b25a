package main

import (
	"bytes"
	"strings"
	"testing"
)

func clearEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{"DP_BASE_URL", "DP_LOGIN", "DP_PASSWORD", "DP_TOKEN"} {
		t.Setenv(k, "")
	}
}

func TestRunAgainstFake(t *testing.T) {
	clearEnv(t)
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"user 58208891", "contract 1595-1N", "balance 369.00 ₽", "last charge: 02-22 200.00 ₽"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunBaseURLWithoutCredentials(t *testing.T) {
	clearEnv(t)
	t.Setenv("DP_BASE_URL", "http://127.0.0.1:1")
	err := run(&bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "DP_LOGIN") {
		t.Fatalf("err = %v, want one naming DP_LOGIN", err)
	}
}
