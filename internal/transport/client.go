package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/google/go-querystring/query"
	retryablehttp "github.com/hashicorp/go-retryablehttp"
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
	if cfg.BaseURL == "" {
		return nil, invalid("base URL is required")
	}
	if err := checkBaseURL(cfg.BaseURL); err != nil {
		return nil, err
	}
	base, _ := url.Parse(cfg.BaseURL)
	base.Path = strings.TrimRight(base.Path, "/")
	base.RawPath = strings.TrimRight(base.RawPath, "/")

	policy := DefaultRetryPolicy()
	if cfg.Retry != nil {
		if err := cfg.Retry.withDefaults().validate(); err != nil {
			return nil, fmt.Errorf("%w: %w", err, ErrInvalidArgument)
		}
		policy = cfg.Retry.withDefaults()
	}
	if cfg.Auth != nil {
		if v, ok := cfg.Auth.(interface{ validate() error }); ok {
			if err := v.validate(); err != nil {
				return nil, err
			}
		}
	}
	if err := validHeader(cfg.Header); err != nil {
		return nil, err
	}
	if cfg.UserAgent != "" && !validHeaderValue(cfg.UserAgent) {
		return nil, invalid("user agent: must be one line of printable text")
	}

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
	auth := cfg.Auth
	if auth == nil {
		auth = NoAuth()
	}
	baseRT = &wireTransport{base: baseRT} // records what reached the wire (outcome.go)
	hc.Transport = &authTransport{base: baseRT, auth: auth, scheme: base.Scheme, host: base.Host, limiter: newLimitGate(cfg.RateLimiter)}
	hc.CheckRedirect = checkRedirect(hc.CheckRedirect)

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
		HTTPClient:   &hc,
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

// Redactor returns the client's redactor, which knows its credentials.
func (c *Client) Redactor() *Redactor { return c.redact }

// BaseURL returns the base URL requests are joined to (no trailing slash).
func (c *Client) BaseURL() string { return c.base.String() }

// HTTPClient returns the inner *http.Client, the one each attempt goes through
// (below the retry loop), with the credentials round tripper installed.
func (c *Client) HTTPClient() *http.Client { return c.rc.HTTPClient }

// Request is one call to send.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is joined to the base URL. Build it with [Path] so that parameters
	// are escaped.
	Path string
	// Query is url.Values, or a struct encoded with go-querystring (url tags).
	Query any
	// Body is encoded as JSON unless it is nil. RawBody, when set, is sent as
	// is with ContentType.
	Body        any
	RawBody     []byte
	ContentType string
	// Header is added to the transport's own headers.
	Header http.Header
	// Retry says whether the call may be sent more than once.
	Retry Retry
	// Operation is the upstream's name for the call, for errors and logs.
	Operation string
	// Secrets are values this request carries that must never appear in its
	// errors or logs. They need not list the body's [Secret] values (a
	// package's Password type) or its secret-named JSON members ("password",
	// "pswd", "token", ...): the transport finds those by itself.
	Secrets []string
	// Options are the caller's per-call options.
	Options []CallOption
	// Effect says whether the call changes state; the zero value derives
	// it from Method and Retry (see [Effect]).
	Effect Effect
}

// Response is a complete exchange: the final response with its body read.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	// Attempts is how many times the request was sent.
	Attempts int
	// Method and Path identify the request (no query string).
	Method string
	Path   string
	// Operation repeats Request.Operation.
	Operation string
	// Settings are the call's options, added up (never nil).
	Settings *CallSettings

	client *Client
	redact *Redactor
}

// redactor returns the redactor of this exchange (credentials and the
// request's secret query values).
func (r *Response) redactor() *Redactor {
	if r.redact != nil {
		return r.redact
	}
	if r.client != nil {
		return r.client.redact
	}
	return nil
}

