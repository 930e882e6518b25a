// Command aeza shows the aeza package: the account balance, every service
// (all pages), each product's location from the group tree, and its monthly
// price in another currency, all read-only; then, against the fake only, a
// server automation flow (order, wait until active, restart, snapshot; see
// flow.go).
//
// With no environment it runs against the in-process fake (aezatest). With
// AEZA_API_KEY (and optionally AEZA_BASE_URL) it talks to that server; see
// examples/internal/connect.
// AEZA_CURRENCY picks the currency (default USD). AEZA_PRICE_UNIT says which
// unit your account's prices are in, "major" (whole units, as Aeza's usage
// page says) or "minor" (hundredths, as public clients read aeza.net): against
// a real server prices are only converted once you say. The fake follows the
// usage page: whole roubles.
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

	unit := os.Getenv("AEZA_PRICE_UNIT")
	if unit == "" && !z.Live {
		unit = "major" // the fake's prices are whole roubles
	}
	if unit != "" && unit != "major" && unit != "minor" {
		return fmt.Errorf("AEZA_PRICE_UNIT is %q: want major or minor", unit)
	}

	acct, err := c.Account.Current(ctx)
	if err != nil {
		return fmt.Errorf("account: %w", err)
	}
	cur := acct.Currency
	if cur == "" {
		cur = "as sent; the answer names no currency"
	}
	fmt.Printf("account %d (%s): balance %s (%s)\n", acct.ID, acct.Email, acct.Balance, cur)

	n := 0
	for svc, err := range c.Services.All(ctx, &aeza.ListOptions{Sort: aeza.SortBy(aeza.Asc("id"))}) {
		if err != nil {
			return fmt.Errorf("services: %w", err)
		}
		n++
		fmt.Printf("  service %d %-12s %-10s %-15s os %s\n", svc.ID, svc.Name, svc.Status, svc.IP, svc.Parameters.OS)
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
	target, ok := cs.Find(code) // by slug, code or name, in any case
	if !ok {
		return errors.New("currency " + code + " not offered by payment/currencies")
	}
	tree, err := c.Groups.Tree(ctx, nil)
	if err != nil {
		return fmt.Errorf("groups: %w", err)
	}
	if unit == "" {
		fmt.Println("prices as sent; set AEZA_PRICE_UNIT=major or minor to convert them")
	}
	for p, err := range c.Products.All(ctx, nil) {
		if err != nil {
			return fmt.Errorf("products: %w", err)
		}
		where := "?"
		if loc, ok := tree.Location(p.GroupID); ok {
			where = loc.Payload.Code
		}
		month, ok := p.Prices[aeza.TermMonth]
		if !ok {
			continue
		}
		if unit == "" {
			fmt.Printf("  product %d %-10s %-2s %s/month as sent\n", p.ID, p.Name, where, month.Value)
			continue
		}
		conv, err := target.Convert(month.Value)
		if unit == "minor" {
			conv, err = target.ConvertMinor(month.Value)
		}
		if err != nil {
			return err
		}
		fmt.Printf("  product %d %-10s %-2s %s/month (%s units) = %s %s/month\n", p.ID, p.Name, where, month.Value, unit, conv, target.Code)
	}
	if z.Live {
		fmt.Println("automation flow skipped: it orders a server (spends money); run without AEZA_API_KEY to see it against the fake")
		return nil
	}
	return flow(ctx)
}
