package servicemanager_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/servicemanager"
)

// TestCredentialShape: a bearer token given in the shape of a header value
// ("Bearer abc") would only earn a bare 401: NewClient refuses it with a
// hint, without quoting the secret.
func TestCredentialShape(t *testing.T) {
	const secret = "test-secret-not-real"
	for name, tc := range map[string]struct {
		token, hint string
	}{
		"bearer prefix":   {"Bearer " + secret, `starts with "Bearer "`},
		"basic as bearer": {"Basic " + secret, `starts with "Basic "`},
		"space inside":    {secret + " x", "space"},
	} {
		c, err := servicemanager.NewClient("", servicemanager.WithBearerToken(tc.token))
		assert.Nil(t, c, name)
		require.ErrorIs(t, err, servicemanager.ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), tc.hint, name)
		assert.NotContains(t, err.Error(), secret, name)
	}
	// What is right stays right: a plain token, a login and a password
	// with spaces and colons.
	for name, opt := range map[string]servicemanager.Option{
		"bearer": servicemanager.WithBearerToken(secret),
		"basic":  servicemanager.WithBasicAuth("Иван Петров", "a:b "+secret),
	} {
		_, err := servicemanager.NewClient("", opt)
		assert.NoError(t, err, name)
	}
}
