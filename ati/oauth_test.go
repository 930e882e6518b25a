package ati_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
)

// Obviously fake OAuth values; long enough to be scrubbed wherever they appear.
const (
	oauthID      = "client-id-not-real-1234"
	oauthSecret  = "client-secret-not-real-5678"
	oauthCode    = "auth-code-not-real-9012"
	oauthRefresh = "refresh-token-not-real-3456"
)

// tokenRequest is what a test token endpoint saw.
type tokenRequest struct {
	Method, Path, ContentType, Accept, Authorization string
	Body                                             []byte
}

// tokenServer answers every token request with status and body (JSON unless
// ctype says otherwise) and records the requests.
func tokenServer(t *testing.T, status int, ctype, body string) (*httptest.Server, func() []tokenRequest) {
	t.Helper()
	var (
		mu  sync.Mutex
		got []tokenRequest
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, tokenRequest{Method: r.Method, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"),
			Accept: r.Header.Get("Accept"), Authorization: r.Header.Get("Authorization"), Body: b})
		mu.Unlock()
		if ctype == "" {
			ctype = "application/json"
		}
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []tokenRequest {
		mu.Lock()
		defer mu.Unlock()
		return append([]tokenRequest(nil), got...)
	}
}

func testConf(tokenURL string) *ati.OAuthConfig {
	return &ati.OAuthConfig{ClientID: oauthID, ClientSecret: oauthSecret, RedirectURL: "https://example.com/cb",
		TokenURL: tokenURL + "/oauth2/token"}
}

const okAnswer = `{"access_token":"access-not-real-1","refresh_token":"refresh-not-real-new","expires_in":7200,` +
	`"firm_id":12345,"contact_id":678}`

func TestOAuthExchangeSendsATIJSON(t *testing.T) {
	t.Parallel()
	srv, reqs := tokenServer(t, 200, "", okAnswer)
	var hooked []*oauth2.Token
	conf := testConf(srv.URL)
	conf.OnToken = func(tok *oauth2.Token) { hooked = append(hooked, tok) }
	before := time.Now()
	tok, err := conf.Exchange(context.Background(), oauthCode)
	require.NoError(t, err)

	got := reqs()
	require.Len(t, got, 1)
	r := got[0]
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/oauth2/token", r.Path)
	assert.Equal(t, "application/json", r.ContentType)
	assert.Equal(t, "application/json", r.Accept)
	assert.Empty(t, r.Authorization, "no Basic header: the credentials are in the body")
	assert.JSONEq(t, `{"client_id":"`+oauthID+`","client_secret":"`+oauthSecret+`","code":"`+oauthCode+
		`","grant_type":"authorization_code"}`, string(r.Body), "exactly ATI's members, no redirect_uri")

	assert.Equal(t, "access-not-real-1", tok.AccessToken)
	assert.Equal(t, "refresh-not-real-new", tok.RefreshToken)
	assert.Equal(t, "Bearer", tok.Type())
	assert.WithinDuration(t, before.Add(7200*time.Second), tok.Expiry, 5*time.Second)
	assert.Equal(t, float64(12345), tok.Extra("firm_id"))
	assert.Equal(t, float64(678), tok.Extra("contact_id"))
	require.Len(t, hooked, 1, "OnToken is called with the exchanged token")
	assert.Equal(t, "access-not-real-1", hooked[0].AccessToken)
}

func TestOAuthRefreshSendsATIJSON(t *testing.T) {
	t.Parallel()
	srv, reqs := tokenServer(t, 200, "", `{"access_token":"access-not-real-2","expires_in":7200}`)
	tok, err := testConf(srv.URL).Refresh(context.Background(), oauthRefresh)
	require.NoError(t, err)
	got := reqs()
	require.Len(t, got, 1)
	assert.Equal(t, http.MethodPost, got[0].Method)
	assert.Equal(t, "/oauth2/token", got[0].Path)
	assert.Equal(t, "application/json", got[0].ContentType)
	assert.JSONEq(t, `{"client_id":"`+oauthID+`","client_secret":"`+oauthSecret+`","refresh_token":"`+oauthRefresh+
		`","grant_type":"refresh_token"}`, string(got[0].Body))
	assert.Equal(t, oauthRefresh, tok.RefreshToken, "an answer without refresh_token keeps the old one")
}

