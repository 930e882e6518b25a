package dataprovider

import (
	"fmt"

	"github.com/ruapi/ruapi-go/internal/transport"
	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

// WithTokenSource authenticates provider API calls with bearer tokens from ts,
// fetched for every attempt (wrap a refreshing source in
// oauth2.ReuseTokenSource). Tokens are scrubbed from errors and logs, and a
// 401 after which ts yields a different token is retried once for reads.
// It conflicts with the other auth options.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(s *settings) error {
		if ts == nil {
			return fmt.Errorf("dataprovider: token source is nil: %w", ErrInvalidArgument)
		}
		return s.setAuth(transport.TokenSource(ts))
	}
}

// WithRateLimit limits the client to perSecond requests a second, in bursts
// of at most burst; every attempt waits its turn inside the call's context.
// The Data Provider document sets no limit, so the default is none;
// perSecond <= 0 keeps it off.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(s *settings) error { return s.SetRateLimit(perSecond, burst) }
}

// WithRateLimiter makes the client wait for l before every attempt; clients
// may share it. nil turns client-side limiting off.
func WithRateLimiter(l *rate.Limiter) Option {
	return func(s *settings) error { return s.SetRateLimiter(l) }
}
