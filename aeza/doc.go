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
// # Retries and money
//
// Reads are retried on connection errors, 429, 502, 503 and 504 (see
// [RetryPolicy]). Calls that spend money (orders, prolongation, invoices) are
// sent exactly once, whatever happens; so are service control (suspend,
// resume, reboot) and reinstall, which are POSTs with side effects.
//
// # Money
//
// Amounts are [Decimal] values kept exactly as the API sent them;
// [Convert] and [Currency.Convert] apply Aeza's conversion formula
// ceil(value * multiplier * 10^round) / 10^round in exact decimal arithmetic.
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
package aeza
