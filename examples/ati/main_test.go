package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/ruapi/ruapi-go/ati/atitest"
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

// The OAuth path: a token endpoint that hands out the fake's token, and the
// client that uses it against the fake.
func TestRunWithOAuthTokenSource(t *testing.T) {
	srv := atitest.NewServer()
	defer srv.Close()
	var refreshes atomic.Int32
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		refreshes.Add(1)
		if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "refresh_token" || r.PostForm.Get("refresh_token") != "refresh-not-real" {
			http.Error(w, "bad grant", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":7200}`, atitest.DefaultToken)
	}))
	defer tokens.Close()
	for _, v := range []string{"ATI_TOKEN", "ATI_INTEGRATOR_CODE"} {
		t.Setenv(v, "")
	}
	t.Setenv("ATI_BASE_URL", srv.URL)
	t.Setenv("ATI_OAUTH_CLIENT_ID", "client-not-real")
	t.Setenv("ATI_OAUTH_CLIENT_SECRET", "secret-not-real")
	t.Setenv("ATI_OAUTH_REFRESH_TOKEN", "refresh-not-real")
	t.Setenv("ATI_OAUTH_TOKEN_URL", tokens.URL)
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out.Bytes(), []byte("tokens from ATI's OAuth endpoint")) || !bytes.Contains(out.Bytes(), []byte("organizations: 1")) {
		t.Errorf("unexpected output:\n%s", out.String())
	}
	if n := refreshes.Load(); n != 1 {
		t.Errorf("token refreshed %d times for one run; want 1 (cached until it expires)", n)
	}

	t.Setenv("ATI_OAUTH_REFRESH_TOKEN", "")
	if err := run(&bytes.Buffer{}); err == nil {
		t.Error("a partial OAuth environment must be an error")
	}
}
