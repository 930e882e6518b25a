package dataprovider_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	s := dptest.NewServer()
	defer s.Close()
	c, err := s.Client()
	require.NoError(t, err)
	ctx := context.Background()

	id, err := c.Auth.Check(ctx, dptest.SampleLogin, dptest.SamplePassword)
	require.NoError(t, err)
	assert.Equal(t, dptest.SampleUserID, id)
	_, err = c.Auth.Check(ctx, dptest.SampleLogin, "nope")
	assert.ErrorIs(t, err, dataprovider.ErrBadCredentials)

	u, err := c.Users.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, dptest.SampleLogin, u.Login)
	_, err = c.Users.Get(ctx, "404")
	assert.ErrorIs(t, err, dataprovider.ErrNotFound)

	cs, err := c.Contracts.ByUser(ctx, id)
	require.NoError(t, err)
	require.Len(t, cs, 1)
	assert.Equal(t, dataprovider.Kopecks(36900), cs[0].Balance)
	ct, err := c.Contracts.Get(ctx, dptest.SampleContractID)
	require.NoError(t, err)
	assert.Equal(t, cs[0].ExtID, ct.ExtID)
	_, err = c.Contracts.Get(ctx, "404")
	assert.ErrorIs(t, err, dataprovider.ErrNotFound)

	ss, err := c.Services.List(ctx)
	require.NoError(t, err)
	assert.Len(t, ss, 3)
	ts, err := c.Tariffs.List(ctx)
	require.NoError(t, err)
	assert.Len(t, ts, 2)

	ch, err := c.Charges.ByUser(ctx, id, 1)
	require.NoError(t, err)
	require.Len(t, ch, 1)
	assert.Equal(t, "02-22", ch[0].Period.String())
	ch, err = c.Charges.ByUser(ctx, id, 10)
	require.NoError(t, err)
	assert.Len(t, ch, 2)
}

type panicky struct{ *dptest.Memory }

func (panicky) Services(context.Context) ([]dataprovider.Service, error) {
	panic("secret internal state 0xdeadbeef")
}

func (panicky) Tariffs(context.Context) ([]dataprovider.Tariff, error) {
	return nil, errors.New("db password=hunter2 failed")
}

func TestHandlerStatuses(t *testing.T) {
	t.Parallel()
	h, err := dataprovider.NewHandler(panicky{dptest.NewMemory()}, dataprovider.AllowUnauthenticated(), dataprovider.WithMaxRequestBytes(64))
	require.NoError(t, err)
	cases := []struct {
		method, target, body string
		status               int
	}{
		{"GET", "/api/auth", "", 405},
		{"DELETE", "/api/users?user_id=1", "", 405},
		{"POST", "/api/users?user_id=1", "", 405},
		{"GET", "/api/users", "", 400},
		{"GET", "/api/users?user_id=", "", 400},
		{"GET", "/api/users?user_id=1&user_id=2", "", 400},
		{"GET", "/api/users?user_id=1", "", 404},
		{"GET", "/api/users?user_id=58208891", "", 200},
		{"GET", "/api/contracts", "", 400},
		{"GET", "/api/contracts?id=1&user_id=2", "", 400},
		{"GET", "/api/contracts?id=1", "", 404},
		{"GET", "/api/contracts?user_id=1", "", 404},
		{"GET", "/api/charges?user_id=58208891", "", 400},
		{"GET", "/api/charges?user_id=58208891&limit=0", "", 400},
		{"GET", "/api/charges?user_id=58208891&limit=-1", "", 400},
		{"GET", "/api/charges?user_id=58208891&limit=x", "", 400},
		{"GET", "/api/charges?user_id=58208891&limit=100000", "", 400},
		{"GET", "/api/charges?user_id=1&limit=1", "", 404},
		{"POST", "/api/auth", "{", 400},
		{"POST", "/api/auth", `{"login":"","pswd":"x"}`, 400},
		{"POST", "/api/auth", `{"login":"1595","pswd":"` + strings.Repeat("x", 200) + `"}`, 413},
		{"POST", "/api/auth", `{"login":"1595","pswd":"bad"}`, 401},
		{"POST", "/api/auth", `{"login":"1595","pswd":"58208891"}`, 200},
		{"POST", "/api/auth", `{"login":"1595","pswd":"58208891"} garbage`, 400},
		{"POST", "/api/auth", `{"login":"1595","pswd":"58208891"}{"login":"1595","pswd":"x"}`, 400},
		{"POST", "/api/auth", `{"login":"1595","pswd":"58208891"}]`, 400},
		{"POST", "/api/auth", "{\"login\":\"1595\",\"pswd\":\"58208891\"}\n", 200},
		{"GET", "/api/services", "", 500},
		{"GET", "/api/tariffs", "", 500},
		{"GET", "/api/nope", "", 404},
	}
	for _, tc := range cases {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body)))
		assert.Equal(t, tc.status, rec.Code, "%s %s", tc.method, tc.target)
		if tc.status != 200 {
			var e map[string]string
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &e), "%s %s: JSON error", tc.method, tc.target)
			assert.NotEmpty(t, e["error"])
			assert.NotContains(t, rec.Body.String(), "deadbeef")
			assert.NotContains(t, rec.Body.String(), "hunter2")
		}
	}
}

