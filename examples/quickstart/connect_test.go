package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/aeza/aezatest"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
	"github.com/ruapi/ruapi-go/servicemanager/smtest"
)

// env clears every variable, then sets kv pairs.
func env(t *testing.T, kv ...string) {
	t.Helper()
	for _, k := range variables {
		t.Setenv(k, "")
	}
	for i := 0; i+1 < len(kv); i += 2 {
		t.Setenv(kv[i], kv[i+1])
	}
}

func TestFakesWithoutEnvironment(t *testing.T) {
	env(t)
	ctx := context.Background()

	a, err := newATI()
	require.NoError(t, err)
	defer a.Close()
	assert.False(t, a.Live)
	assert.Contains(t, a.String(), "in-process fake atitest")
	bal, err := a.Client.Billing.Balance(ctx)
	require.NoError(t, err)
	assert.Equal(t, "100.50", bal.Balance.String())

	s, err := newServiceManager()
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, smtest.Account, s.Account)
	users, err := s.Client.Users.List(ctx, s.Account)
	require.NoError(t, err)
	assert.NotEmpty(t, users)

	z, err := newAeza()
	require.NoError(t, err)
	defer z.Close()
	acct, err := z.Client.Account.Current(ctx)
	require.NoError(t, err)
	assert.Equal(t, "100000", acct.Balance.String(), "minor units (kopecks), as Aeza sends them")

	d, err := newDataProvider()
	require.NoError(t, err)
	defer d.Close()
	id, err := d.Client.Auth.Check(ctx, d.Login, d.Password)
	require.NoError(t, err)
	assert.Equal(t, dptest.SampleUserID, id)
}

// The ATI variables reach the wire: the token as a bearer, the base URL, and
// the integrator code in the user agent.
func TestATIFromEnvironment(t *testing.T) {
	var auth, ua, path string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth, ua, path = r.Header.Get("Authorization"), r.Header.Get("User-Agent"), r.URL.Path
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"balance": 7.5}`))
	}))
	defer srv.Close()
	env(t, "ATI_TOKEN", "test-token-not-real", "ATI_BASE_URL", srv.URL, "ATI_INTEGRATOR_CODE", "4242")
	a, err := newATI()
	require.NoError(t, err)
	defer a.Close()
	assert.True(t, a.Live)
	assert.Equal(t, srv.URL, a.Where)
	assert.Equal(t, "live: "+srv.URL+", read-only", a.String())
	bal, err := a.Client.Billing.Balance(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "7.5", bal.Balance.String())
	assert.Equal(t, "/v1.0/balance", path)
	assert.Equal(t, "Bearer test-token-not-real", auth)
	assert.True(t, strings.HasPrefix(ua, "ati_integrator_4242 "), "User-Agent %q", ua)
}

// The other packages' variables reach a server that checks them: each fake
// rejects wrong credentials, so a successful call proves they were sent.
func TestLiveFromEnvironment(t *testing.T) {
	ctx := context.Background()
	t.Run("servicemanager", func(t *testing.T) {
		srv := smtest.NewServer()
		defer srv.Close()
		env(t, "SM_BASE_URL", srv.URL, "SM_LOGIN", smtest.DefaultLogin, "SM_PASSWORD", smtest.DefaultPassword,
			"SM_ACCOUNT", strconv.FormatInt(smtest.Account, 10))
		s, err := newServiceManager()
		require.NoError(t, err)
		assert.True(t, s.Live)
		_, err = s.Client.Users.List(ctx, s.Account)
		require.NoError(t, err)

		env(t, "SM_BASE_URL", srv.URL, "SM_LOGIN", smtest.DefaultLogin, "SM_PASSWORD", "wrong-password-not-real",
			"SM_ACCOUNT", strconv.FormatInt(smtest.Account, 10))
		s, err = newServiceManager()
		require.NoError(t, err)
		_, err = s.Client.Users.List(ctx, s.Account)
		require.Error(t, err, "the password from SM_PASSWORD is the one sent")
	})
	t.Run("aeza", func(t *testing.T) {
		srv := aezatest.NewServer()
		defer srv.Close()
		env(t, "AEZA_API_KEY", srv.APIKey, "AEZA_BASE_URL", srv.URL)
		z, err := newAeza()
		require.NoError(t, err)
		assert.True(t, z.Live)
		_, err = z.Client.Account.Current(ctx)
		require.NoError(t, err)
	})
	t.Run("dataprovider", func(t *testing.T) {
		srv := dptest.NewServer()
		defer srv.Close()
		env(t, "DP_BASE_URL", srv.URL, "DP_LOGIN", dptest.SampleLogin, "DP_PASSWORD", dptest.SamplePassword)
		d, err := newDataProvider()
		require.NoError(t, err)
		assert.True(t, d.Live)
		id, err := d.Client.Auth.Check(ctx, d.Login, d.Password)
		require.NoError(t, err)
		assert.Equal(t, dptest.SampleUserID, id)
	})
}

func TestPartialEnvironment(t *testing.T) {
	for _, tc := range []struct {
		kv   []string
		open func() error
		want string
	}{
		{[]string{"ATI_BASE_URL", "http://127.0.0.1:1"}, func() error { _, err := newATI(); return err }, "ATI_TOKEN"},
		{[]string{"ATI_INTEGRATOR_CODE", "1"}, func() error { _, err := newATI(); return err }, "ATI_TOKEN"},
		{[]string{"SM_LOGIN", "admin"}, func() error { _, err := newServiceManager(); return err }, "SM_BASE_URL"},
		{[]string{"SM_BASE_URL", "http://127.0.0.1:1", "SM_LOGIN", "u", "SM_ACCOUNT", "abc"},
			func() error { _, err := newServiceManager(); return err }, "SM_ACCOUNT"},
		{[]string{"AEZA_BASE_URL", "http://127.0.0.1:1"}, func() error { _, err := newAeza(); return err }, "AEZA_API_KEY"},
		{[]string{"DP_LOGIN", "1595"}, func() error { _, err := newDataProvider(); return err }, "DP_BASE_URL"},
	} {
		t.Run(strings.Join(tc.kv, "="), func(t *testing.T) {
			env(t, tc.kv...)
			err := tc.open()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
