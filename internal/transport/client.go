package transport

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	retryablehttp "github.com/hashicorp/go-retryablehttp"
)

// Client sends requests for one upstream. It is safe for concurrent use.
type Client struct {
	service     string
	base        *url.URL
	rc          *retryablehttp.Client
	policy      RetryPolicy
	timeout     time.Duration
	userAgent   string
	logger      *slog.Logger
	redact      *Redactor
	maxBody     int64
	maxErrBody  int64
	decodeError ErrorDecoder
	header      http.Header
	auth        Auth
	readOnly    bool
	dryRun      bool
}

// New builds a Client from cfg. It does no network I/O.
func New(cfg Config) (*Client, error) {
	base, policy, err := checkConfig(&cfg)
	if err != nil {
		return nil, err
	}
	auth := cfg.Auth
	if auth == nil {
		auth = NoAuth()
	}
	hc, timeout := attemptClient(&cfg, base, auth)

	ua := "ruapi-go/" + Version
	if cfg.UserAgent != "" {
		ua += " " + cfg.UserAgent
	}
	c := &Client{
		service:     cfg.Service,
		base:        base,
		policy:      policy,
		timeout:     timeout,
		userAgent:   ua,
		logger:      cfg.Logger,
		redact:      NewRedactor(appendHeaderSecrets(auth.Secrets(), cfg.Header)...),
		maxBody:     cfg.MaxBodyBytes,
		maxErrBody:  cfg.MaxErrorBodyBytes,
		decodeError: cfg.DecodeError,
		header:      cfg.Header.Clone(),
		auth:        auth,
		readOnly:    cfg.ReadOnly,
		dryRun:      cfg.DryRun,
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBodyBytes
	}
	if c.maxErrBody <= 0 {
		c.maxErrBody = DefaultMaxErrorBodyBytes
	}
	c.rc = &retryablehttp.Client{
		HTTPClient:   hc,
		Logger:       nil, // go-retryablehttp's own logger stays off; we log through slog.
		RetryWaitMin: policy.WaitMin,
		RetryWaitMax: policy.WaitMax,
		// The attempt budget is the call's own (callState.maxAttempts),
		// enforced by checkRetry, so that a body-read failure re-sent by Do
		// spends from the same budget.
		RetryMax:   math.MaxInt32,
		CheckRetry: checkRetry,
		Backoff:    backoff,
		// Hand the final response to us untouched, whatever the retries did.
		ErrorHandler:    func(resp *http.Response, err error, _ int) (*http.Response, error) { return resp, err },
		RequestLogHook:  c.beforeAttempt,
		ResponseLogHook: c.afterAttempt,
	}
	return c, nil
}

// checkConfig validates cfg again, since a package may fill a Config without
// its setters, and returns the base URL without a trailing slash and the
// retry policy with its defaults.
func checkConfig(cfg *Config) (*url.URL, RetryPolicy, error) {
	if cfg.BaseURL == "" {
		return nil, RetryPolicy{}, invalid("base URL is required")
	}
	if err := checkBaseURL(cfg.BaseURL); err != nil {
		return nil, RetryPolicy{}, err
	}
	base, _ := url.Parse(cfg.BaseURL)
	base.Path = strings.TrimRight(base.Path, "/")
	base.RawPath = strings.TrimRight(base.RawPath, "/")

	policy := DefaultRetryPolicy()
	if cfg.Retry != nil {
		if err := cfg.Retry.withDefaults().validate(); err != nil {
			return nil, RetryPolicy{}, fmt.Errorf("%w: %w", err, ErrInvalidArgument)
		}
		policy = cfg.Retry.withDefaults()
	}
	if cfg.Auth != nil {
		if v, ok := cfg.Auth.(interface{ validate() error }); ok {
			if err := v.validate(); err != nil {
				return nil, RetryPolicy{}, err
			}
		}
	}
	if err := validHeader(cfg.Header); err != nil {
		return nil, RetryPolicy{}, err
	}
	if cfg.UserAgent != "" && !validHeaderValue(cfg.UserAgent) {
		return nil, RetryPolicy{}, invalid("user agent: must be one line of printable text")
	}
	return base, policy, nil
}

