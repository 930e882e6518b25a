package dataprovider_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

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

	ch, err := c.Charges.List(ctx, id, 1)
	require.NoError(t, err)
	require.Len(t, ch, 1)
	assert.Equal(t, "02-22", ch[0].Period.String())
	ch, err = c.Charges.List(ctx, id, 10)
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
	h := dataprovider.NewHandler(panicky{dptest.NewMemory()}, dataprovider.WithMaxRequestBytes(64))
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
	for name, opt := range map[string]struct {
		h  dataprovider.HandlerOption
		co dataprovider.Option
	}{
		"basic":  {dataprovider.RequireBasicAuth("core", "test-password-not-real"), dataprovider.WithBasicAuth("core", "test-password-not-real")},
		"bearer": {dataprovider.RequireBearer("test-token-not-real"), dataprovider.WithBearerToken("test-token-not-real")},
	} {
		s := dptest.NewServer(dptest.WithHandlerOptions(opt.h))
		c, err := s.Client()
		require.NoError(t, err)
		_, err = c.Services.List(context.Background())
		assert.ErrorIs(t, err, dataprovider.ErrUnauthorized, name)
		c, err = s.Client(opt.co)
		require.NoError(t, err)
		_, err = c.Services.List(context.Background())
		assert.NoError(t, err, name)
		s.Close()
	}
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
	r := dptest.CheckHandler(context.Background(), dataprovider.NewHandler(dptest.NewMemory()), dptest.SampleSubject())
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
	r := dptest.CheckHandler(context.Background(), broken(), dptest.SampleSubject())
	require.False(t, r.OK())
	msg := r.String()
	for _, want := range []string{"401", "404", "state 7", "balance", "sorted", "limit=1", "without_cost"} {
		assert.Contains(t, msg, want)
	}
}
