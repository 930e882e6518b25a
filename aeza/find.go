package aeza

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// FindCreatedSince returns the account's services named name that were
// created at or after since (to the second, as Aeza keeps time), read from
// every page of [ServicesService.All]; none is an empty list, not an error.
//
// It settles an [OrdersService.Create] that failed with [ErrOutcomeUnknown]:
// take the time before the attempt, give the order a name of its own, and
// look for it before ordering again. Services found here were paid for by
// that attempt; none found means the order was not placed (give a slow
// order a moment: its services appear when it is processed).
//
//	since := time.Now()
//	res, err := c.Orders.Create(ctx, aeza.OrderRequest{Name: "web-42", ...})
//	if errors.Is(err, aeza.ErrOutcomeUnknown) {
//		created, ferr := c.Services.FindCreatedSince(ctx, "web-42", since)
//		// len(created) > 0: the order went through; do not order again
//	}
func (s *ServicesService) FindCreatedSince(ctx context.Context, name string, since time.Time, opts ...CallOption) ([]Service, error) {
	if strings.TrimSpace(name) == "" {
		return nil, fmt.Errorf("aeza: services created since: empty name: %w", ErrInvalidArgument)
	}
	since = since.Truncate(time.Second)
	out := []Service{}
	for svc, err := range s.All(ctx, nil, opts...) {
		if err != nil {
			return nil, err
		}
		if svc.Name == name && !svc.Timestamps.CreatedAt.Before(since) {
			out = append(out, svc)
		}
	}
	return out, nil
}
