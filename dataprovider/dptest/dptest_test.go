package dptest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemory(t *testing.T) {
	t.Parallel()
	m := dptest.NewMemory()
	ctx := context.Background()
	m.AddCharge(dptest.SampleUserID, dataprovider.Charge{Account: "1595-1", Cost: 1, Period: dataprovider.MustPeriod(2023, 5)})
	cs, err := m.Charges(ctx, dptest.SampleUserID, 2)
	require.NoError(t, err)
	require.Len(t, cs, 2)
	assert.Equal(t, "05-23", cs[0].Period.String())
	assert.Equal(t, "02-22", cs[1].Period.String())
	_, err = m.Charges(ctx, "nobody", 1)
	assert.ErrorIs(t, err, dataprovider.ErrNotFound)

	m.PutContract(dptest.SampleUserID, dataprovider.Contract{ExtID: "2", State: dataprovider.StateSuspended})
	all, err := m.ContractsByUser(ctx, dptest.SampleUserID)
	require.NoError(t, err)
	assert.Len(t, all, 2)
	_, err = m.Auth(ctx, dptest.SampleLogin, "bad")
	assert.ErrorIs(t, err, dataprovider.ErrBadCredentials)
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	s := dptest.NewServer()
	defer s.Close()
	r, err := dptest.CheckURL(context.Background(), s.URL, dptest.SampleSubject())
	require.NoError(t, err)
	assert.True(t, r.OK(), r.String())

	s.InjectFault(100, dptest.Fault{Status: 500})
	r, err = dptest.CheckURL(context.Background(), s.URL, dptest.SampleSubject())
	require.NoError(t, err)
	assert.False(t, r.OK())
}

// serve wraps a provider in the package's handler, serving everyone.
func serve(t *testing.T, p dataprovider.Provider) http.Handler {
	t.Helper()
	h, err := dataprovider.NewHandler(p, dataprovider.AllowUnauthenticated())
	require.NoError(t, err)
	return h
}

// check runs the conformance check and returns its report.
func check(t *testing.T, h http.Handler, s dptest.Subject) *dptest.Report {
	t.Helper()
	r, err := dptest.CheckHandler(context.Background(), h, s)
	require.NoError(t, err)
	return r
}

// otherUser answers every user id with the sample user: a provider that
// looks users up by the wrong key.
type otherUser struct{ *dptest.Memory }

func (o otherUser) User(ctx context.Context, _ string) (*dataprovider.User, error) {
	u, err := o.Memory.User(ctx, dptest.SampleUserID)
	if err != nil {
		return nil, err
	}
	u.ExtUserID = "someone-else"
	return u, nil
}

// otherContract answers a contract id with another contract.
type otherContract struct{ *dptest.Memory }

func (o otherContract) Contract(ctx context.Context, id string) (*dataprovider.Contract, error) {
	c, err := o.Memory.Contract(ctx, id)
	if err != nil {
		return nil, err
	}
	c.ExtID = "99999999"
	return c, nil
}

// chargesFail answers an unknown user's charges with an error that is not
// ErrNotFound: the handler says 500.
type chargesFail struct{ *dptest.Memory }

func (o chargesFail) Charges(ctx context.Context, id string, limit int) ([]dataprovider.Charge, error) {
	if id != dptest.SampleUserID {
		return nil, errors.New("no rows")
	}
	return o.Memory.Charges(ctx, id, limit)
}

// rewrite passes answers through a text substitution.
func rewrite(h http.Handler, old, repl string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rec.Code)
		_, _ = w.Write([]byte(strings.ReplaceAll(rec.Body.String(), old, repl)))
	})
}

