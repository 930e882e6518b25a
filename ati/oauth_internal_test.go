package ati

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// A hung token endpoint is bounded by the token timeout even with a context
// that never ends: with the default client, with a caller's client that has
// no timeout, and in a token source. (The test shortens tokenTimeout; it is
// not run in parallel for that reason.)
func TestOAuthHungTokenEndpointBoundedByDefaultTimeout(t *testing.T) {
	if DefaultTokenTimeout <= 0 || DefaultTokenTimeout > 30*time.Second {
		t.Fatalf("DefaultTokenTimeout = %v", DefaultTokenTimeout)
	}
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-done:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(done)

	old := tokenTimeout
	tokenTimeout = 300 * time.Millisecond
	defer func() { tokenTimeout = old }()

	for _, tc := range []struct {
		name string
		hc   *http.Client
		ts   bool
	}{
		{"default client", nil, false},
		{"caller's client without a timeout", &http.Client{}, false},
		{"token source", nil, true},
	} {
		conf := &OAuthConfig{ClientID: "id-not-real", ClientSecret: "secret-not-real", TokenURL: srv.URL + "/oauth2/token",
			HTTPClient: tc.hc}
		start := time.Now()
		var err error
		if tc.ts {
			_, err = conf.TokenSource(context.Background(), &oauth2.Token{RefreshToken: "refresh-not-real"}).Token()
		} else {
			_, err = conf.Exchange(context.Background(), "code-not-real")
		}
		if err == nil {
			t.Fatalf("%s: no error from a hung endpoint", tc.name)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s: took %v; want about %v", tc.name, d, tokenTimeout)
		}
	}
}

// The default client has a timeout: it is never one without.
func TestOAuthDefaultClientHasTimeout(t *testing.T) {
	t.Parallel()
	c := &OAuthConfig{ClientID: "id", ClientSecret: "secret"}
	tc, err := c.tokenClient(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := tc.HTTPClient().Timeout; got != DefaultTokenTimeout {
		t.Errorf("default token client timeout = %v, want %v", got, DefaultTokenTimeout)
	}
}
