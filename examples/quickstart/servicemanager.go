package main

import (
	"context"
	"fmt"
	"io"

	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// serviceManagerStep lists a subscriber's users with their roles and session limits.
func serviceManagerStep(ctx context.Context, w io.Writer) error {
	s, err := newServiceManager()
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintln(w, "  ", s.Target)
	c, account := s.Client, s.Account
	var info sm.ResponseInfo
	users, err := c.Users.List(ctx, account, sm.WithResponseInto(&info))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   Service Manager %s, subscriber %d has %d users:\n", info.General.SMVersion, account, len(users))
	for _, u := range users {
		limit := "unlimited sessions"
		if u.SessionRestriction > 0 {
			limit = fmt.Sprintf("at most %d sessions", u.SessionRestriction)
		}
		fmt.Fprintf(w, "   - %-12s %-14s %s\n", u.Login, u.Role, limit)
	}
	return nil
}
