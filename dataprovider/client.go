package dataprovider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// Client calls an operator's Data Provider API. It is safe for concurrent use.
type Client struct {
	tc *transport.Client
	// Auth checks a login and password.
	Auth *AuthService
	// Users reads users.
	Users *UsersService
	// Contracts reads contracts.
	Contracts *ContractsService
	// Services lists services.
	Services *ServicesService
	// Tariffs lists tariffs.
	Tariffs *TariffsService
	// Charges reads charges.
	Charges *ChargesService
}

type settings struct {
	transport.Config
	// callback is set by NewCallbackClient, whose login and password are
	// the credentials: an auth option as well is a conflict, said so.
	callback bool
}

// setAuth sets the credentials through the transport's one rule (a second
// auth source is an error matching ErrInvalidArgument, never "the last one
// wins"), with a hint when the first one came from NewCallbackClient.
func (s *settings) setAuth(a transport.Auth) error {
	err := s.SetAuth(a)
	if err != nil && s.callback && s.HasAuth() {
		return fmt.Errorf("dataprovider: NewCallbackClient already authenticates with its login and password (HTTP Basic, as the platform requires); drop the auth option: %w", err)
	}
	return err
}

// Option configures a Client or CallbackClient.
type Option func(*settings) error

// The base URL is the first argument of NewClient and NewCallbackClient; there
// is no WithBaseURL option, since a second base URL could only conflict with it.

// checkBasic refuses Basic credentials that cannot work, without quoting
// them: a user with a colon may be "user:password" pasted whole.
func checkBasic(user, password string) error {
	if isBlank(user) || isBlank(password) {
		return fmt.Errorf("dataprovider: Basic auth: empty user or password: %w", ErrInvalidArgument)
	}
	if strings.Contains(user, ":") {
		return fmt.Errorf("dataprovider: Basic auth: the user contains a colon, which Basic auth cannot carry; give the user and the password as two arguments: %w", ErrInvalidArgument)
	}
	return nil
}

// checkBearer refuses a bearer token that cannot work ([WithBearerToken]):
// a blank one, or one in a header's shape ("Bearer abc" would be sent as
// "Bearer Bearer abc"; see transport.CheckShape, which every package uses).
func checkBearer(token string) error {
	if isBlank(token) {
		return fmt.Errorf("dataprovider: empty bearer token: %w", ErrInvalidArgument)
	}
	if err := transport.CheckShape(transport.Bearer(token)); err != nil {
		return fmt.Errorf("dataprovider: WithBearerToken: %w", err)
	}
	return nil
}

// checkHeaderAuth refuses a header credential that cannot work
// ([WithHeaderAuth]): a blank header or key, or a key in a header's shape
// ("X-API-Key: abc"; see transport.CheckShape).
func checkHeaderAuth(header, key string) error {
	if isBlank(header) || isBlank(key) {
		return fmt.Errorf("dataprovider: empty auth header or key: %w", ErrInvalidArgument)
	}
	if err := transport.CheckShape(transport.APIKey(header, key)); err != nil {
		return fmt.Errorf("dataprovider: WithHeaderAuth: %w", err)
	}
	return nil
}

// prefixed adds the package prefix to an option error that lacks it.
func prefixed(err error) error {
	if strings.HasPrefix(err.Error(), "dataprovider: ") {
		return err
	}
	return fmt.Errorf("dataprovider: %w", err)
}

func build(base string, opts []Option) (*transport.Client, error) {
	s := &settings{Config: transport.Config{Service: "dataprovider", DecodeError: decodeError, Auth: transport.NoAuth()}}
	if err := s.SetBaseURL(base); err != nil {
		return nil, fmt.Errorf("dataprovider: %w", err)
	}
	if err := transport.ApplyOptions(s, opts); err != nil {
		return nil, prefixed(err)
	}
	s.BaseURL = trimAPISuffix(s.BaseURL)
	tc, err := transport.New(s.Config)
	if err != nil {
		return nil, fmt.Errorf("dataprovider: %w", err)
	}
	return tc, nil
}

