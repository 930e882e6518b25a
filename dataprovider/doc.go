// Package dataprovider serves both sides of the operator "Data Provider" contract
// API (document "Требования к интеграции", version #16): a subscriber platform
// calls an operator's provider API to read users, contracts, services, tariffs
// and charges; the operator implements that API and notifies the platform
// through callbacks.
//
// The package offers a [Client] for the provider API (the platform's side), a
// server kit ([Provider], [NewHandler] and [NewServer]) for operators, and a
// [CallbackClient] for the platform's callback endpoints.
//
// The server kit fails closed: [NewHandler] returns an error unless exactly
// one of [RequireBasicAuth] or [RequireBearer] (with non-empty credentials) or
// an explicit [AllowUnauthenticated] is given, and [NewServer] wraps it in an
// *http.Server with read, write, idle and header timeouts. Each [Provider]
// call ends before the server's WriteTimeout (or at [WithProviderTimeout]):
// its context is canceled and the platform gets a 504, even if the call
// never returns.
//
// Authentication of the provider API is not specified by the document: use
// [WithBasicAuth], [WithBearerToken], [WithHeaderAuth] or nothing. Callbacks use HTTP
// Basic auth. All money amounts are integers in kopecks ([Kopecks]).
//
// Errors are *[Error]; 404 matches [ErrNotFound], 401 [ErrUnauthorized] (for
// [AuthService.Check], wrong credentials). Reads retry on 429/502/503/504;
// the auth call (POST) does not retry; callbacks are marked safe to retry.
//
//	c, err := dataprovider.NewClient("https://billing.example.net", dataprovider.WithBasicAuth("core", "secret"))
//	id, err := c.Auth.Check(ctx, "1595", "58208891")
//	contracts, err := c.Contracts.ByUser(ctx, id)
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
// Both [NewClient] and [NewCallbackClient] take [WithReadOnly]; every callback changes state.
package dataprovider
