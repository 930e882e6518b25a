// Package servicemanager is a client for the external API (ext_api) of the
// 1C Service Manager ("Менеджер сервиса"), the administration back end of
// 1cfresh.com and of on-premise 1C:Fresh installations.
//
// Every method is a POST of a JSON envelope to {base}/hs/ext_api/execute:
// the method's parameters at the top level plus a general block (type "usr",
// the method name, an optional interface version and debug flag) and an auth
// block naming the subscriber (абонент) the call acts for. The client asks
// the server's ExtAPI version once ([Client.ServerVersion]) and, from version
// 19, sends the method in the URL instead (/execute/{type}/{method}) with no
// general block, as 1C's own library does; [WithMethodInURL],
// [WithMethodInBody] and [WithServerVersion] fix the form or the version. A
// field the server's version lacks is refused before sending
// ([ErrUnsupportedVersion]).
//
// Services: the subscriber side (Accounts, Users, Servants, ServantTariffs),
// a partner's side (Customers, CustomerSubscriptions), and Subscriptions,
// Tenants, Sessions, Backups, Tariffs, Bills, Tasks, Applications,
// PromoCodes and AccountingSystems. Each typed method's doc comment names the
// source of its fields (ITS, 1C's library BTS, a public script); [Methods]
// lists every method of the groups, typed or Call only. Calls answered with
// 10202 ("still running") are waited for with a [Poll]:
// [TenantsService.Wait], [SessionsService.WaitList] and [Client.CallUntilDone].
//
// Auth is HTTP Basic with a service user's login and password
// ([WithBasicAuth]) or a bearer token ([WithBearerToken]).
//
// Errors are in band: the server answers HTTP 200 with general.error = true
// and a response code such as 10406; these come back as an [*Error] with
// Code "10406", the server's message and the method name. [CodeOf] gives the
// code as a typed [Code] (compare it with [CodeUnknownAttribute], ...); 10404
// matches [ErrNotFound], 10409 [ErrCodeAlreadyExists], 10400 and 10406
// [ErrCodeInvalidParams]. A non-200 status is an [*Error] with the status and a short
// excerpt of the body. The general block of a response (sm_version,
// sm_timezone, version) is in [ResponseInfo].General ([WithResponseInto]) and
// is returned by [Client.Call].
// A 2xx answer is a success only when it carries a general block with a
// success code; one without it ({}, {"general":null}, an empty body) and one
// without the object a method returns (account/info with no "account") is an
// [*Error] matching [ErrDecode], never an invented empty value.
//
// Field types: most fields beyond the seed's account methods come from 1C's
// library code (BTS) and public scripts, not from captured answers, so their
// JSON types are not settled. A member that arrives as another JSON type
// never fails the whole answer: a text field keeps the value's text
// (5 → "5"), a number field reads a string holding a number ("12345"), a
// bool field reads "true"/"1", and anything else reads as zero (nil for an
// object or list). Only a body that is not JSON at all is an [ErrDecode].
//
// Retries: since every call is a POST, the read methods (list, info,
// attached_info, check_list, file tokens, tariffs, version) are marked safe
// and retried on connection errors, 429, 502, 503 and 504; changes (create*,
// update*, execute, terminate, ...) are sent exactly once.
//
// Usage:
//
//	c, err := servicemanager.NewClient("https://1cfresh.com/a/adm",
//		servicemanager.WithBasicAuth(login, password))
//	if err != nil { ... }
//	users, err := c.Users.List(ctx, 1010)
//	if errors.Is(err, servicemanager.ErrNotFound) { ... }
//
// Methods known by name only (tenant/get_demo, bill/email_create, ...; see
// [Methods]) are reached with [Client.Call] and [Client.CallReadOnly] and the
// Method* constants.
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
// A user whose creation is outcome-unknown is settled by its login ([UsersService.Info]), an invoice by your own BillID ([BillsService.Info]).
package servicemanager
