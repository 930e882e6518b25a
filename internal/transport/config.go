package transport

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// Default limits.
const (
	// DefaultTimeout bounds a whole call (every attempt and every wait between
	// them) when the caller gives neither a timeout nor an *http.Client.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxBodyBytes caps a successful response body (64 MiB).
	DefaultMaxBodyBytes int64 = 64 << 20
	// DefaultMaxErrorBodyBytes caps an error response body (1 MiB).
	DefaultMaxErrorBodyBytes int64 = 1 << 20
	// excerptRunes is how much of an unexpected body an error message quotes.
	excerptRunes = 200
)

// ErrorDecoder reads an upstream's error envelope. The transport calls it for
// every final response, whatever its status, with e pre-filled (status, method,
// path, attempts, Retry-After, kind by status). It fills e's Code, Message,
// Details and, where the body says more than the status, Kind; it reports
// whether the response is a failure. A non-2xx status is a failure whatever it
// reports; a 2xx is a failure only if it says so (an in-band error).
type ErrorDecoder func(resp *Response, e *Error) (failed bool)

// Config is what an upstream package gives [New]. The Set methods validate
// their input, so that a package's options can return errors.
type Config struct {
	// Service names the upstream in errors and logs ("ati").
	Service string
	// BaseURL is the absolute URL every request path is joined to.
	BaseURL string
	// Auth attaches credentials; nil sends none.
	Auth Auth
	// HTTPClient is the caller's client, copied, never modified; its own
	// Timeout, if any, bounds each attempt. Nil means the SDK's process-wide
	// pooled transport; a client with no Transport means http.DefaultTransport,
	// as in net/http.
	HTTPClient *http.Client
	// Timeout bounds a whole call, retries and waits included (a context with
	// an earlier deadline wins). Zero means DefaultTimeout when HTTPClient is
	// nil, and no bound beyond the caller's client otherwise.
	Timeout time.Duration
	// UserAgent is appended to "ruapi-go/<Version>".
	UserAgent string
	// Retry is the retry policy; nil means DefaultRetryPolicy.
	Retry *RetryPolicy
	// Logger receives redacted debug records of every attempt; nil logs nothing.
	Logger *slog.Logger
	// MaxBodyBytes and MaxErrorBodyBytes cap response bodies; zero means the default.
	MaxBodyBytes      int64
	MaxErrorBodyBytes int64
	// DecodeError is the upstream's envelope reader; nil treats every non-2xx
	// status as a failure with a body excerpt as its message.
	DecodeError ErrorDecoder
	// Header is sent with every request (after the transport's own headers).
	Header http.Header
	// RateLimiter, when set, makes every attempt wait for a token, inside
	// the call's context and deadline. Clients may share one limiter.
	RateLimiter *rate.Limiter
	// ReadOnly refuses every request that changes state ([ErrReadOnly]);
	// DryRun returns it as a [*DryRunRequest] instead of sending it.
	ReadOnly, DryRun bool

	baseURLSet, authSet, httpClientSet bool
}

// invalid wraps a message as an ErrInvalidArgument error.
func invalid(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, ErrInvalidArgument)...)
}

// SafeURL returns the scheme, host and path of a URL, for error messages: a
// query string, fragment or userinfo may carry a secret, so they are never
// shown. Text that does not parse is not echoed either.
func SafeURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "(unparsable URL)"
	}
	out := ""
	if u.Scheme != "" {
		out = u.Scheme + "://"
	}
	return out + u.Host + u.EscapedPath()
}

// SetBaseURL validates and sets the base URL: absolute, http or https, no
// query, fragment or credentials. It may be set once: a second base URL (a
// positional one and an option, or the option twice) is an error, not "the
// last one wins". Errors show the URL's scheme, host and path only.
func (c *Config) SetBaseURL(raw string) error {
	if c.baseURLSet {
		return invalid("base URL given twice (%s, then %s)", SafeURL(c.BaseURL), SafeURL(raw))
	}
	if err := checkBaseURL(raw); err != nil {
		return err
	}
	c.BaseURL = raw
	c.baseURLSet = true
	return nil
}