// send is [Client.Do] with the call's state made by Do (outcome.go).
func (c *Client) send(ctx context.Context, req *Request, st *callState) (*Response, error) {
	if ctx == nil {
		return nil, fmt.Errorf("%s: nil context: %w", c.service, ErrInvalidArgument)
	}
	if req == nil {
		return nil, fmt.Errorf("%s: nil request: %w", c.service, ErrInvalidArgument)
	}
	u, err := c.url(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %s %s: %w", c.service, req.Method, req.Path, err)
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	path := u.EscapedPath()
	// The call's state travels in its context; its options live in it too,
	// so that a call allocates one value for both.
	st.maxAttempts, st.operation = 1, req.Operation
	cs := &st.settings
	for _, o := range req.Options {
		if o != nil {
			o(cs)
		}
	}
	if cs.err != nil {
		return nil, fmt.Errorf("%s: %s %s: %w", c.service, method, path, cs.err)
	}
	if err := validHeader(req.Header); err != nil {
		return nil, fmt.Errorf("%s: %s %s: %w", c.service, method, path, err)
	}
	var body []byte
	contentType := ""
	switch {
	case req.RawBody != nil:
		body, contentType = req.RawBody, req.ContentType
	case req.Body != nil:
		body, err = json.Marshal(req.Body)
		if err != nil {
			return nil, fmt.Errorf("%s: %s %s: encode body: %w", c.service, method, path, err)
		}
		contentType = "application/json"
	}
	if contentType != "" && !validHeaderValue(contentType) {
		return nil, fmt.Errorf("%s: %s %s: %w", c.service, method, path, invalid("content type"))
	}

	// The secrets this request carries (secret query values, declared
	// secrets, Secret values and secret-named members of its body) are
	// scrubbed from its errors and logs too, in case the upstream echoes them.
	secrets := append(querySecrets(req.Query), requestSecrets(req, body)...)
	secrets = appendHeaderSecrets(appendHeaderSecrets(secrets, req.Header), cs.Header)
	red := c.redact.With(secrets...)

	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel() // after the body is read: Do reads it before returning
	}
	if cs.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cs.Timeout)
		defer cancel()
	}
	policy, rc := c.policy, c.rc
	if cs.Retry != nil {
		policy, rc = *cs.Retry, c.retryClient(*cs.Retry)
	}
	st.policy, st.hasBody, st.retryKind = policy, body != nil, req.Retry.allows(method)
	if policy.MaxRetries > 0 && st.retryKind {
		st.maxAttempts = int32(policy.MaxRetries) + 1 //nolint:gosec // validated: at most 100
	}
	if ta, ok := c.auth.(*tokenAuth); ok {
		st.tokens = ta
	}
	ctx = context.WithValue(ctx, stateKey{}, st)

	header := make(http.Header, 4+len(c.header)+len(req.Header)+len(cs.Header))
	header.Set("Accept", "application/json")
	header.Set("User-Agent", c.userAgent)
	if contentType != "" {
		header.Set("Content-Type", contentType)
	}
	for _, h := range []http.Header{c.header, req.Header, cs.Header} {
		for k, vs := range h {
			header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
		}
	}

	if err := c.intercept(st, req, method, u, header, body, red); err != nil {
		return nil, err // the read-only guard or a dry run (guard.go)
	}
	start := time.Now()
	// withTokens adds the tokens fetched so far to the call's redactor.
	withTokens := func() *Redactor {
		if st.tokens == nil {
			return red
		}
		return red.With(st.secrets.list()...)
	}
	for {
		rreq, err := newRequest(ctx, method, u, header, body)
		if err != nil {
			return nil, fmt.Errorf("%s: %s %s: %w", c.service, method, path, redactErr(red, err))
		}
		st.redirect = ""
		hresp, err := rc.Do(rreq)
		attempts := int(st.attempts.Load())
		if err != nil {
			if hresp != nil && hresp.Body != nil {
				_ = hresp.Body.Close()
			}
			red = withTokens()
			err = scrubErr(red, redactErr(red, err))
			if c.logger != nil { // the arguments are boxed before log could say no
				c.log(ctx, slog.LevelDebug, "request failed", "method", method, "path", path, "attempts", attempts,
					"elapsed", time.Since(start), "error", err.Error())
			}
			fillInfo(cs.Info, red, nil, attempts, start, req.Operation)
			return nil, &sendError{service: c.service, method: method, path: path, attempts: attempts, err: err}
		}

		red = withTokens()
		resp := &Response{
			StatusCode: hresp.StatusCode,
			Header:     hresp.Header,
			Attempts:   attempts,
			Method:     method,
			Path:       path,
			Operation:  req.Operation,
			Settings:   cs,
			client:     c,
			redact:     red,
		}
		limit := c.maxBody
		if hresp.StatusCode < 200 || hresp.StatusCode > 299 {
			limit = c.maxErrBody
		}
		resp.Body, err = readCapped(hresp.Body, hresp.ContentLength, limit)
		_ = hresp.Body.Close()
		if c.logger != nil {
			c.log(ctx, slog.LevelDebug, "response", "method", method, "path", path, "status", hresp.StatusCode,
				"attempts", attempts, "bytes", len(resp.Body), "elapsed", time.Since(start))
		}
		if err != nil && ctx.Err() == nil && !errors.Is(err, ErrBodyTooLarge) && retryableError(err) &&
			st.attempts.Load() < st.maxAttempts {
			// The body broke off on the network: an idempotent call is sent
			// again, like one whose connection failed before the headers.
			c.log(ctx, slog.LevelDebug, "body read failed; retrying", "method", method, "path", path,
				"attempts", attempts, "error", red.String(err.Error()))
			if werr := sleepCtx(ctx, backoff(policy.WaitMin, policy.WaitMax, attempts-1, nil)); werr != nil {
				fillInfo(cs.Info, red, hresp, attempts, start, req.Operation)
				return nil, &sendError{service: c.service, method: method, path: path, attempts: attempts, err: werr}
			}
			continue
		}
		fillInfo(cs.Info, red, hresp, attempts, start, req.Operation)
		switch {
		case err != nil && ctx.Err() != nil:
			return nil, &sendError{service: c.service, method: method, path: path, attempts: attempts, err: ctx.Err()}
		case errors.Is(err, ErrBodyTooLarge):
			e := resp.NewError()
			e.Kind = ErrBodyTooLarge
			e.Message = fmt.Sprintf("body exceeds %d bytes", limit)
			return resp, resp.finish(e)
		case err != nil:
			e := resp.NewError()
			e.Kind = ErrDecode
			e.Message = "reading the body failed"
			e.Err = err
			return resp, resp.finish(e)
		case hresp.StatusCode >= 300 && hresp.StatusCode <= 399:
			return resp, resp.finish(redirectError(resp, hresp, st.redirect))
		}
		if ferr := c.check(resp); ferr != nil {
			return resp, ferr
		}
		return resp, nil
	}
}

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

