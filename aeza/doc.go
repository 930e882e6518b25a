// Package aeza is a typed client for the Aeza hosting billing API
// (https://my.aeza.net/api): the account, the product catalog, the user's
// services and their control, orders, and payments.
//
// # Authentication
//
// Every call sends the API key in the X-API-Key header. Keys are created in the
// billing UI (my.aeza.net/settings/apikeys) and give full access to the
// account; the key never appears in errors or logs.
//
// # Envelopes
//
// Aeza wraps every answer in {"data": ...}; lists come as
// {"data": {"items": [...], "total": N, "edit": ...}} and are returned as
// [List]. Entities fetched by id arrive as one-item lists and are returned as
// one value. Errors come as {"error": {"slug", "message", "data"}}, with a
// failing status or with 200: both are returned as *[Error] whose Code is the
// slug. Every list call has an All form, an iter.Seq2 that pages with
// offset/count until total.
//
// # Two APIs
//
// Aeza serves an older API under /api and a newer one under /api/v2, on the
// same key; each method uses the one that has its call, so a caller never
// names it. Where both have a call, the method's doc says which to prefer
// (power control with [ServicesService.Restart], [ServicesService.PowerOff]
// and [ServicesService.PowerOn]; task state with [ServicesService.Info]).
// The newer answers come without the "data" envelope (a "data"-wrapped one
// is read too), lists as {"items", "total"} or bare arrays, dates as ISO
// strings, money as [Minor] units of the account's currency, and actions as
// empty 201 or 204 answers; their lists page with [PageOptions] and have the
// same All iterators. Every call of the newer API that is not a read is sent
// exactly once.
//
// # Retries and money
//
// Reads are retried on connection errors, 429, 502, 503 and 504 (see
// [RetryPolicy]). Calls that spend money (orders, prolongation, invoices) are
// sent exactly once, whatever happens; so are service control (suspend,
// resume, reboot) and reinstall, which are POSTs with side effects.
//
// # Per-call options, rate limits and tracing
//
// Every method, [Client.Do] and the All iterators take trailing
// opts ...[CallOption]: [WithResponseInto] (the status, headers, request id,
// attempts, elapsed time and rate-limit counters, on success and on failure),
// [WithHeader], [WithCallTimeout] and [WithCallRetry], which never makes a call
// that spends money retryable. Aeza sends X-Ratelimit-Limit, -Remaining and
// -Reset per endpoint; they are read into [RateLimit] (-1 for a counter not
// sent). Aeza publishes no client-wide limit (one unverified source reports 10
// requests a minute per endpoint), so the client limits nothing unless
// [WithRateLimit] or [WithRateLimiter] says so. Each request carries a stable
// operation name ("services.list", "orders.create") that [OperationName]
// reads in a caller's RoundTripper, to name tracing spans and metrics.
//
// # Money and units
//
// Amounts are [Decimal] values kept exactly as the API sent them: this
// package never rescales them and never names a unit it cannot prove. The
// sources disagree on the unit. Aeza's usage page (the seed) says prices are
// in the base currency, roubles; public clients of today read aeza.net
// prices, balances and transactions as minor units (euro cents), and
// aeza.net accounts hold euros. So:
//
//   - [Price], [Account], [Transaction] and [InvoiceRequest] amounts are "as
//     sent"; [Price.DefaultCurrency] and [Account.Currency] name a currency
//     only when the answer does.
//   - [Currency.Convert] takes whole units of the base currency (the seed's
//     formula on the seed's roubles) and [Currency.ConvertMinor] hundredths:
//     which one you call is where you state the unit. Both apply
//     ceil(value × multiplier × 10^round) / 10^round in exact decimal
//     arithmetic. A currency without a multiplier (the zero Currency a
//     failed [Currencies.Find] returns) is [ErrNoMultiplier], and an entry
//     sent without a round [ErrNoRound]: never a silent 0 or a guessed
//     rounding.
//
// # Operating systems and locations
//
// Orders and reinstalls name the operating system with an [OSRef]: a slug
// ("ubuntu_2404", what current servers expect; [OSSlug] or [OS.Ref]) or an
// integer id (older docs; [OSID]). Products point at server groups, which
// hang under location groups: [GroupsService.Tree] and [Groups.Location]
// find a product's country.
//
// Usage:
//
//	c, err := aeza.NewClient(os.Getenv("AEZA_API_KEY"))
//	if err != nil { ... }
//	acct, err := c.Account.Current(ctx)
//	for svc, err := range c.Services.All(ctx, nil) {
//		if err != nil { ... }
//		fmt.Println(svc.ID, svc.Name, svc.Status)
//	}
//
// Package aeza/aezatest is an in-memory Aeza for tests.
//
// Safety: a redirect is followed only to the same origin and only for a GET or
// HEAD without a body; any other is an *[Error] matching [ErrRedirect], never
// retried. The credential and every secret a call carries (a [Password] value or a secret-named body member)
// are scrubbed from errors and logs, as is and in JSON-escaped,
// percent-encoded and base64 forms. Response bodies are read as they arrive,
// capped by [WithMaxBodyBytes] (64 MiB by default): a larger body fails with
// [ErrBodyTooLarge] after holding about that much.
//
// # Did it go out?
//
// Every failure matches [ErrNotSent] (nothing was sent: safe to send again),
// [ErrOutcomeUnknown] (written, no complete answer: the upstream may have
// acted) or neither (the upstream answered: an [*Error]); [ResponseInfo].Outcome
// says the same. [WithReadOnly] refuses every call that changes state with
// [ErrReadOnly] before sending it; [WithDryRun] and [WithCallDryRun] return
// such a call as a [*DryRunRequest] instead of sending it.
// An order that is outcome-unknown is settled by the services created since the attempt, by name: [ServicesService.FindCreatedSince].
package aeza
