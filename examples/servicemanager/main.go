// Command servicemanager shows the servicemanager package: the subscribers the
// service user reaches, one subscriber's users and its servants; a partner's
// task (its customers and their subscriptions); and an administrator's task
// (create an application and wait until it is ready).
//
// With no environment it runs against the in-process fake (smtest). With
// SM_BASE_URL, SM_LOGIN, SM_PASSWORD and SM_ACCOUNT set it talks to that
// Service Manager (see connect.go) with read-only calls; the
// partner task runs when SM_SERVANT names the partner's subscriber code, and
// the administrator task, which creates an application, only when
// SM_CREATE_APP names the configuration to create it from.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/ruapi/ruapi-go/servicemanager/smtest"
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

	s, err := newServiceManager()
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintln(w, s.Target)
	c, account := s.Client, s.Account

	var info sm.ResponseInfo
	accounts, err := c.Accounts.List(ctx, sm.WithResponseInto(&info))
	if err != nil {
		return fmt.Errorf("account/list: %w", err)
	}
	g := info.General // a success always carries its general block
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

	servant, app := smtest.Servant, "buh"
	if s.Live {
		servant, app = 0, os.Getenv("SM_CREATE_APP")
		if v := os.Getenv("SM_SERVANT"); v != "" {
			if servant, err = strconv.ParseInt(v, 10, 64); err != nil {
				return fmt.Errorf("SM_SERVANT %q: %w", v, err)
			}
		}
	}
	if servant != 0 {
		if err := partnerTask(ctx, w, c, servant); err != nil {
			return err
		}
	}
	if app != "" {
		return adminTask(ctx, w, c, account, app)
	}
	return nil
}

// partnerTask lists the customers a partner (servant) serves and each
// one's subscriptions.
func partnerTask(ctx context.Context, w io.Writer, c *sm.Client, servant int64) error {
	customers, err := c.Customers.List(ctx, servant)
	if err != nil {
		return fmt.Errorf("account/customers/list %d: %w", servant, err)
	}
	fmt.Fprintf(w, "partner %d: %d customers\n", servant, len(customers))
	for _, cu := range customers {
		subs, err := c.CustomerSubscriptions.List(ctx, servant, cu.ID, nil)
		if err != nil {
			return fmt.Errorf("account/customer_subscriptions/list %d: %w", cu.ID, err)
		}
		fmt.Fprintf(w, "  %d %s: %d subscriptions\n", cu.ID, cu.Name, len(subs))
		for _, sub := range subs {
			fmt.Fprintf(w, "    %s tariff %s, %s to %s\n", sub.ID, sub.Tariff, sub.Start, sub.Completion)
		}
	}
	return nil
}

// adminTask creates an application from the configuration app and waits
// until it is ready: tenant/create is sent once; tenant/info is polled.
func adminTask(ctx context.Context, w io.Writer, c *sm.Client, account int64, app string) error {
	created, err := c.Tenants.Create(ctx, account, sm.NewTenant{Application: app, Name: "ruapi-go example", Timezone: "Europe/Moscow"})
	if err != nil {
		return fmt.Errorf("tenant/create: %w", err)
	}
	fmt.Fprintf(w, "application %d created (%s, pending: %t)\n", created.Tenant.ID, created.Tenant.Status, created.Pending)
	t, err := c.Tenants.Wait(ctx, account, created.Tenant.ID, sm.Poll{Interval: 100 * time.Millisecond})
	if err != nil {
		return fmt.Errorf("waiting for application %d: %w", created.Tenant.ID, err)
	}
	fmt.Fprintf(w, "application %d is %s at %s\n", t.ID, t.Status, t.URL)
	return nil
}