// TestConformanceCatchesLies: each deliberately broken provider passed the
// check before (91 checks passed, or only the auth answer was flagged).
func TestConformanceCatchesLies(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		h    http.Handler
		want string
	}{
		"answers another user":          {serve(t, otherUser{dptest.NewMemory()}), `answered user "someone-else", not the one asked for`},
		"answers another contract":      {serve(t, otherContract{dptest.NewMemory()}), `answered contract "99999999", not the one asked for`},
		"kopecks as strings":            {rewrite(serve(t, dptest.NewMemory()), `"balance":36900`, `"balance":"36900"`), `"balance" must be an integer (kopecks)`},
		"charge cost as string":         {rewrite(serve(t, dptest.NewMemory()), `"cost":20000`, `"cost":"20000"`), `"cost" must be an integer (kopecks)`},
		"unknown user's charges 500":    {serve(t, chargesFail{dptest.NewMemory()}), "/api/charges?user_id=conformance-no-such-user&limit=1: status 500, want 404"},
		"subject's contract not listed": {rewrite(serve(t, dptest.NewMemory()), `"ext_id":"12331231"`, `"ext_id":"1"`), `the Subject's contract "12331231" is not among`},
	} {
		r := check(t, tc.h, dptest.SampleSubject())
		assert.False(t, r.OK(), name)
		assert.Contains(t, r.String(), tc.want, name)
	}
	assert.True(t, check(t, serve(t, dptest.NewMemory()), dptest.SampleSubject()).OK(), "the honest provider still passes")
}

// TestConformanceRejectsEmptySubject: nothing is sent for an incomplete Subject.
func TestConformanceRejectsEmptySubject(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	h := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { n.Add(1) })
	for _, s := range []dptest.Subject{{}, {UserID: "1", Login: "l", Password: "p"}, {UserID: " ", Login: "l", Password: "p", ContractID: "c"}} {
		r, err := dptest.CheckHandler(context.Background(), h, s)
		assert.Nil(t, r)
		require.ErrorIs(t, err, dataprovider.ErrInvalidArgument)
		assert.True(t, strings.HasPrefix(err.Error(), "dptest: "), err.Error())
		_, err = dptest.CheckURL(context.Background(), "http://127.0.0.1:1", s)
		require.ErrorIs(t, err, dataprovider.ErrInvalidArgument)
	}
	_, err := dptest.CheckURL(context.Background(), "127.0.0.1:8089", dptest.SampleSubject())
	require.ErrorIs(t, err, dataprovider.ErrInvalidArgument, "a base without a scheme")
	_, err = dptest.CheckHandler(context.Background(), nil, dptest.SampleSubject())
	require.ErrorIs(t, err, dataprovider.ErrInvalidArgument)
	assert.Zero(t, n.Load())
}

// TestConformanceCredentialsRefused: a Subject without the provider API's
// credentials gets one clear problem, not a list of 401s; with BasicAuth it
// passes.
func TestConformanceCredentialsRefused(t *testing.T) {
	t.Parallel()
	h, err := dataprovider.NewHandler(dptest.NewMemory(), dataprovider.RequireBasicAuth("platform", "test-password-not-real"))
	require.NoError(t, err)
	r := check(t, h, dptest.SampleSubject())
	require.Len(t, r.Problems, 1, r.String())
	assert.Contains(t, r.Problems[0], "the Subject's credentials were refused")

	s := dptest.SampleSubject()
	s.Header = dptest.BasicAuth("platform", "wrong")
	r = check(t, h, s)
	require.Len(t, r.Problems, 1, r.String())

	s.Header = dptest.BasicAuth("platform", "test-password-not-real")
	r = check(t, h, s)
	assert.True(t, r.OK(), r.String())

	hb, err := dataprovider.NewHandler(dptest.NewMemory(), dataprovider.RequireBearer("test-token-not-real"))
	require.NoError(t, err)
	s.Header = dptest.BearerToken("test-token-not-real")
	r = check(t, hb, s)
	assert.True(t, r.OK(), r.String())
}

func noRetry() dataprovider.Option { return dataprovider.WithRetry(dataprovider.RetryPolicy{}) }

