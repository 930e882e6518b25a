// Command servicemanager shows the servicemanager package: the subscribers the
// service user reaches, one subscriber's users and its servants. Read-only.
//
// With no environment it runs against the in-process fake (smtest). With
// SM_BASE_URL, SM_LOGIN, SM_PASSWORD and SM_ACCOUNT set it talks to that
// Service Manager; see examples/internal/connect.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/ruapi/ruapi-go/examples/internal/connect"
	sm "github.com/ruapi/ruapi-go/servicemanager"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "servicemanager example:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	s, err := connect.NewServiceManager()
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintln(w, s.Target)
	c, account := s.Client, s.Account

	var g sm.General
	accounts, err := c.Accounts.List(sm.CaptureGeneral(ctx, &g))
	if err != nil {
		return fmt.Errorf("account/list: %w", err)
	}
	fmt.Fprintf(w, "Service Manager %s (%s), interface version %d\n", g.SMVersion, g.SMTimezone, g.Version)
	fmt.Fprintf(w, "%d subscribers:\n", len(accounts))
	for _, a := range accounts {
		fmt.Fprintf(w, "  %d %s (%s)\n", a.ID, a.Name, a.Role)
	}

	users, err := c.Users.List(ctx, account)
	if err != nil {
		return fmt.Errorf("account/users/list %d: %w", account, err)
	}
	fmt.Fprintf(w, "subscriber %d: %d users\n", account, len(users))
	for _, u := range users {
		limit := "unlimited"
		if u.SessionRestriction > 0 {
			limit = strconv.Itoa(u.SessionRestriction)
		}
		fmt.Fprintf(w, "  %-12s %-14s sessions: %s\n", u.Login, u.Role, limit)
	}

	servants, err := c.Servants.List(ctx, account)
	if err != nil {
		return fmt.Errorf("account/servants/list %d: %w", account, err)
	}
	fmt.Fprintf(w, "subscriber %d: %d servants\n", account, len(servants))
	for _, s := range servants {
		fmt.Fprintf(w, "  %d %s (%s, %s)\n", s.ID, s.Name, s.City, s.Phone)
	}
	return nil
}