func TestHandlerAuth(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		h         dataprovider.HandlerOption
		co        dataprovider.Option
		challenge string
	}{
		"basic":  {dataprovider.RequireBasicAuth("core", "test-password-not-real"), dataprovider.WithBasicAuth("core", "test-password-not-real"), `Basic realm="dataprovider"`},
		"bearer": {dataprovider.RequireBearer("test-token-not-real"), dataprovider.WithBearerToken("test-token-not-real"), `Bearer realm="dataprovider"`},
	} {
		h, err := dataprovider.NewHandler(dptest.NewMemory(), tc.h)
		require.NoError(t, err, name)
		srv := httptest.NewServer(h)
		c, err := dataprovider.NewClient(srv.URL)
		require.NoError(t, err)
		_, err = c.Services.List(context.Background())
		assert.ErrorIs(t, err, dataprovider.ErrUnauthorized, name)
		resp, err := http.Get(srv.URL + "/api/services") //nolint:noctx // test
		require.NoError(t, err)
		_ = resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, name)
		assert.Equal(t, tc.challenge, resp.Header.Get("WWW-Authenticate"), name)
		c, err = dataprovider.NewClient(srv.URL, tc.co)
		require.NoError(t, err)
		_, err = c.Services.List(context.Background())
		assert.NoError(t, err, name)
		srv.Close()
	}
	// The bearer scheme name is case-insensitive; the token is not.
	h, err := dataprovider.NewHandler(dptest.NewMemory(), dataprovider.RequireBearer("test-token-not-real"))
	require.NoError(t, err)
	for auth, want := range map[string]int{"bearer test-token-not-real": 200, "BEARER test-token-not-real": 200,
		"Bearer TEST-TOKEN-NOT-REAL": 401, "Bearer": 401, "Bearer test-token-not-real ": 401, "Basic test-token-not-real": 401} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/api/services", nil)
		req.Header.Set("Authorization", auth)
		h.ServeHTTP(rec, req)
		assert.Equal(t, want, rec.Code, auth)
	}
}

