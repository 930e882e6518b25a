package main

// The table: every option, call option, sentinel, alias and thin wrapper
// that the packages share, with the packages that have it. A doc is plain
// text, wrapped when written; a line that starts with a tab is kept as is
// (a code block). Docs and code are text/template templates over a [pkg]:
// {{.Upstream}} names the upstream in a sentence, {{.Name}} the package,
// {{v "key"}} one of the package's Vars. A package's Docs replace an entry's
// doc for that package only.

// clients are the four client packages, fakes their test kits.
var (
	clients = []string{"ati", "aeza", "servicemanager", "dataprovider"}
	fakes   = []string{"atitest", "aezatest", "smtest", "dptest"}
)

// group is a var or const block whose members are entries naming it.
type group struct {
	tok string // "var" or "const"
	doc string
}

var groups = map[string]group{
	"sentinels": {"var", "Sentinel errors, matched with errors.Is against any error a call returns."},
	"outcome": {"var", "Outcome sentinels, matched with errors.Is against any error a call returns. A failure " +
		"matches ErrNotSent or ErrOutcomeUnknown, or neither when {{.Upstream}} answered (an [*Error] with a status " +
		"and a code); the call's [ResponseInfo].Outcome says the same."},
	"outcomes": {"const", "The outcomes of a call."},
	"wait":     {"var", "Sentinels of a wait ({{v \"waits\"}})."},
}

// entry is one shared declaration.
type entry struct {
	name    string
	in      []string // the packages that have it
	group   string   // a key of groups, for a member of a var or const block
	doc     string
	code    string // the declaration without its doc (a block member: "X = y")
	alias   string // "transport.Error": the doc ends with the aliased type's declaration
	imports []string
}

const (
	transportPkg  = "github.com/ruapi/ruapi-go/internal/transport"
	decimalPkg    = "github.com/ruapi/ruapi-go/internal/decimal"
	fakeserverPkg = "github.com/ruapi/ruapi-go/internal/fakeserver"
)

// sources maps an alias's package qualifier to its directory in the module.
var sources = map[string]string{
	"transport":  "internal/transport",
	"decimal":    "internal/decimal",
	"fakeserver": "internal/fakeserver",
}

// option is the body of an option that sets one thing through the
// transport's Config.
func option(sig, call string) string {
	return "func " + sig + " Option {\nreturn func(s *settings) error { {{pre}}return s." + call + " }\n}"
}

// authOption is the body of an auth option: the package's check, if it
// names one, then the one auth rule (transport's Config.SetAuth, or the
// package's wrapper of it): a second auth source is ErrInvalidArgument.
func authOption(sig, args, auth string) string {
	return "func " + sig + " Option {\nreturn func(s *settings) error {\n" +
		"{{check " + args + "}}return s.{{v \"setAuth\"}}(transport." + auth + ")\n}\n}"
}

var (
	four      = clients
	withBase  = []string{"ati", "aeza", "servicemanager"}
	auths     = []string{"servicemanager", "dataprovider"}
	tokenSrcs = []string{"ati", "servicemanager", "dataprovider"}
	noSM      = []string{"ati", "aeza", "dataprovider"}
	waits     = []string{"aeza", "servicemanager"}
	decimals  = []string{"ati", "aeza"}
	tp        = []string{transportPkg}
)

