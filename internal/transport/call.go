package transport

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// CallOption changes one call: where to put its response metadata, an extra
// header, a timeout, a retry policy. The packages re-export the constructors
// under the same names, so that every service method takes trailing
// opts ...CallOption.
type CallOption func(*CallSettings)

// CallSettings is what a call's options add up to. Packages read Extra for
// their own options (servicemanager's general block).
type CallSettings struct {
	// Info, when set, receives the response metadata, on success and on
	// failure alike.
	Info *ResponseInfo
	// Header is added to the request after the transport's and the
	// client's own headers.
	Header http.Header
	// Timeout bounds the call, retries included, when positive.
	Timeout time.Duration
	// Retry replaces the client's retry policy for this call. It can shorten
	// or lengthen the retries of a call that may be retried, but never makes
	// a call that is sent once retryable.
	Retry *RetryPolicy
	// Extra holds package-specific option values.
	Extra []any
	// DryRun returns a request that changes state instead of sending it.
	DryRun bool

	err error
}

// ApplyCallOptions adds up opts (nil entries are skipped). The error is the
// first invalid option's, matching ErrInvalidArgument.
func ApplyCallOptions(opts []CallOption) (*CallSettings, error) {
	cs := &CallSettings{}
	for _, o := range opts {
		if o != nil {
			o(cs)
		}
	}
	return cs, cs.err
}

func (cs *CallSettings) fail(err error) {
	if cs.err == nil {
		cs.err = err
	}
}

// WithResponseInto stores the call's response metadata in *info, on success
// and on failure (a call that got no answer fills only Attempts, Elapsed and
// Operation).
func WithResponseInto(info *ResponseInfo) CallOption {
	return func(cs *CallSettings) {
		if info == nil {
			cs.fail(invalid("WithResponseInto: nil *ResponseInfo"))
			return
		}
		cs.Info = info
	}
}

// WithHeader adds a header to this call only. The name must be an HTTP token
// and the value one line; a credential header of the client cannot be
// replaced this way (Authorization and the client's API key header are set
// last).
func WithHeader(key, value string) CallOption {
	return func(cs *CallSettings) {
		if !validHeaderName(key) || !validHeaderValue(value) {
			cs.fail(invalid("WithHeader(%q): not a valid header", key))
			return
		}
		if cs.Header == nil {
			cs.Header = http.Header{}
		}
		cs.Header.Add(key, value)
	}
}

// WithCallTimeout bounds this call, retries and waits included (a context
// with an earlier deadline still wins).
func WithCallTimeout(d time.Duration) CallOption {
	return func(cs *CallSettings) {
		if d <= 0 {
			cs.fail(invalid("WithCallTimeout(%v): must be positive", d))
			return
		}
		cs.Timeout = d
	}
}

// WithCallRetry replaces the client's retry policy for this call.
// RetryPolicy{} (zero retries) sends the call once; a zero wait field means
// its default. A policy never makes a call that is always sent once (a POST
// that spends money) retryable.
func WithCallRetry(p RetryPolicy) CallOption {
	return func(cs *CallSettings) {
		p = p.withDefaults()
		if err := p.validate(); err != nil {
			cs.fail(invalid("WithCallRetry: %v", err))
			return
		}
		cs.Retry = &p
	}
}

// WithExtra adds a package-specific value to the call's settings.
func WithExtra(v any) CallOption {
	return func(cs *CallSettings) { cs.Extra = append(cs.Extra, v) }
}

// ResponseInfo is a call's response metadata.
type ResponseInfo struct {
	// StatusCode is the HTTP status of the final response (0 when none came).
	StatusCode int
	// Header holds the final response's headers, credentials redacted.
	Header http.Header
	// RequestID is the upstream's request id (X-Request-Id or
	// X-Correlation-Id), when sent.
	RequestID string
	// Attempts is how many times the request was sent.
	Attempts int
	// Elapsed is the time the call took, retries and waits included.
	Elapsed time.Duration
	// RateLimit holds the rate-limit counters the upstream sent.
	RateLimit RateLimit
	// Operation is the call's operation name (see [OperationName]).
	Operation string
	// Outcome says whether the request reached the upstream: answered,
	// not sent, or unknown (written, no complete answer).
	Outcome Outcome
}

