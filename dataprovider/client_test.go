package dataprovider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/internal/fixture"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/internal/inputtest"
)

// docBaseURL is the document's example base, where the fixtures were "recorded".
const docBaseURL = "http://127.0.0.1"

func replay(t *testing.T, files ...string) *Client {
	t.Helper()
	for i := range files {
		files[i] = "testdata/" + files[i] + ".json"
	}
	hc := fixture.Replay(t, docBaseURL, files...)
	c, err := NewClient(docBaseURL, WithBearerToken("test-token-not-real"), WithHTTPClient(hc))
	require.NoError(t, err)
	return c
}

func TestEndpoints(t *testing.T) {
	ctx := context.Background()
	c := replay(t, "auth", "users", "contracts_user", "contract", "services", "tariffs", "charges")

	id, err := c.Auth.Check(ctx, "1595", "58208891")
	require.NoError(t, err)
	assert.Equal(t, "58208891", id)

	u, err := c.Users.Get(ctx, "58208891")
	require.NoError(t, err)
	assert.Equal(t, "Жанна Владимировна", u.FullName)
	assert.True(t, u.IsBlocked)
	assert.Equal(t, "58208891", u.Password.Reveal())
	assert.Equal(t, []Phone{{Number: "9090909090"}}, u.Phones)

	cs, err := c.Contracts.ByUser(ctx, "58208891")
	require.NoError(t, err)
	require.Len(t, cs, 1)
	assert.Equal(t, StateConnected, cs[0].State)
	assert.Equal(t, Kopecks(36900), cs[0].Balance)
	assert.Equal(t, "369.00 ₽", cs[0].Balance.String())
	assert.Equal(t, 74, cs[0].Region)
	assert.True(t, cs[0].Options[0].Hidden)
	assert.True(t, cs[0].Options[0].IsSurcharge())
	assert.True(t, cs[0].Tariffs[0].Options[0].IsDiscount())
	assert.Nil(t, cs[0].RequiredPayment) //nolint:staticcheck // deprecated field is still decoded
	assert.False(t, cs[0].ServicesSuspended())

	one, err := c.Contracts.Get(ctx, "12331231")
	require.NoError(t, err)
	assert.True(t, one.ServicesSuspended())
	require.NotNil(t, one.RequiredPayment)               //nolint:staticcheck // deprecated field is still decoded
	assert.Equal(t, Kopecks(1000), *one.RequiredPayment) //nolint:staticcheck // deprecated field is still decoded
	assert.True(t, one.Options[0].IsSetting())
	assert.Len(t, one.Options, 3)

	ss, err := c.Services.List(ctx)
	require.NoError(t, err)
	assert.Len(t, ss, 3)

	ts, err := c.Tariffs.List(ctx)
	require.NoError(t, err)
	require.Len(t, ts, 2)
	require.NotNil(t, ts[0].Cost)
	assert.Equal(t, "12.00 ₽", ts[0].Cost.String())
	assert.False(t, ts[0].WithoutCost)
	assert.Nil(t, ts[1].Cost)
	assert.True(t, ts[1].WithoutCost)

	ch, err := c.Charges.ByUser(ctx, "58208891", 1)
	require.NoError(t, err)
	require.Len(t, ch, 1)
	assert.Equal(t, MustPeriod(2022, 2), ch[0].Period)
	assert.Equal(t, Kopecks(20000), ch[0].Cost)
}

