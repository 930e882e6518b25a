package aeza_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/aeza"
)

// Issue 22 (trimmed names): LedgerEntry.ServiceID is a plain int64, read
// from a number or a numeric string, null or "" (0); FlexInt is gone.
func TestLedgerEntryServiceID(t *testing.T) {
	for in, want := range map[string]int64{`123`: 123, `"123"`: 123, `null`: 0, `""`: 0} {
		var e aeza.LedgerEntry
		require.NoError(t, json.Unmarshal([]byte(`{"id":1,"amount":-2,"serviceId":`+in+`,"status":"performed"}`), &e), in)
		assert.Equal(t, want, e.ServiceID, in)
		assert.Equal(t, int64(1), e.ID, in)
		assert.Equal(t, aeza.Minor(-2), e.Amount, in)
		assert.Equal(t, aeza.Text("performed"), e.Status, in)
	}
	var e aeza.LedgerEntry
	assert.Error(t, json.Unmarshal([]byte(`{"serviceId":"1.5"}`), &e))
	out, err := json.Marshal(aeza.LedgerEntry{ServiceID: 7})
	require.NoError(t, err)
	assert.Contains(t, string(out), `"serviceId":7`)
}
