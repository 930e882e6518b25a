package dataprovider

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
)

var (
	errTrailing    = errors.New("data after the JSON object")
	errNotObject   = errors.New("not a JSON object")
	errDuplicate   = errors.New("a key given twice")
	errKeyCase     = errors.New("a key spelled in another case")
	errEmptyUserID = errors.New("dataprovider: Provider.Auth returned an empty user id and no error")
)

// Provider is what an operator implements: one method per endpoint. Return
// an error matching ErrNotFound for 404 and ErrBadCredentials (or
// ErrUnauthorized) from Auth for 401. Any other error is a 500 whose text is
// not shown to the caller.
//
// Each call's context ends at the handler's per-request deadline (see
// [WithProviderTimeout]) or when the platform goes away: stop work then. A
// call still running at the deadline is not waited for: the platform gets a
// 504 at once, and whatever the call returns later is dropped.
type Provider interface {
	Auth(ctx context.Context, login string, password Password) (extUserID string, err error)
	User(ctx context.Context, userID string) (*User, error)
	ContractsByUser(ctx context.Context, userID string) ([]Contract, error)
	Contract(ctx context.Context, id string) (*Contract, error)
	Services(ctx context.Context) ([]Service, error)
	Tariffs(ctx context.Context) ([]Tariff, error)
	// Charges returns at most limit charges, most recent first.
	Charges(ctx context.Context, userID string, limit int) ([]Charge, error)
}

// HandlerOption configures NewHandler. Options validate their arguments:
// a bad one makes NewHandler return an error.
type HandlerOption func(*handler) error

// authMode is how a handler authenticates the platform.
type authMode int

const (
	authUnset authMode = iota
	authBasic
	authBearer
	authNone
)

func (h *handler) setAuth(m authMode, check func(*http.Request) bool, challenge string) error {
	if h.mode != authUnset {
		return fmt.Errorf("dataprovider: conflicting auth options (RequireBasicAuth, RequireBearer, AllowUnauthenticated): give exactly one: %w", ErrInvalidArgument)
	}
	h.mode, h.auth, h.challenge = m, check, challenge
	return nil
}

// RequireBasicAuth makes the handler demand HTTP Basic credentials
// (compared in constant time). An empty (or blank) user or password is an
// error from NewHandler, so that an unset environment variable never opens
// the API; so is a user with a colon, which no client can send.
func RequireBasicAuth(user, password string) HandlerOption {
	return func(h *handler) error {
		if isBlank(user) || isBlank(password) {
			return fmt.Errorf("dataprovider: RequireBasicAuth: empty user or password: %w", ErrInvalidArgument)
		}
		if strings.Contains(user, ":") {
			// RFC 7617: the user-id cannot carry a colon; no client could sign in.
			return fmt.Errorf("dataprovider: RequireBasicAuth: the user contains a colon: %w", ErrInvalidArgument)
		}
		return h.setAuth(authBasic, func(r *http.Request) bool {
			u, p, ok := r.BasicAuth()
			return ok && subtle.ConstantTimeCompare([]byte(u), []byte(user))&subtle.ConstantTimeCompare([]byte(p), []byte(password)) == 1
		}, `Basic realm="dataprovider"`)
	}
}

// RequireBearer makes the handler demand "Authorization: Bearer token"
// (compared in constant time). An empty token, or one with a space or a
// control character (a newline kept from a secret file), is an error from
// NewHandler.
func RequireBearer(token string) HandlerOption {
	return func(h *handler) error {
		if isBlank(token) {
			return fmt.Errorf("dataprovider: RequireBearer: empty token: %w", ErrInvalidArgument)
		}
		if strings.ContainsFunc(token, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
			// A token read from a file with its newline could never be sent.
			return fmt.Errorf("dataprovider: RequireBearer: the token contains a space or control character: %w", ErrInvalidArgument)
		}
		return h.setAuth(authBearer, func(r *http.Request) bool {
			v := r.Header.Get("Authorization")
			// The scheme name is case-insensitive (RFC 9110 §11.1).
			if len(v) < len("Bearer ") || !strings.EqualFold(v[:len("Bearer ")], "Bearer ") {
				return false
			}
			return subtle.ConstantTimeCompare([]byte(v[len("Bearer "):]), []byte(token)) == 1
		}, `Bearer realm="dataprovider"`)
	}
}

