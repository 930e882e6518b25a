package atitest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
)

// postToken sends a raw token request to the fake.
func postToken(t *testing.T, srv *atitest.Server, ctype, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/oauth2/token", strings.NewReader(body))
	require.NoError(t, err)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func TestFakeTokenEndpoint(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer(atitest.WithOAuthClient(atitest.DefaultClientID, atitest.DefaultClientSecret))
	defer srv.Close()
	id, secret := atitest.DefaultClientID, atitest.DefaultClientSecret

	code := srv.NewAuthCode("https://example.com/cb")
	st, m := postToken(t, srv, "application/json",
		`{"client_id":"`+id+`","client_secret":"`+secret+`","code":"`+code+`","grant_type":"authorization_code"}`)
	require.Equal(t, 200, st, m)
	assert.EqualValues(t, 7200, m["expires_in"])
	assert.EqualValues(t, 12345, m["firm_id"])
	assert.EqualValues(t, 1, m["contact_id"])
	access, _ := m["access_token"].(string)
	refresh, _ := m["refresh_token"].(string)
	require.NotEmpty(t, access)
	require.NotEmpty(t, refresh)

	// The issued access token works on the API.
	resp, _ := do(t, srv, "GET", "/v1.0/balance", access, "")
	assert.Equal(t, 200, resp.StatusCode)

	// A code works once.
	st, m = postToken(t, srv, "application/json",
		`{"client_id":"`+id+`","client_secret":"`+secret+`","code":"`+code+`","grant_type":"authorization_code"}`)
	assert.Equal(t, 400, st)
	assert.Equal(t, "invalid_grant", m["error"])
	assert.NotEmpty(t, m["reason"])

	// A form refresh rotates the refresh token; the old one is refused.
	form := url.Values{"client_id": {id}, "client_secret": {secret}, "grant_type": {"refresh_token"}, "refresh_token": {refresh}}
	st, m = postToken(t, srv, "application/x-www-form-urlencoded", form.Encode())
	require.Equal(t, 200, st, m)
	assert.NotEqual(t, refresh, m["refresh_token"])
	st, m = postToken(t, srv, "application/x-www-form-urlencoded", form.Encode())
	assert.Equal(t, 400, st)
	assert.Equal(t, "invalid_grant", m["error"])

	// Wrong client, unknown grant, unreadable body.
	st, m = postToken(t, srv, "application/json", `{"client_id":"`+id+`","client_secret":"wrong-not-real","grant_type":"refresh_token","refresh_token":"x"}`)
	assert.Equal(t, 401, st)
	assert.Equal(t, "invalid_client", m["error"])
	st, m = postToken(t, srv, "application/json", `{"client_id":"`+id+`","client_secret":"`+secret+`","grant_type":"password"}`)
	assert.Equal(t, 400, st)
	assert.Equal(t, "unsupported_grant_type", m["error"])
	st, m = postToken(t, srv, "text/plain", `hello`)
	assert.Equal(t, 400, st)
	assert.Equal(t, "invalid_request", m["error"])
	st, _ = postToken(t, srv, "application/json", `{"client_id":`)
	assert.Equal(t, 400, st)
	assert.Equal(t, 8, srv.TokenRequests())

	// Expired access tokens answer 401.
	srv.ExpireAccessTokens()
	resp, _ = do(t, srv, "GET", "/v1.0/balance", access, "")
	assert.Equal(t, 401, resp.StatusCode)
	resp, _ = do(t, srv, "GET", "/v1.0/balance", srv.Token, "")
	assert.Equal(t, 200, resp.StatusCode, "the fixed token still works")
}

// Without WithOAuthClient the fake takes any client, and binds each code and
// refresh token to the client it was issued to.
func TestFakeAcceptsAnyClientByDefault(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer()
	defer srv.Close()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	conf := &ati.OAuthConfig{ClientID: "any-id-not-real", ClientSecret: "any-secret-not-real", RedirectURL: "https://example.com/cb",
		AuthURL: srv.URL + "/oauth2/", TokenURL: srv.URL + "/oauth2/token"}
	resp, err := noFollow.Get(conf.AuthCodeURL("s"))
	require.NoError(t, err)
	_ = resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	code := loc.Query().Get("code")

	other := *conf
	other.ClientID = "other-id-not-real"
	ctx := context.Background()
	_, err = other.Exchange(ctx, code)
	assert.ErrorIs(t, err, ati.ErrUnauthorized, "a code works only for its client")
	tok, err := conf.Exchange(ctx, code)
	require.NoError(t, err)
	_, err = other.Refresh(ctx, tok.RefreshToken)
	assert.ErrorIs(t, err, ati.ErrUnauthorized, "a refresh token works only for its client")
	_, err = conf.Refresh(ctx, tok.RefreshToken)
	require.NoError(t, err)

	st, m := postToken(t, srv, "application/json", `{"client_id":"x","client_secret":"","grant_type":"refresh_token","refresh_token":"y"}`)
	assert.Equal(t, 401, st)
	assert.Equal(t, "invalid_client", m["error"])
}

func TestFakeTokenExpiryStyles(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer(atitest.WithTokenLifetime(time.Hour))
	defer srv.Close()
	id, secret := atitest.DefaultClientID, atitest.DefaultClientSecret
	exchange := func() map[string]any {
		st, m := postToken(t, srv, "application/json",
			`{"client_id":"`+id+`","client_secret":"`+secret+`","code":"`+srv.NewAuthCode("")+`","grant_type":"authorization_code"}`)
		require.Equal(t, 200, st, m)
		return m
	}
	m := exchange()
	assert.EqualValues(t, 3600, m["expires_in"])
	assert.NotContains(t, m, "expire_time")

	srv.SetTokenExpiry(atitest.ExpireTimeRFC3339)
	m = exchange()
	assert.NotContains(t, m, "expires_in")
	at, err := time.Parse(time.RFC3339, m["expire_time"].(string))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(time.Hour), at, 5*time.Second)

	srv.SetTokenExpiry(atitest.ExpireTimeUnix)
	m = exchange()
	assert.InDelta(t, time.Now().Add(time.Hour).Unix(), m["expire_time"].(float64), 5)

	srv.SetTokenExpiry(atitest.ExpireTimeUnixString)
	m = exchange()
	assert.IsType(t, "", m["expire_time"])

	srv.SetTokenExpiry(atitest.NoExpiry)
	m = exchange()
	assert.NotContains(t, m, "expires_in")
	assert.NotContains(t, m, "expire_time")
	assert.Equal(t, "no expiry", atitest.NoExpiry.String())
}