func TestOAuthFormEncodedSwitch(t *testing.T) {
	t.Parallel()
	srv, reqs := tokenServer(t, 200, "", okAnswer)
	conf := testConf(srv.URL)
	conf.FormEncoded = true
	ctx := context.Background()
	_, err := conf.Exchange(ctx, oauthCode)
	require.NoError(t, err)
	_, err = conf.Refresh(ctx, oauthRefresh)
	require.NoError(t, err)
	got := reqs()
	require.Len(t, got, 2)
	for _, r := range got {
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "/oauth2/token", r.Path)
		assert.Equal(t, "application/x-www-form-urlencoded", r.ContentType)
		assert.Empty(t, r.Authorization)
	}
	code, err := url.ParseQuery(string(got[0].Body))
	require.NoError(t, err)
	assert.Equal(t, url.Values{"grant_type": {"authorization_code"}, "client_id": {oauthID}, "client_secret": {oauthSecret},
		"code": {oauthCode}, "redirect_uri": {"https://example.com/cb"}}, code)
	ref, err := url.ParseQuery(string(got[1].Body))
	require.NoError(t, err)
	assert.Equal(t, url.Values{"grant_type": {"refresh_token"}, "client_id": {oauthID}, "client_secret": {oauthSecret},
		"refresh_token": {oauthRefresh}}, ref)
}

func TestOAuthExpiryVariants(t *testing.T) {
	t.Parallel()
	in := time.Now().Add(3 * time.Hour).Truncate(time.Second)
	unix := strconv.FormatInt(in.Unix(), 10)
	for _, tc := range []struct {
		name, member string
		want         time.Duration // from now; 0: the absolute time in
	}{
		{"expires_in number", `"expires_in":3600`, time.Hour},
		{"expires_in string", `"expires_in":"3600"`, time.Hour},
		{"expires_in wins over expire_time", `"expires_in":3600,"expire_time":"` + in.UTC().Format(time.RFC3339) + `"`, time.Hour},
		{"expire_time RFC 3339 UTC", `"expire_time":"` + in.UTC().Format(time.RFC3339) + `"`, 0},
		{"expire_time RFC 3339 Moscow", `"expire_time":"` + in.In(time.FixedZone("MSK", 3*3600)).Format(time.RFC3339Nano) + `"`, 0},
		{"expire_time unix number", `"expire_time":` + unix, 0},
		{"expire_time unix string", `"expire_time":"` + unix + `"`, 0},
		{"expire_time unix milliseconds", `"expire_time":` + unix + `000`, 0},
		{"expires_in zero falls through to expire_time", `"expires_in":0,"expire_time":` + unix, 0},
		{"neither: 7200 s", `"token_type":"Bearer"`, 7200 * time.Second},
		{"expire_time null", `"expire_time":null`, 7200 * time.Second},
		{"expire_time without a zone is not trusted", `"expire_time":"` + in.UTC().Format("2006-01-02T15:04:05") + `"`, 7200 * time.Second},
		{"expire_time garbage", `"expire_time":"soon"`, 7200 * time.Second},
		{"expire_time object", `"expire_time":{"at":1}`, 7200 * time.Second},
		{"expires_in garbage", `"expires_in":"two hours"`, 7200 * time.Second},
		{"expires_in absurd", `"expires_in":1e300`, 7200 * time.Second},
		{"expires_in negative", `"expires_in":-5`, 7200 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := tokenServer(t, 200, "", `{"access_token":"access-not-real",`+tc.member+`}`)
			now := time.Now()
			tok, err := testConf(srv.URL).Exchange(context.Background(), oauthCode)
			require.NoError(t, err)
			want := in
			if tc.want != 0 {
				want = now.Add(tc.want)
			}
			assert.WithinDuration(t, want, tok.Expiry, 5*time.Second)
			assert.InDelta(t, want.Sub(now).Seconds(), float64(tok.ExpiresIn), 5)
			assert.True(t, tok.Valid())
		})
	}
}

