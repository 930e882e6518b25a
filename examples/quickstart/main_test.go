package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func clearEnv(t *testing.T) {
	t.Helper()
	for _, k := range variables {
		t.Setenv(k, "")
	}
}

func TestRunAgainstFakes(t *testing.T) {
	clearEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"1. ATI.SU", "balance 100.50 atis", "ООО Пример",
		"2. 1C Service Manager", "subscriber 1010 has 2 users", "Abramov",
		"3. Aeza", "2 services", "DE-MINI", "36900 minor units/month = 4.14 USD",
		"4. Data Provider", "contract 1595-1N", "last charge: 200.00 ₽",
		"All four APIs answered",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunRejectsPartialEnvironment(t *testing.T) {
	for _, tc := range []struct{ key, val, want string }{
		{"ATI_BASE_URL", "http://127.0.0.1:1", "ATI_TOKEN"},
		{"SM_LOGIN", "admin", "SM_BASE_URL"},
		{"AEZA_BASE_URL", "http://127.0.0.1:1", "AEZA_API_KEY"},
		{"DP_BASE_URL", "http://127.0.0.1:1", "DP_LOGIN"},
	} {
		t.Run(tc.key, func(t *testing.T) {
			clearEnv(t)
			t.Setenv(tc.key, tc.val)
			var out bytes.Buffer
			err := run(context.Background(), &out)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("run with only %s set: err = %v, want one naming %s", tc.key, err, tc.want)
			}
		})
	}
}

func TestRunStopsOnCancelledContext(t *testing.T) {
	clearEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	err := run(ctx, &out)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("run with a canceled context: err = %v, want context.Canceled", err)
	}
	if strings.Contains(out.String(), "All four APIs answered") {
		t.Errorf("run reported success:\n%s", out.String())
	}
}
