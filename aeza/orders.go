package aeza

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// OrdersService creates and reads orders. Creating an order spends real money
// (Aeza has no sandbox); it is sent exactly once, never retried.
type OrdersService struct{ c *Client }

// OrderParameters configure what is installed on the new service.
type OrderParameters struct {
	// OS is the operating system to install: [OSSlug]("ubuntu_2404"), the
	// form current servers expect, or [OSID] (older docs); take it from the
	// OS list with [OS.Ref]. The zero OSRef sends no os.
	OS OSRef `json:"os,omitzero"`
	// Recipe is an optional recipe: [RecipeSlug] or [RecipeID], in the form
	// the recipe came to you in. The zero RecipeRef sends none.
	Recipe RecipeRef `json:"recipe,omitzero"`
	// ISOURL boots the service from an ISO image instead.
	ISOURL string `json:"isoUrl,omitempty"`
}

// OrderRequest is a new order.
type OrderRequest struct {
	// Method is the payment method ("balance").
	Method string `json:"method"`
	// Count is the number of services to create.
	Count int `json:"count"`
	// Term is the payment term.
	Term Term `json:"term"`
	// Name names the new services.
	Name string `json:"name"`
	// ProductID is the product to order.
	ProductID   int64            `json:"productId"`
	Parameters  *OrderParameters `json:"parameters,omitempty"`
	AutoProlong bool             `json:"autoProlong"`
	Backups     bool             `json:"backups"`
}

// Order is an order and the services it created.
type Order struct {
	ID                int64         `json:"id"`
	Status            ServiceStatus `json:"status"`
	CreatedServiceIDs []int64       `json:"createdServiceIds"`
	ProductID         int64         `json:"productId"`
	Term              Term          `json:"term"`
	Count             int           `json:"count"`
}

// Done reports whether the order's services exist.
func (o *Order) Done() bool { return len(o.CreatedServiceIDs) > 0 }

// OrderResult is the answer to a new order.
type OrderResult struct {
	Items       []Order      `json:"items"`
	Transaction *Transaction `json:"transaction,omitempty"`
}

// Create places an order (POST services/orders). It spends money and is sent
// exactly once, even on 503 or a dropped connection: check with Get or the
// service list before trying again. A balance too low answers ErrForbidden.
// On [ErrOutcomeUnknown] the order may be paid: look with [ServicesService.FindCreatedSince] (by Name, since the attempt) before ordering again.
func (s *OrdersService) Create(ctx context.Context, r OrderRequest, opts ...CallOption) (*OrderResult, error) {
	if r.ProductID <= 0 || r.Method == "" || r.Term == "" || r.Count <= 0 {
		return nil, fmt.Errorf("aeza: order needs a product id, a method, a term and a positive count: %w", ErrInvalidArgument)
	}
	if r.Parameters != nil {
		if !r.Parameters.OS.IsZero() {
			if err := r.Parameters.OS.validate("order"); err != nil {
				return nil, err
			}
		}
		if err := r.Parameters.Recipe.validate("order"); err != nil {
			return nil, err
		}
	}
	var out OrderResult
	if err := s.c.call(ctx, &transport.Request{Method: http.MethodPost, Path: "services/orders", Body: r,
		Retry: transport.RetryNever, Operation: "orders.create", Options: opts}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Get returns an order (GET services/orders/{id}).
func (s *OrdersService) Get(ctx context.Context, id int64, opts ...CallOption) (*Order, error) {
	p, err := idPath("services/orders", id, "")
	if err != nil {
		return nil, err
	}
	return getOne[Order](ctx, s.c, &transport.Request{Method: http.MethodGet, Path: p, Operation: "orders.get", Options: opts})
}

// DefaultPollInterval is how long Wait waits between polls when given no interval.
const DefaultPollInterval = 5 * time.Second

// MinPollInterval is the shortest wait between two polls (500 ms): a shorter
// interval given to Wait (such as 1, meaning 1 ns) is raised to it, so that a
// wait never floods the API.
const MinPollInterval = transport.MinPollInterval

// Sentinels of [OrdersService.Wait].
var (
	// ErrStillRunning: the wait's deadline came before the order's services
	// existed (the error also matches the context's error).
	ErrStillRunning = transport.ErrStillRunning
	// ErrWaitFailed: the order reached a status from which it will not
	// create its services (failed, cancelled, rejected, deleted, ...); the
	// wait ended at the poll that saw it.
	ErrWaitFailed = transport.ErrWaitFailed
)

// orderFailed reports whether an order in this status will not create its
// services. Aeza's order statuses are not documented (a public client labels
// transactions failed and cancelled); this reads the usual spellings, in any
// case: any status containing "fail", "error", "cancel", "reject" or "delet",
// or "refunded".
func orderFailed(s ServiceStatus) bool {
	n := strings.ToLower(strings.TrimSpace(string(s)))
	for _, w := range []string{"fail", "error", "cancel", "reject", "delet", "refunded"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// Wait polls an order every interval until its services exist
// (createdServiceIds is filled) and returns it. interval <= 0 means
// DefaultPollInterval, and a shorter one than MinPollInterval is raised to it.
//
// The wait ends at its deadline: the context's, or [WithCallTimeout] among
// opts, which bounds the whole wait, or else the client's [WithTimeout] (30 s
// by default); each poll is one call, bounded as every call is, so a wait
// meant to last longer than the client's timeout gives itself a longer
// WithCallTimeout. At the deadline the error matches [ErrStillRunning] and
// the context's error. An order status from which the order will not
// complete (failed, cancelled, rejected, deleted; Aeza's statuses are not
// documented, so this is a guess) ends the wait at once with [ErrWaitFailed];
// the first error of a poll ends it with that error. On every error Wait
// also returns the last order it saw (nil if none).
func (s *OrdersService) Wait(ctx context.Context, id int64, interval time.Duration, opts ...CallOption) (*Order, error) {
	wctx, cancel, err := s.c.tc.WaitContext(ctx, opts)
	defer cancel()
	if err != nil {
		return nil, fmt.Errorf("aeza: waiting for order %d: %w", id, err)
	}
	var last *Order
	n, ended, err := transport.Poll(wctx, transport.PollInterval(interval, DefaultPollInterval), 0, func(ctx context.Context) (bool, error) {
		o, err := s.Get(ctx, id, opts...)
		if err != nil {
			return false, err
		}
		last = o
		if o.Done() {
			return true, nil
		}
		if orderFailed(o.Status) {
			return false, ErrWaitFailed
		}
		return false, nil
	})
	switch {
	case ended:
		status := ""
		if last != nil {
			status = string(last.Status)
		}
		return last, fmt.Errorf("aeza: waiting for order %d: still running after %d polls (last status %q): %w: %w", id, n, status, ErrStillRunning, err)
	case err == ErrWaitFailed: //nolint:errorlint // returned as is by the check above
		return last, fmt.Errorf("aeza: waiting for order %d: status %q: %w", id, last.Status, ErrWaitFailed)
	case err != nil:
		return last, err
	}
	return last, nil
}
