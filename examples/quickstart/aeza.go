package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
)

// aezaStep walks every service, and prices a product in another currency with
// Aeza's exact ceil-rounding formula.
func aezaStep(ctx context.Context, w io.Writer) error {
	var (
		c   *aeza.Client
		err error
	)
	key, base := os.Getenv("AEZA_API_KEY"), os.Getenv("AEZA_BASE_URL")
	switch {
	case key != "":
		opts := []aeza.Option{}
		where := aeza.DefaultBaseURL
		if base != "" {
			opts = append(opts, aeza.WithBaseURL(base))
			where = base
		}
		source(w, true, where)
		c, err = aeza.NewClient(key, opts...)
	case base != "":
		return errors.New("AEZA_BASE_URL is set but AEZA_API_KEY is not")
	default:
		srv := aezatest.NewServer()
		defer srv.Close()
		source(w, false, "aezatest")
		c, err = srv.Client()
	}
	if err != nil {
		return err
	}
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
