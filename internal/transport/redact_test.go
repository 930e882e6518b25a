package transport_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"testing"

	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	secretToken = "sk-live-DO-NOT-LEAK-7f3a9c" //nolint:gosec // a fake secret the test hunts for
	secretQuery = "query-secret-value-5521"
)

// Drive errors and logs with a known secret everywhere a careless SDK would
// leak it, and check that it appears nowhere.
func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	// The upstream echoes the Authorization header and the query back.
	echo := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo-Auth", r.Header.Get("Authorization"))
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = fmt.Fprintf(w, `{"code":"bad_token %s","message":"token %s rejected for %s"}`, r.Header.Get("Authorization"), secretToken, r.URL.RawQuery)
	}
	html := func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = fmt.Fprintf(w, "<html>upstream said: Authorization: %s</html>", r.Header.Get("Authorization"))
	}
	for _, auth := range []transport.Auth{transport.Bearer(secretToken), transport.APIKey("X-API-Key", secretToken), transport.Basic("svc", secretToken)} {
		for _, h := range []http.HandlerFunc{echo, html} {
			srv := newRecorder(t, h)
			c := newClient(t, srv.URL, func(c *transport.Config) { c.Auth = auth; c.Logger = logger })
			_, err := c.Do(context.Background(), &transport.Request{
				Method: http.MethodGet, Path: "x",
				Query: url.Values{"api_key": {secretQuery}, "token": {secretQuery}, "page": {"2"}},
			})
			require.Error(t, err)
			var e *transport.Error
			require.ErrorAs(t, err, &e)
			assertNoSecret(t, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", e), string(e.Details), fmt.Sprint(e.Header))
		}
	}

	// No response: the *url.Error carries the full URL with the query.
	addr := refusingAddr(t)
	c := newClient(t, "http://"+addr, func(c *transport.Config) { c.Logger = logger; c.Auth = transport.Bearer(secretToken) })
	_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x", Query: url.Values{"access_token": {secretQuery}}})
	require.Error(t, err)
	assertNoSecret(t, err.Error(), fmt.Sprintf("%+v", err))

	require.NotZero(t, logs.Len(), "debug logging produced records")
	assertNoSecret(t, logs.String())
	assert.NotContains(t, logs.String(), "Authorization")
}

func assertNoSecret(t *testing.T, texts ...string) {
	t.Helper()
	for _, s := range texts {
		assert.NotContains(t, s, secretToken)
		assert.NotContains(t, s, secretQuery)
		assert.NotContains(t, s, "c3ZjOnNrLWxpdmUtRE8tTk9ULUxFQUstN2YzYTlj") // base64 of svc:<secret>
	}
}

func TestRedactorURLAndHeaders(t *testing.T) {
	t.Parallel()
	r := transport.NewRedactor(secretToken, "abc") // "abc" is short: scrubbed only as a whole token
	u, _ := url.Parse("https://user:pw@h.example/p?token=" + secretQuery + "&count=3&note=" + url.QueryEscape(secretToken))
	got := r.URL(u)
	assert.NotContains(t, got, secretQuery)
	assert.NotContains(t, got, "pw")
	assert.Contains(t, got, "count=3")
	h := r.Header(http.Header{"Authorization": {"Bearer x"}, "X-Api-Key": {"k"}, "Cookie": {"s=1"}, "X-Ratelimit-Reset": {"30"}, "Content-Type": {"a/b"}})
	assert.Equal(t, transport.Redacted, h.Get("Authorization"))
	assert.Equal(t, transport.Redacted, h.Get("X-Api-Key"))
	assert.Equal(t, transport.Redacted, h.Get("Cookie"))
	assert.Equal(t, "30", h.Get("X-Ratelimit-Reset"))
	assert.Equal(t, "a/b", h.Get("Content-Type"))
	assert.Equal(t, "no abcdef here", r.String("no abcdef here"))
	assert.Equal(t, "no "+transport.Redacted+" here", r.String("no abc here"))
	assert.Equal(t, "a b…", r.Excerpt([]byte("  a\n\tb  c"), 3))
}