func TestOAuthAuthCodeURL(t *testing.T) {
	t.Parallel()
	conf := &ati.OAuthConfig{ClientID: oauthID, ClientSecret: oauthSecret, RedirectURL: "https://example.com/cb",
		Scopes: []string{"impact_scope", "other"}}
	u, err := url.Parse(conf.AuthCodeURL("state-1", oauth2.SetAuthURLParam("prompt", "login")))
	require.NoError(t, err)
	assert.Equal(t, "https", u.Scheme)
	assert.Equal(t, "id.ati.su", u.Host)
	assert.Equal(t, "/oauth2/", u.Path)
	assert.Equal(t, url.Values{"client_id": {oauthID}, "redirect_uri": {"https://example.com/cb"}, "response_type": {"code"},
		"scope": {"impact_scope other"}, "state": {"state-1"}, "prompt": {"login"}}, u.Query())
	assert.NotContains(t, u.String(), oauthSecret)
	assert.Equal(t, "https://id.ati.su/oauth2/", ati.AuthURL)
	assert.Equal(t, "https://api.ati.su/oauth2/token", ati.TokenURL)
}

func TestOAuthDefaultTokenURL(t *testing.T) {
	t.Parallel()
	var seen atomic.Value
	hc := &http.Client{Timeout: 5 * time.Second, Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen.Store(r.URL.String())
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(okAnswer)), Request: r}, nil
	})}
	_, err := (&ati.OAuthConfig{ClientID: oauthID, ClientSecret: oauthSecret, HTTPClient: hc}).Exchange(context.Background(), oauthCode)
	require.NoError(t, err)
	assert.Equal(t, "https://api.ati.su/oauth2/token", seen.Load())
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestOAuthBadArguments(t *testing.T) {
	t.Parallel()
	srv, reqs := tokenServer(t, 200, "", okAnswer)
	ctx := context.Background()
	_, err := testConf(srv.URL).Exchange(ctx, " ")
	assert.ErrorIs(t, err, ati.ErrInvalidArgument)
	_, err = testConf(srv.URL).Refresh(ctx, "")
	assert.ErrorIs(t, err, ati.ErrInvalidArgument)
	_, err = (&ati.OAuthConfig{ClientSecret: oauthSecret, TokenURL: srv.URL}).Exchange(ctx, oauthCode)
	assert.ErrorIs(t, err, ati.ErrInvalidArgument)
	_, err = (&ati.OAuthConfig{ClientID: oauthID, ClientSecret: oauthSecret, TokenURL: "not a url"}).Exchange(ctx, oauthCode)
	assert.ErrorIs(t, err, ati.ErrInvalidArgument)
	var nilConf *ati.OAuthConfig
	_, err = nilConf.Exchange(ctx, oauthCode)
	assert.ErrorIs(t, err, ati.ErrInvalidArgument)
	_, err = nilConf.TokenSource(ctx, nil).Token()
	assert.ErrorIs(t, err, ati.ErrInvalidArgument)
	assert.Empty(t, nilConf.AuthCodeURL("s"))
	_, err = testConf(srv.URL).TokenSource(ctx, nil).Token()
	assert.ErrorIs(t, err, ati.ErrUnauthorized, "no token and no refresh token")
	_, err = testConf(srv.URL).TokenSource(ctx, &oauth2.Token{AccessToken: "old", Expiry: time.Now().Add(-time.Hour)}).Token()
	assert.ErrorIs(t, err, ati.ErrUnauthorized, "expired and no refresh token")
	assert.Empty(t, reqs(), "nothing is sent for a bad argument")
}

