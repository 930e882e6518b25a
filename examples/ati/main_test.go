package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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

// The OAuth path against the fake's token endpoint: ATI's JSON refresh,
// one refresh for the run, the rotated refresh token stored for the next run.
func TestRunWithOAuthTokenSource(t *testing.T) {
	srv := atitest.NewServer()
	defer srv.Close()
	tok, err := srv.OAuthConfig("").Exchange(context.Background(), srv.NewAuthCode(""))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"ATI_TOKEN", "ATI_INTEGRATOR_CODE", "ATI_OAUTH_FORM", "ATI_OAUTH_REFRESH_TOKEN_FILE"} {
		t.Setenv(v, "")
	}
	t.Setenv("ATI_BASE_URL", srv.URL)
	t.Setenv("ATI_OAUTH_CLIENT_ID", atitest.DefaultClientID)
	t.Setenv("ATI_OAUTH_CLIENT_SECRET", atitest.DefaultClientSecret)
	t.Setenv("ATI_OAUTH_REFRESH_TOKEN", tok.RefreshToken)
	t.Setenv("ATI_OAUTH_TOKEN_URL", srv.URL+"/oauth2/token")
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out.Bytes(), []byte("tokens from ATI's OAuth endpoint")) || !bytes.Contains(out.Bytes(), []byte("organizations: 1")) {
		t.Errorf("unexpected output:\n%s", out.String())
	}
	if !bytes.Contains(out.Bytes(), []byte("new refresh token")) {
		t.Errorf("the rotation is not reported:\n%s", out.String())
	}
	if n := srv.TokenRequests(); n != 2 {
		t.Errorf("%d token requests; want 2 (the test's exchange, one refresh for the run)", n)
	}

	// The first refresh rotated the token out: a second run needs the
	// rotated one, which the token file keeps across runs (form-encoded
	// here).
	file := filepath.Join(t.TempDir(), "refresh")
	rt, err := srv.OAuthConfig("").Exchange(context.Background(), srv.NewAuthCode(""))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(rt.RefreshToken), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ATI_OAUTH_REFRESH_TOKEN", "")
	t.Setenv("ATI_OAUTH_REFRESH_TOKEN_FILE", file)
	t.Setenv("ATI_OAUTH_FORM", "1")
	for i := range 2 {
		if err := run(&bytes.Buffer{}); err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
	}

	t.Setenv("ATI_OAUTH_REFRESH_TOKEN_FILE", "")
	if err := run(&bytes.Buffer{}); err == nil {
		t.Error("a partial OAuth environment must be an error")
	}
}