// trimAPISuffix drops a final "/api" or "/api/" path segment from a base URL:
// the document writes every endpoint as {base}/api/..., and the client adds
// "/api/" itself, so "https://host/api" means "https://host" and would
// otherwise send requests to /api/api/....
func trimAPISuffix(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	p := strings.TrimSuffix(u.Path, "/")
	if p != "/api" && !strings.HasSuffix(p, "/api") {
		return base
	}
	u.Path = strings.TrimSuffix(strings.TrimSuffix(p, "api"), "/")
	u.RawPath = ""
	return u.String()
}

// NewClient returns a client of the provider API at baseURL (required; the
// "/api/..." paths are joined to it). A base URL that already ends in "/api"
// or "/api/", as the document's examples suggest ("http://127.0.0.1/api/..."),
// has that segment dropped, so requests go to /api/users and not to
// /api/api/users. It does no I/O.
func NewClient(baseURL string, opts ...Option) (*Client, error) {
	if isBlank(baseURL) {
		return nil, fmt.Errorf("dataprovider: base URL is required: %w", ErrInvalidArgument)
	}
	tc, err := build(baseURL, opts)
	if err != nil {
		return nil, err
	}
	c := &Client{tc: tc}
	c.Auth = &AuthService{c}
	c.Users = &UsersService{c}
	c.Contracts = &ContractsService{c}
	c.Services = &ServicesService{c}
	c.Tariffs = &TariffsService{c}
	c.Charges = &ChargesService{c}
	return c, nil
}

// Do sends a request to any endpoint of the provider API with the client's
// auth, retries and error decoding, and decodes the JSON answer into out
// (nil discards it). A nil r is an error matching ErrInvalidArgument.
// With [WithReadOnly] a GET, HEAD or OPTIONS goes through and any other method is refused.
func (c *Client) Do(ctx context.Context, r *Request, out any, opts ...CallOption) error {
	req, err := transport.EscapeCall("dataprovider", r, opts)
	if err != nil {
		return err
	}
	_, err = c.call(ctx, req, out)
	return err
}

// call sends req and decodes the JSON answer into out (nil discards it).
func (c *Client) call(ctx context.Context, req *transport.Request, out any) (*transport.Response, error) {
	resp, err := c.tc.Do(ctx, req)
	if err != nil {
		return resp, err
	}
	if out == nil {
		return resp, nil
	}
	return resp, resp.DecodeJSON(out)
}

func (c *Client) get(ctx context.Context, op, path string, q url.Values, out any, opts []CallOption) (*transport.Response, error) {
	return c.call(ctx, &transport.Request{Method: http.MethodGet, Path: path, Query: q, Operation: op, Options: opts}, out)
}

// AuthService checks credentials.
type AuthService struct{ c *Client }

// Check sends POST /api/auth and returns the external user id. Wrong
// credentials (401) match ErrUnauthorized and ErrBadCredentials. A success
// that names no user ({}, a null or empty ext_user_id) is an *Error matching
// ErrDecode: a sign-in is never taken as done without knowing who signed in.
func (s *AuthService) Check(ctx context.Context, login string, password Password, opts ...CallOption) (string, error) {
	if isBlank(login) {
		return "", fmt.Errorf("dataprovider: empty login: %w", ErrInvalidArgument)
	}
	var out struct {
		ExtUserID string `json:"ext_user_id"`
	}
	resp, err := s.c.call(ctx, &transport.Request{Method: http.MethodPost, Path: "api/auth",
		Body: authRequest{Login: login, Pswd: password}, Retry: transport.RetryNever, Effect: transport.EffectRead, Operation: "auth.check", Options: opts}, &out)
	if err != nil {
		if errors.Is(err, ErrUnauthorized) {
			return "", &badCredentials{err}
		}
		return "", err
	}
	if isBlank(out.ExtUserID) {
		return "", resp.Fail(ErrDecode, "auth answer has no ext_user_id")
	}
	return out.ExtUserID, nil
}

// ErrBadCredentials matches a 401 from the auth call.
var ErrBadCredentials = errors.New("wrong login or password")

type badCredentials struct{ err error }

func (b *badCredentials) Error() string { return b.err.Error() }
func (b *badCredentials) Unwrap() []error {
	return []error{ErrBadCredentials, b.err}
}

type authRequest struct {
	Login string   `json:"login"`
	Pswd  Password `json:"pswd"`
}

// UsersService reads users.
type UsersService struct{ c *Client }

