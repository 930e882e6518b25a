package main

import (
	"context"
	"fmt"
	"io"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/examples/internal/connect"
)

// aezaStep walks every service, and prices a product in another currency with
// Aeza's exact ceil-rounding formula.
func aezaStep(ctx context.Context, w io.Writer) error {
	z, err := connect.NewAeza()
	if err != nil {
		return err
	}
	defer z.Close()
	fmt.Fprintln(w, "  ", z.Target)
	c := z.Client
	acct, err := c.Account.Current(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   balance %s ₽\n", acct.Balance)
	n := 0
	for svc, err := range c.Services.All(ctx, &aeza.ListOptions{Sort: aeza.SortBy(aeza.Asc("id"))}) {
		if err != nil {
			return err
		}
		n++
		fmt.Fprintf(w, "   - service %d %-8s %s\n", svc.ID, svc.Name, svc.Status)
	}
	fmt.Fprintf(w, "   %d services\n", n)

	currencies, err := c.Payments.Currencies(ctx)
	if err != nil {
		return err
	}
	usd, ok := currencies.Find("USD")
	if !ok {
		return fmt.Errorf("payment/currencies has no USD")
	}
	count := 0
	for p, err := range c.Products.All(ctx, nil) {
		if err != nil {
			return err
		}
		month, ok := p.Prices[aeza.TermMonth]
		if !ok {
			continue
		}
		inUSD, err := usd.Convert(month.Value)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   - %-10s %8s ₽/month = %s USD\n", p.Name, month.Value, inUSD)
		if count++; count == 3 {
			break
		}
	}
	return nil
}
