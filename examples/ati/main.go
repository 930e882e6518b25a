// Command ati shows the ati package with read-only calls: the billing
// balance, the organizations catalog and the address types.
//
// With no environment it runs against the in-process fake (atitest). With
// ATI_TOKEN set (and optionally ATI_BASE_URL and ATI_INTEGRATOR_CODE) it
// talks to that server instead; see connect.go. With
// ATI_OAUTH_CLIENT_ID, ATI_OAUTH_CLIENT_SECRET and ATI_OAUTH_REFRESH_TOKEN
// (or ATI_OAUTH_REFRESH_TOKEN_FILE) instead of ATI_TOKEN it takes its access
// tokens from ATI's OAuth endpoint through ati.OAuthConfig's refreshing token
// source (oauth.go).
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
		fmt.Fprintln(os.Stderr, "ati example:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	c, viaOAuth, err := oauthClient(ctx, w)
	if err != nil {
		return err
	}
	if viaOAuth {
		fmt.Fprintln(w, "live: "+c.BaseURL()+", read-only, tokens from ATI's OAuth endpoint")
	} else {
		a, err := newATI()
		if err != nil {
			return err
		}
		defer a.Close()
		fmt.Fprintln(w, a.Target)
		c = a.Client
	}

	bal, err := c.Billing.Balance(ctx)
	if err != nil {
		return fmt.Errorf("balance: %w", err)
	}
	fmt.Fprintf(w, "balance: %.2f atis (wallet %d, common %t, operations forbidden %t)\n",
		bal.Balance, bal.WalletID, bal.IsCommonWallet, bal.OperationsForbidden)

	orgs, err := c.Organizations.List(ctx)
	if err != nil {
		return fmt.Errorf("organizations: %w", err)
	}
	fmt.Fprintf(w, "organizations: %d\n", len(orgs))
	for _, o := range orgs {
		res := "-"
		if o.Residency != nil {
			res = o.Residency.String()
		}
		fmt.Fprintf(w, "  %s  %s  residency %s, %d address(es), %d contact person(s)\n",
			o.ID, o.Name, res, len(o.Addresses), len(o.ContactPersons))
	}

	types, err := c.Addresses.Types(ctx)
	if err != nil {
		return fmt.Errorf("address types: %w", err)
	}
	fmt.Fprintln(w, "address types:")
	for _, t := range types {
		fmt.Fprintf(w, "  %d %s (%s)\n", t.ID, t.Name, t.NameEng)
	}
	return nil
}
