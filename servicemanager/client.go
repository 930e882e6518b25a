package servicemanager

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// service names this package in errors ([Error].Service).
const service = "servicemanager"

// DefaultBaseURL is the Service Manager publication of 1cfresh.com. On-premise
// installations have their own.
const DefaultBaseURL = "https://1cfresh.com/a/adm"

// Request types of the general block.
const (
	// typeUser ("usr") runs a method as a user of a subscriber.
	typeUser = "usr"
	// typeLegacy ("ext") is the older name of "usr", still accepted.
	typeLegacy = "ext"
)

const (
	executePath = "hs/ext_api/execute"
	versionPath = "hs/ext_api/version"
)

// Client talks to the Service Manager external API (ext_api). It is safe for
// concurrent use.
type Client struct {
	tc *transport.Client

	callType      string
	form          urlForm
	version       int
	debug         bool
	serverVersion int          // pinned with WithServerVersion; 0: discovered
	logger        *slog.Logger // WithLogger's, naming operations; nil: no log

	versionMu     sync.Mutex
	versionFlight *versionFlight // the discovery under way, if any
	discovered    atomic.Int64   // the discovered server version; 0: not yet
	notFoundAt    atomic.Int64   // when /version last answered 404 (unix ns); 0: never
	versionByGET  atomic.Bool    // /version refused POST (405/501) and answered GET

	// Accounts holds the subscriber (абонент) methods.
	Accounts *AccountsService
	// Users holds a subscriber's user methods.
	Users *UsersService
	// Servants holds a subscriber's servant (service organization) methods.
	Servants *ServantsService
	// ServantTariffs holds the servant tariff methods.
	ServantTariffs *ServantTariffsService
	// Customers holds a partner's methods on the subscribers it serves.
	Customers *CustomersService
	// CustomerSubscriptions holds a partner's methods on its customers'
	// subscriptions.
	CustomerSubscriptions *CustomerSubscriptionsService
	// Tenants holds the application (tenant) methods.
	Tenants *TenantsService
	// Sessions holds the active session methods.
	Sessions *SessionsService
	// Subscriptions holds a subscriber's methods on its own subscriptions.
	Subscriptions *SubscriptionsService
	// Bills holds the invoice methods.
	Bills *BillsService
	// Backups holds the backup methods outside tenant/*.
	Backups *BackupsService
	// Tariffs holds the provider tariff methods.
	Tariffs *TariffsService
	// Tasks holds the user task methods.
	Tasks *TasksService
	// Applications holds application/list.
	Applications *ApplicationsService
	// PromoCodes holds promo_code/activate.
	PromoCodes *PromoCodesService
	// AccountingSystems holds the accounting system methods.
	AccountingSystems *AccountingSystemsService
}

type settings struct {
	transport.Config

	callType      string
	form          urlForm
	version       int
	debug         bool
	serverVersion int
}

// Option configures a Client.
type Option func(*settings) error

// checkBasicLogin refuses a Basic login that cannot work ([WithBasicAuth]): an
// empty one, or one with a colon, which Basic auth cannot carry.
func checkBasicLogin(login, _ string) error {
	if login == "" || strings.Contains(login, ":") {
		return fmt.Errorf("login must be non-empty and have no colon (not quoted here: what follows a colon may be a password): %w", ErrInvalidArgument)
	}
	return nil
}

// checkBearerToken refuses an empty token ([WithBearerToken]).
func checkBearerToken(token string) error {
	if token == "" {
		return fmt.Errorf("bearer token is empty: %w", ErrInvalidArgument)
	}
	return nil
}

// WithLegacyType sends general.type = "ext" (the older alias of "usr").
func WithLegacyType() Option { return func(s *settings) error { s.callType = typeLegacy; return nil } }

// WithMethodInURL sends every call to {base}/hs/ext_api/execute/{type}/{method},
// the form servers accept from interface version 19, whatever the server's
// version, without asking the server for it. The body keeps its general block.
func WithMethodInURL() Option { return func(s *settings) error { return s.setForm(formURL) } }

