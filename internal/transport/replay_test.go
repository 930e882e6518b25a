package transport_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/internal/fixture"
	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type listQuery struct {
	Count int    `url:"count"`
	Sort  string `url:"sort,omitempty"`
}

// The replay helper sits below the retry loop: a 503 then a 200 are two
// attempts of one call, both matched exactly.
func TestReplayBelowRetryLoop(t *testing.T) {
	hc := fixture.Replay(t, "https://api.example.test", "testdata/items_503.json", "testdata/items_ok.json")
	c, err := transport.New(transport.Config{
		Service: "test", BaseURL: "https://api.example.test/api/v1", Auth: transport.Bearer("test-token-not-real"),
		HTTPClient: hc, Retry: &transport.RetryPolicy{MaxRetries: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond},
	})
	require.NoError(t, err)
	resp, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "items", Query: listQuery{Count: 2, Sort: "id,~balance"}})
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)
	var items []struct{ ID int }
	require.NoError(t, resp.DecodeJSON(&items))
	assert.Len(t, items, 2)
}
