package main

import (
	"context"
	"fmt"
	"io"

	"github.com/ruapi/ruapi-go/aeza"
)

// aezaStep walks every service, finds each product's location in the group
// tree, and prices it in another currency with Aeza's exact ceil-rounding
// formula. Aeza sends amounts in minor units (cents, kopecks), so they are
// converted with ConvertMinor (see the aeza package documentation, Money and
// units); examples/aeza and the README do the same.
func aezaStep(ctx context.Context, w io.Writer) error {
	z, err := newAeza()
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
	fmt.Fprintf(w, "   balance %s (minor units%s)\n", acct.Balance, map[bool]string{true: ", " + acct.Currency}[acct.Currency != ""])
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
	usd, ok := currencies.Find("USD") // by slug, code or name, in any case
	if !ok {
		return fmt.Errorf("payment/currencies has no USD")
	}
	tree, err := c.Groups.Tree(ctx, nil)
	if err != nil {
		return err
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
		where := "?"
		if loc, ok := tree.Location(p.GroupID); ok {
			where = loc.Payload.Code
		}
		inUSD, err := usd.ConvertMinor(month.Value) // Aeza sends minor units
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   - %-10s %-2s %8s minor units/month = %s USD\n", p.Name, where, month.Value, inUSD)
		if count++; count == 3 {
			break
		}
	}
	return nil
}
