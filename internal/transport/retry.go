package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// RetryPolicy says when and how long the transport waits before sending a
// request again. Only connection errors and HTTP 429, 502, 503 and 504 are
// retried, and only for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE) or
// for calls that mark themselves safe ([RetrySafe]). A call marked [RetryNever]
// is sent once.
type RetryPolicy struct {
	// MaxRetries is how many times a request may be sent again after the first
	// attempt. Zero disables retries.
	MaxRetries int
	// WaitMin is the first backoff; each retry doubles it, up to WaitMax. A
	// random jitter of up to a quarter is added.
	WaitMin time.Duration
	// WaitMax caps the exponential backoff.
	WaitMax time.Duration
	// MaxRetryAfter caps how long the transport honors a Retry-After header.
	// A longer Retry-After is not waited for: the call fails at once with an
	// error whose RetryAfter says how long the upstream asked to wait.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy is used when a client is given no policy: 3 retries,
// 250 ms doubling to at most 5 s, Retry-After honored up to 1 minute.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: 3, WaitMin: 250 * time.Millisecond, WaitMax: 5 * time.Second, MaxRetryAfter: time.Minute}
}

// NoRetries is a policy that sends every request once.
func NoRetries() RetryPolicy { return RetryPolicy{} }

func (p RetryPolicy) validate() error {
	if p.MaxRetries < 0 || p.WaitMin < 0 || p.WaitMax < 0 || p.MaxRetryAfter < 0 {
		return errors.New("retry policy: negative value")
	}
	if p.MaxRetries > 100 {
		return errors.New("retry policy: more than 100 retries")
	}
	if p.WaitMax < p.WaitMin {
		return errors.New("retry policy: WaitMax is less than WaitMin")
	}
	return nil
}

// Retry says whether a request may be sent more than once.
type Retry int

const (
	// RetryByMethod retries idempotent methods (GET, HEAD, OPTIONS, PUT,
	// DELETE) and never POST or PATCH.
	RetryByMethod Retry = iota
	// RetrySafe marks a call as safe to repeat whatever its method: a read-only
	// RPC over POST, a notification that only triggers a re-read.
	RetrySafe
	// RetryNever sends the request once, whatever its method: a call that
	// spends money even though its method is idempotent.
	RetryNever
)

// String returns the mode's name.
func (r Retry) String() string {
	switch r {
	case RetryByMethod:
		return "by-method"
	case RetrySafe:
		return "safe"
	case RetryNever:
		return "never"
	}
	return "Retry(" + strconv.Itoa(int(r)) + ")"
}

func (r Retry) allows(method string) bool {
	switch r {
	case RetrySafe:
		return true
	case RetryNever:
		return false
	}
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// callState travels in the request context so that CheckRetry, which
// go-retryablehttp gives only the context, knows whether this call may retry.
type callState struct {
	retryable bool
	attempts  atomic.Int32
	policy    RetryPolicy
}

type stateKey struct{}

func stateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(stateKey{}).(*callState)
	return st
}

// retryableStatus reports whether a response status is worth retrying.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// checkRetry is the go-retryablehttp CheckRetry of every client.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	st := stateFrom(ctx)
	if st == nil || !st.retryable {
		return false, nil
	}
	if err != nil {
		return retryableError(err), nil
	}
	if !retryableStatus(resp.StatusCode) {
		return false, nil
	}
	if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		if ra > st.policy.MaxRetryAfter {
			return false, nil
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < ra {
			// Waiting would outlive the caller's deadline: fail now with the
			// upstream's answer rather than with a bare deadline error.
			return false, nil
		}
	}
	return true, nil
}

// retryableError reports whether a transport error may succeed when repeated:
// connection refused or reset, timeouts, unexpected EOF. Errors in TLS
// verification, redirects and URLs will not.
func retryableError(err error) bool {
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	if errors.As(err, &certErr) || errors.As(err, &unknownAuth) || errors.As(err, &hostErr) {
		return false
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		msg := uerr.Err.Error()
		if strings.Contains(msg, "stopped after") || strings.Contains(msg, "unsupported protocol scheme") ||
			strings.Contains(msg, "redirect") {
			return false
		}
	}
	return true
}

// backoff is the go-retryablehttp Backoff of every client: Retry-After when the
// upstream sent one (already checked against the cap by checkRetry), otherwise
// exponential from min to max with up to 25% jitter.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return ra
		}
	}
	return expBackoff(minWait, maxWait, attempt, rand.Int64N)
}

func expBackoff(minWait, maxWait time.Duration, attempt int, randN func(int64) int64) time.Duration {
	if minWait <= 0 {
		return 0
	}
	d := minWait
	for i := 0; i < attempt && d < maxWait; i++ {
		d *= 2
	}
	if d > maxWait {
		d = maxWait
	}
	if j := int64(d / 4); j > 0 {
		d += time.Duration(randN(j + 1))
	}
	return d
}

// parseRetryAfter reads a Retry-After value in seconds or as an HTTP date.
// A date in the past means "now".
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}