// TestNewHandlerFailsClosed: every way of building a handler that would
// serve subscribers' data to anyone by accident is an error, not a handler.
func TestNewHandlerFailsClosed(t *testing.T) {
	t.Parallel()
	mem := dptest.NewMemory()
	var nilMem *dptest.Memory
	for name, tc := range map[string]struct {
		p    dataprovider.Provider
		opts []dataprovider.HandlerOption
	}{
		"no auth option":           {mem, nil},
		"only other options":       {mem, []dataprovider.HandlerOption{dataprovider.WithMaxLimit(10)}},
		"empty basic password":     {mem, []dataprovider.HandlerOption{dataprovider.RequireBasicAuth("platform", "")}},
		"unset env var":            {mem, []dataprovider.HandlerOption{dataprovider.RequireBasicAuth("platform", os.Getenv("DP_TEST_NEVER_SET_PASSWORD_8F3A"))}},
		"blank basic password":     {mem, []dataprovider.HandlerOption{dataprovider.RequireBasicAuth("platform", "  ")}},
		"empty basic user":         {mem, []dataprovider.HandlerOption{dataprovider.RequireBasicAuth("", "pw")}},
		"empty bearer":             {mem, []dataprovider.HandlerOption{dataprovider.RequireBearer("")}},
		"bearer with newline":      {mem, []dataprovider.HandlerOption{dataprovider.RequireBearer("tok\n")}},
		"bearer with space":        {mem, []dataprovider.HandlerOption{dataprovider.RequireBearer("a b")}},
		"basic user with colon":    {mem, []dataprovider.HandlerOption{dataprovider.RequireBasicAuth("a:b", "p")}},
		"basic and bearer":         {mem, []dataprovider.HandlerOption{dataprovider.RequireBasicAuth("u", "p"), dataprovider.RequireBearer("t")}},
		"basic twice":              {mem, []dataprovider.HandlerOption{dataprovider.RequireBasicAuth("u", "p"), dataprovider.RequireBasicAuth("u2", "p2")}},
		"auth and unauthenticated": {mem, []dataprovider.HandlerOption{dataprovider.AllowUnauthenticated(), dataprovider.RequireBearer("t")}},
		"nil provider":             {nil, []dataprovider.HandlerOption{dataprovider.RequireBearer("t")}},
		"typed nil provider":       {nilMem, []dataprovider.HandlerOption{dataprovider.RequireBearer("t")}},
		"zero body cap":            {mem, []dataprovider.HandlerOption{dataprovider.RequireBearer("t"), dataprovider.WithMaxRequestBytes(0)}},
		"negative limit cap":       {mem, []dataprovider.HandlerOption{dataprovider.RequireBearer("t"), dataprovider.WithMaxLimit(-1)}},
		"nil logger":               {mem, []dataprovider.HandlerOption{dataprovider.RequireBearer("t"), dataprovider.WithHandlerLogger(nil)}},
	} {
		h, err := dataprovider.NewHandler(tc.p, tc.opts...)
		assert.Nil(t, h, name)
		require.ErrorIs(t, err, dataprovider.ErrInvalidArgument, name)
		assert.True(t, strings.HasPrefix(err.Error(), "dataprovider: "), "%s: %v", name, err)
	}

	// The README's own mistake: an empty password no longer lets "platform:" in,
	// because there is no handler to let it in.
	h, err := dataprovider.NewHandler(mem, dataprovider.AllowUnauthenticated())
	require.NoError(t, err, "serving everyone is allowed when said explicitly")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/services", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
}

type emptyIDProvider struct{ *dptest.Memory }

func (emptyIDProvider) Auth(context.Context, string, dataprovider.Password) (string, error) {
	return "", nil
}

