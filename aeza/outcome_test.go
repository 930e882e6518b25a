package aeza_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lostAnswers delivers every request to the server and then loses its
// answer, as a connection that drops after the upstream acted does.
type lostAnswers struct{}

func (lostAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	_ = resp.Body.Close()
	return nil, errors.New("connection lost while reading the answer")
}

// An order whose answer is lost is outcome-unknown, and the services
// created since the attempt, by name, settle it.
func TestOrderOutcomeUnknownSettledByName(t *testing.T) {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, err := srv.Client(aeza.WithHTTPClient(&http.Client{Transport: lostAnswers{}}))
	require.NoError(t, err)
	ctx := context.Background()
	since := time.Now()
	var info aeza.ResponseInfo
	_, err = c.Orders.Create(ctx, aeza.OrderRequest{Method: "balance", Count: 2, Term: aeza.TermMonth, Name: "web-42", ProductID: 3},
		aeza.WithResponseInto(&info))
	require.ErrorIs(t, err, aeza.ErrOutcomeUnknown)
	assert.NotErrorIs(t, err, aeza.ErrNotSent)
	assert.Equal(t, aeza.OutcomeUnknown, info.Outcome)
	assert.Equal(t, 1, info.Attempts, "a money call is sent once")
	assert.Equal(t, 1, srv.Orders())

	look, err := srv.Client()
	require.NoError(t, err)
	created, err := look.Services.FindCreatedSince(ctx, "web-42", since)
	require.NoError(t, err)
	assert.Len(t, created, 2)
	for _, s := range created {
		assert.Equal(t, "web-42", s.Name)
	}
	none, err := look.Services.FindCreatedSince(ctx, "web-1", since) // an older service of that name
	require.NoError(t, err)
	assert.Empty(t, none)
	none, err = look.Services.FindCreatedSince(ctx, "web-42", time.Now().Add(time.Hour))
	require.NoError(t, err)
	assert.Empty(t, none)
	_, err = look.Services.FindCreatedSince(ctx, " ", since)
	assert.ErrorIs(t, err, aeza.ErrInvalidArgument)
	assert.ErrorIs(t, err, aeza.ErrNotSent)
}

// The fake's faults are answers: neither class, and the order is not placed.
func TestOrderFaultsAreAnswers(t *testing.T) {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, err := srv.Client(aeza.WithRetry(aeza.RetryPolicy{MaxRetries: 2, WaitMax: time.Millisecond}))
	require.NoError(t, err)
	for _, code := range []int{429, 500, 502, 503} {
		srv.InjectFault(1, aezatest.Fault{Status: code, Path: "/api/v2/services/orders"}) // Create sends the v2 form
		var info aeza.ResponseInfo
		_, err := c.Orders.Create(context.Background(), aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermMonth, Name: "x", ProductID: 3},
			aeza.WithResponseInto(&info))
		require.Error(t, err)
		assert.Equal(t, aeza.OutcomeAnswered, aeza.OutcomeOf(err), "%d: %v", code, err)
		assert.Equal(t, aeza.OutcomeAnswered, info.Outcome)
		assert.Equal(t, 1, info.Attempts)
	}
	assert.Zero(t, srv.Orders())
}

// A money call that fails says whether the order went out; when the answer
// was lost, the services created since the attempt, by name, settle it.
func ExampleServicesService_FindCreatedSince() {
	srv := aezatest.NewServer()
	defer srv.Close()
	// A connection that loses every answer after Aeza acted.
	lossy, _ := srv.Client(aeza.WithHTTPClient(&http.Client{Transport: lostAnswers{}}))
	c, _ := srv.Client()
	ctx := context.Background()

	order := aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermMonth, Name: "web-42", ProductID: 3}
	since := time.Now()
	_, err := lossy.Orders.Create(ctx, order)
	switch {
	case errors.Is(err, aeza.ErrNotSent):
		fmt.Println("not sent: safe to order again")
	case errors.Is(err, aeza.ErrOutcomeUnknown):
		created, err := c.Services.FindCreatedSince(ctx, order.Name, since)
		if err != nil {
			fmt.Println("look again later:", err)
			return
		}
		fmt.Printf("outcome unknown; %d service(s) named %s created since: do not order again\n", len(created), order.Name)
	}
	// Output: outcome unknown; 1 service(s) named web-42 created since: do not order again
}
