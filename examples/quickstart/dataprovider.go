package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
)

// dataProviderStep signs a subscriber in, lists the subscriber's contracts
// with their balances, and shows the most recent charge.
func dataProviderStep(ctx context.Context, w io.Writer) error {
	base, login, password := os.Getenv("DP_BASE_URL"), os.Getenv("DP_LOGIN"), os.Getenv("DP_PASSWORD")
	var (
		c   *dataprovider.Client
		err error
	)
	switch {
	case base == "" && login == "" && password == "":
		srv := dptest.NewServer()
		defer srv.Close()
		source(w, false, "dptest")
		login, password = dptest.SampleLogin, dptest.SamplePassword
		c, err = srv.Client()
	case base == "" || login == "" || password == "":
		return errors.New("set all of DP_BASE_URL, DP_LOGIN and DP_PASSWORD, or none")
	default:
		source(w, true, base)
		var opts []dataprovider.Option
		if tok := os.Getenv("DP_TOKEN"); tok != "" {
			opts = append(opts, dataprovider.WithBearerToken(tok))
		}
		c, err = dataprovider.NewClient(base, opts...)
	}
	if err != nil {
		return err
	}
	id, err := c.Auth.Check(ctx, login, dataprovider.Password(password))
	if err != nil {
		return fmt.Errorf("sign-in: %w", err)
	}
	contracts, err := c.Contracts.ByUser(ctx, id)
	if err != nil {
		return fmt.Errorf("contracts: %w", err)
	}
	fmt.Fprintf(w, "   subscriber %s has %d contract(s):\n", id, len(contracts))
	for _, ct := range contracts {
		note := ""
		if ct.ServicesSuspended() {
			note = ", services suspended pending payment"
		}
		fmt.Fprintf(w, "   - contract %s: %s, balance %s%s\n", ct.Contract, ct.State, ct.Balance, note)
	}
	charges, err := c.Charges.List(ctx, id, 1)
	if err != nil {
		return fmt.Errorf("charges: %w", err)
	}
	if len(charges) == 0 {
		fmt.Fprintln(w, "   no charges yet")
		return nil
	}
	last := charges[0]
	fmt.Fprintf(w, "   last charge: %s for %s (%s)\n", last.Cost, last.Period, last.Description)
	return nil
}
