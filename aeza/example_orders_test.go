package aeza_test

import (
	"context"
	"fmt"
	"log"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
)

// Order a server (in the v2 form, the default) and read what the answer
// names: the order's id and, once they exist, the new services' ids.
func ExampleOrdersService_Create() {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()
	ubuntu := aeza.OS{ID: 25, Slug: "ubuntu_2404"}

	res, err := c.Orders.Create(ctx, aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermHour,
		Name: "web-2", ProductID: 3, Parameters: &aeza.OrderParameters{OS: ubuntu.Ref()}})
	if err != nil {
		// ErrDecode here means Aeza answered 2xx with no order id in it: the
		// order may have gone through (res.Raw holds the answer). Look at the
		// service list before ordering again.
		log.Fatal(err)
	}
	fmt.Println(res.OrderIDs(), res.ServiceIDs)
	fmt.Println(srv.OrderPaths())
	// Output:
	// [1001] [1002]
	// [/api/v2/services/orders]
}