// WithMethodInBody sends every call to {base}/hs/ext_api/execute with the
// method in the body's general block (the form of 1C's documentation
// examples, which every server version accepts), whatever the server's
// version, without asking the server for it.
func WithMethodInBody() Option { return func(s *settings) error { return s.setForm(formBody) } }

// setForm sets the URL form once: WithMethodInURL and WithMethodInBody conflict.
func (s *settings) setForm(f urlForm) error {
	if s.form != formAuto && s.form != f {
		return fmt.Errorf("WithMethodInURL and WithMethodInBody conflict: %w", ErrInvalidArgument)
	}
	s.form = f
	return nil
}

// WithServerVersion tells the client the server's ExtAPI version, so that it
// is never asked (see [Client.ServerVersion]): it decides the URL form (the
// method in the URL from 19) and which fields may be sent.
func WithServerVersion(v int) Option {
	return func(s *settings) error {
		if v <= 0 {
			return fmt.Errorf("server version %d: must be positive: %w", v, ErrInvalidArgument)
		}
		s.serverVersion = v
		return nil
	}
}

// WithInterfaceVersion sends general.version = v, the interface version the
// client speaks (see [Client.Version]).
func WithInterfaceVersion(v int) Option {
	return func(s *settings) error {
		if v <= 0 {
			return fmt.Errorf("interface version %d: must be positive: %w", v, ErrInvalidArgument)
		}
		s.version = v
		return nil
	}
}

// WithDebug sends general.debug = true: the server logs every request and response in full.
func WithDebug() Option { return func(s *settings) error { s.debug = true; return nil } }

// NewClient returns a client for the Service Manager published at baseURL
// ("" means [DefaultBaseURL]). Credentials are required: [WithBasicAuth] or
// [WithBearerToken]. It does no I/O. A bearer token given with its scheme
// ("Bearer abc") or holding a space is refused with [ErrInvalidArgument]
// and a hint (the secret is not quoted).
//
// The base URL is the publication (https://1cfresh.com/a/adm), whether given
// here or with [WithBaseURL]. An ext_api address copied from 1C's
// documentation is reduced to it: a trailing /hs/ext_api/execute,
// /hs/ext_api/version or /hs/ext_api (any case, trailing slashes and blanks
// ignored) is dropped. Any other address under the publication's /hs/ (such
// as .../hs/ext_api/execute/usr/account/list) is refused with
// [ErrInvalidArgument].
func NewClient(baseURL string, opts ...Option) (*Client, error) {
	s := &settings{
		Config: transport.Config{
			Service:     "servicemanager",
			BaseURL:     DefaultBaseURL,
			DecodeError: decodeError,
		},
		callType: typeUser,
	}
	if baseURL != "" {
		// Given here, it may not be given again with WithBaseURL.
		if err := s.SetBaseURL(baseURL); err != nil {
			return nil, fmt.Errorf("servicemanager: %w", err)
		}
	}
	if err := transport.ApplyOptions(s, opts); err != nil {
		return nil, fmt.Errorf("servicemanager: %w", err)
	}
	pub, err := publication(s.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("servicemanager: %w", err)
	}
	s.BaseURL = pub // already checked; only a path suffix is gone
	if !s.HasAuth() {
		return nil, fmt.Errorf("servicemanager: no credentials (use WithBasicAuth or WithBearerToken): %w", ErrInvalidArgument)
	}
	if err := transport.CheckShape(s.Auth); err != nil {
		return nil, fmt.Errorf("servicemanager: %w", err)
	}
	// Every call is POST .../execute: the log names each record's operation,
	// and an in-band failure gets a record of its own (see logInBand).
	s.Logger = transport.OperationLogger(s.Logger)
	tc, err := transport.New(s.Config)
	if err != nil {
		return nil, fmt.Errorf("servicemanager: %w", err)
	}
	c := &Client{tc: tc, callType: s.callType, form: s.form, version: s.version, debug: s.debug,
		serverVersion: s.serverVersion, logger: s.Logger}
	c.Accounts = &AccountsService{c: c}
	c.Users = &UsersService{c: c}
	c.Servants = &ServantsService{c: c}
	c.ServantTariffs = &ServantTariffsService{c: c}
	c.Customers = &CustomersService{c: c}
	c.CustomerSubscriptions = &CustomerSubscriptionsService{c: c}
	c.Tenants = &TenantsService{c: c}
	c.Sessions = &SessionsService{c: c}
	c.Subscriptions = &SubscriptionsService{c: c}
	c.Bills = &BillsService{c: c}
	c.Backups = &BackupsService{c: c}
	c.Tariffs = &TariffsService{c: c}
	c.Tasks = &TasksService{c: c}
	c.Applications = &ApplicationsService{c: c}
	c.PromoCodes = &PromoCodesService{c: c}
	c.AccountingSystems = &AccountingSystemsService{c: c}
	return c, nil
}