var table = []entry{
	// Client options.
	{name: "WithBaseURL", in: withBase, doc: "WithBaseURL sets the base URL (default [DefaultBaseURL]).",
		code: option("WithBaseURL(u string)", "SetBaseURL(u)")},
	{name: "WithHTTPClient", in: four, doc: "WithHTTPClient sets the HTTP client requests go through. It is copied, never modified.",
		code: option("WithHTTPClient(hc *http.Client)", "SetHTTPClient(hc)"), imports: []string{"net/http"}},
	{name: "WithUserAgent", in: four, doc: "WithUserAgent appends ua to the \"ruapi-go/<version>\" User-Agent.",
		code: option("WithUserAgent(ua string)", "SetUserAgent(ua)")},
	{name: "WithRetry", in: four, doc: "WithRetry sets the retry policy (default [DefaultRetryPolicy]).",
		code: option("WithRetry(p RetryPolicy)", "SetRetry(p)")},
	{name: "WithLogger", in: four, doc: "WithLogger logs every attempt, redacted, through l; nil turns logging off.",
		code: option("WithLogger(l *slog.Logger)", "SetLogger(l)"), imports: []string{"log/slog"}},
	{name: "WithTimeout", in: four, doc: "WithTimeout bounds a whole call, retries included (default 30 s).",
		code: option("WithTimeout(d time.Duration)", "SetTimeout(d)"), imports: []string{"time"}},
	{name: "WithMaxBodyBytes", in: four, doc: "WithMaxBodyBytes caps a successful response body (default 64 MiB; error " +
		"bodies are capped at 1 MiB). Memory follows what arrives, never a declared Content-Length, and a larger body " +
		"fails with ErrBodyTooLarge after holding about n bytes at most.",
		code: option("WithMaxBodyBytes(n int64)", "SetMaxBodyBytes(n)")},
	{name: "WithRateLimit", in: four, doc: "WithRateLimit limits the client to perSecond requests a second, in bursts " +
		"of at most burst; every attempt waits its turn inside the call's context. {{v \"noLimit\"}}, so the default is none; " +
		"perSecond <= 0 keeps it off.",
		code: option("WithRateLimit(perSecond float64, burst int)", "SetRateLimit(perSecond, burst)")},
	{name: "WithRateLimiter", in: four, doc: "WithRateLimiter makes the client wait for l before every attempt; clients " +
		"may share it. nil turns client-side limiting off.",
		code: option("WithRateLimiter(l *rate.Limiter)", "SetRateLimiter(l)"), imports: []string{"golang.org/x/time/rate"}},
	{name: "WithReadOnly", in: four, doc: "WithReadOnly makes {{v \"readOnlyWho\"}} refuse, with [ErrReadOnly] and before " +
		"anything is sent, every call that changes state or moves money, escape hatches included: {{v \"readOnlyEscape\"}}. " +
		"Reads go through: {{v \"readOnlyReads\"}}. For dashboards, monitors and reporting jobs that hold a real key.",
		code: option("WithReadOnly()", "SetReadOnly()")},
	{name: "WithDryRun", in: four, doc: "WithDryRun makes every call that would change state build and validate its " +
		"request completely and return it as a [*DryRunRequest] error instead of sending it; reads are sent as usual. " +
		"With [WithReadOnly] too, a change is returned as a dry run (nothing is sent either way).",
		code: option("WithDryRun()", "SetDryRun()")},

	// Auth options: each goes through the one auth rule.
	{name: "WithBasicAuth", in: auths, doc: "WithBasicAuth authenticates with HTTP Basic auth.",
		code: authOption("WithBasicAuth({{v \"basicUser\"}}, password string)", "(v \"basicUser\") \"password\"", "Basic({{v \"basicUser\"}}, password)")},
	{name: "WithBearerToken", in: auths, doc: "WithBearerToken authenticates with \"Authorization: Bearer <token>\".",
		code: authOption("WithBearerToken(token string)", "\"token\"", "Bearer(token)")},
	{name: "WithHeaderAuth", in: []string{"dataprovider"}, doc: "WithHeaderAuth sends key in the given header.",
		code: authOption("WithHeaderAuth(header, key string)", "\"header\" \"key\"", "APIKey(header, key)")},
	{name: "WithTokenSource", in: tokenSrcs, doc: "WithTokenSource authenticates with bearer tokens from ts, fetched for " +
		"every attempt (wrap a refreshing source in oauth2.ReuseTokenSource). Tokens are scrubbed from errors and logs, " +
		"and a 401 after which ts yields a different token is retried once for reads. It conflicts with the other auth options.",
		code: "func WithTokenSource(ts oauth2.TokenSource) Option {\nreturn func(s *settings) error {\n" +
			"if ts == nil {\nreturn fmt.Errorf(\"token source is nil: %w\", ErrInvalidArgument)\n}\n" +
			"return s.{{v \"setAuth\"}}(transport.TokenSource(ts))\n}\n}",
		imports: []string{"fmt", "golang.org/x/oauth2"}},

	// Call options.
	{name: "CallOption", in: four, alias: "transport.CallOption", doc: "CallOption changes one call. Every service method " +
		"and {{v \"escape\"}} take trailing opts ...CallOption: [WithResponseInto], [WithHeader], [WithCallTimeout], " +
		"[WithCallRetry] and [WithCallDryRun].", code: "type CallOption = transport.CallOption", imports: tp},
	{name: "ResponseInfo", in: noSM, alias: "transport.ResponseInfo", doc: "ResponseInfo is a call's response metadata, " +
		"filled by [WithResponseInto] on success and on failure: the status (0 when no answer came), the final " +
		"response's headers (credentials redacted), the request id, the attempts, the time the whole call took, the " +
		"rate-limit counters (see [RateLimit]), the operation name (as [OperationName] reads it) and the [Outcome].",
		code: "type ResponseInfo = transport.ResponseInfo", imports: tp},
	{name: "RateLimit", in: four, alias: "transport.RateLimit", doc: "RateLimit holds the rate-limit counters of a " +
		"response (X-Ratelimit-* or the IETF RateLimit-* headers); each is -1 when the upstream did not send it, so " +
		"that unknown is never mistaken for zero.", code: "type RateLimit = transport.RateLimit", imports: tp},
	{name: "WithResponseInto", in: noSM, doc: "WithResponseInto stores the call's response metadata in *info, on success " +
		"and on failure alike. Give each concurrent call its own ResponseInfo.",
		code: "func WithResponseInto(info *ResponseInfo) CallOption { return transport.WithResponseInto(info) }", imports: tp},
	{name: "WithHeader", in: four, doc: "WithHeader adds a header to this call only (a trace id, say). It cannot replace " +
		"the client's credentials.",
		code: "func WithHeader(key, value string) CallOption { return transport.WithHeader(key, value) }", imports: tp},
	{name: "WithCallTimeout", in: four, doc: "WithCallTimeout bounds this call, retries and waits included.",
		code: "func WithCallTimeout(d time.Duration) CallOption { return transport.WithCallTimeout(d) }", imports: []string{"time", transportPkg}},
	{name: "WithCallRetry", in: four, doc: "WithCallRetry replaces the client's retry policy for this call; RetryPolicy{} " +
		"sends it once. It never makes a call that is always sent once retryable.",
		code: "func WithCallRetry(p RetryPolicy) CallOption { return transport.WithCallRetry(p) }", imports: tp},
	{name: "WithCallDryRun", in: four, doc: "WithCallDryRun is [WithDryRun] for one call: if the call would change state, " +
		"it returns the request it would send as a [*DryRunRequest] error instead of sending it. A read is sent as usual.",
		code: "func WithCallDryRun() CallOption { return transport.WithCallDryRun() }", imports: tp},
	{name: "OperationName", in: four, doc: "OperationName returns the operation name of a request this package sent " +
		"({{v \"ops\"}}), or \"\" for any other request. It reads the request's context, so a caller's RoundTripper or an " +
		"otelhttp span-name formatter can name spans and metrics by it.",
		code: "func OperationName(r *http.Request) string { return transport.OperationName(r) }", imports: []string{"net/http", transportPkg}},

	// Errors.
	{name: "Error", in: four, alias: "transport.Error", doc: "{{v \"errorIntro\"}}\n\nError is the shared error type of " +
		"every ruapi-go package, so one errors.As works across them. Match it with errors.As to an *Error, and classes " +
		"of failure with errors.Is and the Err* sentinels of this package.", code: "type Error = transport.Error", imports: tp},
	{name: "RetryPolicy", in: four, alias: "transport.RetryPolicy", doc: "RetryPolicy says when and how long a client " +
		"waits before sending a request again. Only connection errors and HTTP 429, 502, 503 and 504 are retried, and " +
		"only for calls that are safe to send twice.", code: "type RetryPolicy = transport.RetryPolicy", imports: tp},
	{name: "DefaultRetryPolicy", in: []string{"aeza", "servicemanager", "dataprovider"}, doc: "DefaultRetryPolicy returns " +
		"the policy used when none is given: 3 retries, 250 ms doubling to at most 5 s, Retry-After honored up to 1 minute.",
		code: "func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }", imports: tp},
	{name: "ErrNotFound", in: four, group: "sentinels", doc: "ErrNotFound: the object does not exist (HTTP 404).", code: "ErrNotFound = transport.ErrNotFound", imports: tp},
	{name: "ErrUnauthorized", in: four, group: "sentinels", doc: "ErrUnauthorized: the credentials were rejected (HTTP 401).", code: "ErrUnauthorized = transport.ErrUnauthorized", imports: tp},
	{name: "ErrForbidden", in: four, group: "sentinels", doc: "ErrForbidden: not allowed (HTTP 403).", code: "ErrForbidden = transport.ErrForbidden", imports: tp},
	{name: "ErrPaymentRequired", in: four, group: "sentinels", doc: "ErrPaymentRequired: HTTP 402.", code: "ErrPaymentRequired = transport.ErrPaymentRequired", imports: tp},
	{name: "ErrRateLimited", in: four, group: "sentinels", doc: "ErrRateLimited: too many requests (HTTP 429), after any retries.", code: "ErrRateLimited = transport.ErrRateLimited", imports: tp},
	{name: "ErrServer", in: four, group: "sentinels", doc: "ErrServer: {{.Upstream}} failed (HTTP 5xx), after any retries.", code: "ErrServer = transport.ErrServer", imports: tp},
	{name: "ErrDecode", in: four, group: "sentinels", doc: "ErrDecode: the body is not the JSON the call expects.", code: "ErrDecode = transport.ErrDecode", imports: tp},
	{name: "ErrBodyTooLarge", in: four, group: "sentinels", doc: "ErrBodyTooLarge: the response body is over the size cap.", code: "ErrBodyTooLarge = transport.ErrBodyTooLarge", imports: tp},
	{name: "ErrRedirect", in: four, group: "sentinels", doc: "ErrRedirect: {{.Upstream}} answered with a redirect the " +
		"client does not follow (to another origin, or of a request that is not a GET or HEAD or that carries a body). " +
		"It is never retried.", code: "ErrRedirect = transport.ErrRedirect", imports: tp},
	{name: "ErrInvalidArgument", in: four, group: "sentinels", doc: "ErrInvalidArgument: the call (or the client) was " +
		"refused before anything was sent.", code: "ErrInvalidArgument = transport.ErrInvalidArgument", imports: tp},

	// Outcomes and dry runs.
	{name: "ErrNotSent", in: four, group: "outcome", doc: "ErrNotSent: nothing of the request reached {{.Upstream}} (or " +
		"every attempt that did was answered with a failure and the next one was not sent): an invalid argument (every " +
		"ErrInvalidArgument matches it), a read-only or dry-run refusal, a context or rate-limiter wait that ended " +
		"first, a token source that failed, a DNS, dial or TLS failure. Safe to send again.", code: "ErrNotSent = transport.ErrNotSent", imports: tp},
	{name: "ErrOutcomeUnknown", in: four, group: "outcome", doc: "ErrOutcomeUnknown: the request was written (or may " +
		"have been) and no complete answer came: a timeout after the write, a connection closed or reset before or " +
		"while the answer was read, a success whose body was cut, and for a call that changes state a proxy's HTML " +
		"page for 502 or 504 (the *Error is still there). {{v \"UpstreamCap\"}} may have acted: look before " +
		"sending a change again. A call that changes state is outcome-unknown when any of its attempts was.",
		code: "ErrOutcomeUnknown = transport.ErrOutcomeUnknown", imports: tp},
	{name: "ErrReadOnly", in: four, group: "outcome", doc: "ErrReadOnly: a client made with [WithReadOnly] refused a " +
		"call that changes state or moves money, before sending anything. It matches ErrNotSent too.", code: "ErrReadOnly = transport.ErrReadOnly", imports: tp},
	{name: "ErrDryRun", in: four, group: "outcome", doc: "ErrDryRun: a dry run ([WithDryRun], [WithCallDryRun]) built " +
		"the request and did not send it; the error is a [*DryRunRequest]. It matches ErrNotSent too.", code: "ErrDryRun = transport.ErrDryRun", imports: tp},
	{name: "Outcome", in: four, alias: "transport.Outcome", doc: "Outcome says whether a call's request reached the " +
		"upstream: OutcomeNotSent, OutcomeAnswered or OutcomeUnknown. [ResponseInfo].Outcome holds it for every call " +
		"and [OutcomeOf] reads it from an error.", code: "type Outcome = transport.Outcome", imports: tp},
	{name: "OutcomeNotSent", in: four, group: "outcomes", doc: "OutcomeNotSent: nothing was sent; see [ErrNotSent].", code: "OutcomeNotSent = transport.OutcomeNotSent", imports: tp},
	{name: "OutcomeAnswered", in: four, group: "outcomes", doc: "OutcomeAnswered: the upstream answered, with a success or a failure.", code: "OutcomeAnswered = transport.OutcomeAnswered", imports: tp},
	{name: "OutcomeUnknown", in: four, group: "outcomes", doc: "OutcomeUnknown: written, no complete answer; see [ErrOutcomeUnknown].", code: "OutcomeUnknown = transport.OutcomeUnknown", imports: tp},
	{name: "OutcomeOf", in: four, doc: "OutcomeOf returns the outcome err says: OutcomeUnknown when it matches " +
		"[ErrOutcomeUnknown], OutcomeNotSent when it matches [ErrNotSent], and OutcomeAnswered for any other error " +
		"(an answer of the upstream) or nil.", code: "func OutcomeOf(err error) Outcome { return transport.OutcomeOf(err) }", imports: tp},
	{name: "DryRunRequest", in: four, alias: "transport.DryRunRequest", doc: "DryRunRequest is the request a dry run " +
		"built instead of sending it, with every credential and secret the call knows replaced by \"[REDACTED]\". It is " +
		"the error the call returns (matching [ErrDryRun] and [ErrNotSent]); take it with errors.As.",
		code: "type DryRunRequest = transport.DryRunRequest", imports: tp},

	// The escape hatch.
	{name: "Request", in: []string{"ati", "aeza", "dataprovider"}, alias: "transport.EscapeRequest", doc: "Request is a " +
		"call through [Client.Do]: an endpoint this package does not wrap. Path is relative to the base URL " +
		"({{v \"doPath\"}}); build paths with parameters using url.PathEscape. Operation names the call for " +
		"[OperationName], logs and errors (\"do\" when empty).", code: "type Request = transport.EscapeRequest", imports: tp},

	// Secrets.
	{name: "Password", in: []string{"aeza", "dataprovider"}, alias: "transport.Password", doc: "Password is a secret " +
		"sent to {{.Upstream}} in a JSON body. It is sent as is on the wire, but prints as \"[REDACTED]\" with fmt, in " +
		"text encodings and in slog; its Reveal method returns it.", code: "type Password = transport.Password", imports: tp},

	// Waits.
	{name: "ErrStillRunning", in: waits, group: "wait", doc: "ErrStillRunning: the wait's deadline came before what it waited for was done.",
		code: "ErrStillRunning = transport.ErrStillRunning", imports: tp},
	{name: "ErrWaitFailed", in: waits, group: "wait", doc: "ErrWaitFailed: what the wait waited for reached a state from which it will not become the wanted one; the wait ended at the check that saw it.",
		code: "ErrWaitFailed = transport.ErrWaitFailed", imports: tp},
	{name: "MinPollInterval", in: waits, doc: "MinPollInterval is the shortest wait between two checks (500 ms): a " +
		"shorter interval (such as 1, meaning 1 ns) is raised to it, so that a wait never floods {{.Upstream}}.",
		code: "const MinPollInterval = transport.MinPollInterval", imports: tp},

	// Decimals.
	{name: "Decimal", in: decimals, alias: "decimal.Decimal", doc: "{{v \"decimalIntro\"}}\n\nThe zero value is 0. " +
		"Decimals are immutable values, safe to copy and share. They decode from JSON numbers and from strings holding " +
		"a number (null and \"\" decode as 0) and encode as JSON numbers with the same digits and scale; an exponent is " +
		"written out (1e3 encodes as 1000) and a negative zero loses its sign (-0.00 is 0.00). fmt prints the number: " +
		"%v and %s with its own digits, %.2f rounded exactly. Build one with [ParseDecimal], [MustDecimal] or " +
		"[NewDecimal]. Decimal is shared with the other ruapi-go packages ({{v \"otherDecimal\"}} is the same type).",
		code: "type Decimal = decimal.Decimal", imports: []string{decimalPkg}},
	{name: "ParseDecimal", in: decimals, doc: "ParseDecimal parses a decimal number in JSON number syntax (\"12\", " +
		"\"-0.5\", \"1.25e3\"); an exponent may be at most ±1000.",
		code: "func ParseDecimal(s string) (Decimal, error) {\nd, err := decimal.Parse(s)\nif err != nil {\n" +
			"return Decimal{}, fmt.Errorf(\"{{.Name}}: %w\", err)\n}\nreturn d, nil\n}", imports: []string{"fmt", decimalPkg}},
	{name: "MustDecimal", in: decimals, doc: "MustDecimal is ParseDecimal for constants in code and tests; it panics on " +
		"a malformed literal, so never give it input.",
		code: "func MustDecimal(s string) Decimal {\nd, err := ParseDecimal(s)\nif err != nil {\npanic(err)\n}\nreturn d\n}"},
	{name: "NewDecimal", in: decimals, doc: "NewDecimal returns coef × 10^-scale ({{v \"newDecimal\"}}). It is for " +
		"constants in code: scale must be within ±1000, and another scale panics.",
		code: "func NewDecimal(coef int64, scale int32) Decimal { return decimal.New(coef, scale) }", imports: []string{decimalPkg}},

	// The fakes.
	{name: "Fault", in: fakes, alias: "fakeserver.Fault", doc: "Fault is a canned answer the fake serves instead of " +
		"handling a request (see InjectFault). RetryAfter is a time.Duration: write 30 * time.Second, not 30 (which " +
		"is 30 ns); the fake sends it as a Retry-After header in seconds, rounded up.",
		code: "type Fault = fakeserver.Fault", imports: []string{fakeserverPkg}},
}
