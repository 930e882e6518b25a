package transport_test

import (
	"errors"
	"testing"

	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
)

// ApplyOptions applies in order, skips nil, and stops at the first error,
// which it returns unwrapped.
func TestApplyOptions(t *testing.T) {
	t.Parallel()
	type option func(*[]string) error
	add := func(v string) option { return func(s *[]string) error { *s = append(*s, v); return nil } }
	boom := errors.New("boom")
	var got []string
	err := transport.ApplyOptions(&got, []option{add("a"), nil, add("b"), func(*[]string) error { return boom }, add("c")})
	assert.Same(t, boom, err)
	assert.Equal(t, []string{"a", "b"}, got)
	assert.NoError(t, transport.ApplyOptions(&got, []option(nil)))
}