// extAPISuffixes are the ext_api addresses 1C's documentation shows, which
// people paste as the base URL; each is reduced to its publication.
var extAPISuffixes = []string{"/hs/ext_api/execute", "/hs/ext_api/version", "/hs/ext_api"}

// publication reduces a base URL (already checked: absolute, no query) to
// the Service Manager's publication: it drops one ext_api suffix from the
// path, with any trailing slashes, and refuses any other address inside the
// publication's HTTP services (/hs/...).
func publication(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("base URL: %w: %w", err, ErrInvalidArgument)
	}
	p := strings.TrimRight(u.EscapedPath(), "/")
	stripped := false
	for _, suf := range extAPISuffixes {
		if n := len(p) - len(suf); n >= 0 && strings.EqualFold(p[n:], suf) {
			p, stripped = strings.TrimRight(p[:n], "/"), true
			break
		}
	}
	unescaped, err := url.PathUnescape(p)
	if err != nil {
		return "", fmt.Errorf("base URL: %w: %w", err, ErrInvalidArgument)
	}
	for _, seg := range strings.Split(unescaped, "/") {
		if strings.EqualFold(seg, "hs") {
			return "", fmt.Errorf("base URL %q is an address inside the publication's HTTP services; "+
				"pass the Service Manager publication itself, the part before /hs/ (like %s): %w", raw, DefaultBaseURL, ErrInvalidArgument)
		}
	}
	if !stripped {
		return raw, nil
	}
	u.Path, u.RawPath = unescaped, p
	return u.String(), nil
}

// BaseURL returns the base URL requests are sent to.
func (c *Client) BaseURL() string { return c.tc.BaseURL() }

// General is the general block of every response.
type General struct {
	// Response is the response code (10200 on success).
	Response Code `json:"response"`
	// Error is true for a failed call.
	Error bool `json:"error"`
	// Message is the server's message, empty on success.
	Message string `json:"message"`
	// Version is the interface version of the answer.
	Version int `json:"version,omitempty"`
	// SMVersion is the Service Manager's version ("1.0.95.3").
	SMVersion string `json:"sm_version,omitempty"`
	// SMTimezone is the Service Manager's time zone ("Europe/Moscow").
	SMTimezone string `json:"sm_timezone,omitempty"`
}

var methodRE = regexp.MustCompile(`^[A-Za-z0-9_]+(/[A-Za-z0-9_]+)*$`)

// subscriber is who a call acts for: the account of its auth block, or no
// auth block at all (account/list, and Call with account 0). "No auth block"
// is a flag, not an account number, so no account a caller passes can mean it.
type subscriber struct {
	account int64
	auth    bool
}

// noAuth sends no auth block.
var noAuth = subscriber{}

