package aezatest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
)

// Test your own code against the fake: it keeps state, and InjectFault makes
// the next requests fail the way the real API can.
func Example() {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, err := srv.Client(aeza.WithRetry(aeza.RetryPolicy{})) // no retries: see the fault
	if err != nil {
		fmt.Println(err)
		return
	}
	srv.InjectFault(1, aezatest.Fault{Status: http.StatusServiceUnavailable})
	_, err = c.Account.Current(context.Background())
	fmt.Println(errors.Is(err, aeza.ErrServer))

	acct, err := c.Account.Current(context.Background())
	fmt.Println(acct.Balance, err) // minor units (kopecks), as Aeza sends them
	// Output:
	// true
	// 100000 <nil>
}