// attemptClient builds the *http.Client each attempt goes through (a copy of
// the caller's, or one on the shared pool) with the round trippers the
// transport adds: credentials, rate limit and the wire record, and the
// same-origin redirect rule. It returns the bound on a whole call too.
func attemptClient(cfg *Config, base *url.URL, auth Auth) (*http.Client, time.Duration) {
	var hc http.Client
	timeout := cfg.Timeout
	if cfg.HTTPClient != nil {
		hc = *cfg.HTTPClient // a shallow copy: the caller's client is never modified
	} else if timeout <= 0 {
		timeout = DefaultTimeout
	}
	baseRT := hc.Transport
	switch {
	case baseRT != nil:
	case cfg.HTTPClient != nil:
		// A caller's client with no Transport means http.DefaultTransport,
		// as in net/http, never the SDK's pool: a caller's client means the
		// caller's transport. Resolved at each request, as net/http does.
		baseRT = callerDefaultTransport{}
	default:
		// Resolved at each request, as net/http does, so that the process-wide
		// pool is shared and tools that swap http.DefaultTransport in tests keep
		// working.
		baseRT = defaultTransport{}
	}
	baseRT = &wireTransport{base: baseRT} // records what reached the wire (outcome.go)
	hc.Transport = &authTransport{base: baseRT, auth: auth, scheme: base.Scheme, host: base.Host, limiter: newLimitGate(cfg.RateLimiter)}
	hc.CheckRedirect = checkRedirect(hc.CheckRedirect)
	return &hc, timeout
}

// Redactor returns the client's redactor, which knows its credentials.
func (c *Client) Redactor() *Redactor { return c.redact }

// BaseURL returns the base URL requests are joined to (no trailing slash).
func (c *Client) BaseURL() string { return c.base.String() }

// HTTPClient returns the inner *http.Client, the one each attempt goes through
// (below the retry loop), with the credentials round tripper installed.
func (c *Client) HTTPClient() *http.Client { return c.rc.HTTPClient }

// retryClient returns a retry loop like the client's, for a per-call policy.
func (c *Client) retryClient(p RetryPolicy) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:      c.rc.HTTPClient,
		Logger:          nil,
		RetryWaitMin:    p.WaitMin,
		RetryWaitMax:    p.WaitMax,
		RetryMax:        math.MaxInt32,
		CheckRetry:      c.rc.CheckRetry,
		Backoff:         c.rc.Backoff,
		ErrorHandler:    c.rc.ErrorHandler,
		RequestLogHook:  c.rc.RequestLogHook,
		ResponseLogHook: c.rc.ResponseLogHook,
	}
}

// beforeAttempt is go-retryablehttp's RequestLogHook: it counts attempts.
func (c *Client) beforeAttempt(_ retryablehttp.Logger, req *http.Request, retry int) {
	if st := stateFrom(req.Context()); st != nil {
		st.attempts.Add(1)
	}
	if retry > 0 {
		c.log(req.Context(), slog.LevelDebug, "retrying", "method", req.Method, "path", req.URL.EscapedPath(), "retry", retry)
	}
}

// afterAttempt is go-retryablehttp's ResponseLogHook: it logs each attempt's
// status, so that retried failures are visible too.
func (c *Client) afterAttempt(_ retryablehttp.Logger, resp *http.Response) {
	if c.logger == nil || resp.Request == nil {
		return
	}
	c.log(resp.Request.Context(), slog.LevelDebug, "attempt", "method", resp.Request.Method,
		"path", resp.Request.URL.EscapedPath(), "status", resp.StatusCode)
}

func (c *Client) log(ctx context.Context, level slog.Level, msg string, args ...any) {
	if c.logger == nil || !c.logger.Enabled(ctx, level) {
		return
	}
	args = append([]any{"service", c.service}, args...)
	c.logger.Log(ctx, level, msg, args...)
}