// Call runs any ext_api method (tenant/list, session/terminate, ...) on behalf
// of the subscriber account (0 sends no auth block; a negative account is
// refused), with params at the top level of the request (a struct or map that
// encodes as a JSON object, or nil), and decodes the whole response body into
// result (a pointer to a struct with the method's top-level fields, a
// *json.RawMessage, or nil; anything else is refused with
// [ErrInvalidArgument] before sending). It returns the general block; an answer without one is an
// [ErrDecode] error. Call is sent once (a change may not be repeated); use
// [Client.CallReadOnly] for reads. A client made with [WithReadOnly] refuses
// Call ([ErrReadOnly]) and lets CallReadOnly through.
func (c *Client) Call(ctx context.Context, method string, account int64, params, result any, opts ...CallOption) (*General, error) {
	if err := checkResult(method, result); err != nil {
		return nil, err
	}
	return c.send(ctx, method, publicSubscriber(account), params, transport.RetryNever, result, opts)
}

// CallReadOnly is [Client.Call] for a method without side effects: it is
// retried on connection errors, 429, 502, 503 and 504.
func (c *Client) CallReadOnly(ctx context.Context, method string, account int64, params, result any, opts ...CallOption) (*General, error) {
	if err := checkResult(method, result); err != nil {
		return nil, err
	}
	return c.send(ctx, method, publicSubscriber(account), params, transport.RetrySafe, result, opts)
}

// checkResult refuses, before anything is sent, a result json cannot
// decode into: one that is neither nil nor a non-nil pointer.
func checkResult(method string, result any) error {
	if result == nil {
		return nil
	}
	if v := reflect.ValueOf(result); v.Kind() != reflect.Pointer || v.IsNil() {
		return fmt.Errorf("servicemanager: %s: result %T: must be nil or a non-nil pointer: %w", method, result, ErrInvalidArgument)
	}
	return nil
}

// publicSubscriber maps the account of Call: 0 is no auth block, anything
// else that account (send refuses a negative one).
func publicSubscriber(a int64) subscriber {
	if a == 0 {
		return noAuth
	}
	return subscriber{account: a, auth: true}
}

// call sends one method on behalf of account, which must be positive.
func (c *Client) call(ctx context.Context, method string, account int64, params any, retry transport.Retry, out any, opts []CallOption, gates ...gate) (*General, error) {
	effect := transport.EffectAuto
	if method == MethodSessionPrepareList {
		// Sent once (it starts the server's list job), but a read: the first
		// step of Sessions.List, allowed by WithReadOnly.
		effect = transport.EffectRead
	}
	return c.sendAs(ctx, method, subscriber{account: account, auth: true}, params, retry, effect, out, opts, gates...)
}

// send sends one method and decodes the body into out; whether it changes
// state follows retry (RetrySafe reads).
func (c *Client) send(ctx context.Context, method string, who subscriber, params any, retry transport.Retry, out any, opts []CallOption, gates ...gate) (*General, error) {
	return c.sendAs(ctx, method, who, params, retry, transport.EffectAuto, out, opts, gates...)
}

// sendAs is send with the call's effect declared (see transport.Effect).
func (c *Client) sendAs(ctx context.Context, method string, who subscriber, params any, retry transport.Retry, effect transport.Effect, out any, opts []CallOption, gates ...gate) (*General, error) {
	if !methodRE.MatchString(method) {
		return nil, fmt.Errorf("servicemanager: method %q: %w", method, ErrInvalidArgument)
	}
	if who.auth && who.account <= 0 {
		return nil, fmt.Errorf("servicemanager: %s: account %d: must be positive: %w", method, who.account, ErrInvalidArgument)
	}
	// WithCallTimeout bounds the whole call, the version discovery it may
	// start included; the transport's own bound then starts later and the
	// earlier deadline wins.
	if cs, err := transport.ApplyCallOptions(opts); err == nil && cs.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cs.Timeout)
		defer cancel()
	}
	inURL, err := c.checkVersion(ctx, method, gates)
	if err != nil {
		return nil, transport.NotSentCause(err) // the method itself was not sent
	}
	// From version 19 1C's library sends no general block at all; one is
	// kept when the caller asked for what only it carries (WithMethodInURL
	// keeps it as before, WithInterfaceVersion, WithDebug).
	withGeneral := !inURL || c.form == formURL || c.version != 0 || c.debug
	body, err := c.envelope(method, who, params, withGeneral)
	if err != nil {
		return nil, fmt.Errorf("servicemanager: %s: %w", method, err)
	}
	path := executePath
	if inURL {
		path = executePath + "/" + c.callType + "/" + method
	}
	resp, err := c.tc.Do(ctx, &transport.Request{
		Method:  http.MethodPost,
		Path:    path,
		RawBody: body,
		// Not sent (RawBody is): the transport walks it for every
		// [Password], under whatever member name, to scrub from errors
		// and logs; the encoded body alone only shows secret-named members.
		Body:        params,
		ContentType: "application/json",
		Retry:       retry,
		Effect:      effect,
		Operation:   method,
		Options:     opts,
	})
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			_ = storeFailure(ctx, resp, e)
		}
		return nil, err
	}
	g, err := decodeResult(ctx, resp, out)
	if err != nil {
		c.logInBand(ctx, method, err)
	}
	return g, err
}