// AllowUnauthenticated serves every caller without credentials. NewHandler
// refuses to build a handler with no auth option unless this one is given:
// use it only behind something else that authenticates the platform (a
// reverse proxy with mutual TLS, a private network), or in tests.
func AllowUnauthenticated() HandlerOption {
	return func(h *handler) error { return h.setAuth(authNone, nil, "") }
}

// WithMaxRequestBytes caps the request bodies the handler reads (default 64 KiB); n must be positive.
func WithMaxRequestBytes(n int64) HandlerOption {
	return func(h *handler) error {
		if n <= 0 {
			return fmt.Errorf("dataprovider: WithMaxRequestBytes(%d): must be positive: %w", n, ErrInvalidArgument)
		}
		h.maxBody = n
		return nil
	}
}

// WithMaxLimit caps the charges limit (default 1000); n must be positive.
func WithMaxLimit(n int) HandlerOption {
	return func(h *handler) error {
		if n <= 0 {
			return fmt.Errorf("dataprovider: WithMaxLimit(%d): must be positive: %w", n, ErrInvalidArgument)
		}
		h.maxLimit = n
		return nil
	}
}

// WithProviderTimeout bounds every call of the Provider at d from the start
// of the request; d must be positive. At the deadline the call's context is
// canceled and the platform gets 504 Gateway Timeout with a JSON error body
// ({"code":"timeout",...}) at once, without waiting for the call to return.
//
// Served by an *http.Server with a WriteTimeout (such as [NewServer]'s),
// the handler also ends provider calls in time to answer before that write
// deadline: 1 s before it, or a fifth of it before when it is under 5 s
// (29 s with NewServer's 30 s). The earlier of the two deadlines applies, so
// a d longer than what WriteTimeout leaves is cut to it. Without this option
// and without a WriteTimeout, a call ends only when the platform goes away.
func WithProviderTimeout(d time.Duration) HandlerOption {
	return func(h *handler) error {
		if d <= 0 {
			return fmt.Errorf("dataprovider: WithProviderTimeout(%v): must be positive: %w", d, ErrInvalidArgument)
		}
		h.timeout = d
		return nil
	}
}

// WithHandlerLogger logs provider errors and panics (never to the caller).
func WithHandlerLogger(l *slog.Logger) HandlerOption {
	return func(h *handler) error {
		if l == nil {
			return fmt.Errorf("dataprovider: WithHandlerLogger: nil logger: %w", ErrInvalidArgument)
		}
		h.log = l
		return nil
	}
}

type handler struct {
	p         Provider
	mode      authMode
	auth      func(*http.Request) bool
	challenge string
	maxBody   int64
	maxLimit  int
	timeout   time.Duration // WithProviderTimeout; 0 when not given
	log       *slog.Logger
	mux       *http.ServeMux
}