func TestNotFoundAndBadCredentials(t *testing.T) {
	ctx := context.Background()
	c := replay(t, "auth_401", "users_404", "contracts_user_404", "contract_404")
	_, err := c.Auth.Check(ctx, "1595", "wrong")
	assert.ErrorIs(t, err, ErrBadCredentials)
	assert.ErrorIs(t, err, ErrUnauthorized)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 401, e.StatusCode)
	assert.NotContains(t, err.Error(), "wrong\"")

	_, err = c.Users.Get(ctx, "1")
	assert.ErrorIs(t, err, ErrNotFound)
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "user not found", e.Message)
	_, err = c.Contracts.ByUser(ctx, "1")
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = c.Contracts.Get(ctx, "1")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestCallbacks(t *testing.T) {
	ctx := context.Background()
	hc := fixture.Replay(t, "https://core.example.test", "testdata/callback_contract.json", "testdata/callback_contracts.json", "testdata/callback_charge.json")
	cb, err := NewCallbackClient("https://core.example.test", "core", "test-password-not-real", WithHTTPClient(hc))
	require.NoError(t, err)
	require.NoError(t, cb.ContractChanged(ctx, "12347"))
	require.NoError(t, cb.UserContractsChanged(ctx, "58208891"))
	require.NoError(t, cb.ChargesChanged(ctx, "58208891"))
	assert.ErrorIs(t, cb.ChargesChanged(ctx, ""), ErrInvalidArgument)

	// An unset DP_CALLBACK_PASSWORD fails here, not at the first callback.
	for _, args := range [][3]string{{"", "core", "pw"}, {"https://core.example.test", "", "pw"}, {"https://core.example.test", "core", ""}, {"https://core.example.test", "core", " "}} {
		_, err := NewCallbackClient(args[0], args[1], args[2])
		assert.ErrorIs(t, err, ErrInvalidArgument, "%q", args)
	}
}

func TestInvalidArguments(t *testing.T) {
	_, err := NewClient("")
	assert.ErrorIs(t, err, ErrInvalidArgument)
	_, err = NewClient("ftp://x")
	assert.Error(t, err)
	_, err = NewClient(docBaseURL, WithBearerToken(""))
	assert.ErrorIs(t, err, ErrInvalidArgument)
	c, err := NewClient(docBaseURL)
	require.NoError(t, err)
	ctx := context.Background()
	inputtest.Refused(t, ErrInvalidArgument, "dataprovider: ", map[string]error{
		"user blank":     inputtest.Err(c.Users.Get(ctx, " ")),
		"contract empty": inputtest.Err(c.Contracts.Get(ctx, "")),
		"charges zero":   inputtest.Err(c.Charges.ByUser(ctx, "1", 0)),
		"check no login": inputtest.Err(c.Auth.Check(ctx, "", "x")),
	})
}

func fastRetry() Option {
	return WithRetry(RetryPolicy{MaxRetries: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond, MaxRetryAfter: time.Second})
}

func TestFaults(t *testing.T) {
	var n atomic.Int32
	var mode atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		switch mode.Load().(string) {
		case "503":
			w.WriteHeader(503)
		case "html":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			fmt.Fprint(w, "<html>Bad Gateway</html>")
		case "trunc":
			fmt.Fprint(w, `[{"ext_user_id":"1"`)
		case "429":
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(429)
		case "enum":
			fmt.Fprint(w, `[{"ext_id":"1","state":9,"balance":-150}]`)
		}
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, fastRetry())
	require.NoError(t, err)
	ctx := context.Background()

	mode.Store("503")
	_, err = c.Services.List(ctx)
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, int32(3), n.Swap(0), "a read is retried")
	_, err = c.Auth.Check(ctx, "1595", "x")
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, int32(1), n.Swap(0), "auth (POST) is not retried")

	mode.Store("html")
	_, err = c.Tariffs.List(ctx)
	assert.ErrorIs(t, err, ErrServer)
	assert.Contains(t, err.Error(), "Bad Gateway")
	n.Store(0)

	mode.Store("trunc")
	_, err = c.Users.Get(ctx, "1")
	assert.ErrorIs(t, err, ErrDecode)

	mode.Store("429")
	_, err = c.Services.List(ctx)
	assert.ErrorIs(t, err, ErrRateLimited)

	mode.Store("enum")
	ct, err := c.Contracts.Get(ctx, "1")
	require.NoError(t, err)
	assert.Equal(t, State(9), ct.State)
	assert.False(t, ct.State.Known())
	assert.Equal(t, "State(9)", ct.State.String())
	assert.Equal(t, "-1.50 ₽", ct.Balance.String())

	cb, err := NewCallbackClient(srv.URL, "core", "test-password-not-real", fastRetry())
	require.NoError(t, err)
	mode.Store("503")
	n.Store(0)
	assert.ErrorIs(t, cb.ChargesChanged(ctx, "1"), ErrServer)
	assert.Equal(t, int32(3), n.Load(), "callbacks are retried")
}