// logInBand logs an in-band failure (HTTP 2xx, the general block's error),
// which the transport logged as a plain 200: its operation, status and code.
func (c *Client) logInBand(ctx context.Context, method string, err error) {
	var e *Error
	if c.logger == nil || !errors.As(err, &e) || e.StatusCode < 200 || e.StatusCode > 299 || e.Code == "" {
		return
	}
	if !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "in-band error", slog.String("service", "servicemanager"),
		slog.String("operation", method), slog.Int("status", e.StatusCode), slog.String("code", e.Code),
		slog.String("error", e.Error()))
}

// answer is the general block of a response. Every typed result embeds it,
// so that one json pass decodes the general block and the result together.
type answer struct {
	General *General `json:"general"`
}

// general returns the decoded general block (nil when the answer had none).
func (a *answer) general() *General { return a.General }

// generalHolder is a result that decodes the general block in its own pass.
type generalHolder interface{ general() *General }

// decodeResult decodes the general block and the result of a 2xx in one json
// pass (two for [Client.Call] with a result of the caller's type), and turns
// an in-band failure into an *Error. A success must carry a general block
// with a response code: a 2xx without one ({}, {"general":null}, an empty
// body, a proxy's own JSON) is ErrDecode, not success. A result that must
// hold a member (see [required]) without it is ErrDecode too.
func decodeResult(ctx context.Context, resp *transport.Response, out any) (*General, error) {
	if len(bytes.TrimSpace(resp.Body)) == 0 {
		return nil, resp.DecodeFailure(errors.New("empty body"))
	}
	var (
		g      *General
		err    error
		single = true // out was decoded in the same pass as the general block
	)
	switch o := out.(type) {
	case generalHolder:
		err = json.Unmarshal(resp.Body, o)
		if err != nil && json.Valid(resp.Body) {
			// A member of another JSON type than expected: read the answer
			// again, tolerantly (see decodeLenient), rather than fail it.
			err = decodeLenient(resp.Body, o)
		}
		g = o.general()
	default:
		var a answer
		err = json.Unmarshal(resp.Body, &a)
		g, single = a.General, false
	}
	if err != nil || (g != nil && g.failed()) {
		// The rare path: read the body as the error decoder always did, so
		// that a failure reads exactly as before.
		if e := inBandError(resp); e != nil {
			return nil, storeFailure(ctx, resp, e)
		}
		if err != nil {
			return nil, resp.DecodeFailure(err)
		}
	}
	switch {
	case g == nil:
		return nil, resp.DecodeFailure(errors.New(`no "general" block`))
	case g.Response == 0:
		return nil, resp.DecodeFailure(errors.New(`no response code in the "general" block`))
	}
	store(ctx, resp, g)
	if !single && out != nil {
		if raw, ok := out.(*json.RawMessage); ok {
			*raw = append((*raw)[:0], resp.Body...)
			return g, nil
		}
		if err := resp.DecodeJSON(out); err != nil {
			return nil, err
		}
	}
	if r, ok := out.(required); ok {
		if name := r.missing(resp.Body); name != "" {
			return nil, resp.DecodeFailure(fmt.Errorf("no %q in the answer", name))
		}
	}
	return g, nil
}

