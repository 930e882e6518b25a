package dataprovider

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
)

// Provider is what an operator implements: one method per endpoint. Return
// an error matching ErrNotFound for 404 and ErrBadCredentials (or
// ErrUnauthorized) from Auth for 401. Any other error is a 500 whose text is
// not shown to the caller.
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

// HandlerOption configures NewHandler.
type HandlerOption func(*handler)

// RequireBasicAuth makes the handler demand HTTP Basic credentials
// (compared in constant time).
func RequireBasicAuth(user, password string) HandlerOption {
	return func(h *handler) {
		h.auth = func(r *http.Request) bool {
			u, p, ok := r.BasicAuth()
			return ok && subtle.ConstantTimeCompare([]byte(u), []byte(user))&subtle.ConstantTimeCompare([]byte(p), []byte(password)) == 1
		}
	}
}

// RequireBearer makes the handler demand "Authorization: Bearer token".
func RequireBearer(token string) HandlerOption {
	return func(h *handler) {
		h.auth = func(r *http.Request) bool {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
		}
	}
}

// WithMaxRequestBytes caps the request bodies the handler reads (default 64 KiB).
func WithMaxRequestBytes(n int64) HandlerOption {
	return func(h *handler) {
		if n > 0 {
			h.maxBody = n
		}
	}
}

// WithMaxLimit caps the charges limit (default 1000).
func WithMaxLimit(n int) HandlerOption {
	return func(h *handler) {
		if n > 0 {
			h.maxLimit = n
		}
	}
}

// WithHandlerLogger logs provider errors and panics (never to the caller).
func WithHandlerLogger(l *slog.Logger) HandlerOption { return func(h *handler) { h.log = l } }

type handler struct {
	p        Provider
	auth     func(*http.Request) bool
	maxBody  int64
	maxLimit int
	log      *slog.Logger
	mux      *http.ServeMux
}

// NewHandler serves the Data Provider API backed by p: POST /api/auth and
// GET /api/users, /api/contracts, /api/services, /api/tariffs, /api/charges.
func NewHandler(p Provider, opts ...HandlerOption) http.Handler {
	h := &handler{p: p, maxBody: 64 << 10, maxLimit: 1000}
	for _, o := range opts {
		if o != nil {
			o(h)
		}
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
	return h
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
	if h.auth != nil && !h.auth(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="dataprovider"`)
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

func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error, notFound string) {
	switch {
	case errors.Is(err, ErrNotFound):
		writeErr(w, http.StatusNotFound, "not_found", notFound)
	case errors.Is(err, ErrBadCredentials), errors.Is(err, ErrUnauthorized):
		writeErr(w, http.StatusUnauthorized, "unauthorized", "wrong login or password")
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

func (h *handler) serveAuth(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, h.maxBody)
	var req authRequest
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(&req); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeErr(w, http.StatusRequestEntityTooLarge, "too_large", "request body too large")
			return
		}
		writeErr(w, http.StatusBadRequest, "bad_request", "body must be JSON {\"login\",\"pswd\"}")
		return
	}
	if isBlank(req.Login) {
		writeErr(w, http.StatusBadRequest, "bad_request", "login is required")
		return
	}
	id, err := h.p.Auth(r.Context(), req.Login, req.Pswd)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			err = ErrBadCredentials
		}
		h.fail(w, r, err, "")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"ext_user_id": id})
}

func (h *handler) serveUsers(w http.ResponseWriter, r *http.Request) {
	id, ok := query(r, "user_id")
	if !ok {
		writeErr(w, http.StatusBadRequest, "bad_request", "user_id is required")
		return
	}
	u, err := h.p.User(r.Context(), id)
	if err == nil && u == nil {
		err = ErrNotFound
	}
	if err != nil {
		h.fail(w, r, err, "user not found")
		return
	}
	writeJSON(w, http.StatusOK, []User{*u})
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
		c, err := h.p.Contract(r.Context(), id)
		if err == nil && c == nil {
			err = ErrNotFound
		}
		if err != nil {
			h.fail(w, r, err, "contract not found")
			return
		}
		writeJSON(w, http.StatusOK, []Contract{*c})
	case hasUser && !hasID:
		id, ok := query(r, "user_id")
		if !ok {
			writeErr(w, http.StatusBadRequest, "bad_request", "user_id must be one non-empty value")
			return
		}
		cs, err := h.p.ContractsByUser(r.Context(), id)
		if err == nil && len(cs) == 0 {
			err = ErrNotFound
		}
		if err != nil {
			h.fail(w, r, err, "no contracts")
			return
		}
		writeJSON(w, http.StatusOK, cs)
	default:
		writeErr(w, http.StatusBadRequest, "bad_request", "exactly one of id or user_id is required")
	}
}

func (h *handler) serveServices(w http.ResponseWriter, r *http.Request) {
	s, err := h.p.Services(r.Context())
	if err != nil {
		h.fail(w, r, err, "not found")
		return
	}
	if s == nil {
		s = []Service{}
	}
	writeJSON(w, http.StatusOK, s)
}

func (h *handler) serveTariffs(w http.ResponseWriter, r *http.Request) {
	t, err := h.p.Tariffs(r.Context())
	if err != nil {
		h.fail(w, r, err, "not found")
		return
	}
	if t == nil {
		t = []Tariff{}
	}
	writeJSON(w, http.StatusOK, t)
}

// ParseLimit validates a charges limit: a decimal integer in [1, max].
func ParseLimit(s string, max int) (int, bool) {
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
	limit, ok := ParseLimit(ls, h.maxLimit)
	if !ok {
		writeErr(w, http.StatusBadRequest, "bad_request", "limit must be a positive integer")
		return
	}
	cs, err := h.p.Charges(r.Context(), id, limit)
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
	writeJSON(w, http.StatusOK, cs)
}
