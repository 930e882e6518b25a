package servicemanager_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// A params member named "general" or "auth" in another case (or spelled
// with escapes) is refused too: a server that matches member names without
// case — encoding/json does, so does a 1C Структура — takes the last of two
// same-named blocks, so {"auth":{"account":5},"AUTH":{"account":1}} would run
// the call for subscriber 1.
func TestParamsCannotSmuggleReservedBlockInAnotherCase(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, okBody) })
	c := s.client(t)

	// What a case-folding server makes of such a body.
	var seen struct {
		Auth struct{ Account int64 } `json:"auth"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"auth":{"account":5},"AUTH":{"account":1}}`), &seen))
	require.Equal(t, int64(1), seen.Auth.Account, "the smuggled block wins")

	for name, params := range map[string]any{
		"map General":    map[string]any{"General": map[string]any{"type": "srv", "method": "account/delete"}},
		"map AUTH":       map[string]any{"AUTH": map[string]any{"account": 1}},
		"struct field":   struct{ Auth struct{ Account int64 } }{},
		"escaped, cased": json.RawMessage(`{"Gen\u0065ral":{}}`),
		"escaped Auth":   json.RawMessage(`{"\u0041uth":{"account":1}}`),
		"after a string": json.RawMessage(`{"x":"a\"b","aUtH":1}`),
	} {
		_, err := c.Call(context.Background(), "tenant/list", 5, params, nil)
		require.ErrorIs(t, err, sm.ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), "servicemanager: tenant/list: params must not set", name)
	}
	assert.Equal(t, int32(0), s.n.Load(), "nothing is sent")

	// Members that only contain the words are fine.
	_, err := c.Call(context.Background(), "tenant/list", 5, map[string]any{"authx": 1, "general_id": 2, "x": map[string]any{"AUTH": 1}}, nil)
	require.NoError(t, err)
}