// failed reports whether a general block of a 2xx says the call failed:
// general.error, or a response code that is not a success (0, no code, is
// left to the success decoder).
func (g *General) failed() bool {
	return g.Error || (g.Response != 0 && !g.Response.Success())
}

// storeFailure stores the general block of an in-band failure for
// [WithResponseInto] and returns the error.
func storeFailure(ctx context.Context, resp *transport.Response, e *Error) error {
	if len(e.Details) > 0 {
		var g General
		if json.Unmarshal(e.Details, &g) == nil {
			store(ctx, resp, &g)
		}
	}
	return e
}

// required is a result that names a member the answer must hold.
type required interface {
	// missing returns the name of a required member the answer (body) lacked, or "".
	missing(body []byte) string
}

// missingObject names a required object member that was absent or null.
func missingObject[T any](v *T, name string) string {
	if v == nil {
		return name
	}
	return ""
}

// missingList names a required list member that was absent: null is an empty
// list. Only a nil list (absent or null) has the body read again, to tell the
// two apart, as encoding/json matches member names (case-insensitively).
func missingList[T any](items []T, body []byte, name string) string {
	if items != nil {
		return ""
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(body, &members) == nil {
		for k := range members {
			if strings.EqualFold(k, name) {
				return ""
			}
		}
	}
	return name
}

// store hands the general block to every WithResponseInto of the call.
func store(ctx context.Context, resp *transport.Response, g *General) {
	if resp == nil || resp.Settings == nil {
		return
	}
	for _, x := range resp.Settings.Extra {
		if info, ok := x.(*ResponseInfo); ok {
			cp := *g
			info.General = &cp
		}
	}
}

// envelope builds the request body: the general block, the auth block and
// the members of params, which is encoded once and merged byte by byte (its
// opening brace dropped), never decoded again.
func (c *Client) envelope(method string, who subscriber, params any, withGeneral bool) ([]byte, error) {
	var raw []byte
	if params != nil {
		var err error
		if raw, err = json.Marshal(params); err != nil {
			if errors.Is(err, ErrInvalidArgument) {
				return nil, fmt.Errorf("encode params: %w", err)
			}
			return nil, fmt.Errorf("encode params: %w: %w", err, ErrInvalidArgument)
		}
		raw = bytes.TrimSpace(raw)
		if string(raw) == "null" {
			raw = nil
		} else if len(raw) < 2 || raw[0] != '{' {
			return nil, fmt.Errorf("params must encode as a JSON object: %w", ErrInvalidArgument)
		} else if k := reservedKey(raw); k != "" {
			return nil, fmt.Errorf("params must not set %q: %w", k, ErrInvalidArgument)
		}
	}
	b := make([]byte, 0, 96+len(method)+len(raw))
	b = append(b, '{')
	if withGeneral {
		// method matched methodRE and callType is one of two constants:
		// neither needs escaping.
		b = append(b, `"general":{"type":"`...)
		b = append(b, c.callType...)
		b = append(b, `","method":"`...)
		b = append(b, method...)
		b = append(b, '"')
		if c.version != 0 {
			b = append(b, `,"version":`...)
			b = strconv.AppendInt(b, int64(c.version), 10)
		}
		if c.debug {
			b = append(b, `,"debug":true`...)
		}
		b = append(b, '}')
	}
	if who.auth {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, `"auth":{"account":`...)
		b = strconv.AppendInt(b, who.account, 10)
		b = append(b, '}')
	}
	if rest := bytes.TrimLeft(raw[min(1, len(raw)):], " \t\r\n"); len(rest) > 0 && rest[0] != '}' {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, rest...)
		return b, nil
	}
	return append(b, '}'), nil
}

