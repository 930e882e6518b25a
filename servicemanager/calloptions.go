package servicemanager

import (
	"net/http"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// CallOption changes one call. Every service method and [Client.Call] take
// trailing opts ...CallOption: [WithResponseInto], [WithHeader],
// [WithCallTimeout], [WithCallRetry] and [WithCallDryRun].
type CallOption = transport.CallOption

// ResponseInfo is a call's response metadata, filled by [WithResponseInto] on
// success and on failure: the shared fields, promoted from the embedded
// transport type — StatusCode (0 when no answer came), Header (credentials
// redacted), RequestID, Attempts, Elapsed, RateLimit (see [RateLimit]) and
// Operation (the ext_api method, as [OperationName] reads it) and Outcome
// (whether the request reached the upstream, see [Outcome]) — and General,
// the response's general block (response code, message, versions), nil when
// the answer carried none.
type ResponseInfo struct {
	transport.ResponseInfo
	// General is the response's general block, nil when it carried none.
	General *General
}

// RateLimit holds the rate-limit counters of a response (X-Ratelimit-* or the
// IETF RateLimit-* headers). Its fields: Limit (requests allowed in the
// window), Remaining (requests left in it) and Reset (the time until it
// resets); each is -1 when the upstream did not send it, so that unknown is
// never mistaken for zero. Its method Known reports whether any was sent.
type RateLimit = transport.RateLimit

// WithResponseInto stores the call's response metadata, general block
// included, in *info, on success and on failure alike. Give each concurrent
// call its own ResponseInfo.
func WithResponseInto(info *ResponseInfo) CallOption {
	if info == nil {
		return transport.WithResponseInto(nil) // refused when the call runs
	}
	return func(cs *transport.CallSettings) {
		info.General = nil // filled again by this call, if its answer has one
		transport.WithResponseInto(&info.ResponseInfo)(cs)
		cs.Extra = append(cs.Extra, info)
	}
}

// WithHeader adds a header to this call only (a trace id, say). It cannot
// replace the client's credentials.
func WithHeader(key, value string) CallOption { return transport.WithHeader(key, value) }

// WithCallTimeout bounds this call, retries and waits included.
func WithCallTimeout(d time.Duration) CallOption { return transport.WithCallTimeout(d) }

// WithCallRetry replaces the client's retry policy for this call;
// RetryPolicy{} sends it once. It never makes a call that is always sent once
// retryable.
func WithCallRetry(p RetryPolicy) CallOption { return transport.WithCallRetry(p) }

// OperationName returns the operation name of a request this package sent
// ("account/users/list", "version"), or "" for any other request. It reads the request's context, so
// a caller's RoundTripper or an otelhttp span-name formatter can name spans
// and metrics by it.
func OperationName(r *http.Request) string { return transport.OperationName(r) }
