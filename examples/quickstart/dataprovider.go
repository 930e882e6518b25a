package main

import (
	"context"
	"fmt"
	"io"
)

// dataProviderStep signs a subscriber in, lists the subscriber's contracts
// with their balances, and shows the most recent charge.
func dataProviderStep(ctx context.Context, w io.Writer) error {
	d, err := newDataProvider()
	if err != nil {
		return err
	}
	defer d.Close()
	fmt.Fprintln(w, "  ", d.Target)
	c := d.Client
	id, err := c.Auth.Check(ctx, d.Login, d.Password)
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
	charges, err := c.Charges.ByUser(ctx, id, 1)
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