// reservedKey returns the member's name when obj, a JSON object as
// json.Marshal writes it, has a "general" or "auth" member, in any case, at
// its top level, and "" if not.
// It is one pass over the bytes; only a key with escapes is decoded.
func reservedKey(obj []byte) string {
	depth := 0
	wantKey := false
	for i := 0; i < len(obj); i++ {
		switch ch := obj[i]; ch {
		case '{', '[':
			depth++
			wantKey = ch == '{' && depth == 1
		case '}', ']':
			depth--
		case ',':
			wantKey = depth == 1
		case '"':
			j, escaped := i+1, false
			for ; j < len(obj) && obj[j] != '"'; j++ {
				if obj[j] == '\\' {
					j++
					escaped = true
				}
			}
			if wantKey {
				key := obj[i+1 : min(j, len(obj))]
				if escaped && j < len(obj) {
					var s string
					if json.Unmarshal(obj[i:j+1], &s) == nil {
						key = []byte(s)
					}
				}
				// Any case: servers match member names without it
				// (encoding/json, a 1C Структура), the last one winning.
				if bytes.EqualFold(key, []byte("general")) || bytes.EqualFold(key, []byte("auth")) {
					return string(key)
				}
				wantKey = false
			}
			i = j
		}
	}
	return ""
}

// VersionInfo is the answer of [Client.Version].
type VersionInfo struct {
	// Version is the newest interface version the server speaks.
	Version int `json:"version"`
	// SMVersion is the Service Manager's version.
	SMVersion string `json:"sm_version"`
	// SMTimezone is the Service Manager's time zone.
	SMTimezone string `json:"sm_timezone"`
}

// Version reads {base}/hs/ext_api/version: the interface version the server
// speaks, for feature negotiation (for example [WithMethodInURL] from 19).
// It sends what 1C's own library sends, a POST with no body
// (ПрограммныйИнтерфейсСервисаПовтИсп.СвойстваВерсииИнтерфейса); a server
// whose template takes only GET answers that with 405 (or 501), and then the
// same request goes as a GET, which the client keeps using from then on.
func (c *Client) Version(ctx context.Context, opts ...CallOption) (*VersionInfo, error) {
	method := http.MethodPost
	if c.versionByGET.Load() {
		method = http.MethodGet
	}
	resp, err := c.tc.Do(ctx, &transport.Request{Method: method, Path: versionPath, Retry: transport.RetrySafe, Operation: "version", Options: opts})
	var e *Error
	if method == http.MethodPost && errors.As(err, &e) &&
		(e.StatusCode == http.StatusMethodNotAllowed || e.StatusCode == http.StatusNotImplemented) {
		resp, err = c.tc.Do(ctx, &transport.Request{Method: http.MethodGet, Path: versionPath, Retry: transport.RetrySafe, Operation: "version", Options: opts})
		if err == nil {
			c.versionByGET.Store(true)
		}
	}
	if err != nil {
		return nil, err
	}
	var v struct {
		answer
		VersionInfo
		Version *int `json:"version"`
	}
	err = json.Unmarshal(resp.Body, &v)
	if err != nil && json.Valid(resp.Body) {
		// A member of another JSON type than expected ("version": "23", a
		// number for sm_version) is read tolerantly, not a failure.
		v.answer, v.VersionInfo, v.Version = answer{}, VersionInfo{}, nil
		if lerr := decodeLenient(resp.Body, &v); lerr == nil {
			err = nil
		}
	}
	if err != nil || (v.General != nil && v.General.failed()) {
		if e := inBandError(resp); e != nil {
			return nil, e
		}
		if err != nil {
			return nil, resp.DecodeFailure(err)
		}
	}
	if v.Version == nil {
		return nil, resp.DecodeFailure(errors.New(`no "version" in the answer`))
	}
	v.VersionInfo.Version = *v.Version
	return &v.VersionInfo, nil
}

// checkLogin refuses an empty login before anything is sent.
func checkLogin(method, login string) error {
	if strings.TrimSpace(login) == "" {
		return fmt.Errorf("servicemanager: %s: login is empty: %w", method, ErrInvalidArgument)
	}
	return nil
}