// TestHandlerEmptyUserID: a provider that says "no error" but names no user
// must not make the platform believe the sign-in worked.
func TestHandlerEmptyUserID(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	h, err := dataprovider.NewHandler(emptyIDProvider{dptest.NewMemory()}, dataprovider.AllowUnauthenticated(),
		dataprovider.WithHandlerLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/api/auth", strings.NewReader(`{"login":"1595","pswd":"58208891"}`)))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.NotContains(t, rec.Body.String(), "ext_user_id")
	assert.Contains(t, logs.String(), "empty user id")
	assert.NotContains(t, logs.String(), "58208891", "the password is not logged")
}

type zeroPeriodProvider struct{ *dptest.Memory }

func (zeroPeriodProvider) Charges(context.Context, string, int) ([]dataprovider.Charge, error) {
	return []dataprovider.Charge{{Account: "1595-1", Cost: 100}}, nil
}

// TestHandlerZeroPeriod: a charge whose period was never set is a logged 500,
// not "00-00" told to the platform.
func TestHandlerZeroPeriod(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	h, err := dataprovider.NewHandler(zeroPeriodProvider{dptest.NewMemory()}, dataprovider.AllowUnauthenticated(),
		dataprovider.WithHandlerLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/charges?user_id=58208891&limit=1", nil))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.NotContains(t, rec.Body.String(), "00-00")
	assert.Contains(t, logs.String(), "zero Period")
}

// TestNewServerCutsSlowBodies: a client that sends its body a byte at a time
// loses its connection at ReadTimeout instead of holding a handler. The
// limits are shortened so the test runs fast; everything stays on loopback.
func TestNewServerCutsSlowBodies(t *testing.T) {
	t.Parallel()
	inner, err := dataprovider.NewHandler(dptest.NewMemory(), dataprovider.AllowUnauthenticated())
	require.NoError(t, err)
	var active atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		active.Add(1)
		defer active.Add(-1)
		inner.ServeHTTP(w, r)
	})
	srv := dataprovider.NewServer("127.0.0.1:0", h)
	assert.Equal(t, dataprovider.ServerReadTimeout, srv.ReadTimeout)
	assert.Equal(t, dataprovider.ServerWriteTimeout, srv.WriteTimeout)
	assert.Equal(t, dataprovider.ServerIdleTimeout, srv.IdleTimeout)
	assert.Equal(t, dataprovider.ServerReadHeaderTimeout, srv.ReadHeaderTimeout)
	assert.Equal(t, dataprovider.ServerMaxHeaderBytes, srv.MaxHeaderBytes)
	for _, d := range []time.Duration{srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.ReadHeaderTimeout} {
		assert.Positive(t, d)
	}
	srv.ReadTimeout = 300 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	const clients = 20
	done := make(chan time.Duration, clients)
	start := time.Now()
	for i := 0; i < clients; i++ {
		go func() {
			conn, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				done <- -1
				return
			}
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(5 * time.Second)) // bounded
			_, _ = io.WriteString(conn, "POST /api/auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
			// Trickle a byte every 50 ms until the server gives up on us.
			go func() {
				for j := 0; j < 100; j++ {
					time.Sleep(50 * time.Millisecond)
					if _, err := conn.Write([]byte(" ")); err != nil {
						return
					}
				}
			}()
			_, _ = io.Copy(io.Discard, conn) // returns when the server closes
			done <- time.Since(start)
		}()
	}
	var slowest time.Duration
	for i := 0; i < clients; i++ {
		d := <-done
		require.Positive(t, d, "dial failed")
		assert.Less(t, d, 2*time.Second, "a slow body held its connection past ReadTimeout")
		slowest = max(slowest, d)
	}
	t.Logf("%d slow-body clients, ReadTimeout %v: the last was cut off after %v", clients, srv.ReadTimeout, slowest)
	assert.Eventually(t, func() bool { return active.Load() == 0 }, time.Second, 10*time.Millisecond, "handlers still held")
}

func TestFakeServerFaults(t *testing.T) {
	t.Parallel()
	s := dptest.NewServer()
	defer s.Close()
	c, err := s.Client(dataprovider.WithRetry(dataprovider.RetryPolicy{}))
	require.NoError(t, err)
	s.InjectFault(1, dptest.Fault{Status: 503, Body: []byte(`{"error":"maintenance"}`)})
	_, err = c.Services.List(context.Background())
	assert.ErrorIs(t, err, dataprovider.ErrServer)
	_, err = c.Services.List(context.Background())
	assert.NoError(t, err)
	assert.Equal(t, 2, s.Requests())
}