// Get reads one user by external id (GET /api/users?user_id=). An answer
// about another user (its ext_user_id not the one asked for) is an *Error
// matching ErrDecode.
func (s *UsersService) Get(ctx context.Context, userID string, opts ...CallOption) (*User, error) {
	if isBlank(userID) {
		return nil, fmt.Errorf("dataprovider: empty user id: %w", ErrInvalidArgument)
	}
	// A decode error quotes an excerpt of the body in which the transport
	// has scrubbed secret-named members: the user's password never shows.
	var out []User
	resp, err := s.c.get(ctx, "users.get", "api/users", url.Values{"user_id": {userID}}, &out, opts)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, resp.Fail(ErrNotFound, "empty user list")
	}
	i := asked(len(out), func(i int) string { return out[i].ExtUserID }, userID)
	if i < 0 {
		return nil, resp.Fail(ErrDecode, fmt.Sprintf("answered user %.40q, not the one asked for", out[0].ExtUserID))
	}
	return &out[i], nil
}

// asked returns the index of the answer whose id is the one asked for, or
// of the first answer when it names no id; -1 when the provider answered
// about another one, which is never passed on as the one asked for.
func asked(n int, id func(int) string, want string) int {
	for i := range n {
		if id(i) == want {
			return i
		}
	}
	if id(0) == "" {
		return 0
	}
	return -1
}

// ContractsService reads contracts.
type ContractsService struct{ c *Client }

// ByUser lists a user's contracts (GET /api/contracts?user_id=).
func (s *ContractsService) ByUser(ctx context.Context, userID string, opts ...CallOption) ([]Contract, error) {
	if isBlank(userID) {
		return nil, fmt.Errorf("dataprovider: empty user id: %w", ErrInvalidArgument)
	}
	var out []Contract
	_, err := s.c.get(ctx, "contracts.byUser", "api/contracts", url.Values{"user_id": {userID}}, &out, opts)
	return out, err
}

// Get reads one contract (GET /api/contracts?id=). An answer about another
// contract (its ext_id not the one asked for) is an *Error matching ErrDecode.
func (s *ContractsService) Get(ctx context.Context, id string, opts ...CallOption) (*Contract, error) {
	if isBlank(id) {
		return nil, fmt.Errorf("dataprovider: empty contract id: %w", ErrInvalidArgument)
	}
	var out []Contract
	resp, err := s.c.get(ctx, "contracts.get", "api/contracts", url.Values{"id": {id}}, &out, opts)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, resp.Fail(ErrNotFound, "empty contract list")
	}
	i := asked(len(out), func(i int) string { return out[i].ExtID }, id)
	if i < 0 {
		return nil, resp.Fail(ErrDecode, fmt.Sprintf("answered contract %.40q, not the one asked for", out[0].ExtID))
	}
	return &out[i], nil
}

// ServicesService lists services.
type ServicesService struct{ c *Client }

// List returns all services (GET /api/services).
func (s *ServicesService) List(ctx context.Context, opts ...CallOption) ([]Service, error) {
	var out []Service
	_, err := s.c.get(ctx, "services.list", "api/services", nil, &out, opts)
	return out, err
}

// TariffsService lists tariffs.
type TariffsService struct{ c *Client }

// List returns all tariffs (GET /api/tariffs).
func (s *TariffsService) List(ctx context.Context, opts ...CallOption) ([]Tariff, error) {
	var out []Tariff
	_, err := s.c.get(ctx, "tariffs.list", "api/tariffs", nil, &out, opts)
	return out, err
}

// ChargesService reads charges.
type ChargesService struct{ c *Client }

// ByUser returns a user's charges, most recent first, at most limit of them
// (GET /api/charges?user_id=&limit=); a provider that sends more is cut to
// its first limit. limit must be positive. It is named
// like Contracts.ByUser: both read what belongs to one user.
func (s *ChargesService) ByUser(ctx context.Context, userID string, limit int, opts ...CallOption) ([]Charge, error) {
	if isBlank(userID) || limit <= 0 {
		return nil, fmt.Errorf("dataprovider: empty user id or non-positive limit: %w", ErrInvalidArgument)
	}
	var out []Charge
	_, err := s.c.get(ctx, "charges.byUser", "api/charges", url.Values{"user_id": {userID}, "limit": {strconv.Itoa(limit)}}, &out, opts)
	if len(out) > limit { // a provider that ignores limit: keep the promise
		out = out[:limit:limit]
	}
	return out, err
}
