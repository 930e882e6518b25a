package aeza

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A services answer that does not decode is an ErrDecode that does not
// quote the body: a service carries secureParameters (a root password), and
// the transport's excerpt scrubs only the credentials it knows.
func TestServicesDecodeErrorHidesSecureParameters(t *testing.T) {
	body := `{"data":{"items":[{"id":"x","secureParameters":{"password":"fake-root-pass-not-real"}}],"total":1}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	c, err := NewClient("fake-key-not-real", WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = c.Services.List(context.Background(), nil)
	require.ErrorIs(t, err, ErrDecode)
	assert.NotContains(t, err.Error(), "root-pass")
	_, err = c.Services.Get(context.Background(), 1)
	require.ErrorIs(t, err, ErrDecode)
	assert.NotContains(t, err.Error(), "root-pass")
	for _, err := range c.Services.All(context.Background(), nil) {
		require.ErrorIs(t, err, ErrDecode)
		assert.NotContains(t, err.Error(), "root-pass")
		break
	}
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "/services/1", e.Path)
}
