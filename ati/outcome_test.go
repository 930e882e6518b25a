package ati_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lostAnswers delivers every request and then loses its answer.
type lostAnswers struct{}

func (lostAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	_ = resp.Body.Close()
	return nil, errors.New("connection lost while reading the answer")
}

// An organization whose creation lost its answer is outcome-unknown, and
// its INN settles it.
func TestCreateOutcomeUnknownSettledByINN(t *testing.T) {
	srv := atitest.NewServer()
	defer srv.Close()
	lossy, err := srv.Client(ati.WithHTTPClient(&http.Client{Transport: lostAnswers{}}))
	require.NoError(t, err)
	ctx := context.Background()
	in := &ati.OrganizationInput{Name: ati.Ptr("ООО Ромашка"), INN: ati.Ptr("7707083893"), AllDepartmentsAllowed: true}
	var info ati.ResponseInfo
	_, err = lossy.Organizations.Create(ctx, in, ati.WithResponseInto(&info))
	require.ErrorIs(t, err, ati.ErrOutcomeUnknown)
	assert.Equal(t, ati.OutcomeUnknown, info.Outcome)

	c, err := srv.Client()
	require.NoError(t, err)
	found, err := c.Organizations.FindByINN(ctx, " 7707 083893 ")
	require.NoError(t, err)
	require.Len(t, found, 1)
	assert.Equal(t, "ООО Ромашка", found[0].Name)
	none, err := c.Organizations.FindByINN(ctx, "500100732259")
	require.NoError(t, err)
	assert.Empty(t, none)
	_, err = c.Organizations.FindByINN(ctx, "")
	assert.ErrorIs(t, err, ati.ErrInvalidArgument)
	assert.ErrorIs(t, err, ati.ErrNotSent)

	// The fake's faults are answers.
	for _, code := range []int{400, 429, 500, 503} {
		srv.InjectFault(1, atitest.Fault{Status: code})
		_, err := c.Organizations.Create(ctx, in, ati.WithResponseInto(&info))
		require.Error(t, err)
		assert.Equal(t, ati.OutcomeAnswered, ati.OutcomeOf(err), "%d", code)
		assert.Equal(t, ati.OutcomeAnswered, info.Outcome)
	}
}
