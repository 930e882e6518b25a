package aeza_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/aeza"
)

// TestCredentialShape: a key given in the shape of a header line
// ("X-API-Key: abc") or value ("Bearer abc") would only earn a bare 401:
// NewClient refuses it with a hint, without quoting the secret.
func TestCredentialShape(t *testing.T) {
	const secret = "test-secret-not-real"
	for name, tc := range map[string]struct {
		key, hint string
	}{
		"header line":          {"X-API-Key: " + secret, `"X-API-Key:"`},
		"header line no space": {"x-api-key:" + secret, "header name"},
		"bearer value":         {"Bearer " + secret, `starts with "Bearer "`},
		"basic value":          {"Basic " + secret, `starts with "Basic "`},
	} {
		c, err := aeza.NewClient(tc.key)
		assert.Nil(t, c, name)
		require.ErrorIs(t, err, aeza.ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), tc.hint, name)
		assert.NotContains(t, err.Error(), secret, name)
	}
	// What is right stays right: a key with a colon inside.
	for _, key := range []string{secret, "ab:" + secret} {
		_, err := aeza.NewClient(key)
		assert.NoError(t, err)
	}
}