// appendHeaderSecrets appends the values of secret-named headers a request
// adds (a per-call "X-Api-Token", say), and the parts of them an echo may
// carry alone (the token of "Bearer x", a cookie's value), so that an echo of
// them is scrubbed.
func appendHeaderSecrets(out []string, h http.Header) []string {
	for k, vs := range h {
		if IsSecretName(k) {
			for _, v := range vs {
				out = append(out, credentialParts(v)...)
			}
		}
	}
	return out
}

// querySecrets returns the secret-named values of a request's query without
// encoding it again when it is url.Values or a map (the common cases).
func querySecrets(q any) []string {
	switch v := q.(type) {
	case nil:
		return nil
	case url.Values:
		return QuerySecrets(v)
	case map[string]string:
		var out []string
		for k, s := range v {
			if IsSecretName(k) {
				out = append(out, s)
			}
		}
		return out
	}
	vals, err := EncodeQuery(q)
	if err != nil {
		return nil
	}
	return QuerySecrets(vals)
}

// newRequest builds one attempt's request from the URL the transport already
// holds, without formatting and parsing it again. The header map is shared
// by the attempts: nothing below the transport modifies it (the credentials
// round tripper copies it before adding to it).
func newRequest(ctx context.Context, method string, u *url.URL, header http.Header, body []byte) (*retryablehttp.Request, error) {
	if !validHeaderName(method) { // a method is a token, as a header name is
		return nil, invalid("method %q", method)
	}
	hreq := (&http.Request{Method: method, URL: u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: header}).WithContext(ctx)
	rreq := &retryablehttp.Request{Request: hreq}
	var rbody any
	if body != nil {
		rbody = body
	}
	if err := rreq.SetBody(rbody); err != nil {
		return nil, err
	}
	return rreq, nil
}

