package dataprovider

import (
	"net/http"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// CallOption changes one call. Every service method and [Client.Do] take
// trailing opts ...CallOption: [WithResponseInto], [WithHeader],
// [WithCallTimeout], [WithCallRetry] and [WithCallDryRun].
type CallOption = transport.CallOption

// ResponseInfo is a call's response metadata, filled by [WithResponseInto] on
// success and on failure. Its fields: StatusCode (0 when no answer came),
// Header (the final response's headers, credentials redacted), RequestID (the
// upstream's X-Request-Id or X-Correlation-Id), Attempts (how many times the
// request was sent), Elapsed (the whole call, retries and waits included),
// RateLimit (the rate-limit counters the upstream sent, see [RateLimit]),
// Operation (the call's name, as [OperationName] reads it) and Outcome
// (whether the request reached the upstream, see [Outcome]).
type ResponseInfo = transport.ResponseInfo

// RateLimit holds the rate-limit counters of a response (X-Ratelimit-* or the
// IETF RateLimit-* headers). Its fields: Limit (requests allowed in the
// window), Remaining (requests left in it) and Reset (the time until it
// resets); each is -1 when the upstream did not send it, so that unknown is
// never mistaken for zero. Its method Known reports whether any was sent.
type RateLimit = transport.RateLimit

// WithResponseInto stores the call's response metadata in *info, on success
// and on failure alike. Give each concurrent call its own ResponseInfo.
func WithResponseInto(info *ResponseInfo) CallOption { return transport.WithResponseInto(info) }

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
// ("contracts.byUser", "auth.check"), or "" for any other request. It reads the request's context, so
// a caller's RoundTripper or an otelhttp span-name formatter can name spans
// and metrics by it.
func OperationName(r *http.Request) string { return transport.OperationName(r) }