func TestErrorsRedactPassword(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) }))
	defer srv.Close()
	cb, err := NewCallbackClient(srv.URL, "core", "super-secret-pass", WithRetry(RetryPolicy{}))
	require.NoError(t, err)
	err = cb.ContractChanged(context.Background(), "1")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "super-secret-pass")
	assert.False(t, errors.Is(err, ErrNotFound))
}

// wire records the requests a test server receives and answers each with
// the next canned status and body.
type wire struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []recorded
	body string
}

type recorded struct {
	Method, Path, RawQuery, Body, Auth, ContentType string
}

func newWire(t *testing.T, body string) *wire {
	t.Helper()
	w := &wire{body: body}
	w.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.mu.Lock()
		w.reqs = append(w.reqs, recorded{r.Method, r.URL.Path, r.URL.RawQuery, string(b), r.Header.Get("Authorization"), r.Header.Get("Content-Type")})
		body := w.body
		w.mu.Unlock()
		rw.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(rw, body)
	}))
	t.Cleanup(w.srv.Close)
	return w
}

func (w *wire) last(t *testing.T) recorded {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	require.NotEmpty(t, w.reqs)
	return w.reqs[len(w.reqs)-1]
}

// TestAuthCheckNoUserID: a 200 that names no user is a decode error, never a
// sign-in of the user "".
func TestAuthCheckNoUserID(t *testing.T) {
	for _, body := range []string{`{}`, `{"ext_user_id":""}`, `{"ext_user_id":null}`, `{"ext_user_id":"  "}`, `null`} {
		w := newWire(t, body)
		c, err := NewClient(w.srv.URL, WithBearerToken("test-token-not-real"))
		require.NoError(t, err)
		id, err := c.Auth.Check(context.Background(), "1595", "58208891")
		assert.Empty(t, id, body)
		require.ErrorIs(t, err, ErrDecode, body)
		assert.NotErrorIs(t, err, ErrBadCredentials, body)
		var e *Error
		require.ErrorAs(t, err, &e, body)
		assert.Equal(t, http.StatusOK, e.StatusCode, body)
		assert.Equal(t, http.MethodPost, e.Method, body)
		assert.Equal(t, "/api/auth", e.Path, body)
		assert.NotContains(t, err.Error(), "58208891", "the password never shows")
		assert.Equal(t, recorded{Method: "POST", Path: "/api/auth", Body: `{"login":"1595","pswd":"58208891"}`,
			Auth: "Bearer test-token-not-real", ContentType: "application/json"}, w.last(t))
	}
}