// NewHandler serves the Data Provider API backed by p: POST /api/auth and
// GET /api/users, /api/contracts, /api/services, /api/tariffs, /api/charges.
//
// It fails closed: exactly one of [RequireBasicAuth], [RequireBearer] or
// [AllowUnauthenticated] is required, and an empty credential, a nil
// provider, a bad option or two auth options are an error matching
// ErrInvalidArgument. Serve it with [NewServer], whose timeouts protect it
// from slow clients and whose WriteTimeout also bounds each provider call
// (see [WithProviderTimeout]).
//
// Requests are read strictly: a request with more than one Authorization
// header is a 400 on every endpoint, before any credential is checked, and
// the /api/auth body must be one JSON object whose "login" and "pswd" keys
// are spelled exactly so (not "LOGIN" or "Login") and appear once; any key
// given twice is a 400 too, so that a proxy, firewall or audit log that
// reads the body or headers its own way cannot see another user than the
// one the provider checked. Keys the document does not name are ignored.
func NewHandler(p Provider, opts ...HandlerOption) (http.Handler, error) {
	if p == nil || isNilPointer(p) {
		return nil, fmt.Errorf("dataprovider: nil Provider: %w", ErrInvalidArgument)
	}
	h := &handler{p: p, maxBody: 64 << 10, maxLimit: 1000}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(h); err != nil {
			return nil, err
		}
	}
	if h.mode == authUnset {
		return nil, fmt.Errorf("dataprovider: no auth option: give RequireBasicAuth or RequireBearer (or AllowUnauthenticated to serve everyone): %w", ErrInvalidArgument)
	}
	m := http.NewServeMux()
	m.HandleFunc("/api/auth", h.method(http.MethodPost, h.serveAuth))
	m.HandleFunc("/api/users", h.method(http.MethodGet, h.serveUsers))
	m.HandleFunc("/api/contracts", h.method(http.MethodGet, h.serveContracts))
	m.HandleFunc("/api/services", h.method(http.MethodGet, h.serveServices))
	m.HandleFunc("/api/tariffs", h.method(http.MethodGet, h.serveTariffs))
	m.HandleFunc("/api/charges", h.method(http.MethodGet, h.serveCharges))
	m.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeErr(w, http.StatusNotFound, "not_found", "no such endpoint")
	})
	h.mux = m
	return h, nil
}

// isNilPointer reports whether p is a typed nil pointer.
func isNilPointer(p Provider) bool {
	v := reflect.ValueOf(p)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler { //nolint:errorlint // sentinel value from panic
				panic(v)
			}
			if h.log != nil {
				h.log.Error("dataprovider: provider panicked", "path", r.URL.Path, "panic", v)
			}
			writeErr(w, http.StatusInternalServerError, "internal", "internal error")
		}
	}()
	if len(r.Header["Authorization"]) > 1 {
		// Which one is "the" credential depends on who reads it: refuse.
		writeErr(w, http.StatusBadRequest, "bad_request", "more than one Authorization header")
		return
	}
	if d := h.deadline(r); d > 0 {
		ctx, cancel := context.WithTimeoutCause(r.Context(), d, errProviderTimeout)
		defer cancel()
		r = r.WithContext(ctx)
	}
	if h.auth != nil && !h.auth(r) {
		w.Header().Set("WWW-Authenticate", h.challenge)
		writeErr(w, http.StatusUnauthorized, "unauthorized", "unauthorized")
		return
	}
	h.mux.ServeHTTP(w, r)
}

func (h *handler) method(m string, f http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != m && (m != http.MethodGet || r.Method != http.MethodHead) {
			w.Header().Set("Allow", m)
			writeErr(w, http.StatusMethodNotAllowed, "method_not_allowed", "method not allowed")
			return
		}
		f(w, r)
	}
}

