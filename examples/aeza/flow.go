package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
)

// flow automates a server the way hosting scripts do: order one, wait until
// it is up, restart it, snapshot it, and read what it cost. It spends money,
// so it runs only against the fake (aezatest), whose orders and power actions
// take a little time, as real ones do.
//
// The order goes through Orders.Create; the other calls use the endpoints
// current clients use for power control (ctl/restart), task state
// (currentTask) and backups.
func flow(ctx context.Context) error {
	srv := aezatest.NewServer(aezatest.WithOrderDelay(200*time.Millisecond), aezatest.WithTaskDuration(200*time.Millisecond))
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		return err
	}
	fmt.Println("automation flow (against aezatest; orders spend money):")

	me, err := c.Account.Me(ctx)
	if err != nil {
		return fmt.Errorf("account: %w", err)
	}
	fmt.Printf("  balance %s %s\n", me.Balance, me.LedgerCurrency())

	oses, err := c.OS.Installable(ctx)
	if err != nil {
		return fmt.Errorf("operating systems: %w", err)
	}
	if len(oses) == 0 {
		return errors.New("no operating system to install")
	}
	key, err := c.SSHKeys.Create(ctx, aeza.NewSSHKey{Name: "deploy", PublicKey: "ssh-ed25519 AAAAexampleNotARealKey deploy"})
	if err != nil {
		return fmt.Errorf("ssh key: %w", err)
	}

	// Sent exactly once: on a failure whose outcome is unknown, look the
	// order up instead of ordering again.
	res, err := c.Orders.Create(ctx, aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermHour, Name: "app-1",
		ProductID: 3, Parameters: &aeza.OrderParameters{OS: oses[0].Ref()}})
	if err != nil {
		return fmt.Errorf("order: %w", err)
	}
	if len(res.Items) == 0 {
		return errors.New("order: no order in the answer")
	}
	order, err := c.Orders.Wait(ctx, res.Items[0].ID, 100*time.Millisecond)
	if err != nil {
		return fmt.Errorf("order %d: %w", res.Items[0].ID, err)
	}
	id := order.CreatedServiceIDs[0]
	svc, err := c.Services.WaitReady(ctx, id, 100*time.Millisecond)
	if err != nil {
		return fmt.Errorf("service %d: %w", id, err)
	}
	fmt.Printf("  ordered service %d %q: %s, %s per %s\n", svc.ID, svc.Name, svc.Status, svc.Price, svc.PaymentTerm)

	if err := c.Services.Restart(ctx, id); err != nil {
		return fmt.Errorf("restart: %w", err)
	}
	// A second power action while the restart runs is refused with 409.
	var e *aeza.Error
	if err := c.Services.Restart(ctx, id); errors.As(err, &e) {
		fmt.Printf("  restart again while busy: HTTP %d\n", e.StatusCode)
	}
	if svc, err = c.Services.WaitReady(ctx, id, 100*time.Millisecond); err != nil {
		return fmt.Errorf("restart: %w", err)
	}
	fmt.Printf("  restarted: %s\n", svc.Status)

	backup, err := c.Backups.Create(ctx, id, "after-restart")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err = c.Services.WaitReady(ctx, id, 100*time.Millisecond); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	backups, err := c.Backups.List(ctx, id, nil)
	if err != nil {
		return fmt.Errorf("backups: %w", err)
	}
	for _, b := range backups.Items {
		if b.ID == backup.ID {
			fmt.Printf("  snapshot %d %q: %s\n", b.ID, b.Name, b.Status)
		}
	}
	if err := c.SSHKeys.Delete(ctx, key.ID); err != nil {
		return fmt.Errorf("ssh key: %w", err)
	}
	return nil
}
