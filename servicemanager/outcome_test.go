package servicemanager_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/ruapi/ruapi-go/servicemanager/smtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lostAnswers delivers every request and then loses its answer.
type lostAnswers struct{ onlyVersion bool }

func (l lostAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	if l.onlyVersion && !strings.HasSuffix(r.URL.Path, "/version") {
		return resp, nil
	}
	_ = resp.Body.Close()
	return nil, errors.New("connection lost while reading the answer")
}

// A user whose creation lost its answer is outcome-unknown, and the login
// settles it.
func TestCreateUserOutcomeUnknownSettledByLogin(t *testing.T) {
	srv := smtest.NewServer()
	defer srv.Close()
	lossy, err := srv.Client(sm.WithServerVersion(smtest.InterfaceVersion), sm.WithHTTPClient(&http.Client{Transport: lostAnswers{}}))
	require.NoError(t, err)
	ctx := context.Background()
	var info sm.ResponseInfo
	err = lossy.Users.Create(ctx, smtest.Account, sm.CreateUser{Login: "new.user", Password: "pass-not-real-1"}, sm.WithResponseInto(&info))
	require.ErrorIs(t, err, sm.ErrOutcomeUnknown)
	assert.Equal(t, sm.OutcomeUnknown, info.Outcome)
	assert.Equal(t, 1, info.Attempts)

	c, err := srv.Client()
	require.NoError(t, err)
	u, err := c.Users.Info(ctx, smtest.Account, "new.user")
	require.NoError(t, err, "the user was created")
	assert.Equal(t, "new.user", u.Login)
	_, err = c.Users.Info(ctx, smtest.Account, "never.created")
	assert.ErrorIs(t, err, sm.ErrNotFound)

	// The fake's faults are answers.
	for _, code := range []int{400, 500, 503} {
		srv.InjectFault(1, smtest.Fault{Status: code})
		err := c.Users.Create(ctx, smtest.Account, sm.CreateUser{Login: "other.user"}, sm.WithResponseInto(&info))
		require.Error(t, err)
		assert.Equal(t, sm.OutcomeAnswered, sm.OutcomeOf(err), "%d", code)
		assert.Equal(t, sm.OutcomeAnswered, info.Outcome)
	}
}

// When the version discovery a change waits for ends without an answer,
// the change itself was not sent.
func TestDiscoveryFailureIsNotSent(t *testing.T) {
	srv := smtest.NewServer()
	defer srv.Close()
	c, err := srv.Client(sm.WithHTTPClient(&http.Client{Transport: lostAnswers{onlyVersion: true}}))
	require.NoError(t, err)
	err = c.Users.Create(context.Background(), smtest.Account, sm.CreateUser{Login: "new.user"})
	require.Error(t, err)
	assert.ErrorIs(t, err, sm.ErrNotSent)
	assert.NotErrorIs(t, err, sm.ErrOutcomeUnknown)
	assert.NotContains(t, err.Error(), "outcome unknown")
	for _, m := range srv.Methods() {
		assert.NotEqual(t, "account/users/create", m)
	}
}