// ATI's error body becomes an *ati.Error with the reason, scrubbed of the
// secret, the code and the refresh token even when the server echoes the
// request it got (raw, URL-encoded and JSON-quoted).
func TestOAuthErrorBodyTypedAndScrubbed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		status int
		code   string
		unauth bool
	}{
		{"invalid_grant 400", 400, "invalid_grant", true},
		{"invalid_client 401", 401, "invalid_client", true},
		{"invalid_request 400", 400, "invalid_request", false},
		{"server error 500", 500, "internal", false},
	} {
		for _, form := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/form=%v", tc.name, form), func(t *testing.T) {
				t.Parallel()
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					b, _ := io.ReadAll(r.Body)
					echo := string(b)
					for _, v := range []string{oauthSecret, oauthCode, oauthRefresh} {
						if strings.Contains(echo, v) || strings.Contains(echo, url.QueryEscape(v)) {
							echo += fmt.Sprintf(" raw %s url %s json %q", v, url.QueryEscape(v), v)
						}
					}
					body, _ := json.Marshal(map[string]string{"error": tc.code, "reason": "bad grant: " + echo})
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(tc.status)
					_, _ = w.Write(body)
				}))
				defer srv.Close()
				conf := testConf(srv.URL)
				conf.FormEncoded = form
				ctx := context.Background()
				_, exErr := conf.Exchange(ctx, oauthCode)
				_, refErr := conf.Refresh(ctx, oauthRefresh)
				_, tsErr := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: oauthRefresh}).Token()
				for _, err := range []error{exErr, refErr, tsErr} {
					require.Error(t, err)
					var e *ati.Error
					require.ErrorAs(t, err, &e)
					assert.Equal(t, tc.status, e.StatusCode)
					assert.Equal(t, tc.code, e.Code)
					assert.Contains(t, e.Message, "bad grant")
					assert.Equal(t, "/oauth2/token", e.Path)
					assert.Equal(t, tc.unauth, errors.Is(err, ati.ErrUnauthorized), "ErrUnauthorized for %s", tc.code)
					assert.Equal(t, tc.status >= 500, errors.Is(err, ati.ErrServer))
					msg := fmt.Sprintf("%v %+v %#v", err, err, e)
					for _, secret := range []string{oauthSecret, oauthCode, oauthRefresh} {
						assert.NotContains(t, msg, secret)
						assert.NotContains(t, msg, url.QueryEscape(secret))
					}
					assert.Contains(t, err.Error(), "[REDACTED]")
				}
			})
		}
	}
}

func TestOAuthNotJSONIsAClearError(t *testing.T) {
	t.Parallel()
	html := "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"
	for _, tc := range []struct {
		name   string
		status int
		ctype  string
		body   string
		server bool
		want   string
	}{
		{"HTML 502 from a proxy", 502, "text/html; charset=utf-8", html, true, "text/html"},
		{"HTML 200 from a captive portal", 200, "text/html", html, false, "text/html"},
		{"empty 200", 200, "application/json", "", false, "empty body"},
		{"JSON 200 without a token", 200, "application/json", `{"token_type":"Bearer"}`, false, "no access_token"},
		{"JSON array", 200, "application/json", `[1,2]`, false, "not a JSON token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := tokenServer(t, tc.status, tc.ctype, tc.body)
			_, err := testConf(srv.URL).Exchange(context.Background(), oauthCode)
			require.Error(t, err)
			var e *ati.Error
			require.ErrorAs(t, err, &e)
			assert.ErrorIs(t, err, ati.ErrDecode)
			assert.Equal(t, tc.server, errors.Is(err, ati.ErrServer))
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), oauthSecret)
		})
	}
}

