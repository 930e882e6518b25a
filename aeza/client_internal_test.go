package aeza

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A base URL on Aeza's own hosts without /api only ever gets the gateway's
// "Proxy internal server error": NewClient refuses it and says what to pass.
// Other hosts are taken as given.
func TestBaseURLOnAezaHosts(t *testing.T) {
	for raw, want := range map[string]string{
		"https://my.aeza.net":        "https://my.aeza.net/api",
		"https://my.aeza.net/":       "https://my.aeza.net/api",
		"https://MY.AEZA.NET":        "https://my.aeza.net/api",
		"https://aeza.net":           "https://my.aeza.net/api",
		"https://www.aeza.net/":      "https://my.aeza.net/api",
		"https://my.aeza.ru":         "https://my.aeza.ru/api",
		"https://core.aeza.net":      "https://core.aeza.net/api",
		"https://my.aeza.net/api/v2": "https://my.aeza.net/api",
		"https://my.aeza.net/v2":     "https://my.aeza.net/api",
		"http://my.aeza.net:443/x":   "https://my.aeza.net/api",
	} {
		_, err := NewClient(testKey, WithBaseURL(raw))
		require.ErrorIs(t, err, ErrInvalidArgument, raw)
		assert.Contains(t, err.Error(), `pass "`+want+`"`, raw)
		assert.NotContains(t, err.Error(), testKey)
	}
	for _, raw := range []string{
		"https://my.aeza.net/api", "https://my.aeza.net/api/", "https://core.aeza.net/api", "https://my.aeza.ru/api",
		"http://127.0.0.1:8080", "https://proxy.example.com/aeza", "https://notaeza.net", "https://aeza.net.example.com/",
	} {
		c, err := NewClient(testKey, WithBaseURL(raw))
		require.NoError(t, err, raw)
		assert.Equal(t, strings.TrimSuffix(raw, "/"), c.BaseURL(), "taken as given")
	}
	c, err := NewClient(testKey)
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL, c.BaseURL())
}
