package dptest_test

import (
	"context"
	"testing"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemory(t *testing.T) {
	t.Parallel()
	m := dptest.NewMemory()
	ctx := context.Background()
	m.AddCharge(dptest.SampleUserID, dataprovider.Charge{Account: "1595-1", Cost: 1, Period: dataprovider.MustPeriod(2023, 5)})
	cs, err := m.Charges(ctx, dptest.SampleUserID, 2)
	require.NoError(t, err)
	require.Len(t, cs, 2)
	assert.Equal(t, "05-23", cs[0].Period.String())
	assert.Equal(t, "02-22", cs[1].Period.String())
	_, err = m.Charges(ctx, "nobody", 1)
	assert.ErrorIs(t, err, dataprovider.ErrNotFound)

	m.PutContract(dptest.SampleUserID, dataprovider.Contract{ExtID: "2", State: dataprovider.StateSuspended})
	all, err := m.ContractsByUser(ctx, dptest.SampleUserID)
	require.NoError(t, err)
	assert.Len(t, all, 2)
	_, err = m.Auth(ctx, dptest.SampleLogin, "bad")
	assert.ErrorIs(t, err, dataprovider.ErrBadCredentials)
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	s := dptest.NewServer()
	defer s.Close()
	r := dptest.CheckURL(context.Background(), s.URL, dptest.SampleSubject())
	assert.True(t, r.OK(), r.String())

	s.InjectFault(100, dptest.Fault{Status: 500})
	r = dptest.CheckURL(context.Background(), s.URL, dptest.SampleSubject())
	assert.False(t, r.OK())
}