// TestDo: the escape hatch is callable from outside the package, with the
// client's auth and error decoding; nil is refused, not a panic.
func TestDo(t *testing.T) {
	w := newWire(t, `[{"id":"1","name":"x"}]`)
	c, err := NewClient(w.srv.URL, WithBasicAuth("platform", "test-password-not-real"))
	require.NoError(t, err)
	ctx := context.Background()
	var out []Service
	require.NoError(t, c.Do(ctx, &Request{Path: "/api/services", Query: url.Values{"q": {"a b"}}}, &out))
	assert.Equal(t, []Service{{ID: "1", Name: "x"}}, out)
	got := w.last(t)
	assert.Equal(t, "GET", got.Method)
	assert.Equal(t, "/api/services", got.Path)
	assert.Equal(t, "q=a+b", got.RawQuery)
	assert.Equal(t, "Basic cGxhdGZvcm06dGVzdC1wYXNzd29yZC1ub3QtcmVhbA==", got.Auth)

	require.NoError(t, c.Do(ctx, &Request{Method: http.MethodPost, Path: "api/other", Body: map[string]int{"n": 1}, NoRetry: true}, nil))
	got = w.last(t)
	assert.Equal(t, recorded{Method: "POST", Path: "/api/other", Body: `{"n":1}`, Auth: got.Auth, ContentType: "application/json"}, got)

	err = c.Do(ctx, nil, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.True(t, strings.HasPrefix(err.Error(), "dataprovider: "), err.Error())

	w.body = `not json`
	err = c.Do(ctx, &Request{Path: "api/services"}, &out)
	assert.ErrorIs(t, err, ErrDecode)
}

// TestBaseURLEndingInAPI: the document writes endpoints as
// http://127.0.0.1/api/...; a base URL that keeps the "/api" must not send
// requests to /api/api/....
func TestBaseURLEndingInAPI(t *testing.T) {
	w := newWire(t, `[]`)
	for suffix, want := range map[string]string{
		"": "/api/services", "/": "/api/services", "/api": "/api/services", "/api/": "/api/services",
		"/billing": "/billing/api/services", "/billing/api/": "/billing/api/services", "/apiv2": "/apiv2/api/services",
	} {
		c, err := NewClient(w.srv.URL + suffix)
		require.NoError(t, err, suffix)
		_, err = c.Services.List(context.Background())
		require.NoError(t, err, suffix)
		assert.Equal(t, want, w.last(t).Path, "base URL ending in %q", suffix)

	}
	cb, err := NewCallbackClient(w.srv.URL+"/api/", "core", "test-password-not-real")
	require.NoError(t, err)
	require.NoError(t, cb.ChargesChanged(context.Background(), "58208891"))
	assert.Equal(t, "/api/v1/mb/callback/charge", w.last(t).Path)
}

// TestChargesByUserWire: Charges.ByUser is named like Contracts.ByUser.
func TestChargesByUserWire(t *testing.T) {
	w := newWire(t, `[{"account":"1595-1","cost":20000,"period":"02-22","description":"x"}]`)
	c, err := NewClient(w.srv.URL)
	require.NoError(t, err)
	ch, err := c.Charges.ByUser(context.Background(), "58208891", 1)
	require.NoError(t, err)
	require.Len(t, ch, 1)
	got := w.last(t)
	assert.Equal(t, "GET", got.Method)
	assert.Equal(t, "/api/charges", got.Path)
	assert.Equal(t, "limit=1&user_id=58208891", got.RawQuery)
}

// TestChargesByUserKeepsLimit: a provider that ignores limit does not make
// ByUser return more than it promises (the handler cuts the same way).
func TestChargesByUserKeepsLimit(t *testing.T) {
	w := newWire(t, `[{"account":"1595-1","cost":3,"period":"03-22"},{"account":"1595-1","cost":2,"period":"02-22"},{"account":"1595-1","cost":1,"period":"01-22"}]`)
	c, err := NewClient(w.srv.URL)
	require.NoError(t, err)
	ch, err := c.Charges.ByUser(context.Background(), "58208891", 2)
	require.NoError(t, err)
	require.Len(t, ch, 2)
	assert.Equal(t, []Kopecks{3, 2}, []Kopecks{ch[0].Cost, ch[1].Cost}, "the first limit, as sent: most recent first")
	assert.Equal(t, "limit=2&user_id=58208891", w.last(t).RawQuery)
}

// TestUsersGetOtherUser: a provider that answers another user than the one
// asked for (a cache keyed wrong, a proxy mixing answers) is a decode error:
// the platform must never show one subscriber another's data.
func TestUsersGetOtherUser(t *testing.T) {
	w := newWire(t, `[{"ext_user_id":"999","login":"x","password":"fake-secret-not-real","is_blocked":false,"full_name":"Other"}]`)
	c, err := NewClient(w.srv.URL)
	require.NoError(t, err)
	u, err := c.Users.Get(context.Background(), "58208891")
	assert.Nil(t, u)
	require.ErrorIs(t, err, ErrDecode)
	assert.NotContains(t, err.Error(), "fake-secret")
	assert.Equal(t, "user_id=58208891", w.last(t).RawQuery)

	w = newWire(t, `[{"ext_id":"1","account":"a","contract":"c","state":2,"balance":0}]`)
	c, err = NewClient(w.srv.URL)
	require.NoError(t, err)
	ct, err := c.Contracts.Get(context.Background(), "12347")
	assert.Nil(t, ct)
	require.ErrorIs(t, err, ErrDecode)
	assert.Equal(t, "id=12347", w.last(t).RawQuery)
}

// TestUsersGetDecodeErrorHidesPassword: a user answer that does not decode
// is an ErrDecode whose text does not quote the body, since that body holds
// the user's clear-text password (the transport's excerpt scrubs only the
// credentials it knows, not a password the provider sends).
func TestUsersGetDecodeErrorHidesPassword(t *testing.T) {
	for _, body := range []string{
		`[{"ext_user_id":"1","password":"fake-secret-not-real","is_blocked":"no"}]`,
		`[{"ext_user_id":"1","password":"fake-secret-not-real"`,
		`[{"ext_user_id":1,"password":"fake\u002dsecret-not-real"}]`,
	} {
		w := newWire(t, body)
		c, err := NewClient(w.srv.URL)
		require.NoError(t, err)
		_, err = c.Users.Get(context.Background(), "1")
		require.ErrorIs(t, err, ErrDecode, body)
		assert.NotContains(t, err.Error(), "secret-not-real", body)
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "/api/users", e.Path)
	}
}

