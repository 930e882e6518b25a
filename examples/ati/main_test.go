package main

import (
	"bytes"
	"testing"
)

func TestRunAgainstFake(t *testing.T) {
	t.Setenv("ATI_TOKEN", "")
	t.Setenv("ATI_BASE_URL", "")
	t.Setenv("ATI_INTEGRATOR_CODE", "")
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"balance: 100.50 atis", "organizations: 1", "ООО Пример", "residency Russia", "1 Склад (Warehouse)"} {
		if !bytes.Contains(out.Bytes(), []byte(want)) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunBaseURLWithoutToken(t *testing.T) {
	t.Setenv("ATI_TOKEN", "")
	t.Setenv("ATI_BASE_URL", "http://127.0.0.1:1")
	if err := run(&bytes.Buffer{}); err == nil {
		t.Fatal("want an error")
	}
}