func writeErr(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, errorBody{Code: code, Error: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"code":"internal","error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// ok writes v as a 200 answer. A value that does not encode (a zero Period)
// is a logged 500: the platform never gets half an answer.
func (h *handler) ok(w http.ResponseWriter, r *http.Request, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		if h.log != nil {
			h.log.Error("dataprovider: cannot encode the provider's answer", "path", r.URL.Path, "err", err)
		}
		writeErr(w, http.StatusInternalServerError, "internal", "internal error")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error, notFound string) {
	switch {
	case errors.Is(err, ErrNotFound):
		writeErr(w, http.StatusNotFound, "not_found", notFound)
	case errors.Is(err, ErrBadCredentials), errors.Is(err, ErrUnauthorized):
		writeErr(w, http.StatusUnauthorized, "unauthorized", "wrong login or password")
	case errors.Is(err, errProviderTimeout):
		if h.log != nil {
			h.log.Error("dataprovider: provider call did not return before the deadline", "path", r.URL.Path, "err", context.Cause(r.Context()))
		}
		writeErr(w, http.StatusGatewayTimeout, "timeout", "the billing system did not answer in time")
	case errors.Is(err, ErrInvalidArgument):
		writeErr(w, http.StatusBadRequest, "bad_request", "invalid argument")
	default:
		if h.log != nil {
			h.log.Error("dataprovider: provider error", "path", r.URL.Path, "err", err)
		}
		writeErr(w, http.StatusInternalServerError, "internal", "internal error")
	}
}

// query returns the single non-empty value of name.
func query(r *http.Request, name string) (string, bool) {
	vs := r.URL.Query()[name]
	if len(vs) != 1 || isBlank(vs[0]) {
		return "", false
	}
	return vs[0], true
}

// decodeAuthRequest reads the /api/auth body strictly: one JSON object,
// "login" and "pswd" in exactly that case and at most once each, no key
// given twice, nothing after the object. Other keys are skipped.
func decodeAuthRequest(body io.Reader) (authRequest, error) {
	var req authRequest
	dec := json.NewDecoder(body)
	tok, err := dec.Token()
	if err != nil {
		return req, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return req, errNotObject
	}
	seen := make(map[string]bool, 2)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return req, err
		}
		key, _ := tok.(string) // inside an object, Token returns a key
		if seen[key] {
			return req, errDuplicate
		}
		seen[key] = true
		switch {
		case key == "login":
			err = dec.Decode(&req.Login)
		case key == "pswd":
			err = dec.Decode(&req.Pswd)
		case looksLike(key, "login"), looksLike(key, "pswd"):
			// encoding/json would take "LOGIN" (or "pſwd") for the field.
			return req, errKeyCase
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return req, err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return req, err
	}
	// One JSON object and nothing after it: trailing garbage or a second
	// object is a malformed request, not a sign-in.
	if _, err := dec.Token(); err != io.EOF { //nolint:errorlint // io.EOF is returned unwrapped
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return req, err
		}
		return req, errTrailing
	}
	return req, nil
}

// looksLike reports whether key is another spelling of name that a
// case-insensitive reader takes for it: by Unicode case folding, as
// encoding/json and strings.EqualFold do ("LOGIN", "pſwd"), or by mapping
// every letter to lower then upper case, as readers in other languages do
// ("logın" with a dotless i, "LOGİN" with a dotted capital I).
func looksLike(key, name string) bool {
	if strings.EqualFold(key, name) {
		return true
	}
	fold := func(r rune) rune { return unicode.ToUpper(unicode.ToLower(r)) }
	return strings.Map(fold, key) == strings.Map(fold, name)
}

func (h *handler) serveAuth(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, h.maxBody)
	req, err := decodeAuthRequest(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			writeErr(w, http.StatusRequestEntityTooLarge, "too_large", "request body too large")
		case errors.Is(err, errDuplicate):
			writeErr(w, http.StatusBadRequest, "bad_request", "a key is given twice in the body")
		case errors.Is(err, errKeyCase):
			writeErr(w, http.StatusBadRequest, "bad_request", "keys are \"login\" and \"pswd\", in lower case")
		default:
			writeErr(w, http.StatusBadRequest, "bad_request", "body must be JSON {\"login\",\"pswd\"}")
		}
		return
	}
	if isBlank(req.Login) {
		writeErr(w, http.StatusBadRequest, "bad_request", "login is required")
		return
	}
	id, err := callProvider(r.Context(), func(ctx context.Context) (string, error) { return h.p.Auth(ctx, req.Login, req.Pswd) })
	if err == nil && isBlank(id) {
		// Never tell the platform a sign-in worked without saying who signed in.
		err = errEmptyUserID
	}
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			err = ErrBadCredentials
		}
		h.fail(w, r, err, "")
		return
	}
	h.ok(w, r, map[string]string{"ext_user_id": id})
}

