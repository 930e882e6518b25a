package transport_test

import (
	"testing"

	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// EscapeCall is every Do's preamble: nil refused with the service's prefix,
// anything else built by Escape (GET default, slash dropped, "do" default).
func TestEscapeCall(t *testing.T) {
	t.Parallel()
	_, err := transport.EscapeCall("svc", nil, nil)
	require.ErrorIs(t, err, transport.ErrInvalidArgument)
	require.ErrorIs(t, err, transport.ErrNotSent)
	assert.Equal(t, "svc: nil request: invalid argument", err.Error())
	req, err := transport.EscapeCall("svc", &transport.EscapeRequest{Path: "/a/b", NoRetry: true}, nil)
	require.NoError(t, err)
	assert.Equal(t, "GET", req.Method)
	assert.Equal(t, "a/b", req.Path)
	assert.Equal(t, "do", req.Operation)
	assert.Equal(t, transport.RetryNever, req.Retry)
}
