// Command aeza shows the aeza package: the account balance, every service
// (all pages), each product's location from the group tree, and its monthly
// price in another currency, all read-only; then, against the fake only, a
// server automation flow (order, wait until active, restart, snapshot; see
// flow.go).
//
// With no environment it runs against the in-process fake (aezatest). With
// AEZA_API_KEY (and optionally AEZA_BASE_URL) it talks to that server; see
// connect.go.
// AEZA_CURRENCY picks the currency (default USD). Aeza sends amounts in minor
// units (cents on aeza.net, kopecks on aeza.ru; the fake's too), so prices
// are converted with ConvertMinor: see the aeza package documentation, Money
// and units. An account whose payment/currencies answers HTTP 500 (Aeza
// support says aeza.net accounts may) gets its prices unconverted.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "aeza example:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	z, err := newAeza()
	if err != nil {
		return err
	}
	defer z.Close()
	fmt.Fprintln(w, z.Target)
	c := z.Client

	acct, err := c.Account.Current(ctx)
	if err != nil {
		return fmt.Errorf("account: %w", err)
	}
	cur := acct.Currency
	if cur == "" {
		cur = "the answer names no currency"
	}
	fmt.Fprintf(w, "account %d (%s): balance %s minor units (%s)\n", acct.ID, acct.Email, acct.Balance, cur)

	n := 0
	for svc, err := range c.Services.All(ctx, &aeza.ListOptions{Sort: aeza.SortBy(aeza.Asc("id"))}) {
		if err != nil {
			return fmt.Errorf("services: %w", err)
		}
		n++
		fmt.Fprintf(w, "  service %d %-12s %-10s %-15s os %s\n", svc.ID, svc.Name, svc.Status, svc.IP, svc.Parameters.OS)
	}
	fmt.Fprintf(w, "%d services\n", n)

	code := os.Getenv("AEZA_CURRENCY")
	if code == "" {
		code = "USD"
	}
	cs, err := c.Payments.Currencies(ctx)
	convert := err == nil
	switch {
	case errors.Is(err, aeza.ErrServer):
		fmt.Fprintln(w, "payment/currencies is unavailable (HTTP 5xx): prices in minor units, unconverted")
	case err != nil:
		return fmt.Errorf("currencies: %w", err)
	}
	target, ok := cs.Find(code) // by slug, code or name, in any case
	if convert && !ok {
		return errors.New("currency " + code + " not offered by payment/currencies")
	}
	tree, err := c.Groups.Tree(ctx, nil)
	if err != nil {
		return fmt.Errorf("groups: %w", err)
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
		if !convert {
			fmt.Fprintf(w, "  product %d %-10s %-2s %s minor units/month\n", p.ID, p.Name, where, month.Value)
			continue
		}
		conv, err := target.ConvertMinor(month.Value) // Aeza sends minor units
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  product %d %-10s %-2s %s minor units/month = %s %s/month\n", p.ID, p.Name, where, month.Value, conv, target.Code)
	}
	if z.Live {
		fmt.Println("automation flow skipped: it orders a server (spends money); run without AEZA_API_KEY to see it against the fake")
		return nil
	}
	return flow(ctx)
}
