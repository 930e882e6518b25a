package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
)

// atiStep reads the billing balance and lists the organizations catalog with
// each organization's addresses and contact persons.
func atiStep(ctx context.Context, w io.Writer) error {
	token, base := os.Getenv("ATI_TOKEN"), os.Getenv("ATI_BASE_URL")
	var (
		c   *ati.Client
		err error
	)
	switch {
	case token != "":
		opts := []ati.Option{}
		where := ati.DefaultBaseURL
		if base != "" {
			opts = append(opts, ati.WithBaseURL(base))
			where = base
		}
		source(w, true, where)
		c, err = ati.NewClient(token, opts...)
	case base != "":
		return errors.New("ATI_BASE_URL is set but ATI_TOKEN is not")
	default:
		srv := atitest.NewServer()
		defer srv.Close()
		source(w, false, "atitest")
		c, err = srv.Client()
	}
	if err != nil {
		return err
	}
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
