package ati

import (
	"fmt"

	"github.com/ruapi/ruapi-go/internal/transport"
	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
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

// WithRateLimit limits the client to perSecond requests a second, in bursts
// of at most burst (default: 9 a second, burst 1, under [DefaultRateLimit]). Every attempt,
// retries included, waits its turn inside the call's context and deadline.
// perSecond <= 0 turns client-side limiting off. The limit is ATI's per
// contact: clients that share a token should share one limiter
// ([WithRateLimiter]).
func WithRateLimit(perSecond float64, burst int) Option {
	return func(s *settings) error { s.limitSet = true; return s.SetRateLimit(perSecond, burst) }
}

// WithRateLimiter makes the client wait for l before every attempt; several
// clients (of one ATI contact) may share it. nil turns client-side limiting
// off.
func WithRateLimiter(l *rate.Limiter) Option {
	return func(s *settings) error { s.limitSet = true; return s.SetRateLimiter(l) }
}

// WithTokenSource authenticates with tokens from ts instead of a fixed token
// (then NewClient's token must be ""). ATI's OAuth access tokens last about
// two hours: pass [OAuthConfig.TokenSource], which reuses a token until it
// expires and refreshes it then (one refresh for all concurrent callers), and
// the client fetches a token per attempt. Tokens are scrubbed from errors and
// logs like a fixed one, and a 401 after which ts yields a different token is
// retried once for reads and other calls that may be repeated.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(s *settings) error {
		if ts == nil {
			return fmt.Errorf("token source is nil: %w", ErrInvalidArgument)
		}
		if s.tokenSource != nil {
			return fmt.Errorf("token source given twice: %w", ErrInvalidArgument)
		}
		s.tokenSource = ts
		return nil
	}
}

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

// applyAuth sets the credentials after the options ran: the fixed token or
// the token source (never both), and ATI's default rate limit unless an
// option set one.
func (s *settings) applyAuth(token string) error {
	if s.tokenSource != nil {
		if token != "" {
			return fmt.Errorf("both a token and WithTokenSource given; pass \"\" as the token: %w", ErrInvalidArgument)
		}
		return s.SetAuth(transport.TokenSource(s.tokenSource))
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