// sleepCtx waits for d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// check runs the package's error decoder on a complete response.
//
// The decoder is handed a lean *Error (status, method, path, operation,
// attempts, kind by status) from a pool; only a failure gets the rest
// (service, Retry-After, request id, headers) and leaves the pool, so a
// successful call builds no error value.
func (c *Client) check(resp *Response) error {
	failed := resp.StatusCode < 200 || resp.StatusCode > 299
	if c.decodeError == nil {
		if !failed {
			return nil
		}
		e := resp.NewError()
		e.Message = resp.Excerpt()
		return resp.finish(e)
	}
	e := errPool.Get().(*Error)
	*e = Error{StatusCode: resp.StatusCode, Method: resp.Method, Path: resp.Path, Operation: resp.Operation,
		Attempts: resp.Attempts, Kind: StatusKind(resp.StatusCode)}
	if c.decodeError(resp, e) {
		failed = true
	}
	if !failed {
		*e = Error{}
		errPool.Put(e)
		return nil
	}
	resp.fillError(e)
	return resp.finish(e)
}

var errPool = sync.Pool{New: func() any { return new(Error) }}

// finish scrubs an error that is about to be returned.
func (r *Response) finish(e *Error) *Error {
	// The answer's own secret-named members (a VNC password, a root
	// password the upstream echoes) are scrubbed from every part of the
	// error, wherever the package's decoder put them.
	red := r.redactor().withFound(appendJSONSecrets(nil, r.Body)...)
	if len(e.Details) > 0 {
		// Escapes (\u043f, \/) would hide a secret's spelling from the
		// scrubbing, and the details may carry the upstream's own
		// secret-named members.
		e.Details = plainJSON(e.Details)
		red = red.withFound(appendJSONSecrets(nil, e.Details)...)
	}
	e.Message = red.String(e.Message)
	e.Code = red.String(e.Code)
	e.Operation = red.String(e.Operation)
	if e.Details != nil {
		e.Details = json.RawMessage(red.String(string(e.Details)))
	}
	if e.Err != nil {
		e.Err = scrubErr(red, redactErr(red, e.Err))
	}
	e.Header = red.Header(e.Header)
	if e.Kind == nil {
		e.Kind = StatusKind(e.StatusCode)
	}
	return e
}

// NewError returns an *Error pre-filled from the response: service, status,
// method, path, operation, attempts, Retry-After, request id, headers.
func (r *Response) NewError() *Error {
	e := &Error{
		StatusCode: r.StatusCode,
		Method:     r.Method,
		Path:       r.Path,
		Operation:  r.Operation,
		Attempts:   r.Attempts,
		Kind:       StatusKind(r.StatusCode),
	}
	r.fillError(e)
	return e
}

// fillError adds what only a failure needs: service, headers, Retry-After and
// request id.
func (r *Response) fillError(e *Error) {
	e.Header = r.Header
	if r.client != nil {
		e.Service = r.client.service
	}
	if ra, ok := parseRetryAfter(r.Header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = ra
	}
	if e.RequestID == "" { // a request id the error decoder read from the body wins
		e.RequestID = requestID(r.Header)
	}
}

// Excerpt returns a short, redacted excerpt of the body for error messages:
// besides every secret the call knows, the string values of the body's own
// secret-named members ("password", "token", ...) are scrubbed.
func (r *Response) Excerpt() string {
	body := plainJSON(r.Body)
	return r.redactor().withFound(appendJSONSecrets(nil, body)...).Excerpt(body, excerptRunes)
}

// plainJSON re-encodes a JSON document that holds escapes (\u043f, \/) the
// way json.Marshal writes a request, so that a secret the request carried
// reads in it as it did in the request and is scrubbed from it. A document
// without a backslash, or one that does not decode, is returned as is.
func plainJSON(raw []byte) []byte {
	if bytes.IndexByte(raw, '\\') < 0 {
		return raw
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil || d.More() {
		return raw
	}
	out, err := json.Marshal(v)
	if err != nil {
		return raw
	}
	return out
}

// DecodeJSON decodes the body into v. A body that is not valid JSON of v's
// shape becomes an *Error of kind ErrDecode quoting an excerpt of the body.
func (r *Response) DecodeJSON(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return r.DecodeFailure(err)
	}
	return nil
}

// Finish returns e, built by a package from [Response.NewError], finished as
// the transport finishes the failures its error decoder reports: message,
// code, details (escapes re-encoded) and headers scrubbed of every secret the
// call knows and of the body's secret-named members.
func (r *Response) Finish(e *Error) *Error { return r.finish(e) }

// Fail returns a finished, redacted *Error for a response the package judged a
// failure although its status and envelope did not say so: an empty list where
// one object was asked for (kind ErrNotFound), say.
func (r *Response) Fail(kind error, message string) *Error {
	e := r.NewError()
	e.Kind = kind
	e.Message = message
	return r.finish(e)
}

