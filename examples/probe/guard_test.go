package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/dataprovider"
	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The guard refuses, before sending, every state-changing call the SDK
// makes through a probe's client, and every request off the allow-list.
func TestGuardRefusesWrites(t *testing.T) {
	f := startFakes(t)
	p := &prober{progress: io.Discard}
	ctx := context.Background()
	noRetry := func(err error) { require.ErrorIs(t, err, errRefused) }

	at, err := p.newTarget("ati", f.env["ATI_BASE_URL"], atiRules())
	require.NoError(t, err)
	ac, err := ati.NewClient(f.ati.Token, ati.WithBaseURL(f.env["ATI_BASE_URL"]), ati.WithHTTPClient(at.hc), ati.WithRetry(ati.RetryPolicy{}))
	require.NoError(t, err)
	name := "New"
	_, err = ac.Organizations.Create(ctx, &ati.OrganizationInput{Name: &name, AllDepartmentsAllowed: true})
	noRetry(err)
	noRetry(ac.Organizations.Delete(ctx, "3fa85f64-5717-4562-b3fc-2c963f66afa6"))
	noRetry(ac.Do(ctx, &ati.Request{Method: http.MethodPost, Path: "v1.2/catalogs/organizations/filter",
		Body: map[string]any{"departments": []int{1}, "delete": true}}, nil))
	_, err = ac.Organizations.FilterByDepartments(ctx, []int32{1})
	assert.NoError(t, err, "the read sent as POST passes")

	st, err := p.newTarget("servicemanager", f.env["SM_BASE_URL"], smRules())
	require.NoError(t, err)
	for _, form := range []sm.Option{sm.WithMethodInURL(), sm.WithMethodInBody()} {
		sc, err := sm.NewClient(f.env["SM_BASE_URL"], sm.WithBasicAuth(f.sm.Login, f.sm.Password), sm.WithHTTPClient(st.hc), form, sm.WithServerVersion(23))
		require.NoError(t, err)
		noRetry(sc.Users.Delete(ctx, 1010, "user1"))
		_, err = sc.Call(ctx, "tenant/create", 1010, nil, nil)
		noRetry(err)
		_, err = sc.Users.List(ctx, 1010)
		assert.NoError(t, err, "a read passes")
	}

	zt, err := p.newTarget("aeza", f.env["AEZA_BASE_URL"], aezaRules())
	require.NoError(t, err)
	zc, err := aeza.NewClient(f.aeza.APIKey, aeza.WithBaseURL(f.env["AEZA_BASE_URL"]), aeza.WithHTTPClient(zt.hc), aeza.WithRetry(aeza.RetryPolicy{}))
	require.NoError(t, err)
	noRetry(zc.Services.Delete(ctx, 1))
	noRetry(zc.Services.Reboot(ctx, 1))
	_, err = zc.Orders.Create(ctx, aeza.OrderRequest{Method: "balance", Name: "x", ProductID: 1, Term: aeza.TermMonth, Count: 1})
	noRetry(err)

	dt, err := p.newTarget("dataprovider", f.env["DP_BASE_URL"], dpRules())
	require.NoError(t, err)
	dc, err := dataprovider.NewClient(f.env["DP_BASE_URL"], dataprovider.WithBearerToken(dpToken), dataprovider.WithHTTPClient(dt.hc))
	require.NoError(t, err)
	noRetry(dc.Do(ctx, &dataprovider.Request{Method: http.MethodPost, Path: "api/users", Body: map[string]string{"login": "x"}}, nil))
	noRetry(dc.Do(ctx, &dataprovider.Request{Method: http.MethodPost, Path: "api/auth",
		Body: map[string]string{"login": "x", "pswd": "y", "new_password": "z"}}, nil))

	// None of it reached a fake.
	for name, s := range f.spies {
		for _, r := range s.seen() {
			ok := r.method == http.MethodGet || strings.HasSuffix(r.path, "/organizations/filter") ||
				(name == "servicemanager" && smMethodOf(r) == "account/users/list")
			assert.True(t, ok, "%s: %s %s reached the fake", name, r.method, r.path)
		}
	}
	assert.Zero(t, f.aeza.Orders())
	assert.Zero(t, f.aeza.Requests())
	assert.Zero(t, f.dp.Requests())
	assert.Equal(t, 1, f.ati.Requests(), "only the filter read")
	assert.Equal(t, 2, f.sm.Requests(), "only the two reads")
	assert.NotEmpty(t, zt.guard.Refused())
}

func TestGuardRules(t *testing.T) {
	t.Parallel()
	g, err := newGuard("https://sm.example.test/a/adm", roundTripFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
	}), smRules()...)
	require.NoError(t, err)
	send := func(method, u, body string) error {
		var r io.Reader
		if body != "" {
			r = strings.NewReader(body)
		}
		req, _ := http.NewRequestWithContext(context.Background(), method, u, r)
		resp, err := g.RoundTrip(req)
		if resp != nil {
			_ = resp.Body.Close()
		}
		return err
	}
	base := "https://sm.example.test/a/adm/hs/ext_api/"
	assert.NoError(t, send(http.MethodGet, base+"version", ""))
	assert.NoError(t, send(http.MethodPost, base+"version", ""))
	assert.NoError(t, send(http.MethodPost, base+"execute", `{"general":{"type":"usr","method":"account/users/list"},"auth":{"account":1}}`))
	assert.NoError(t, send(http.MethodPost, base+"execute/usr/account/users/list", `{"auth":{"account":1}}`))
	for _, bad := range []struct{ method, u, body string }{
		{http.MethodPost, base + "version", `{"x":1}`},
		{http.MethodPost, base + "execute", `{"general":{"method":"account/users/delete"}}`},
		{http.MethodPost, base + "execute", `{"auth":{"account":1}}`}, // names no method
		{http.MethodPost, base + "execute/usr/account/users/delete", `{}`},
		{http.MethodPost, base + "execute/usr/account/users/list", `{"general":{"method":"account/users/delete"}}`},
		{http.MethodPost, base + "execute", `not json`},
		{http.MethodDelete, base + "version", ``},
		{http.MethodGet, base + "version", `{"general":{"method":"tenant/create"}}`},
		{http.MethodGet, "https://other.example.test/a/adm/hs/ext_api/version", ``},
		{http.MethodGet, "https://sm.example.test/b/adm/hs/ext_api/version", ``},
	} {
		err := send(bad.method, bad.u, bad.body)
		assert.True(t, errors.Is(err, errRefused), "%s %s %s", bad.method, bad.u, bad.body)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
