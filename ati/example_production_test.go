package ati_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"os"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
)

// Response metadata of one call, on success and on failure.
func ExampleWithResponseInto() {
	srv := atitest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	var info ati.ResponseInfo
	bal, err := c.Billing.Balance(ctx, ati.WithResponseInto(&info), ati.WithHeader("X-Trace-Id", "job-42"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bal.Balance, info.StatusCode, info.Attempts, info.Operation)
	// Output: 100.50 200 1 billing.balance
}

// ATI's OAuth access tokens last about two hours: the config's token source
// refreshes them (one refresh for all concurrent callers) and hands every
// new token, with its rotated refresh token, to OnToken for storage; the
// client asks it for a token on every attempt.
func ExampleWithTokenSource() {
	conf := &ati.OAuthConfig{
		ClientID:     os.Getenv("ATI_OAUTH_CLIENT_ID"),
		ClientSecret: os.Getenv("ATI_OAUTH_CLIENT_SECRET"),
		OnToken:      func(tok *oauth2.Token) { saveRefreshToken(tok.RefreshToken) },
	}
	ctx := context.Background()
	ts := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: os.Getenv("ATI_OAUTH_REFRESH_TOKEN")})
	c, err := ati.NewClient("", ati.WithTokenSource(ts))
	if err != nil {
		log.Fatal(err)
	}
	bal, err := c.Billing.Balance(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bal.Balance)
}

// saveRefreshToken stands for the integrator's storage.
func saveRefreshToken(string) {}

// ATI's whole OAuth flow, here against the fake: send the user to the
// authorize page, exchange the code the callback brings, and give the
// client the refreshing token source.
func ExampleOAuthConfig() {
	srv := atitest.NewServer()
	defer srv.Close()
	// Against ATI: &ati.OAuthConfig{ClientID: id, ClientSecret: secret, RedirectURL: cb}.
	conf := srv.OAuthConfig("https://example.com/callback")
	ctx := context.Background()

	authURL := conf.AuthCodeURL("random-state") // send the user here
	code := fakeUserGrants(authURL)             // the code your callback receives
	tok, err := conf.Exchange(ctx, code)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("firm:", tok.Extra("firm_id"), "lives:", tok.ExpiresIn, "s")

	ts := conf.TokenSource(ctx, tok)
	c, err := ati.NewClient("", ati.WithTokenSource(ts), ati.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	bal, err := c.Billing.Balance(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("balance:", bal.Balance)
	// Output:
	// firm: 12345 lives: 7200 s
	// balance: 100.50
}

// fakeUserGrants follows the fake's authorize redirect as a user's browser
// would and returns the code it carries.
func fakeUserGrants(authURL string) string {
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(authURL)
	if err != nil {
		log.Fatal(err)
	}
	_ = resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		log.Fatal(err)
	}
	return loc.Query().Get("code")
}

// ATI's limit of 10 requests a second is per contact: clients that use the
// same contact's token share one limiter. A call waits for its turn inside
// its context, and a per-call timeout bounds that wait too.
func ExampleWithRateLimiter() {
	shared := rate.NewLimiter(9, 1)
	billing, err := ati.NewClient(os.Getenv("ATI_TOKEN"), ati.WithRateLimiter(shared))
	if err != nil {
		log.Fatal(err)
	}
	catalog, err := ati.NewClient(os.Getenv("ATI_TOKEN"), ati.WithRateLimiter(shared))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := billing.Billing.Balance(ctx, ati.WithCallTimeout(5*time.Second)); err != nil {
		log.Fatal(err)
	}
	if _, err := catalog.Organizations.List(ctx, ati.WithCallRetry(ati.RetryPolicy{})); err != nil {
		log.Fatal(err)
	}
}
