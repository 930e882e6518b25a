package main

import (
	"context"
	"fmt"
	"io"
)

// atiStep reads the billing balance and lists the organizations catalog with
// each organization's addresses and contact persons.
func atiStep(ctx context.Context, w io.Writer) error {
	a, err := newATI()
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintln(w, "  ", a.Target)
	c := a.Client
	bal, err := c.Billing.Balance(ctx)
	if err != nil {
		return fmt.Errorf("balance: %w", err)
	}
	fmt.Fprintf(w, "   balance %.2f atis in wallet %d", bal.Balance, bal.WalletID)
	if bal.OperationsForbidden {
		fmt.Fprint(w, " (operations forbidden)")
	}
	fmt.Fprintln(w)
	orgs, err := c.Organizations.List(ctx)
	if err != nil {
		return fmt.Errorf("organizations: %w", err)
	}
	fmt.Fprintf(w, "   %d organization(s) in the catalog:\n", len(orgs))
	for _, o := range orgs {
		inn := "no INN"
		if o.INN != nil {
			inn = "INN " + *o.INN
		}
		fmt.Fprintf(w, "   - %s (%s): %d address(es), %d contact person(s)\n",
			o.Name, inn, len(o.Addresses), len(o.ContactPersons))
	}
	return nil
}
