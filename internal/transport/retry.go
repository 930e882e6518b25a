package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// RetryPolicy says when and how long the transport waits before sending a
// request again. Only connection errors and HTTP 429, 502, 503 and 504 are
// retried, and only for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE) or
// for calls that mark themselves safe ([RetrySafe]). A call marked [RetryNever]
// is sent once.
type RetryPolicy struct {
	// MaxRetries is how many times a request may be sent again after the first
	// attempt. Zero disables retries: RetryPolicy{} sends every request once.
	MaxRetries int
	// WaitMin is the first backoff; each retry doubles it, up to WaitMax. A
	// random jitter of up to a quarter is added. Zero means the default
	// (250 ms, or WaitMax if that is shorter).
	WaitMin time.Duration
	// WaitMax caps the exponential backoff. Zero means the default (5 s, or
	// WaitMin if that is longer).
	WaitMax time.Duration
	// MaxRetryAfter caps how long the transport honors a Retry-After header.
	// A longer Retry-After is not waited for: the call fails at once with an
	// error whose RetryAfter says how long the upstream asked to wait. Zero
	// means the default (1 minute). A Retry-After of zero or a date already
	// past gets the normal backoff.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy is used when a client is given no policy: 3 retries,
// 250 ms doubling to at most 5 s, Retry-After honored up to 1 minute.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: 3, WaitMin: 250 * time.Millisecond, WaitMax: 5 * time.Second, MaxRetryAfter: time.Minute}
}

// NoRetries is a policy that sends every request once.
func NoRetries() RetryPolicy { return RetryPolicy{} }

// withDefaults returns p with every zero wait field set to its default (see
// [DefaultRetryPolicy]), so that a policy that only says how many retries
// (RetryPolicy{MaxRetries: 5}) still backs off and honors Retry-After.
// Negative fields are left for validate to refuse.
func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	if p.WaitMin == 0 {
		p.WaitMin = d.WaitMin
		if p.WaitMax > 0 && p.WaitMax < p.WaitMin {
			p.WaitMin = p.WaitMax
		}
	}
	if p.WaitMax == 0 {
		p.WaitMax = max(d.WaitMax, p.WaitMin)
	}
	if p.MaxRetryAfter == 0 {
		p.MaxRetryAfter = d.MaxRetryAfter
	}
	return p
}

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
	attempts    atomic.Int32
	maxAttempts int32 // 1 for a call that is sent once
	policy      RetryPolicy
	retryKind   bool // the call may be sent more than once (by method or marked safe)
	hasBody     bool
	redirect    string // why a redirect was refused, set by checkRedirect

	operation string       // the call's operation name
	settings  CallSettings // the call's options, added up

	tokens     *tokenAuth  // the client's token source, if any
	secrets    callSecrets // tokens fetched for this call
	retried401 bool        // the one retry after a 401 with a new token was spent

	wire wireState // what reached the wire (outcome.go)
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
	if st == nil {
		return false, nil
	}
	if err == nil && resp.StatusCode == http.StatusUnauthorized && st.tokens != nil && st.retryKind && !st.retried401 {
		// The token may have expired between the source's check and the
		// upstream's: if the source now yields another one, try once more.
		if access, _, terr := st.tokens.token(ctx); terr == nil && access != st.secrets.lastToken() {
			st.retried401 = true
			st.maxAttempts++
			return true, nil
		}
	}
	if st.attempts.Load() >= st.maxAttempts {
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
// a connection refused, reset or closed, a timeout, a body cut short. Only
// network failures qualify; anything else (an invalid header, a TLS
// verification failure, a refused redirect, a bad URL) would fail the same way
// again and is returned at once.
func retryableError(err error) bool {
	if err == nil {
		return false
	}
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	if errors.As(err, &certErr) || errors.As(err, &unknownAuth) || errors.As(err, &hostErr) ||
		errors.As(err, &invalidCert) || errors.As(err, &recordErr) {
		return false
	}
	if errors.Is(err, context.Canceled) {
		return false
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return dnsErr.IsTimeout || dnsErr.IsTemporary
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return true
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ETIMEDOUT) || errors.Is(err, syscall.EHOSTUNREACH) ||
		errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.ENETDOWN) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true // a dial, read or write on the network failed
	}
	// Connection-level failures net/http reports only as text.
	msg := err.Error()
	for _, s := range []string{"server closed idle connection", "connection reset", "broken pipe",
		"http2: client connection lost", "http2: server sent GOAWAY", "use of closed network connection"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// backoff is the go-retryablehttp Backoff of every client: Retry-After when the
// upstream sent one (already checked against the cap by checkRetry), otherwise
// exponential from min to max with up to 25% jitter. A Retry-After of zero or
// a date already past does not remove the backoff: it says "no need to wait
// longer", not "hammer me".
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok && ra > 0 {
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
