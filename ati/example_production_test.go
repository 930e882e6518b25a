package ati_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
)

// Response metadata of one call, on success and on failure.
func ExampleWithResponseInto() {
	srv := atitest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	var info ati.ResponseInfo
	bal, err := c.Billing.Balance(ctx, ati.WithResponseInto(&info), ati.WithHeader("X-Trace-Id", "job-42"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bal.Balance, info.StatusCode, info.Attempts, info.Operation)
	// Output: 100.50 200 1 billing.balance
}

// ATI's OAuth access tokens last about two hours: a token source refreshes
// them, and the client asks it for a token on every attempt.
func ExampleWithTokenSource() {
	conf := &oauth2.Config{
		ClientID:     os.Getenv("ATI_OAUTH_CLIENT_ID"),
		ClientSecret: os.Getenv("ATI_OAUTH_CLIENT_SECRET"),
		Endpoint:     ati.Endpoint,
	}
	ctx := context.Background()
	ts := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: os.Getenv("ATI_OAUTH_REFRESH_TOKEN")})
	c, err := ati.NewClient("", ati.WithTokenSource(ts))
	if err != nil {
		log.Fatal(err)
	}
	bal, err := c.Billing.Balance(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bal.Balance)
}

// ATI's limit of 10 requests a second is per contact: clients that use the
// same contact's token share one limiter. A call waits for its turn inside
// its context, and a per-call timeout bounds that wait too.
func ExampleWithRateLimiter() {
	shared := rate.NewLimiter(9, 1)
	billing, err := ati.NewClient(os.Getenv("ATI_TOKEN"), ati.WithRateLimiter(shared))
	if err != nil {
		log.Fatal(err)
	}
	catalog, err := ati.NewClient(os.Getenv("ATI_TOKEN"), ati.WithRateLimiter(shared))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := billing.Billing.Balance(ctx, ati.WithCallTimeout(5*time.Second)); err != nil {
		log.Fatal(err)
	}
	if _, err := catalog.Organizations.List(ctx, ati.WithCallRetry(ati.RetryPolicy{})); err != nil {
		log.Fatal(err)
	}
}