func (h *handler) serveUsers(w http.ResponseWriter, r *http.Request) {
	id, ok := query(r, "user_id")
	if !ok {
		writeErr(w, http.StatusBadRequest, "bad_request", "user_id is required")
		return
	}
	u, err := callProvider(r.Context(), func(ctx context.Context) (*User, error) { return h.p.User(ctx, id) })
	if err == nil && u == nil {
		err = ErrNotFound
	}
	if err != nil {
		h.fail(w, r, err, "user not found")
		return
	}
	h.ok(w, r, []User{*u})
}

func (h *handler) serveContracts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	_, hasID := q["id"]
	_, hasUser := q["user_id"]
	switch {
	case hasID && !hasUser:
		id, ok := query(r, "id")
		if !ok {
			writeErr(w, http.StatusBadRequest, "bad_request", "id must be one non-empty value")
			return
		}
		c, err := callProvider(r.Context(), func(ctx context.Context) (*Contract, error) { return h.p.Contract(ctx, id) })
		if err == nil && c == nil {
			err = ErrNotFound
		}
		if err != nil {
			h.fail(w, r, err, "contract not found")
			return
		}
		h.ok(w, r, []Contract{*c})
	case hasUser && !hasID:
		id, ok := query(r, "user_id")
		if !ok {
			writeErr(w, http.StatusBadRequest, "bad_request", "user_id must be one non-empty value")
			return
		}
		cs, err := callProvider(r.Context(), func(ctx context.Context) ([]Contract, error) { return h.p.ContractsByUser(ctx, id) })
		if err == nil && len(cs) == 0 {
			err = ErrNotFound
		}
		if err != nil {
			h.fail(w, r, err, "no contracts")
			return
		}
		h.ok(w, r, cs)
	default:
		writeErr(w, http.StatusBadRequest, "bad_request", "exactly one of id or user_id is required")
	}
}

func (h *handler) serveServices(w http.ResponseWriter, r *http.Request) {
	s, err := callProvider(r.Context(), h.p.Services)
	if err != nil {
		h.fail(w, r, err, "not found")
		return
	}
	if s == nil {
		s = []Service{}
	}
	h.ok(w, r, s)
}

func (h *handler) serveTariffs(w http.ResponseWriter, r *http.Request) {
	t, err := callProvider(r.Context(), h.p.Tariffs)
	if err != nil {
		h.fail(w, r, err, "not found")
		return
	}
	if t == nil {
		t = []Tariff{}
	}
	h.ok(w, r, t)
}

// parseLimit validates a charges limit: a decimal integer in [1, max].
func parseLimit(s string, max int) (int, bool) {
	if s == "" || len(s) > 9 || s[0] == '+' || s[0] == '-' {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > max {
		return 0, false
	}
	return n, true
}

func (h *handler) serveCharges(w http.ResponseWriter, r *http.Request) {
	id, ok := query(r, "user_id")
	if !ok {
		writeErr(w, http.StatusBadRequest, "bad_request", "user_id is required")
		return
	}
	ls, ok := query(r, "limit")
	if !ok {
		writeErr(w, http.StatusBadRequest, "bad_request", "limit is required")
		return
	}
	limit, ok := parseLimit(ls, h.maxLimit)
	if !ok {
		writeErr(w, http.StatusBadRequest, "bad_request", "limit must be a positive integer")
		return
	}
	cs, err := callProvider(r.Context(), func(ctx context.Context) ([]Charge, error) { return h.p.Charges(ctx, id, limit) })
	if err != nil {
		h.fail(w, r, err, "user not found")
		return
	}
	if len(cs) > limit {
		cs = cs[:limit]
	}
	if cs == nil {
		cs = []Charge{}
	}
	h.ok(w, r, cs)
}