// TestServerAimedFault: a Fault with Path answers only that path; the rest
// is served normally; ClearFaults drops what is left.
func TestServerAimedFault(t *testing.T) {
	t.Parallel()
	s := dptest.NewServer()
	defer s.Close()
	c, err := s.Client(noRetry())
	require.NoError(t, err)
	ctx := context.Background()
	s.InjectFault(1, dptest.Fault{Status: http.StatusServiceUnavailable, Path: "/api/charges"})
	_, err = c.Services.List(ctx)
	require.NoError(t, err, "another path passes the aimed fault by")
	_, err = c.Charges.ByUser(ctx, dptest.SampleUserID, 1)
	require.ErrorIs(t, err, dataprovider.ErrServer)
	_, err = c.Charges.ByUser(ctx, dptest.SampleUserID, 1)
	require.NoError(t, err, "the fault was served once")

	s.InjectFault(1, dptest.Fault{Status: http.StatusTooManyRequests, Match: func(r *http.Request) bool {
		return r.URL.Query().Get("id") == dptest.SampleContractID
	}})
	_, err = c.Contracts.ByUser(ctx, dptest.SampleUserID)
	require.NoError(t, err)
	_, err = c.Contracts.Get(ctx, dptest.SampleContractID)
	require.ErrorIs(t, err, dataprovider.ErrRateLimited)

	s.InjectFault(5, dptest.Fault{Status: 500})
	s.ClearFaults()
	_, err = c.Services.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, 6, s.Requests())
}

// TestServerAuthAndSeeding: WithBasicAuth/WithBearerToken make the fake
// demand credentials and Client send them; Memory seeds what it serves.
func TestServerAuthAndSeeding(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, opt := range map[string]dptest.ServerOption{
		"basic":  dptest.WithBasicAuth("platform", "test-password-not-real"),
		"bearer": dptest.WithBearerToken("test-token-not-real"),
	} {
		s := dptest.NewServer(opt)
		anon, err := dataprovider.NewClient(s.URL)
		require.NoError(t, err)
		_, err = anon.Services.List(ctx)
		require.ErrorIs(t, err, dataprovider.ErrUnauthorized, name)
		c, err := s.Client()
		require.NoError(t, err)
		s.Memory.PutService(dataprovider.Service{ID: "40216204", Name: "ТВ"})
		s.Memory.PutService(dataprovider.Service{ID: "40216201", Name: "Интернет 2"})
		ss, err := c.Services.List(ctx)
		require.NoError(t, err, name)
		assert.Len(t, ss, 4)
		assert.Equal(t, "Интернет 2", ss[0].Name)
		cost := dataprovider.Kopecks(99900)
		s.Memory.PutTariff(dataprovider.Tariff{ID: "7", Name: "Новый", Cost: &cost})
		ts, err := c.Tariffs.List(ctx)
		require.NoError(t, err)
		require.Len(t, ts, 3)
		assert.Equal(t, "999.00 ₽", ts[2].Cost.String())
		s.Close()
	}
	assert.Panics(t, func() { dptest.NewServer(dptest.WithBasicAuth("platform", "")) }, "an empty password is refused")
	assert.Panics(t, func() {
		dptest.NewServer(dptest.WithBasicAuth("u", "p"), dptest.WithBearerToken("t"))
	}, "two auth options are refused")
}

// TestPlatformFaultsAndRequests: the fake platform counts requests, takes
// aimed faults, clears them and forgets callbacks on Reset.
func TestPlatformFaultsAndRequests(t *testing.T) {
	t.Parallel()
	p := dptest.NewPlatform()
	defer p.Close()
	cb, err := p.Client(noRetry())
	require.NoError(t, err)
	ctx := context.Background()
	p.InjectFault(1, dptest.Fault{Status: http.StatusBadGateway, Path: "/api/v1/mb/callback/charge"})
	require.NoError(t, cb.ContractChanged(ctx, "12347"), "the contract callback passes the aimed fault by")
	require.ErrorIs(t, cb.ChargesChanged(ctx, dptest.SampleUserID), dataprovider.ErrServer)
	require.NoError(t, cb.ChargesChanged(ctx, dptest.SampleUserID))
	p.InjectFault(3, dptest.Fault{Status: 500})
	p.ClearFaults()
	require.NoError(t, cb.UserContractsChanged(ctx, dptest.SampleUserID))
	assert.Equal(t, 4, p.Requests())
	assert.Len(t, p.Callbacks(), 3)
	p.Reset()
	assert.Empty(t, p.Callbacks())
}