// A token answer cut short never puts the tokens it carried in the error.
func TestOAuthBrokenTokenAnswerIsScrubbed(t *testing.T) {
	t.Parallel()
	srv, _ := tokenServer(t, 200, "", `{"access_token":"access-not-real-77777","refresh_token":"refresh-not-real-88888","expires_in":`)
	_, err := testConf(srv.URL).Exchange(context.Background(), oauthCode)
	require.ErrorIs(t, err, ati.ErrDecode)
	assert.NotContains(t, err.Error(), "access-not-real-77777")
	assert.NotContains(t, err.Error(), "refresh-not-real-88888")
}

// An in-band error (a 200 with ATI's error body and no token) is an error too.
func TestOAuthInBandError(t *testing.T) {
	t.Parallel()
	srv, _ := tokenServer(t, 200, "", `{"error":"invalid_grant","reason":"code expired"}`)
	_, err := testConf(srv.URL).Exchange(context.Background(), oauthCode)
	var e *ati.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "invalid_grant", e.Code)
	assert.Equal(t, "code expired", e.Message)
	assert.ErrorIs(t, err, ati.ErrUnauthorized)
}

// A token request is a POST that spends a code: never retried, never
// redirected.
func TestOAuthTokenRequestSentOnceAndNotRedirected(t *testing.T) {
	t.Parallel()
	srv, reqs := tokenServer(t, 503, "", `{"error":"unavailable","reason":"try later"}`)
	_, err := testConf(srv.URL).Exchange(context.Background(), oauthCode)
	require.ErrorIs(t, err, ati.ErrServer)
	assert.Len(t, reqs(), 1)

	var hits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { hits.Add(1) }))
	defer target.Close()
	redir := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/steal", http.StatusTemporaryRedirect)
	}))
	defer redir.Close()
	_, err = testConf(redir.URL).Exchange(context.Background(), oauthCode)
	require.ErrorIs(t, err, ati.ErrRedirect)
	assert.Zero(t, hits.Load())
}

func TestOAuthTokenSourceReusesUntilExpiry(t *testing.T) {
	t.Parallel()
	srv, reqs := tokenServer(t, 200, "", okAnswer)
	ctx := context.Background()
	ts := testConf(srv.URL).TokenSource(ctx, &oauth2.Token{AccessToken: "live-not-real", RefreshToken: oauthRefresh,
		Expiry: time.Now().Add(time.Hour)})
	for range 5 {
		tok, err := ts.Token()
		require.NoError(t, err)
		assert.Equal(t, "live-not-real", tok.AccessToken)
	}
	assert.Empty(t, reqs(), "a valid token is reused")

	ts = testConf(srv.URL).TokenSource(ctx, &oauth2.Token{AccessToken: "dead-not-real", RefreshToken: oauthRefresh,
		Expiry: time.Now().Add(-time.Minute)})
	for range 5 {
		tok, err := ts.Token()
		require.NoError(t, err)
		assert.Equal(t, "access-not-real-1", tok.AccessToken)
	}
	assert.Len(t, reqs(), 1, "one refresh, then the new token is reused until it expires")
}

// The answer's refresh token replaces the old one, and OnToken sees every
// new token, in order; against the fake, which rejects a rotated-out
// refresh token, every refresh after the first would fail otherwise.
func TestOAuthTokenSourceRotationAndOnToken(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer(atitest.WithTokenLifetime(5 * time.Second)) // under x/oauth2's 10 s margin: every Token refreshes
	defer srv.Close()
	conf := srv.OAuthConfig("https://example.com/cb")
	var (
		mu     sync.Mutex
		hooked []string
	)
	conf.OnToken = func(tok *oauth2.Token) {
		mu.Lock()
		defer mu.Unlock()
		hooked = append(hooked, tok.RefreshToken)
	}
	ctx := context.Background()
	tok, err := conf.Exchange(ctx, srv.NewAuthCode(""))
	require.NoError(t, err)
	first := tok.RefreshToken
	require.NotEmpty(t, first)

	ts := conf.TokenSource(ctx, tok)
	seen := map[string]bool{first: true}
	for range 3 {
		got, err := ts.Token()
		require.NoError(t, err)
		assert.False(t, seen[got.RefreshToken], "each refresh rotates the refresh token")
		seen[got.RefreshToken] = true
	}
	assert.Equal(t, 4, srv.TokenRequests())
	mu.Lock()
	assert.Len(t, hooked, 4, "OnToken: the exchange and three refreshes")
	assert.Equal(t, first, hooked[0])
	mu.Unlock()

	// The first refresh token was rotated out: the fake refuses it.
	_, err = conf.Refresh(ctx, first)
	assert.ErrorIs(t, err, ati.ErrUnauthorized)
}