// TestCredentialShape: a credential given in the shape of a whole header
// ("Bearer abc" as a bearer token, "X-API-Key: abc" as a key) or of
// "user:password" as a Basic user, or an empty Basic password (an unset
// environment variable), would only earn a bare 401: NewClient refuses it
// with a hint, without quoting the secret.
func TestCredentialShape(t *testing.T) {
	const secret = "test-secret-not-real"
	for name, tc := range map[string]struct {
		opt  Option
		hint string
	}{
		"bearer prefix":                  {WithBearerToken("Bearer " + secret), `starts with "Bearer "`},
		"bearer prefix lower":            {WithBearerToken("bearer " + secret), `starts with "bearer "`},
		"basic as bearer":                {WithBearerToken("Basic " + secret), `starts with "Basic "`},
		"bearer with space":              {WithBearerToken(secret + " x"), "space"},
		"bearer trailing tab":            {WithBearerToken(secret + "\t"), "space"},
		"header name in key":             {WithHeaderAuth("X-API-Key", "X-API-Key: "+secret), `"X-API-Key:"`},
		"header name in key, other case": {WithHeaderAuth("x-api-key", "X-Api-Key:"+secret), "header name"},
		"authorization in key":           {WithHeaderAuth("Authorization", "Authorization: Bearer "+secret), "header name"},
		"user:password as user":          {WithBasicAuth("platform:"+secret, secret), "colon"},
		"empty password":                 {WithBasicAuth("platform", ""), "empty"},
		"blank password":                 {WithBasicAuth("platform", "  "), "empty"},
	} {
		c, err := NewClient(docBaseURL, tc.opt)
		assert.Nil(t, c, name)
		require.ErrorIs(t, err, ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), tc.hint, name)
		assert.NotContains(t, err.Error(), secret, name)
	}
	// What is right stays right: a custom scheme in Authorization, a key
	// with a colon inside, a Basic password with spaces or colons.
	for name, opt := range map[string]Option{
		"custom scheme":        WithHeaderAuth("Authorization", "Token "+secret),
		"key with colon":       WithHeaderAuth("X-API-Key", "ab:"+secret),
		"password with colons": WithBasicAuth("platform", "a:b c"),
		"bearer":               WithBearerToken(secret),
	} {
		_, err := NewClient(docBaseURL, opt)
		assert.NoError(t, err, name)
	}
}

// The shared Request has Operation in every package: the provider's Do names
// the call by it ("do" when empty).
func TestDoOperationName(t *testing.T) {
	w := newWire(t, `[]`)
	c, err := NewClient(w.srv.URL, WithBasicAuth("platform", "test-password-not-real"))
	require.NoError(t, err)
	var info ResponseInfo
	require.NoError(t, c.Do(context.Background(), &Request{Path: "api/services", Operation: "services.raw"}, nil, WithResponseInto(&info)))
	assert.Equal(t, "services.raw", info.Operation)
	require.NoError(t, c.Do(context.Background(), &Request{Path: "api/services"}, nil, WithResponseInto(&info)))
	assert.Equal(t, "do", info.Operation)
}
