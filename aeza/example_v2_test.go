package aeza_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
)

// Power control, task state and backups: wait until the server is idle,
// restart it, and snapshot it once the restart is done.
func ExampleServicesService_Restart() {
	srv := aezatest.NewServer(aezatest.WithTaskDuration(50 * time.Millisecond))
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()
	const id = 101
	if err := c.Services.Restart(ctx, id); err != nil { // sent once, never retried
		fmt.Println(err)
		return
	}
	// While the restart runs, the service shows it and refuses other actions.
	svc, err := c.Services.Info(ctx, id)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(svc.Status, svc.CurrentTask.Slug, svc.Busy())
	var e *aeza.Error
	if err := c.Services.PowerOff(ctx, id, nil); errors.As(err, &e) {
		fmt.Println("power-off while busy: HTTP", e.StatusCode)
	}
	svc, err = c.Services.WaitReady(ctx, id, 20*time.Millisecond)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(svc.Status, svc.Busy(), "price", svc.Price, "per", svc.PaymentTerm)
	b, err := c.Backups.Create(ctx, id, "after-restart")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("backup", b.Name, b.Status)
	// Output:
	// active restart true
	// power-off while busy: HTTP 409
	// active false price 369.00 per month
	// backup after-restart creating
}

// Pages of the account's collections take PageOptions: limit, offset, a sort
// clause and equality filters.
func ExampleBillingService_AllTransactions() {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()
	me, err := c.Account.Me(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	opts := &aeza.PageOptions{Limit: 100, Sort: aeza.SortClause(aeza.Desc("id")),
		Filter: aeza.Filter{aeza.Eq("serviceId", 101)}}
	for tx, err := range c.Billing.AllTransactions(ctx, opts) {
		if err != nil {
			fmt.Println(err)
			return
		}
		// Amounts are minor units of the account's ledger currency.
		fmt.Println(tx.Type, tx.Amount, me.LedgerCurrency())
	}
	// Output:
	// prolong -369.00 RUB
}
