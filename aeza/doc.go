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
// slug. The v2 API's errors ({"statusCode", "message", "error", "payload",
// "requestId"}) are returned as *[Error] too: Code is "error" (a dotted
// slug such as service.invalid_status), Message is "message" (an array of
// lines is joined with "; "), Details is "payload" and RequestID
// "requestId". Every list call has an All form, an iter.Seq2 that pages with
// offset/count until total.
//
// Many fields are known only from one public client's code, not from a
// captured answer. Products, services, groups, accounts, orders and
// transactions decode them tolerantly: a member of an unexpected JSON type
// (a price's defaultCurrency sent as a bool, say) reads as zero and stays in
// the entity's Raw, instead of failing the whole answer. Only an entity's
// own id must be an integer.
//
// # Base URL
//
// The API lives under /api: https://my.aeza.net/api (the default). The v2
// calls use the same base URL (v2/... below it). A base URL on Aeza's own
// hosts without /api (https://my.aeza.net, https://aeza.net) only ever gets
// the gateway's "Proxy internal server error", so [NewClient] refuses it and
// says what to pass. Any other host (a proxy, a test server) is taken as
// given.
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
// Orders go in the v2 form by default (POST v2/services/orders, the body
// Aeza support gave in writing); [WithOrderForm] picks the legacy one. A
// failed order is never sent again in the other form: it may have gone
// through. An order answer that names no order and no service is an error
// matching [ErrDecode], never an empty success (see [OrdersService.Create]).
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
// Aeza sends every amount in minor units of the account's currency: euro
// cents on aeza.net (whose accounts hold euros only, in Aeza support's
// words), kopecks on aeza.ru. Prices (a product's prices, rawPrices,
// installPrice, a service's rawPrices), balances and transaction amounts
// alike: every public client that shows the unit divides them by 100 (a
// balance bot on both hosts, the Terraform provider, a CLI; a live probe
// read month: 457 as €4.57). Aeza's usage page says prices are "in the base
// currency, roubles": that names the currency of its time, not the unit.
// This is the one unit this package and its examples use.
//
// Amounts are [Decimal] values exactly as sent, never rescaled (a catalog
// price may be fractional, 707.8). For whole units, multiply by
// NewDecimal(1, 2) (exact). [Price.DefaultCurrency] and [Account.Currency]
// name a currency when the answer does.
//
// To show an amount in another currency, use the multipliers of
// payment/currencies ([PaymentsService.Currencies]) with the seed's formula
// ceil(value × multiplier × 10^round) / 10^round, in exact decimal
// arithmetic: [Currency.ConvertMinor] takes an amount as Aeza sent it
// (minor units); [Currency.Convert] takes one already in whole units. A
// currency without a multiplier (the zero Currency a failed
// [Currencies.Find] returns) is [ErrNoMultiplier], and an entry sent
// without a round [ErrNoRound]: never a silent 0 or a guessed rounding.
// payment/currencies may answer HTTP 500 ([ErrServer]) on an aeza.net
// account (Aeza support's word): treat that as "conversion unavailable".
// The multipliers are for display only; never apply one to an amount you
// send back.
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
