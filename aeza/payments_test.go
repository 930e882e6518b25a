package aeza_test

import (
	"context"
	"os"
	"regexp"
	"testing"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One unit truth: Aeza's amounts are minor units. The fake sends them so,
// ConvertMinor converts them, and the README snippet, examples/quickstart
// and examples/aeza all convert prices with ConvertMinor, never Convert, so
// that they give the same number for the same product (DE-MINI, 36900
// kopecks: 4.14 USD).
func TestOneUnitTruth(t *testing.T) {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	require.NoError(t, err)
	ctx := context.Background()
	cs, err := c.Payments.Currencies(ctx)
	require.NoError(t, err)
	usd, ok := cs.Find("USD")
	require.True(t, ok)
	p, err := c.Products.Get(ctx, 3)
	require.NoError(t, err)
	v, err := usd.ConvertMinor(p.Prices[aeza.TermMonth].Value)
	require.NoError(t, err)
	assert.Equal(t, "4.14", v.String())
	a, err := c.Account.Current(ctx)
	require.NoError(t, err)
	assert.Equal(t, srv.Balance().String(), a.Balance.Mul(aeza.NewDecimal(1, 2)).String(), "the balance is minor units too")

	convertPrice := regexp.MustCompile(`\.Convert\((month|p\.Prices|.*Price)`)
	for _, f := range []string{"../README.md", "../examples/quickstart/aeza.go", "../examples/aeza/main.go", "example_test.go"} {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.Contains(t, string(b), "ConvertMinor(", f)
		assert.NotRegexp(t, convertPrice, string(b), "%s converts a price as if it were whole units", f)
	}
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	assert.Contains(t, string(readme), "4.14 USD")
	assert.Regexp(t, `(?i)Aeza sends every amount in minor units`, string(readme))
}