func TestOAuthTokenSourceKeepsRefreshTokenWithoutRotation(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer(atitest.WithTokenLifetime(time.Second), atitest.WithoutRefreshRotation())
	defer srv.Close()
	conf := srv.OAuthConfig("")
	ctx := context.Background()
	tok, err := conf.Exchange(ctx, srv.NewAuthCode(""))
	require.NoError(t, err)
	ts := conf.TokenSource(ctx, tok)
	for range 3 {
		got, err := ts.Token()
		require.NoError(t, err)
		assert.Equal(t, tok.RefreshToken, got.RefreshToken)
	}
}

// Concurrent callers share one refresh, and its failure.
func TestOAuthTokenSourceConcurrentCallersShareOneRefresh(t *testing.T) {
	t.Parallel()
	for _, fail := range []bool{false, true} {
		t.Run(fmt.Sprintf("fail=%v", fail), func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			release := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				n.Add(1)
				<-release
				w.Header().Set("Content-Type", "application/json")
				if fail {
					w.WriteHeader(400)
					_, _ = io.WriteString(w, `{"error":"invalid_grant","reason":"expired"}`)
					return
				}
				_, _ = io.WriteString(w, okAnswer)
			}))
			defer srv.Close()
			var hooks atomic.Int32
			conf := testConf(srv.URL)
			conf.OnToken = func(*oauth2.Token) { hooks.Add(1) }
			ts := conf.TokenSource(context.Background(), &oauth2.Token{RefreshToken: oauthRefresh})
			const callers = 64
			var wg, ready sync.WaitGroup
			errs := make([]error, callers)
			toks := make([]*oauth2.Token, callers)
			for i := range callers {
				wg.Add(1)
				ready.Add(1)
				go func() {
					defer wg.Done()
					ready.Done()
					toks[i], errs[i] = ts.Token()
				}()
			}
			// Let every caller pile up behind the first refresh, which the
			// server holds until then.
			ready.Wait()
			require.Eventually(t, func() bool { return n.Load() >= 1 }, 10*time.Second, time.Millisecond)
			time.Sleep(200 * time.Millisecond)
			close(release)
			wg.Wait()
			assert.EqualValues(t, 1, n.Load(), "one refresh for %d concurrent callers", callers)
			for i := range callers {
				if fail {
					assert.ErrorIs(t, errs[i], ati.ErrUnauthorized)
				} else if assert.NoError(t, errs[i]) {
					assert.Equal(t, "access-not-real-1", toks[i].AccessToken)
				}
			}
			if fail {
				assert.Zero(t, hooks.Load())
			} else {
				assert.EqualValues(t, 1, hooks.Load())
			}
		})
	}
}

// hungServer accepts token requests and never answers until the test ends.
func hungServer(t *testing.T) *httptest.Server {
	t.Helper()
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-done:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(done); srv.Close() })
	return srv
}

