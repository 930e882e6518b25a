package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"time"

	"golang.org/x/oauth2"

	"github.com/ruapi/ruapi-go/ati"
)

// oauthClient builds a client whose access tokens come from ATI's OAuth
// endpoint: ATI's access tokens last about two hours, and the token source
// refreshes them with the refresh token when they expire (oauth2's
// ReuseTokenSource caches each until then). It reports false when no OAuth
// variable is set. ATI_OAUTH_TOKEN_URL overrides ati.Endpoint's token URL
// (a proxy, a test server).
func oauthClient(ctx context.Context) (*ati.Client, bool, error) {
	id, secret, refresh := os.Getenv("ATI_OAUTH_CLIENT_ID"), os.Getenv("ATI_OAUTH_CLIENT_SECRET"), os.Getenv("ATI_OAUTH_REFRESH_TOKEN")
	if id == "" && secret == "" && refresh == "" {
		return nil, false, nil
	}
	if id == "" || secret == "" || refresh == "" {
		return nil, true, errors.New("set all of ATI_OAUTH_CLIENT_ID, ATI_OAUTH_CLIENT_SECRET and ATI_OAUTH_REFRESH_TOKEN, or none")
	}
	if os.Getenv("ATI_TOKEN") != "" {
		return nil, true, errors.New("ATI_TOKEN and ATI_OAUTH_* are both set; choose one")
	}
	conf := &oauth2.Config{ClientID: id, ClientSecret: secret, Endpoint: ati.Endpoint}
	if u := os.Getenv("ATI_OAUTH_TOKEN_URL"); u != "" {
		conf.Endpoint.TokenURL = u
	}
	// TokenSource refreshes an expired token and caches the fresh one; the
	// refresh goes through an HTTP client with a timeout, so that a token
	// endpoint that hangs cannot hold a refresh for ever (the SDK's calls end
	// at their own deadline anyway).
	ctx = context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Timeout: 30 * time.Second})
	ts := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: refresh})
	opts := []ati.Option{ati.WithTokenSource(ts)}
	if base := os.Getenv("ATI_BASE_URL"); base != "" {
		opts = append(opts, ati.WithBaseURL(base))
	}
	c, err := ati.NewClient("", opts...)
	return c, true, err
}