func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || strings.TrimSpace(raw) != raw {
		return invalid("base URL %q: not a URL", SafeURL(raw))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return invalid("base URL %q: scheme must be http or https", SafeURL(raw))
	}
	if u.Host == "" {
		return invalid("base URL %q: no host", SafeURL(raw))
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return invalid("base URL %q: must not have a query or fragment", SafeURL(raw))
	}
	if u.User != nil {
		return invalid("base URL %q: credentials in the URL are not allowed; use the auth options", SafeURL(raw))
	}
	return nil
}

// SetAuth sets the credentials. They may be set once: two auth options (Basic
// and a bearer token, say) are an error. Header names and values are checked
// here, so that a credential that could never be sent fails when the client
// is built, not on every call.
func (c *Config) SetAuth(a Auth) error {
	if a == nil {
		return invalid("auth is nil")
	}
	if c.authSet {
		return invalid("credentials given twice (%v, then %v); choose one auth option", c.Auth, a)
	}
	if v, ok := a.(interface{ validate() error }); ok {
		if err := v.validate(); err != nil {
			return err
		}
	}
	c.Auth = a
	c.authSet = true
	return nil
}

// HasAuth reports whether credentials were set with [Config.SetAuth].
func (c *Config) HasAuth() bool { return c.authSet }

// SetHTTPClient sets the caller's HTTP client. It is copied, never modified.
func (c *Config) SetHTTPClient(hc *http.Client) error {
	if hc == nil {
		return invalid("HTTP client is nil")
	}
	if c.httpClientSet {
		return invalid("HTTP client given twice")
	}
	c.HTTPClient = hc
	c.httpClientSet = true
	return nil
}

// SetTimeout sets the bound on a whole call, retries included.
func (c *Config) SetTimeout(d time.Duration) error {
	if d <= 0 {
		return invalid("timeout %v: must be positive", d)
	}
	c.Timeout = d
	return nil
}

// SetUserAgent sets the text appended to "ruapi-go/<Version>".
func (c *Config) SetUserAgent(ua string) error {
	if !validHeaderValue(ua) {
		return invalid("user agent: must be one line of printable text")
	}
	c.UserAgent = strings.TrimSpace(ua)
	return nil
}

// SetRetry validates and sets the retry policy.
func (c *Config) SetRetry(p RetryPolicy) error {
	p = p.withDefaults()
	if err := p.validate(); err != nil {
		return fmt.Errorf("%w: %w", err, ErrInvalidArgument)
	}
	c.Retry = &p
	return nil
}

// SetLogger sets the slog logger; nil turns logging off.
func (c *Config) SetLogger(l *slog.Logger) error {
	c.Logger = l
	return nil
}

// SetRateLimiter makes every attempt wait for l (nil turns client-side rate
// limiting off).
func (c *Config) SetRateLimiter(l *rate.Limiter) error {
	c.RateLimiter = l
	return nil
}

// SetRateLimit limits the client to perSecond requests a second with bursts
// of burst; perSecond <= 0 turns client-side rate limiting off.
func (c *Config) SetRateLimit(perSecond float64, burst int) error {
	if perSecond <= 0 {
		c.RateLimiter = nil
		return nil
	}
	if burst < 1 {
		return invalid("rate limit burst %d: must be at least 1", burst)
	}
	c.RateLimiter = rate.NewLimiter(rate.Limit(perSecond), burst)
	return nil
}

// SetMaxBodyBytes sets the cap on successful response bodies.
func (c *Config) SetMaxBodyBytes(n int64) error {
	if n <= 0 {
		return invalid("max body bytes %d: must be positive", n)
	}
	c.MaxBodyBytes = n
	return nil
}
