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
//
// # Where things are
//
// A call goes through the files in this order: config.go ([Config], its
// setters, the default limits), client.go ([Client], [New], the attempt log
// hooks), request.go ([Request], the URL, query and [Path] helpers),
// outcome.go ([Client.Do] and whether a failed call reached the upstream),
// send.go (the call's steps: prepare, arm, attempt, finish), response.go
// ([Response], error checking and finishing, excerpts, capped body reads) and
// pool.go (the shared connection pool). Auth, retry, redirect, rate-limit,
// guard and redaction each have a file of their own. doc_test.go keeps
// client.go under 400 lines and every function under 80.
package transport

// Version is the ruapi-go release this transport belongs to. It is sent in the
// User-Agent header as "ruapi-go/<Version>".
const Version = "0.1.0"
