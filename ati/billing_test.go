package ati_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
)

// fixtureBalance returns the balance number of a fixture's response byte for
// byte, as ATI sent it.
func fixtureBalance(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name + ".json")
	require.NoError(t, err)
	var f struct {
		Response struct {
			Body map[string]json.RawMessage `json:"body"`
		} `json:"response"`
	}
	require.NoError(t, json.Unmarshal(b, &f))
	return string(f.Response.Body["balance"])
}

// The balance keeps the number exactly as ATI sent it: its digits and its
// scale, through decoding, String and encoding again.
func TestBalanceExact(t *testing.T) {
	for _, name := range []string{"balance_get", "balance_get_exact", "balance_get_big"} {
		t.Run(name, func(t *testing.T) {
			want := fixtureBalance(t, name)
			c := replayClient(t, nil, name)
			b, err := c.Billing.Balance(context.Background())
			require.NoError(t, err)
			assert.Equal(t, want, b.Balance.String())
			out, err := json.Marshal(b)
			require.NoError(t, err)
			var m map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(out, &m))
			assert.Equal(t, want, string(m["balance"]), "re-encoded byte for byte")
		})
	}
	assert.Equal(t, "1234.50", fixtureBalance(t, "balance_get_exact"))
	assert.Equal(t, "98765432109876543210.123456789", fixtureBalance(t, "balance_get_big"))
}

// What a first-time user would try: the zero value, 0.1, exponents, a
// negative zero, a string, null; printing a Balance shows the number.
func TestBalanceDecimalForms(t *testing.T) {
	for in, want := range map[string]string{
		`0.1`: "0.1", `1e3`: "1000", `-0.00`: "0.00", `-12.345`: "-12.345", `"7.10"`: "7.10", `null`: "0", `0`: "0",
	} {
		var b ati.Balance
		require.NoError(t, json.Unmarshal([]byte(`{"balance": `+in+`}`), &b), in)
		assert.Equal(t, want, b.Balance.String(), in)
	}
	var b ati.Balance
	assert.Error(t, json.Unmarshal([]byte(`{"balance": "lots"}`), &b))
	assert.Error(t, json.Unmarshal([]byte(`{"balance": true}`), &b))

	b = ati.Balance{Balance: ati.MustDecimal("1234.50"), WalletID: 7}
	assert.Equal(t, "&{1234.50 0 0 0 false false 7 false false}", fmt.Sprint(&b))
	assert.Contains(t, fmt.Sprintf("%+v", b), "{Balance:1234.50 ContactID:0")
	assert.Contains(t, fmt.Sprintf("%#v", b), "ati.Balance{Balance:1234.50, ContactID:0")
	assert.Equal(t, "1234.50 atis, 1234.5, 0.13", fmt.Sprintf("%.2f atis, %.1f, %.2f", b.Balance, b.Balance, ati.MustDecimal("0.125")))
	sum := ati.MustDecimal("0.1").Mul(ati.NewDecimal(3, 0))
	assert.Equal(t, "0.3", sum.String())
	_, err := ati.ParseDecimal("1,5")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `ati: decimal "1,5"`)
	assert.Panics(t, func() { ati.MustDecimal("x") })
}

// The fake serves its balance with the same digits.
func TestFakeBalanceExact(t *testing.T) {
	srv := atitest.NewServer(atitest.WithBalance(ati.Balance{Balance: ati.MustDecimal("1234.50")}))
	defer srv.Close()
	c, err := srv.Client()
	require.NoError(t, err)
	b, err := c.Billing.Balance(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "1234.50", b.Balance.String())
}
