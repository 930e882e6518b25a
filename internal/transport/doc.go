// Package transport is the HTTP core shared by every ruapi-go package.
//
// It owns everything that is not specific to one upstream: joining the base URL
// with escaped path parameters, query strings from structs, JSON request bodies,
// authentication (bearer, API-key header, HTTP Basic), retries with backoff that
// honors Retry-After and never re-sends a non-idempotent call, response size
// limits, the user agent, redacted slog logging, and the shared error type with
// its sentinels.
//
// Upstream packages (ati, servicemanager, aeza, dataprovider) add only their
// envelopes and endpoints: they build a [Request], call [Client.Do], and read the
// [Response] with an [ErrorDecoder] of their own.
package transport

// Version is the ruapi-go release this transport belongs to. It is sent in the
// User-Agent header as "ruapi-go/<Version>".
const Version = "0.1.0"
