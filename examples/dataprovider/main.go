// Command dataprovider signs a user in to a Data Provider API and prints the
// user's contracts with balances in roubles and the last charge (read-only).
//
// With DP_BASE_URL, DP_LOGIN and DP_PASSWORD set it talks to that provider
// (DP_TOKEN, if set, is sent as a bearer token); otherwise it starts the
// dptest provider in-process with the document's sample data. See
// connect.go.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "dataprovider example:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	d, err := newDataProvider()
	if err != nil {
		return err
	}
	defer d.Close()
	fmt.Fprintln(w, d.Target)
	c := d.Client
	id, err := c.Auth.Check(ctx, d.Login, d.Password)
	if err != nil {
		return fmt.Errorf("auth: %w", err)
	}
	u, err := c.Users.Get(ctx, id)
	if err != nil {
		return fmt.Errorf("user: %w", err)
	}
	fmt.Fprintf(w, "user %s (%s), blocked: %v\n", u.ExtUserID, u.FullName, u.IsBlocked)
	cs, err := c.Contracts.ByUser(ctx, id)
	if err != nil {
		return fmt.Errorf("contracts: %w", err)
	}
	for _, ct := range cs {
		fmt.Fprintf(w, "contract %s (%s): %s, balance %s, suspended by setting: %v\n", ct.Contract, ct.Account, ct.State, ct.Balance, ct.ServicesSuspended())
	}
	ch, err := c.Charges.ByUser(ctx, id, 1)
	if err != nil {
		return fmt.Errorf("charges: %w", err)
	}
	if len(ch) > 0 {
		fmt.Fprintf(w, "last charge: %s %s %q\n", ch[0].Period, ch[0].Cost, ch[0].Description)
	}
	return nil
}
