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
// two hours: wrap a refreshing source in oauth2.ReuseTokenSource, and the
// client fetches a token per attempt, refreshed by the source when it
// expires. Tokens are scrubbed from errors and logs like a fixed one, and a
// 401 after which ts yields a different token is retried once for reads and
// other calls that may be repeated.
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

// Endpoint is ATI.SU's OAuth 2.0 endpoint, as ATI documents it for
// integrators (ati.su/developers/auth/auth-v2): a user grants access at
// https://id.ati.su/oauth2/ (client_id, scope, redirect_uri,
// response_type=code) and the integrator exchanges the code, and later the
// refresh token, at https://api.ati.su/oauth2/token for an access token that
// lives 7200 s. The client_id and client_secret come from ATI's integration
// consultants. ATI's page shows the token request as a JSON body, while
// golang.org/x/oauth2 sends it form-encoded; if ATI refuses the form, fetch
// tokens your own way and hand [WithTokenSource] any oauth2.TokenSource.
var Endpoint = oauth2.Endpoint{ //nolint:gosec // public OAuth URLs, not credentials
	AuthURL:   "https://id.ati.su/oauth2/",
	TokenURL:  "https://api.ati.su/oauth2/token",
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