func TestOAuthHungTokenEndpointBoundedByContext(t *testing.T) {
	t.Parallel()
	srv := hungServer(t)
	conf := testConf(srv.URL)

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := conf.Exchange(ctx, oauthCode)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 5*time.Second)

	// A token source's refresh ends with the context it was made with.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel2()
	start = time.Now()
	_, err = conf.TokenSource(ctx2, &oauth2.Token{RefreshToken: oauthRefresh}).Token()
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 5*time.Second)

	// And so does a call made through the client with that source.
	ctx3, cancel3 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel3()
	c, err := ati.NewClient("", ati.WithBaseURL(srv.URL), ati.WithTokenSource(conf.TokenSource(ctx3, &oauth2.Token{RefreshToken: oauthRefresh})))
	require.NoError(t, err)
	start = time.Now()
	_, err = c.Billing.Balance(context.Background())
	require.Error(t, err)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.NotContains(t, err.Error(), oauthRefresh)
}

// The whole flow against the fake: authorize redirect, exchange, token
// source, a real call, for every way the fake tells the expiry.
func TestOAuthFullFlowAgainstFake(t *testing.T) {
	t.Parallel()
	for _, style := range []atitest.ExpiryStyle{atitest.ExpiresIn, atitest.ExpireTimeRFC3339, atitest.ExpireTimeUnix,
		atitest.ExpireTimeUnixString, atitest.NoExpiry} {
		for _, form := range []bool{false, true} {
			t.Run(fmt.Sprintf("%v/form=%v", style, form), func(t *testing.T) {
				t.Parallel()
				srv := atitest.NewServer(atitest.WithTokenExpiry(style))
				defer srv.Close()
				conf := srv.OAuthConfig("https://example.com/callback")
				conf.FormEncoded = form
				ctx := context.Background()

				noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
				resp, err := noFollow.Get(conf.AuthCodeURL("state-42"))
				require.NoError(t, err)
				_ = resp.Body.Close()
				require.Equal(t, http.StatusFound, resp.StatusCode)
				cb, err := url.Parse(resp.Header.Get("Location"))
				require.NoError(t, err)
				assert.Equal(t, "example.com", cb.Host)
				assert.Equal(t, "state-42", cb.Query().Get("state"))
				code := cb.Query().Get("code")
				require.NotEmpty(t, code)

				tok, err := conf.Exchange(ctx, code)
				require.NoError(t, err)
				assert.WithinDuration(t, time.Now().Add(7200*time.Second), tok.Expiry, 5*time.Second)
				assert.Equal(t, float64(12345), tok.Extra("firm_id"))
				assert.Equal(t, float64(1), tok.Extra("contact_id"))

				_, err = conf.Exchange(ctx, code)
				assert.ErrorIs(t, err, ati.ErrUnauthorized, "a code works once")

				ts := conf.TokenSource(ctx, tok)
				c, err := ati.NewClient("", ati.WithBaseURL(srv.URL), ati.WithTokenSource(ts))
				require.NoError(t, err)
				bal, err := c.Billing.Balance(ctx)
				require.NoError(t, err)
				assert.Equal(t, "100.50", bal.Balance.String())
				orgs, err := c.Organizations.List(ctx)
				require.NoError(t, err)
				assert.Len(t, orgs, 1)
				assert.Equal(t, 2, srv.TokenRequests(), "the two exchanges; the exchanged token is reused")
			})
		}
	}
}

// A token that expired at the fake is refused; a refreshed one works.
func TestOAuthFakeRefusesExpiredTokens(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer()
	defer srv.Close()
	conf := srv.OAuthConfig("")
	ctx := context.Background()
	tok, err := conf.Exchange(ctx, srv.NewAuthCode(""))
	require.NoError(t, err)
	srv.ExpireAccessTokens()
	c, err := ati.NewClient(tok.AccessToken, ati.WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = c.Billing.Balance(ctx)
	require.ErrorIs(t, err, ati.ErrUnauthorized)

	tok.Expiry = time.Now().Add(-time.Second)
	c, err = ati.NewClient("", ati.WithBaseURL(srv.URL), ati.WithTokenSource(conf.TokenSource(ctx, tok)))
	require.NoError(t, err)
	_, err = c.Billing.Balance(ctx)
	require.NoError(t, err)
}
