package dataprovider_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
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

// A callback whose answers are lost is outcome-unknown (the platform got
// it); the fake's faults are answers; a refused argument is not sent.
func TestCallbackOutcomes(t *testing.T) {
	p := dptest.NewPlatform()
	defer p.Close()
	lossy, err := p.Client(dataprovider.WithHTTPClient(&http.Client{Transport: lostAnswers{}}),
		dataprovider.WithRetry(dataprovider.RetryPolicy{MaxRetries: 1}))
	require.NoError(t, err)
	var info dataprovider.ResponseInfo
	err = lossy.ContractChanged(context.Background(), "c-1", dataprovider.WithResponseInto(&info))
	require.ErrorIs(t, err, dataprovider.ErrOutcomeUnknown)
	assert.Equal(t, dataprovider.OutcomeUnknown, info.Outcome)
	assert.NotEmpty(t, p.Callbacks(), "the platform got it")

	c, err := p.Client(dataprovider.WithRetry(dataprovider.RetryPolicy{}))
	require.NoError(t, err)
	for _, code := range []int{400, 500, 503} {
		p.InjectFault(1, dptest.Fault{Status: code})
		err := c.ChargesChanged(context.Background(), "u-1", dataprovider.WithResponseInto(&info))
		require.Error(t, err)
		assert.Equal(t, dataprovider.OutcomeAnswered, dataprovider.OutcomeOf(err), "%d", code)
		assert.Equal(t, dataprovider.OutcomeAnswered, info.Outcome)
	}
	err = c.ChargesChanged(context.Background(), " ")
	assert.ErrorIs(t, err, dataprovider.ErrNotSent)
}

// The credential check, a read sent once over POST, is classified like any call.
func TestAuthCheckOutcome(t *testing.T) {
	srv := dptest.NewServer()
	defer srv.Close()
	lossy, err := srv.Client(dataprovider.WithHTTPClient(&http.Client{Transport: lostAnswers{}}))
	require.NoError(t, err)
	_, err = lossy.Auth.Check(context.Background(), "user@example.test", "pass-not-real-2")
	assert.ErrorIs(t, err, dataprovider.ErrOutcomeUnknown)
	ro, err := srv.Client(dataprovider.WithReadOnly())
	require.NoError(t, err)
	_, err = ro.Auth.Check(context.Background(), "user@example.test", "pass-not-real-2")
	assert.NotErrorIs(t, err, dataprovider.ErrReadOnly)
	assert.NotErrorIs(t, err, dataprovider.ErrNotSent)
}