// A user or contract id holding characters with a meaning in a query string
// ('+', '%', '#', '=', a space) reaches the provider as it is: the check
// escapes it, so a conforming provider passes.
func TestCheckURLEscapesIDs(t *testing.T) {
	t.Parallel()
	m := dptest.NewMemory()
	const uid, cid = "u+1 %2B#x=y&z", "c 7+%#"
	m.PutUser(dataprovider.User{ExtUserID: uid, Login: "odd", Password: "pw", FullName: "Odd Id"})
	m.PutContract(uid, dataprovider.Contract{ExtID: cid, Account: "a", Contract: "c", State: dataprovider.StateConnected})
	m.AddCharge(uid, dataprovider.Charge{Account: "a", Cost: 1, Period: dataprovider.MustPeriod(2024, 1)})
	s := dptest.NewServer(dptest.WithMemory(m))
	defer s.Close()
	r, err := dptest.CheckURL(context.Background(), s.URL, dptest.Subject{UserID: uid, Login: "odd", Password: "pw", ContractID: cid})
	require.NoError(t, err)
	assert.True(t, r.OK(), r.String())
}

// A check cut short by its context is an error matching the context's, not
// a report blaming the provider for every request it never answered.
func TestCheckURLContextDone(t *testing.T) {
	t.Parallel()
	s := dptest.NewServer()
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := dptest.CheckURL(ctx, s.URL, dptest.SampleSubject())
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, r)
	assert.False(t, r.OK())
}

// A provider that redirects to another origin fails the check, and the
// Subject's credentials (a custom API-key header, the sign-in body) never
// reach that origin: the kit follows redirects as the dataprovider client
// does, only within the provider's origin.
func TestCheckURLRedirectElsewhere(t *testing.T) {
	t.Parallel()
	var leaked atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Key") != "" || r.ContentLength > 0 {
			leaked.Add(1)
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer other.Close()
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()
	s := dptest.SampleSubject()
	s.Header = http.Header{"X-Api-Key": {"fake-key-not-real"}}
	r, err := dptest.CheckURL(context.Background(), redirector.URL, s)
	require.NoError(t, err)
	assert.False(t, r.OK())
	assert.Contains(t, r.String(), "status 307")
	assert.Zero(t, leaked.Load(), "credentials followed a redirect to another origin")
}

// An answer over the kit's 4 MiB read cap is reported as too large, not cut
// and then blamed for not being JSON.
func TestCheckURLHugeBody(t *testing.T) {
	t.Parallel()
	h := serve(t, dptest.NewMemory())
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/services" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte("[" + strings.Repeat(" ", 5<<20) + "]"))
			return
		}
		h.ServeHTTP(w, r)
	}))
	defer big.Close()
	r, err := dptest.CheckURL(context.Background(), big.URL, dptest.SampleSubject())
	require.NoError(t, err)
	assert.Contains(t, r.String(), "GET /api/services: body over 4 MiB")
	assert.NotContains(t, r.String(), "GET /api/services: body is not a JSON array")
}

// The fakes share one vocabulary: Add* seeds (the older Put* names still
// work) and counts named as counts (RequestCount; Requests still works).
func TestSharedVocabulary(t *testing.T) {
	ctx := context.Background()
	s := dptest.NewServer()
	defer s.Close()
	c, err := s.Client()
	require.NoError(t, err)
	s.Memory.AddUser(dataprovider.User{ExtUserID: "77", Login: "added", Password: "test-password-not-real"})
	s.Memory.AddContract("77", dataprovider.Contract{ExtID: "c77", Account: "77-1", Contract: "77-1N"})
	s.Memory.AddService(dataprovider.Service{ID: "s77", Name: "Добавленная"})
	s.Memory.AddTariff(dataprovider.Tariff{ID: "t77", Name: "Добавленный"})
	u, err := c.Users.Get(ctx, "77")
	require.NoError(t, err)
	assert.Equal(t, "added", u.Login)
	cs, err := c.Contracts.ByUser(ctx, "77")
	require.NoError(t, err)
	require.Len(t, cs, 1)
	assert.Equal(t, "77-1N", cs[0].Contract)
	ss, err := c.Services.List(ctx)
	require.NoError(t, err)
	assert.Contains(t, ss, dataprovider.Service{ID: "s77", Name: "Добавленная"})
	ts, err := c.Tariffs.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, "t77", ts[len(ts)-1].ID)
	assert.Equal(t, 4, s.RequestCount())
	assert.Equal(t, s.RequestCount(), s.Requests())

	p := dptest.NewPlatform()
	defer p.Close()
	assert.Equal(t, p.RequestCount(), p.Requests())
}
