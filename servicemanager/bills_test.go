package servicemanager_test

import (
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// Money is sent only as a JSON number: an Amount holding other JSON (an
// object, a string, true) was sent as is in a money field, and one holding
// text that is not JSON ("12,50") failed without ErrInvalidArgument. Both
// are refused before sending, like params that cannot be encoded at all.
func TestAmountSentOnlyAsNumber(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"general":{"response":10200},"id":"1"}`)
	})
	c := s.client(t)
	for _, a := range []sm.Amount{`{"x":1}`, `"1500"`, `true`, `[1]`, `12,50`, `1500 руб`, ` 1500`, `0x10`, `1e99999`} {
		_, err := c.Bills.Create(context.Background(), 1010, sm.NewBill{SellerID: 1, CustomerID: 2, TotalCost: a})
		require.ErrorIs(t, err, sm.ErrInvalidArgument, "%q", a)
		assert.Contains(t, err.Error(), "servicemanager: bill/create: ", "%q", a)
	}
	_, err := c.Call(context.Background(), "tenant/list", 5, map[string]any{"f": func() {}}, nil)
	require.ErrorIs(t, err, sm.ErrInvalidArgument, "params json cannot encode")
	assert.Equal(t, int32(0), s.n.Load(), "nothing is sent")

	for _, a := range []sm.Amount{"1500", "8040.50", "-1", "0", "1.5e3"} {
		_, err := c.Bills.Create(context.Background(), 1010, sm.NewBill{SellerID: 1, CustomerID: 2, TotalCost: a})
		require.NoError(t, err, "%q", a)
		assert.JSONEq(t, `{"general":{"type":"usr","method":"bill/create"},"auth":{"account":1010},"seller_id":1,"customer_id":2,"total_cost":`+string(a)+`}`,
			string(s.last.Load().([]byte)))
	}
}