func TestPlatformCallbacks(t *testing.T) {
	t.Parallel()
	p := dptest.NewPlatform()
	defer p.Close()
	cb, err := p.Client()
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, cb.ContractChanged(ctx, "12347"))
	require.NoError(t, cb.UserContractsChanged(ctx, "58208891"))
	require.NoError(t, cb.ChargesChanged(ctx, "58208891"))
	assert.Equal(t, []dptest.Callback{
		{Path: "/api/v1/mb/callback/contract", ExtID: "12347"},
		{Path: "/api/v1/mb/callback/contract", UserExtID: "58208891"},
		{Path: "/api/v1/mb/callback/charge", UserExtID: "58208891"},
	}, p.Callbacks())

	bad, err := dataprovider.NewCallbackClient(p.URL, "core", "wrong")
	require.NoError(t, err)
	assert.ErrorIs(t, bad.ChargesChanged(ctx, "1"), dataprovider.ErrUnauthorized)
}

func TestConformancePasses(t *testing.T) {
	t.Parallel()
	h, err := dataprovider.NewHandler(dptest.NewMemory(), dataprovider.AllowUnauthenticated())
	require.NoError(t, err)
	r, err := dptest.CheckHandler(context.Background(), h, dptest.SampleSubject())
	require.NoError(t, err)
	assert.True(t, r.OK(), r.String())
	assert.Greater(t, r.Checks, 30)
}

// broken answers with float money, a bad state, unsorted charges, ignores
// limit, and 200 on an unknown user.
func broken() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/auth":
			_, _ = io.WriteString(w, `{"ext_user_id":"58208891"}`)
		case "/api/users":
			_, _ = io.WriteString(w, `[{"ext_user_id":"58208891","login":"1595","password":"x","is_blocked":false,"full_name":"x"}]`)
		case "/api/contracts":
			_, _ = io.WriteString(w, `[{"ext_id":"12331231","account":"a","contract":"c","state":7,"balance":369.00}]`)
		case "/api/services":
			_, _ = io.WriteString(w, `[]`)
		case "/api/tariffs":
			_, _ = io.WriteString(w, `[{"id":"1","name":"x","services":[],"cost":12.5,"without_cost":true}]`)
		case "/api/charges":
			_, _ = io.WriteString(w, `[{"account":"a","cost":1,"period":"01-22","description":""},{"account":"a","cost":1,"period":"02-22","description":""}]`)
		}
	})
}

func TestConformanceFailsBrokenProvider(t *testing.T) {
	t.Parallel()
	r, err := dptest.CheckHandler(context.Background(), broken(), dptest.SampleSubject())
	require.NoError(t, err)
	require.False(t, r.OK())
	msg := r.String()
	for _, want := range []string{"401", "404", "state 7", "balance", "sorted", "limit=1", "without_cost"} {
		assert.Contains(t, msg, want)
	}
}

// countingAuth counts the sign-ins that reach the provider.
type countingAuth struct {
	*dptest.Memory
	calls atomic.Int32
}

func (p *countingAuth) Auth(ctx context.Context, login string, pw dataprovider.Password) (string, error) {
	p.calls.Add(1)
	return p.Memory.Auth(ctx, login, pw)
}

