package ati_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/ati"
)

// TestCredentialShape: a token given in the shape of a header value
// ("Bearer abc") would only earn a bare 401: NewClient refuses it with a
// hint, without quoting the secret.
func TestCredentialShape(t *testing.T) {
	const secret = "test-secret-not-real"
	for name, tc := range map[string]struct {
		token, hint string
	}{
		"bearer prefix":       {"Bearer " + secret, `starts with "Bearer "`},
		"bearer prefix lower": {"bearer " + secret, `starts with "bearer "`},
		"basic as bearer":     {"Basic " + secret, `starts with "Basic "`},
		"space inside":        {secret + " x", "space"},
		"tab inside":          {secret + "\tx", "space"},
	} {
		c, err := ati.NewClient(tc.token)
		assert.Nil(t, c, name)
		require.ErrorIs(t, err, ati.ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), tc.hint, name)
		assert.NotContains(t, err.Error(), secret, name)
	}
	// What is right stays right, blanks around the token included.
	for _, tok := range []string{secret, " " + secret + " "} {
		_, err := ati.NewClient(tok)
		assert.NoError(t, err)
	}
}
