package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRunAgainstFake(t *testing.T) {
	for _, k := range []string{"SM_BASE_URL", "SM_LOGIN", "SM_PASSWORD", "SM_ACCOUNT", "SM_SERVANT", "SM_CREATE_APP"} {
		t.Setenv(k, "")
	}
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1010 ООО Ромашка (owner)", "Abramov", "ООО Партнер", "2 servants",
		"partner 1000: 2 customers", "1010 ООО Ромашка: 1 subscriptions", "000000101 tariff 000000005",
		"application 12346 created (new, pending: true)", "application 12346 is used at https://1cfresh.com/a/ea/12346"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunPartialEnv(t *testing.T) {
	t.Setenv("SM_BASE_URL", "http://127.0.0.1:1/a/adm")
	t.Setenv("SM_LOGIN", "")
	t.Setenv("SM_PASSWORD", "")
	t.Setenv("SM_ACCOUNT", "")
	if err := run(&bytes.Buffer{}); err == nil {
		t.Fatal("want an error for a partial environment")
	}
}

func TestRunBadAccount(t *testing.T) {
	t.Setenv("SM_BASE_URL", "http://127.0.0.1:1/a/adm")
	t.Setenv("SM_LOGIN", "u")
	t.Setenv("SM_PASSWORD", "p")
	t.Setenv("SM_ACCOUNT", "abc")
	if err := run(&bytes.Buffer{}); err == nil {
		t.Fatal("want an error for a bad account")
	}
}
