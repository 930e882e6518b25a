package main

// pkg is one package the generator writes shared_gen.go into.
type pkg struct {
	// Name is the package name, Dir its directory in the module.
	Name, Dir string
	// Upstream names the upstream in a sentence ("ATI", "the Service Manager").
	Upstream string
	// Vars are the package's words for the table's {{v "key"}}.
	Vars map[string]string
	// Docs replace an entry's doc (or, as "group:<key>", a block's) for this package.
	Docs map[string]string
	// Pre is Go run in an option before it sets its value (ATI notes that
	// a rate limit was chosen).
	Pre map[string]string
	// Check names the package's own validation of an auth option's
	// arguments, a func(args...) error run before the one auth rule.
	Check map[string]string
}

var packages = []pkg{
	{
		Name: "ati", Dir: "ati", Upstream: "ATI",
		Vars: map[string]string{
			"doPath":         `"v1.0/balance"`,
			"setAuth":        "SetAuth",
			"escape":         "[Client.Do]",
			"ops":            `"organizations.list", "billing.balance"`,
			"readOnlyWho":    "the client",
			"readOnlyEscape": "[Client.Do] by its HTTP method (GET reads; POST, PUT, PATCH and DELETE change)",
			"readOnlyReads":  "the department filter ([OrganizationsService.FilterByDepartments], a POST) is a read and stays allowed",
			"errorIntro": "Error is an error answer from ATI. Code holds \"error\" (billing) or \"error_code\" (catalogs) " +
				"and Message holds \"reason\"; for bodies that are not an ATI envelope (an HTML proxy page) Message holds " +
				"a redacted excerpt.",
			"decimalIntro": "Decimal is an exact base-10 number, used for the balance: it keeps the amount exactly as " +
				"ATI sent it (1234.50 stays 1234.50, 0.1 is one tenth, and a balance with more digits than a float64 " +
				"holds keeps them all), with no binary float rounding.",
			"otherDecimal": "aeza.Decimal",
			"newDecimal":   "NewDecimal(10050, 2) is 100.50",
		},
		Docs: map[string]string{
			"WithRateLimit": "WithRateLimit limits the client to perSecond requests a second, in bursts of at most " +
				"burst (default: 9 a second, burst 1, under [DefaultRateLimit]). Every attempt, retries included, waits " +
				"its turn inside the call's context and deadline. perSecond <= 0 turns client-side limiting off. The " +
				"limit is ATI's per contact: clients that share a token should share one limiter ([WithRateLimiter]).",
			"WithRateLimiter": "WithRateLimiter makes the client wait for l before every attempt; several clients (of " +
				"one ATI contact) may share it. nil turns client-side limiting off.",
			"WithTokenSource": "WithTokenSource authenticates with tokens from ts instead of a fixed token (then " +
				"NewClient's token must be \"\"). ATI's OAuth access tokens last about two hours: pass " +
				"[OAuthConfig.TokenSource], which reuses a token until it expires and refreshes it then (one refresh for " +
				"all concurrent callers), and the client fetches a token per attempt. Tokens are scrubbed from errors and " +
				"logs like a fixed one, and a 401 after which ts yields a different token is retried once for reads and " +
				"other calls that may be repeated. It conflicts with a token given to NewClient and with a second " +
				"WithTokenSource.",
			"ErrNotFound":        "ErrNotFound: a 404.",
			"ErrUnauthorized":    "ErrUnauthorized: a 401 (bad or expired token).",
			"ErrForbidden":       "ErrForbidden: a 403.",
			"ErrPaymentRequired": "ErrPaymentRequired: a 402 (not enough atis or paid access needed).",
			"ErrRateLimited":     "ErrRateLimited: a 429 (over 10 requests per second), after any retries.",
		},
		Pre: map[string]string{"WithRateLimit": "s.limitSet = true; ", "WithRateLimiter": "s.limitSet = true; "},
	},
	{
		Name: "aeza", Dir: "aeza", Upstream: "Aeza",
		Vars: map[string]string{
			"doPath":         `"services/products"; a path under "v2/" reaches the newer API`,
			"setAuth":        "SetAuth",
			"escape":         "[Client.Do]",
			"ops":            `"services.list", "orders.create"`,
			"readOnlyWho":    "the client",
			"readOnlyEscape": "[Client.Do] by its HTTP method (GET reads; POST, PUT, PATCH and DELETE change)",
			"readOnlyReads":  "every GET stays allowed",
			"errorIntro": "Error is the error every call returns when Aeza answered with a failure: a non-2xx status, " +
				"an {\"error\": {...}} envelope (with any status, 200 included), or a body that is not the expected " +
				"JSON.\n\nFor this upstream Code holds the envelope's slug (empty when Aeza sent none, as in its HTTP " +
				"500 \"Proxy internal server error\"), Message its message, and Details the raw JSON of its data. Header " +
				"holds the response headers, with the X-Ratelimit-* counters when Aeza sends them (see [RateLimitOf]).",
			"decimalIntro": "Decimal is an exact base-10 number: a money amount, a currency multiplier, a price. It " +
				"keeps the value exactly as Aeza sent it (\"0.0112\" is 112 × 10⁻⁴, not the nearest binary float), and " +
				"its arithmetic ([Decimal.Mul], [Decimal.Ceil], [Convert]) is exact, on math/big integers.",
			"otherDecimal": "ati.Decimal",
			"newDecimal":   "NewDecimal(1999, 2) is 19.99",
			"waits":        "[OrdersService.Wait]",
		},
		Docs: map[string]string{
			"WithBaseURL": "WithBaseURL sets the base URL (default [DefaultBaseURL]). On Aeza's own hosts (aeza.net, " +
				"aeza.ru and their subdomains) it must be the API's root, \".../api\": [NewClient] refuses another path " +
				"there (Aeza's gateway answers every call without /api with \"Proxy internal server error\") and says " +
				"what to pass. Any other host (a proxy, a test server) is taken as given.",
			"WithRetry": "WithRetry sets the retry policy for reads (money-spending calls never retry).",
			"WithRateLimit": "WithRateLimit limits the client to perSecond requests a second, in bursts of at most " +
				"burst. Every attempt, retries included, waits its turn inside the call's context and deadline; " +
				"perSecond <= 0 turns client-side limiting off. Aeza publishes no limit, so none applies by default: it " +
				"sends its per-endpoint counters instead (X-Ratelimit-Limit, -Remaining and -Reset, read from " +
				"[ResponseInfo].RateLimit with [WithResponseInto]), and a client can size its limit from them. Clients " +
				"that share an API key should share one limiter ([WithRateLimiter]).",
			"WithRateLimiter": "WithRateLimiter makes the client wait for l before every attempt; several clients (of " +
				"one API key) may share it. nil turns client-side limiting off.",
			"ErrNotFound":     "ErrNotFound: the object does not exist (HTTP 404, an empty one-item list, or a not-found slug).",
			"ErrUnauthorized": "ErrUnauthorized: the API key was rejected.",
			"ErrForbidden":    "ErrForbidden: not allowed, e.g. the balance is too low for an order or prolongation (HTTP 403).",
			"ErrStillRunning": "ErrStillRunning: the wait's deadline came before the order's services existed (the " +
				"error also matches the context's error).",
			"ErrWaitFailed": "ErrWaitFailed: the order reached a status from which it will not create its services " +
				"(failed, canceled, rejected, deleted, ...); the wait ended at the poll that saw it.",
			"Password": "Password is a secret sent to Aeza (a root password). It is sent as is in JSON bodies, but " +
				"prints as \"[REDACTED]\" with fmt, %v, %+v, %#v and in text encodings (slog), so it never reaches logs " +
				"by accident. Convert a string to it (aeza.Password(\"...\")); its Reveal method returns it.",
		},
	},
	{
		Name: "servicemanager", Dir: "servicemanager", Upstream: "the Service Manager",
		Vars: map[string]string{
			"setAuth":        "SetAuth",
			"basicUser":      "login",
			"escape":         "[Client.Call] (and [Client.CallReadOnly])",
			"ops":            `"account/users/list", "version"`,
			"readOnlyWho":    "the client",
			"readOnlyEscape": "[Client.Call] (use [Client.CallReadOnly] for a method without side effects)",
			"readOnlyReads": "the list and info methods, session/prepare_list (the first step of " +
				"[SessionsService.List]) and the version discovery are reads and stay allowed, though sent over POST",
			"errorIntro": "Error is the error every call returns when the Service Manager answered with a failure.\n\n" +
				"The Service Manager reports API errors in band: HTTP 200 with general.error = true or a " +
				"general.response code other than the success codes (10200, 10201, 10202, 10240). For those, Code holds " +
				"the response code as text (\"10406\"), Message the server's message (for example \"Свойство 'ИНН' не " +
				"найдено.\"), Operation the method name (\"account/update_attached_info\") and Details the raw JSON of " +
				"the general block. [CodeOf] returns the code as a typed [Code] to compare with the Code* constants. " +
				"Code 10404 matches [ErrNotFound]; 10401 and 10403 match [ErrUnauthorized] and [ErrForbidden]; 10409 " +
				"matches [ErrCodeAlreadyExists]; 10400 and 10406 match [ErrCodeInvalidParams].\n\nAny other HTTP status " +
				"is an error with the status and, in Message, a short redacted excerpt of the body (which may be an HTML " +
				"page or a 401 challenge).",
			"noLimit":     "The Service Manager documents no limit",
			"UpstreamCap": "The Service Manager",
			"waits":       "[TenantsService.Wait], [SessionsService.WaitList], [Client.CallUntilDone]",
		},
		Docs: map[string]string{
			"WithBaseURL": "WithBaseURL sets the base URL (the Service Manager publication).",
			"WithRetry":   "WithRetry sets the retry policy for reads (changes are never retried).",
			"WithBasicAuth": "WithBasicAuth authenticates with a service user's login and password (HTTP Basic), the " +
				"Service Manager's usual scheme. A login that is empty or has a colon is refused with ErrInvalidArgument.",
			"WithBearerToken": "WithBearerToken authenticates with \"Authorization: Bearer <token>\". An empty token is " +
				"refused with ErrInvalidArgument.",
			"WithTokenSource": "WithTokenSource authenticates with bearer tokens from ts, fetched for every attempt " +
				"(wrap a refreshing source in oauth2.ReuseTokenSource), instead of a fixed [WithBearerToken]. Tokens are " +
				"scrubbed from errors and logs, and a 401 after which ts yields a different token is retried once for " +
				"read methods. It conflicts with the other auth options.",
			"ErrNotFound":     "ErrNotFound: the object does not exist (in-band code 10404 or HTTP 404).",
			"ErrUnauthorized": "ErrUnauthorized: the credentials were rejected (HTTP 401 or code 10401).",
			"ErrForbidden":    "ErrForbidden: not allowed (HTTP 403 or code 10403).",
			"ErrRedirect": "ErrRedirect: the server answered with a redirect the client does not follow (every " +
				"ext_api call is a POST, and a POST is never redirected). It is never retried.",
			"ErrStillRunning": "ErrStillRunning: a long-running call (one answered with 10202, [CodeAccepted]) was " +
				"still running when the wait ended, by its deadline or after [Poll].MaxAttempts checks. The error is a " +
				"[*WaitError].",
			"ErrWaitFailed": "ErrWaitFailed: what a wait waited for reached a state from which it can no longer become " +
				"the wanted one (an application that is deleted or failed to prepare, see [TenantStatus.Failed]): the " +
				"wait ended at the check that saw it, not at its deadline. The error is a [*WaitError].",
			"MinPollInterval": "MinPollInterval is the shortest wait between two checks (500 ms): a shorter " +
				"[Poll].Interval is raised to it, so that a wait never floods the server.",
		},
		Check: map[string]string{"WithBasicAuth": "checkBasicLogin", "WithBearerToken": "checkBearerToken"},
	},
	{
		Name: "dataprovider", Dir: "dataprovider", Upstream: "the provider",
		Vars: map[string]string{
			"doPath":      `"api/users"`,
			"setAuth":     "setAuth",
			"basicUser":   "user",
			"escape":      "[Client.Do]",
			"ops":         `"contracts.byUser", "auth.check"`,
			"readOnlyWho": "a [Client] or a [CallbackClient]",
			"readOnlyEscape": "[Client.Do] by its HTTP method (GET reads; POST, PUT, PATCH and DELETE change) and every " +
				"call of a [CallbackClient]",
			"readOnlyReads": "the credential check ([AuthService.Check], a POST) is a read and stays allowed",
			"errorIntro": "Error is the error of a failed call. The document defines no error body: Message holds the " +
				"body's \"error\"/\"message\" field when the server sends one (this package's handler does), or a body " +
				"excerpt otherwise; Code holds the handler's \"code\" field if present.",
			"noLimit":     "The Data Provider document sets no limit",
			"UpstreamCap": "The provider",
		},
		Docs: map[string]string{
			"WithBasicAuth": "WithBasicAuth authenticates provider API calls with HTTP Basic auth. A blank user or " +
				"password (an unset environment variable) is an error matching ErrInvalidArgument, and so is a user with " +
				"a colon, which Basic auth cannot carry (often \"user:password\" given as the user).",
			"WithBearerToken": "WithBearerToken authenticates provider API calls with \"Authorization: Bearer <token>\". " +
				"Give the token alone: a blank token, or one with a space or line break (such as \"Bearer abc\", which " +
				"would be sent as \"Bearer Bearer abc\"), is an error matching ErrInvalidArgument.",
			"WithHeaderAuth": "WithHeaderAuth sends key in the given header (\"X-API-Key\", or \"Authorization\" with a " +
				"scheme of the operator's choice: \"Token abc\"). Give the value alone: a blank header or key, or a key " +
				"that starts with the header's own name (\"X-API-Key: abc\"), is an error matching ErrInvalidArgument.",
			"WithTokenSource": "WithTokenSource authenticates provider API calls with bearer tokens from ts, fetched " +
				"for every attempt (wrap a refreshing source in oauth2.ReuseTokenSource). Tokens are scrubbed from " +
				"errors and logs, and a 401 after which ts yields a different token is retried once for reads. It " +
				"conflicts with the other auth options, and with the login and password of [NewCallbackClient].",
			"Password": "Password is a user's password. It is sent on the wire in clear text (the document requires " +
				"it) but never printed: String, GoString, Format, MarshalText and LogValue redact; its Reveal method " +
				"returns it.",
		},
		Check: map[string]string{"WithBasicAuth": "checkBasic", "WithBearerToken": "checkBearer", "WithHeaderAuth": "checkHeaderAuth"},
	},
	{Name: "atitest", Dir: "ati/atitest", Upstream: "the fake"},
	{Name: "aezatest", Dir: "aeza/aezatest", Upstream: "the fake"},
	{Name: "smtest", Dir: "servicemanager/smtest", Upstream: "the fake"},
	{Name: "dptest", Dir: "dataprovider/dptest", Upstream: "the fake"},
}