func TestFakeAuthorizeRedirect(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer(atitest.WithOAuthClient("my-client-not-real", "my-secret-not-real"))
	defer srv.Close()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(u string) *http.Response {
		resp, err := noFollow.Get(u)
		require.NoError(t, err)
		_ = resp.Body.Close()
		return resp
	}
	conf := srv.OAuthConfig("https://example.com/cb?keep=1")
	assert.Equal(t, "my-client-not-real", conf.ClientID)
	resp := get(conf.AuthCodeURL("xyz"))
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "https://example.com/cb", loc.Scheme+"://"+loc.Host+loc.Path)
	assert.Equal(t, "1", loc.Query().Get("keep"))
	assert.Equal(t, "xyz", loc.Query().Get("state"))

	// The code is bound to the redirect URI when the form sends one.
	conf.FormEncoded = true
	conf.RedirectURL = "https://evil.example/cb"
	_, err = conf.Exchange(context.Background(), loc.Query().Get("code"))
	assert.ErrorIs(t, err, ati.ErrUnauthorized)

	bad := (&ati.OAuthConfig{ClientID: "someone-else", AuthURL: srv.URL + "/oauth2/", RedirectURL: "https://example.com/cb"}).AuthCodeURL("s")
	assert.Equal(t, http.StatusBadRequest, get(bad).StatusCode)
	noCallback := (&ati.OAuthConfig{ClientID: "my-client-not-real", AuthURL: srv.URL + "/oauth2/"}).AuthCodeURL("s")
	assert.Equal(t, http.StatusBadRequest, get(noCallback).StatusCode)
}

// Faults aimed at the token endpoint reach OAuthConfig as typed errors.
func TestFakeTokenFault(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer()
	defer srv.Close()
	srv.InjectFault(1, atitest.Fault{Status: 502, Path: "/oauth2/token", Body: []byte("<html>bad gateway</html>"), ContentType: "text/html"})
	_, err := srv.OAuthConfig("").Exchange(context.Background(), srv.NewAuthCode(""))
	assert.ErrorIs(t, err, ati.ErrServer)
	assert.ErrorIs(t, err, ati.ErrDecode)
	assert.Contains(t, err.Error(), "text/html")
}