// TestHandlerAuthBodyStrict: the /api/auth body is read one way only. Keys
// in another case (which encoding/json would take for the fields) and any
// key given twice (last one wins in encoding/json) are a 400 that never
// reaches the provider, so a proxy or audit log cannot see another login
// than the one checked.
func TestHandlerAuthBodyStrict(t *testing.T) {
	t.Parallel()
	p := &countingAuth{Memory: dptest.NewMemory()}
	h, err := dataprovider.NewHandler(p, dataprovider.AllowUnauthenticated())
	require.NoError(t, err)
	refused := []string{
		`{"LOGIN":"1595","pswd":"58208891"}`,
		`{"Login":"1595","pswd":"58208891"}`,
		`{"login":"1595","PSWD":"58208891"}`,
		`{"login":"1595","Pswd":"58208891"}`,
		`{"login":"1595","pſwd":"58208891"}`, // U+017F folds to "s" in encoding/json
		`{"logın":"1595","pswd":"58208891"}`, // U+0131 upper-cases to "I" (JavaScript's toUpperCase, say)
		`{"login":"intruder","login":"1595","pswd":"58208891"}`,
		`{"login":"1595","pswd":"bad","pswd":"58208891"}`,
		`{"login":"1595","pswd":"58208891","login":"1595"}`,
		`{"log\u0069n":"intruder","login":"1595","pswd":"58208891"}`,
		`{"login":"1595","pswd":"58208891","x":1,"x":2}`,
		`["1595","58208891"]`,
		`"1595"`,
		`null`,
		``,
	}
	for _, body := range refused {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/api/auth", strings.NewReader(body)))
		assert.Equal(t, http.StatusBadRequest, rec.Code, body)
		var e map[string]string
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &e), body)
		assert.Equal(t, "bad_request", e["code"], body)
	}
	assert.Zero(t, p.calls.Load(), "a refused body reached the provider")

	for body, want := range map[string]int{
		`{"login":"1595","pswd":"58208891"}`:                   200,
		`{"pswd":"58208891","login":"1595"}`:                   200,
		`{"login":"1595","pswd":"58208891","phone":"+7900"}`:   200, // keys the document does not name are ignored
		`{"login":"1595","pswd":"58208891","extra":{"a":[1]}}`: 200,
		`{"login":"1595","pswd":"wrong"}`:                      401,
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/api/auth", strings.NewReader(body)))
		assert.Equal(t, want, rec.Code, body)
	}
}

// TestHandlerOneAuthorizationHeader: a request with two Authorization
// headers is a 400 on every endpoint, whatever the auth mode and whichever
// of them is right: which one counts depends on who reads it.
func TestHandlerOneAuthorizationHeader(t *testing.T) {
	t.Parallel()
	const user, pass, token = "platform", "test-password-not-real", "test-token-not-real"
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
	for name, tc := range map[string]struct {
		opt  dataprovider.HandlerOption
		good string
	}{
		"basic":  {dataprovider.RequireBasicAuth(user, pass), basic},
		"bearer": {dataprovider.RequireBearer(token), "Bearer " + token},
		"open":   {dataprovider.AllowUnauthenticated(), "Bearer " + token},
	} {
		h, err := dataprovider.NewHandler(dptest.NewMemory(), tc.opt)
		require.NoError(t, err)
		srv := httptest.NewServer(h) // through net/http, which keeps both headers
		for _, target := range []string{"/api/services", "/api/users?user_id=58208891", "/api/auth"} {
			method, body := http.MethodGet, ""
			if target == "/api/auth" {
				method, body = http.MethodPost, `{"login":"1595","pswd":"58208891"}`
			}
			for _, hdrs := range [][]string{{tc.good, "Basic aW50cnVkZXI6eA=="}, {"Basic aW50cnVkZXI6eA==", tc.good}, {tc.good, tc.good}} {
				req, err := http.NewRequest(method, srv.URL+target, strings.NewReader(body)) //nolint:noctx // test
				require.NoError(t, err)
				for _, v := range hdrs {
					req.Header.Add("Authorization", v)
				}
				resp, err := http.DefaultClient.Do(req)
				require.NoError(t, err)
				b, _ := io.ReadAll(resp.Body)
				_ = resp.Body.Close()
				assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s %s %q", name, target, hdrs)
				assert.Contains(t, string(b), "Authorization", "%s %s", name, target)
			}
			req, err := http.NewRequest(method, srv.URL+target, strings.NewReader(body)) //nolint:noctx // test
			require.NoError(t, err)
			req.Header.Set("Authorization", tc.good)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			_ = resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode, "%s %s: one good header", name, target)
		}
		srv.Close()
	}
}
