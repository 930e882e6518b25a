package dataprovider_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// TestNewCallbackClientOneAuthSource: the login and password are the
// callback client's credentials; an auth option as well is a second source
// and an error matching ErrInvalidArgument, as two auth options are for
// NewClient, never a client that silently sends the option's credentials.
func TestNewCallbackClientOneAuthSource(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	const pw = "test-password-not-real"
	for name, opt := range map[string]dataprovider.Option{
		"bearer":       dataprovider.WithBearerToken("test-token-not-real"),
		"basic":        dataprovider.WithBasicAuth("other", "other-password-not-real"),
		"header":       dataprovider.WithHeaderAuth("X-API-Key", "test-key-not-real"),
		"token source": dataprovider.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "test-token-not-real"})),
	} {
		cb, err := dataprovider.NewCallbackClient(srv.URL, "core", pw, opt)
		assert.Nil(t, cb, name)
		require.ErrorIs(t, err, dataprovider.ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), "NewCallbackClient", name)
		for _, secret := range []string{pw, "test-token-not-real", "other-password-not-real", "test-key-not-real"} {
			assert.NotContains(t, err.Error(), secret, name)
		}
	}
	assert.Zero(t, hits.Load())

	// Non-auth options still combine with the login and password, which are
	// what is sent.
	var got atomic.Value
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Values("Authorization"))
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv2.Close()
	cb, err := dataprovider.NewCallbackClient(srv2.URL, "core", pw, dataprovider.WithUserAgent("billing/1"), dataprovider.WithRetry(dataprovider.RetryPolicy{}))
	require.NoError(t, err)
	require.NoError(t, cb.ContractChanged(context.Background(), "12347"))
	assert.Equal(t, []string{"Basic Y29yZTp0ZXN0LXBhc3N3b3JkLW5vdC1yZWFs"}, got.Load()) // core:test-password-not-real
}

// TestNewCallbackClientLoginWithColon: a login with a colon cannot be sent
// with Basic auth (the platform would read the part after the colon as the
// password); it is refused, and the message does not quote it (it may be
// "login:password" pasted whole).
func TestNewCallbackClientLoginWithColon(t *testing.T) {
	t.Parallel()
	cb, err := dataprovider.NewCallbackClient("https://core.example.test", "core:test-password-not-real", "x")
	assert.Nil(t, cb)
	require.ErrorIs(t, err, dataprovider.ErrInvalidArgument)
	assert.NotContains(t, err.Error(), "test-password-not-real")
	assert.True(t, strings.HasPrefix(err.Error(), "dataprovider: "), err.Error())
	assert.Contains(t, err.Error(), "colon")
}
