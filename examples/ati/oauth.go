package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/oauth2"

	"github.com/ruapi/ruapi-go/ati"
)

// oauthClient builds a client whose access tokens come from ATI's OAuth
// token endpoint through ati.OAuthConfig: ATI's access tokens last about two
// hours, and the config's token source refreshes them with the refresh token
// when they expire (and reuses each until then). It reports false when no
// OAuth variable is set.
//
// The refresh token comes from ATI_OAUTH_REFRESH_TOKEN, or from the file
// named by ATI_OAUTH_REFRESH_TOKEN_FILE; ATI may rotate it on a refresh, and
// the rotated one is written back to that file (OnToken), so that the next
// run still works. ATI_OAUTH_TOKEN_URL overrides the token endpoint (a
// proxy, a test server) and ATI_OAUTH_FORM=1 sends form-encoded token
// requests instead of ATI's JSON.
func oauthClient(ctx context.Context, w io.Writer) (*ati.Client, bool, error) {
	id, secret := os.Getenv("ATI_OAUTH_CLIENT_ID"), os.Getenv("ATI_OAUTH_CLIENT_SECRET")
	refresh, file := os.Getenv("ATI_OAUTH_REFRESH_TOKEN"), os.Getenv("ATI_OAUTH_REFRESH_TOKEN_FILE")
	if id == "" && secret == "" && refresh == "" && file == "" {
		return nil, false, nil
	}
	if refresh == "" && file != "" {
		b, err := os.ReadFile(file) //nolint:gosec // the user's own file
		if err != nil {
			return nil, true, fmt.Errorf("ATI_OAUTH_REFRESH_TOKEN_FILE: %w", err)
		}
		refresh = strings.TrimSpace(string(b))
	}
	if id == "" || secret == "" || refresh == "" {
		return nil, true, errors.New("set ATI_OAUTH_CLIENT_ID, ATI_OAUTH_CLIENT_SECRET and ATI_OAUTH_REFRESH_TOKEN (or ATI_OAUTH_REFRESH_TOKEN_FILE), or none")
	}
	if os.Getenv("ATI_TOKEN") != "" {
		return nil, true, errors.New("ATI_TOKEN and ATI_OAUTH_* are both set; choose one")
	}
	conf := &ati.OAuthConfig{
		ClientID:     id,
		ClientSecret: secret,
		TokenURL:     os.Getenv("ATI_OAUTH_TOKEN_URL"), // "" means ATI's
		FormEncoded:  os.Getenv("ATI_OAUTH_FORM") == "1",
		OnToken: func(tok *oauth2.Token) {
			if tok.RefreshToken == refresh {
				return
			}
			if file == "" {
				fmt.Fprintln(w, "note: ATI issued a new refresh token; set ATI_OAUTH_REFRESH_TOKEN_FILE to keep it")
				return
			}
			if err := os.WriteFile(file, []byte(tok.RefreshToken+"\n"), 0o600); err != nil {
				fmt.Fprintln(w, "note: could not store the new refresh token:", err)
			}
		},
	}
	// TokenSource refreshes an expired token, once for all concurrent
	// callers, and reuses the fresh one until it expires.
	ts := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: refresh})
	opts := []ati.Option{ati.WithTokenSource(ts)}
	if base := os.Getenv("ATI_BASE_URL"); base != "" {
		opts = append(opts, ati.WithBaseURL(base))
	}
	c, err := ati.NewClient("", opts...)
	return c, true, err
}
