package ati

import (
	"fmt"

	"github.com/ruapi/ruapi-go/internal/transport"
	"golang.org/x/oauth2"
)

// DefaultRateLimit is ATI's documented limit, 10 requests per second per
// contact (ATI.SU's API rules; above it ATI answers 429). A client keeps under
// it by default: it spaces its requests at least 111 ms apart (9 a
// second), so that the jitter of the network between the client and
// ATI cannot push an eleventh request into one of ATI's seconds.
// [WithRateLimit] and [WithRateLimiter] change or disable that.
const DefaultRateLimit = 10

// defaultPace is the default client-side pace: 90% of ATI's limit.
const defaultPace = DefaultRateLimit * 9 / 10

// Endpoint is ATI.SU's OAuth 2.0 endpoint ([AuthURL], [TokenURL]) for
// golang.org/x/oauth2: the form-encoded path. x/oauth2 sends the token
// request as an application/x-www-form-urlencoded body with the client
// credentials in it, while every public integration that follows ATI's page
// (ati.su/developers/auth/auth-v2) sends JSON; and when ATI answers with
// expire_time instead of expires_in, x/oauth2 gives the token no expiry, so
// that its ReuseTokenSource hands out the same dead token forever. Prefer
// [OAuthConfig], which sends JSON (or the form, with FormEncoded), reads
// either expiry and falls back to ATI's 7200 s. Use Endpoint where an
// account is known to take the form and to answer expires_in, or where code
// needs an oauth2.Config.
var Endpoint = oauth2.Endpoint{
	AuthURL:   AuthURL,
	TokenURL:  TokenURL,
	AuthStyle: oauth2.AuthStyleInParams,
}

// applyAuth sets the fixed token after the options ran, through the same
// auth rule as every auth option (transport's Config.SetAuth): a token
// source set by [WithTokenSource] and a token as well are a conflict.
func (s *settings) applyAuth(token string) error {
	if s.HasAuth() {
		if token != "" {
			return fmt.Errorf("both a token and WithTokenSource given; pass \"\" as the token: %w", ErrInvalidArgument)
		}
		return nil
	}
	if token == "" {
		return fmt.Errorf("token is empty: %w", ErrInvalidArgument)
	}
	if err := s.SetAuth(transport.Bearer(token)); err != nil {
		return fmt.Errorf("token: %w", err)
	}
	return nil
}

// defaultLimit applies DefaultRateLimit unless an option chose a limit.
func (s *settings) defaultLimit() error {
	if s.limitSet {
		return nil
	}
	return s.SetRateLimit(defaultPace, 1)
}
