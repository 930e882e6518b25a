package transport_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRequestOnTheWire(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{"ok":true}`))
	c := newClient(t, srv.URL+"/a/adm/", func(c *transport.Config) { c.UserAgent = "billing-sync/2.1" })

	type q struct {
		Count  int    `url:"count"`
		Sort   string `url:"sort,omitempty"`
		Extra  bool   `url:"extra,int,omitempty"`
		Ignore string `url:"-"`
	}
	p, err := transport.Path("accounts/%s/users/%s", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "Иван Петров/admin")
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &transport.Request{
		Method: http.MethodPost, Path: p,
		Query:  q{Count: 10, Sort: "id,~balance", Extra: true, Ignore: "x"},
		Body:   map[string]any{"name": "ООО Ромашка", "n": 1},
		Header: http.Header{"X-Trace": {"abc"}},
	})
	require.NoError(t, err)

	got := srv.last()
	assert.Equal(t, http.MethodPost, got.Method)
	assert.Equal(t, "/a/adm/accounts/3fa85f64-5717-4562-b3fc-2c963f66afa6/users/%D0%98%D0%B2%D0%B0%D0%BD%20%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2%2Fadmin", got.Path)
	vals, _ := url.ParseQuery(got.RawQuery)
	assert.Equal(t, url.Values{"count": {"10"}, "sort": {"id,~balance"}, "extra": {"1"}}, vals)
	assert.JSONEq(t, `{"name":"ООО Ромашка","n":1}`, string(got.Body))
	assert.Equal(t, "application/json", got.Header.Get("Content-Type"))
	assert.Equal(t, "application/json", got.Header.Get("Accept"))
	assert.Equal(t, "Bearer "+testToken, got.Header.Get("Authorization"))
	assert.Equal(t, "ruapi-go/"+transport.Version+" billing-sync/2.1", got.Header.Get("User-Agent"))
	assert.Equal(t, "abc", got.Header.Get("X-Trace"))
}

func TestGetSendsNoBodyNoContentType(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `[]`))
	c := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "/v1.0/balance"})
	require.NoError(t, err)
	got := srv.last()
	assert.Equal(t, "/v1.0/balance", got.Path)
	assert.Empty(t, got.Body)
	assert.Empty(t, got.Header.Get("Content-Type"))
	assert.Empty(t, got.RawQuery)
}

func TestAuthStrategies(t *testing.T) {
	t.Parallel()
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("svc user:pa:ss"))
	cases := []struct {
		name   string
		auth   transport.Auth
		header string
		want   string
	}{
		{"bearer", transport.Bearer(testToken), "Authorization", "Bearer " + testToken},
		{"api key", transport.APIKey("x-api-key", testToken), "X-Api-Key", testToken},
		{"custom header", transport.APIKey("X-Provider-Token", testToken), "X-Provider-Token", testToken},
		{"basic", transport.Basic("svc user", "pa:ss"), "Authorization", basic},
		{"none", transport.NoAuth(), "Authorization", ""},
		{"nil", nil, "Authorization", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, status(200, `{}`))
			c := newClient(t, srv.URL, func(c *transport.Config) { c.Auth = tc.auth })
			_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x"})
			require.NoError(t, err)
			assert.Equal(t, tc.want, srv.last().Header.Get(tc.header))
		})
	}
}

func TestAuthPrintsNoSecret(t *testing.T) {
	t.Parallel()
	for _, a := range []transport.Auth{transport.Bearer(testToken), transport.APIKey("X-API-Key", testToken), transport.Basic("u", testToken)} {
		for _, s := range []string{fmtV(a), fmtPlusV(a), fmtSharpV(a)} {
			assert.NotContains(t, s, testToken)
		}
	}
}

func TestPathRefusesEmptyAndDotSegments(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", ".", ".."} {
		_, err := transport.Path("organizations/%s", bad)
		require.ErrorIs(t, err, transport.ErrInvalidArgument, "param %q", bad)
	}
	p, err := transport.Path("organizations/%s", "a/../b?c#d")
	require.NoError(t, err)
	assert.Equal(t, "organizations/a%2F..%2Fb%3Fc%23d", p)
}

func TestRequestPathMustNotCarryQuery(t *testing.T) {
	t.Parallel()
	c := newClient(t, "http://127.0.0.1:1")
	for _, p := range []string{"x?token=1", "x#frag", "http://evil.example/x"} {
		_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: p})
		require.Error(t, err, p)
		assert.True(t, errors.Is(err, transport.ErrInvalidArgument), "path %q: %v", p, err)
	}
}

// A path that looks protocol-relative is still a path on the configured host.
func TestProtocolRelativePathStaysOnHost(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{}`))
	c := newClient(t, srv.URL+"/api")
	_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "//evil.example/x"})
	require.NoError(t, err)
	assert.Equal(t, "/api/evil.example/x", srv.last().Path)
}

func TestConfigValidation(t *testing.T) {
	t.Parallel()
	bad := []string{"", "ftp://x", "/relative", "https://", "https://h/x?q=1", "https://user:pw@h/"}
	for _, u := range bad {
		_, err := transport.New(transport.Config{BaseURL: u})
		assert.Error(t, err, u)
	}
	var cfg transport.Config
	assert.Error(t, cfg.SetHTTPClient(nil))
	assert.Error(t, cfg.SetTimeout(0))
	assert.Error(t, cfg.SetUserAgent("a\r\nX-Injected: 1"))
	assert.Error(t, cfg.SetRetry(transport.RetryPolicy{MaxRetries: -1}))
	assert.Error(t, cfg.SetRetry(transport.RetryPolicy{WaitMin: 2, WaitMax: 1}))
	assert.Error(t, cfg.SetMaxBodyBytes(0))
	assert.NoError(t, cfg.SetRetry(transport.NoRetries()))
}

func TestCallerHTTPClientIsNotModified(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{}`))
	hc := &http.Client{}
	c := newClient(t, srv.URL, func(c *transport.Config) { c.HTTPClient = hc })
	_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x"})
	require.NoError(t, err)
	assert.Nil(t, hc.Transport, "the caller's client must not be modified")
	assert.Equal(t, "Bearer "+testToken, srv.last().Header.Get("Authorization"))
}

func TestNilContext(t *testing.T) {
	t.Parallel()
	c := newClient(t, "http://127.0.0.1:1")
	//lint:ignore SA1012 the point is a nil context
	_, err := c.Do(nil, &transport.Request{Method: http.MethodGet}) //nolint:staticcheck // a nil context must not panic
	require.ErrorIs(t, err, transport.ErrInvalidArgument)
}
