// Command aeza shows the aeza package: the account balance, every service
// (all pages) and the products priced in another currency. Read-only.
//
// With no environment it runs against the in-process fake (aezatest). With
// AEZA_API_KEY (and optionally AEZA_BASE_URL) it talks to that server; see
// examples/internal/connect.
// AEZA_CURRENCY picks the currency (default USD).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/examples/internal/connect"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "aeza example:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	z, err := connect.NewAeza()
	if err != nil {
		return err
	}
	defer z.Close()
	fmt.Println(z.Target)
	c := z.Client

	acct, err := c.Account.Current(ctx)
	if err != nil {
		return fmt.Errorf("account: %w", err)
	}
	fmt.Printf("account %d (%s): balance %s RUB\n", acct.ID, acct.Email, acct.Balance)

	n := 0
	for svc, err := range c.Services.All(ctx, &aeza.ListOptions{Sort: aeza.SortBy(aeza.Asc("id"))}) {
		if err != nil {
			return fmt.Errorf("services: %w", err)
		}
		n++
		fmt.Printf("  service %d %-12s %-10s %s\n", svc.ID, svc.Name, svc.Status, svc.IP)
	}
	fmt.Printf("%d services\n", n)

	code := os.Getenv("AEZA_CURRENCY")
	if code == "" {
		code = "USD"
	}
	cs, err := c.Payments.Currencies(ctx)
	if err != nil {
		return fmt.Errorf("currencies: %w", err)
	}
	cur, ok := cs.Find(code)
	if !ok {
		return errors.New("currency " + code + " not offered by payment/currencies")
	}
	for p, err := range c.Products.All(ctx, nil) {
		if err != nil {
			return fmt.Errorf("products: %w", err)
		}
		month, ok := p.Prices[aeza.TermMonth]
		if !ok {
			continue
		}
		conv, err := cur.Convert(month.Value)
		if err != nil {
			return err
		}
		fmt.Printf("  product %d %-10s %s RUB/month = %s %s/month\n", p.ID, p.Name, month.Value, conv, cur.Code)
	}
	return nil
}
