package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/ruapi/ruapi-go/servicemanager/smtest"
)

// serviceManagerStep lists a subscriber's users with their roles and session limits.
func serviceManagerStep(ctx context.Context, w io.Writer) error {
	base, login, password, acct := os.Getenv("SM_BASE_URL"), os.Getenv("SM_LOGIN"), os.Getenv("SM_PASSWORD"), os.Getenv("SM_ACCOUNT")
	var (
		c       *sm.Client
		account int64
		err     error
	)
	switch {
	case base == "" && login == "" && password == "" && acct == "":
		srv := smtest.NewServer()
		defer srv.Close()
		source(w, false, "smtest")
		c, err = srv.Client()
		account = smtest.Account
	case base == "" || login == "" || acct == "":
		return errors.New("set all of SM_BASE_URL, SM_LOGIN, SM_PASSWORD and SM_ACCOUNT, or none")
	default:
		source(w, true, base)
		if account, err = strconv.ParseInt(acct, 10, 64); err != nil || account <= 0 {
			return fmt.Errorf("SM_ACCOUNT %q is not a subscriber code", acct)
		}
		c, err = sm.NewClient(base, sm.WithBasicAuth(login, password))
	}
	if err != nil {
		return err
	}
	var g sm.General
	users, err := c.Users.List(sm.CaptureGeneral(ctx, &g), account)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   Service Manager %s, subscriber %d has %d users:\n", g.SMVersion, account, len(users))
	for _, u := range users {
		limit := "unlimited sessions"
		if u.SessionRestriction > 0 {
			limit = fmt.Sprintf("at most %d sessions", u.SessionRestriction)
		}
		fmt.Fprintf(w, "   - %-12s %-14s %s\n", u.Login, u.Role, limit)
	}
	return nil
}
