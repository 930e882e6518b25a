// Package ati is a typed client for the ATI.SU API: the billing balance
// (GET /v1.0/balance) and the organizations catalog (organizations, their
// addresses and contact persons, /v1.2/catalogs/organizations/...).
//
// Authentication is a bearer token (a permanent token from id.ati.su or an
// OAuth 2.0 access token). [WithIntegratorCode] sends ATI's requested
// "User-Agent: ati_integrator_<code>" and [WithOAuth2Gateway] switches every
// catalog call to the /gw/oauth2/catalogs/v1.2/... paths.
//
// Errors are *[Error] values: billing answers {"error","reason"}, catalogs
// {"error_code","reason"}; both land in Error.Code and Error.Message, and the
// status maps to the shared sentinels (401 [ErrUnauthorized], 402
// [ErrPaymentRequired], 403 [ErrForbidden], 404 [ErrNotFound], 429
// [ErrRateLimited], 5xx [ErrServer]).
//
// The balance is a [Decimal], kept exactly as ATI sent it (1234.50 stays
// 1234.50). Update replaces the whole record: build its input from the
// fetched record with [Organization.Input] (and [Address.Input],
// [ContactPerson.Input]) and change only what you mean to change. Nullable
// fields are pointers with nil-safe getters ([Organization.GetINN]).
//
// Reads, PUT and DELETE retry on connection errors, 429, 502, 503 and 504
// with ATI's advised backoff (100 ms, doubling); creates (POST) are sent once.
//
//	c, err := ati.NewClient(token, ati.WithIntegratorCode("12345"))
//	if err != nil { ... }
//	bal, err := c.Billing.Balance(ctx)
//	orgs, err := c.Organizations.List(ctx)
//
// Tokens: ATI issues either a permanent token (created at
// id.ati.su/apps/<client_id> once ATI's integration consultants have given the
// integrator a client_id) or OAuth 2.0 access tokens
// (ati.su/developers/auth/auth-v2): a user grants access at
// https://id.ati.su/oauth2/, the integrator exchanges the code, and later the
// refresh token, at https://api.ati.su/oauth2/token, and each access token
// lasts about 7200 s. Pass a permanent token to [NewClient]; for OAuth use
// [OAuthConfig] (JSON token requests as ATI's page shows them, expiry from
// expires_in or expire_time, rotated refresh tokens handed to OnToken) and
// pass "" and [WithTokenSource] with its TokenSource:
//
//	conf := &ati.OAuthConfig{ClientID: id, ClientSecret: secret, RedirectURL: cb}
//	http.Redirect(w, r, conf.AuthCodeURL(state), http.StatusFound)
//	tok, err := conf.Exchange(ctx, code) // in the callback
//	c, err := ati.NewClient("", ati.WithTokenSource(conf.TokenSource(ctx, tok)))
//
// [Endpoint] remains for golang.org/x/oauth2 (form-encoded token requests).
// atitest's fake serves the authorize redirect and the token endpoint too. The
// client keeps under ATI's 10 requests a second by default ([DefaultRateLimit]).
//
// Safety: a redirect is followed only to the same origin and only for a GET or
// HEAD without a body; any other is an *[Error] matching [ErrRedirect], never
// retried. The credential and every secret a call carries (a secret-named body member)
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
// An organization whose creation is outcome-unknown is found by its INN with [OrganizationsService.FindByINN].
package ati

//go:generate go run ./internal/gengetters