// DecodeFailure wraps a decoding error of the body as an *Error of kind ErrDecode.
func (r *Response) DecodeFailure(err error) *Error {
	e := r.NewError()
	e.Kind = ErrDecode
	e.Err = err
	if len(r.Body) == 0 {
		e.Message = "empty body"
	} else {
		e.Message = r.Excerpt()
	}
	return r.finish(e)
}

// url joins the base URL, the request path and the query.
func (c *Client) url(req *Request) (*url.URL, error) {
	p := req.Path
	if strings.Contains(p, "?") || strings.Contains(p, "#") {
		return nil, fmt.Errorf("path must not carry a query or fragment: %w", ErrInvalidArgument)
	}
	u := *c.base
	if rel := strings.TrimLeft(p, "/"); plainPath(rel) {
		// The common case (letters, digits, "-._~" and slashes) needs no
		// parsing and no escaping: one string join.
		if rel != "" {
			u.Path = c.base.Path + "/" + rel
			if c.base.RawPath != "" {
				u.RawPath = c.base.RawPath + "/" + rel
			}
		}
		return c.withQuery(&u, req.Query)
	}
	rel, err := url.Parse(strings.TrimLeft(p, "/"))
	if err != nil || rel.IsAbs() || rel.Host != "" {
		return nil, fmt.Errorf("bad path: %w", ErrInvalidArgument)
	}
	basePath := u.EscapedPath()
	joined := basePath
	if relPath := rel.EscapedPath(); relPath != "" {
		joined = basePath + "/" + relPath
	}
	if err := setEscapedPath(&u, joined); err != nil {
		return nil, err
	}
	return c.withQuery(&u, req.Query)
}

// withQuery sets u's query from a request's Query.
func (c *Client) withQuery(u *url.URL, query any) (*url.URL, error) {
	u.RawQuery = ""
	if query != nil {
		q, err := EncodeQuery(query)
		if err != nil {
			return nil, err
		}
		u.RawQuery = q.Encode()
	}
	return u, nil
}

// plainPath reports whether p has only characters a URL path carries as
// they are: letters, digits, "-", ".", "_", "~" and "/".
func plainPath(p string) bool {
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-' || c == '.' || c == '_' || c == '~' || c == '/':
		default:
			return false
		}
	}
	return true
}

func setEscapedPath(u *url.URL, escaped string) error {
	p, err := url.PathUnescape(escaped)
	if err != nil {
		return fmt.Errorf("bad path: %w", ErrInvalidArgument)
	}
	u.Path = p
	u.RawPath = escaped
	if u.EscapedPath() != escaped {
		u.RawPath = ""
	}
	return nil
}

// EncodeQuery turns url.Values, a map of strings, or a struct with url tags
// (go-querystring) into url.Values. Nil gives no query.
func EncodeQuery(q any) (url.Values, error) {
	switch v := q.(type) {
	case nil:
		return url.Values{}, nil
	case url.Values:
		return v, nil
	case map[string]string:
		out := url.Values{}
		for k, s := range v {
			out.Set(k, s)
		}
		return out, nil
	}
	vals, err := query.Values(q)
	if err != nil {
		return nil, fmt.Errorf("encode query: %w", err)
	}
	return vals, nil
}

// Path formats a request path, escaping every parameter as one path segment:
// Path("catalogs/organizations/%s", id). An empty parameter, "." or ".." is
// refused with ErrInvalidArgument, so that a missing id can never turn a call on
// one object into a call on the collection (or its parent).
func Path(format string, params ...string) (string, error) {
	args := make([]any, len(params))
	for i, p := range params {
		if p == "" || p == "." || p == ".." {
			return "", fmt.Errorf("path parameter %d is %q: %w", i+1, p, ErrInvalidArgument)
		}
		args[i] = url.PathEscape(p)
	}
	return fmt.Sprintf(format, args...), nil
}

// Read sizes for response bodies. A body is read into one buffer that grows
// as bytes arrive (sized first by a small declared Content-Length, never a
// large one) up to singleBufferMax; a larger body continues in chunks that
// double up to maxReadChunk and are joined once at the end, so that memory
// follows what has arrived, never what a header promises, and an oversized
// body holds little more than the cap before it is dropped.
const (
	firstRead       = 4 << 10
	maxFirstRead    = 64 << 10
	singleBufferMax = 256 << 10
	maxReadChunk    = 4 << 20
)