// RateLimit holds the rate-limit counters of a response: X-Ratelimit-Limit,
// -Remaining and -Reset (seconds), or the IETF RateLimit-Limit, -Remaining and
// -Reset. A counter the upstream did not send is -1, so that "unknown" is
// never mistaken for zero.
type RateLimit struct {
	// Limit is the number of requests allowed in the window, or -1.
	Limit int
	// Remaining is the number of requests left in the window, or -1.
	Remaining int
	// Reset is the time until the window resets, or -1.
	Reset time.Duration
}

// Known reports whether the upstream sent any counter.
func (r RateLimit) Known() bool { return r.Limit >= 0 || r.Remaining >= 0 || r.Reset >= 0 }

// ParseRateLimit reads the rate-limit counters of h; ok is false when none is
// present (then every counter is -1).
func ParseRateLimit(h http.Header) (rl RateLimit, ok bool) {
	num := func(keys ...string) int {
		for _, k := range keys {
			v := strings.TrimSpace(h.Get(k))
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return -1
			}
			ok = true
			return n
		}
		return -1
	}
	rl.Limit = num("X-Ratelimit-Limit", "Ratelimit-Limit")
	rl.Remaining = num("X-Ratelimit-Remaining", "Ratelimit-Remaining")
	rl.Reset = -1
	if r := num("X-Ratelimit-Reset", "Ratelimit-Reset"); r >= 0 {
		rl.Reset = time.Duration(r) * time.Second
	}
	return rl, ok
}

// fillInfo stores what is known of a finished call.
func fillInfo(info *ResponseInfo, red *Redactor, hresp *http.Response, attempts int, start time.Time, op string) {
	if info == nil {
		return
	}
	*info = ResponseInfo{Attempts: attempts, Elapsed: time.Since(start), Operation: op}
	info.RateLimit, _ = ParseRateLimit(nil)
	if hresp == nil {
		return
	}
	info.StatusCode = hresp.StatusCode
	info.Header = red.Header(hresp.Header)
	info.RequestID = requestID(hresp.Header)
	info.RateLimit, _ = ParseRateLimit(hresp.Header)
}

// requestID returns the upstream's request id header, if any.
func requestID(h http.Header) string {
	for _, k := range []string{"X-Request-Id", "X-Correlation-Id"} { // canonical: no allocation
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// OperationName returns the operation name of a request sent by a ruapi-go
// client ("account/users/list", "Services.List"), read from the request's
// context, or "" for any other request. A caller's RoundTripper, or an
// otelhttp span-name formatter, can name spans and metrics with it.
func OperationName(r *http.Request) string {
	if r == nil {
		return ""
	}
	return OperationFromContext(r.Context())
}

// OperationFromContext returns the operation name a ruapi-go call put in ctx.
func OperationFromContext(ctx context.Context) string {
	if st := stateFrom(ctx); st != nil {
		return st.operation
	}
	return ""
}

// Escape builds the request of a package's Do escape hatch, the same in
// every package: GET when method is empty, the path relative to the base URL
// (a leading slash dropped), sent by method's retry rule unless noRetry, and
// named op ("do" when empty).
func Escape(method, path string, query, body any, noRetry bool, op string, opts []CallOption) *Request {
	if method == "" {
		method = http.MethodGet
	}
	retry := RetryByMethod
	if noRetry {
		retry = RetryNever
	}
	if op == "" {
		op = "do"
	}
	return &Request{Method: method, Path: strings.TrimLeft(path, "/"), Query: query, Body: body, Retry: retry, Operation: op, Options: opts}
}