// readCapped reads at most limit bytes; more is ErrBodyTooLarge.
func readCapped(r io.Reader, contentLength, limit int64) ([]byte, error) {
	limit = min(limit, math.MaxInt64-1) // limit+1 must not overflow
	size := int64(firstRead)
	if contentLength >= 0 && contentLength < maxFirstRead {
		size = contentLength + 1 // one byte more, to see EOF without growing
	}
	buf := make([]byte, 0, min(size, limit+1))
	for {
		if len(buf) == cap(buf) {
			if len(buf) >= singleBufferMax {
				return readChunks(r, buf, limit)
			}
			grown := make([]byte, len(buf), 2*cap(buf)) // doubling: at most 2× what arrived
			copy(grown, buf)
			buf = grown
		}
		end := min(int64(cap(buf)), limit+1)
		n, err := r.Read(buf[len(buf):end])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, ErrBodyTooLarge
		}
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// readChunks continues readCapped for a body larger than singleBufferMax:
// first holds what was read so far.
func readChunks(r io.Reader, first []byte, limit int64) ([]byte, error) {
	chunks := [][]byte{first}
	total := int64(len(first))
	size := int64(len(first))
	for {
		if size < maxReadChunk {
			size *= 2
		}
		buf := make([]byte, min(size, limit+1-total))
		n := 0
		var err error
		for n < len(buf) && err == nil {
			var m int
			m, err = r.Read(buf[n:])
			n += m
		}
		if n > 0 {
			chunks = append(chunks, buf[:n])
			total += int64(n)
		}
		if total > limit {
			return nil, ErrBodyTooLarge
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	out := make([]byte, 0, total)
	for i, ch := range chunks {
		out = append(out, ch...)
		chunks[i] = nil // let the collector take each chunk once copied
	}
	return out, nil
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

// redactErr rebuilds a *url.Error with a redacted URL.
func redactErr(red *Redactor, err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		u, perr := url.Parse(uerr.URL)
		safe := Redacted
		if perr == nil {
			safe = red.URL(u)
		}
		return &url.Error{Op: uerr.Op, URL: safe, Err: uerr.Err}
	}
	return err
}

// sendError is returned when no response arrived: connection failures,
// timeouts, a canceled context. It unwraps to the cause, so errors.Is(err,
// context.DeadlineExceeded) works.
type sendError struct {
	service, method, path string
	attempts              int
	err                   error
}

func (e *sendError) Error() string {
	s := e.service + ": " + e.method + " " + e.path + ": " + e.err.Error()
	if e.attempts > 1 {
		s += fmt.Sprintf(" (after %d attempts)", e.attempts)
	}
	return s
}

func (e *sendError) Unwrap() error { return e.err }

// stdDefault is http.DefaultTransport as net/http made it.
var stdDefault = http.DefaultTransport

// Pool sizes of the shared transport: enough connections per host that
// dozens of goroutines calling one upstream reuse their connections instead
// of dialing anew (net/http's default keeps 2 idle per host). Connections per
// host are capped as well, so that a burst of calls waits for a free
// connection rather than racing to dial extra ones that are then dropped; a
// caller who needs more passes its own *http.Client.
const (
	pooledConnsPerHost = 64
	pooledIdleTotal    = 256
)

// pooled is the one transport every client without a caller's *http.Client
// shares in a process: pooled connections sized for concurrent use, HTTP/2
// where the server offers it, proxies from the environment and the usual
// dial, TLS handshake and idle timeouts.
var pooled = sync.OnceValue(func() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          pooledIdleTotal,
		MaxIdleConnsPerHost:   pooledConnsPerHost,
		MaxConnsPerHost:       pooledConnsPerHost,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
})

// defaultTransport sends through the shared pooled transport, or through
// http.DefaultTransport when something (a test tool such as gock) has
// replaced it, so that such tools keep working.
type defaultTransport struct{}

func (defaultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if rt := http.DefaultTransport; rt != stdDefault {
		return rt.RoundTrip(req)
	}
	return pooled().RoundTrip(req)
}

// callerDefaultTransport is the transport of a caller's *http.Client that
// has none: http.DefaultTransport, read at each request as net/http reads it.
type callerDefaultTransport struct{}

func (callerDefaultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return http.DefaultTransport.RoundTrip(req)
}
