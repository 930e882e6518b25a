package servicemanager

import (
	"context"
	"fmt"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// SubscriptionType is a subscription's type. Its values are not documented;
// it keeps the server's text.
type SubscriptionType string

// String returns the wire value.
func (t SubscriptionType) String() string { return string(t) }

// Subscription is a subscription to a tariff (account/customer_subscriptions/*
// and subscription/*). Keys: BTS; types confirmed by the ITS page of
// subscription/info. Codes are strings with leading zeros ("000000001").
type Subscription struct {
	// ID is the subscription number.
	ID string `json:"id"`
	// Created is when it was made; Updated its last change (ITS only).
	Created DateTime `json:"created,omitempty"`
	Updated DateTime `json:"updated,omitempty"`
	// Start and Completion bound its validity.
	Start      DateTime `json:"start,omitempty"`
	Completion DateTime `json:"completion,omitempty"`
	// Account is the served subscriber; Servant the leading one (partner).
	Account int64 `json:"account,omitempty"`
	Servant int64 `json:"servant,omitempty"`
	// ServantTariff is the partner's tariff code; Tariff the provider's.
	ServantTariff string `json:"servant_tariff,omitempty"`
	Tariff        string `json:"tariff,omitempty"`
	// Period is the validity period's code.
	Period string `json:"period,omitempty"`
	// Amount is the quantity; BTS reads 0 or absent as 1 (see [Subscription.Quantity]).
	Amount int64 `json:"amount,omitempty"`
	// Parent is the main subscription of an extension subscription.
	Parent string `json:"parent,omitempty"`
	// Type is the subscription's type (values not documented).
	Type SubscriptionType `json:"type,omitempty"`
	// Bill is the invoice number; BillID its identifier (a UUID).
	Bill   string `json:"bill,omitempty"`
	BillID string `json:"bill_id,omitempty"`
}

// Quantity returns Amount, with 0 (absent) read as 1, as BTS does.
func (s Subscription) Quantity() int64 {
	if s.Amount <= 0 {
		return 1
	}
	return s.Amount
}

// SubscriptionFilter filters subscription lists on the server. Every field
// needs a server of ExtAPI version 14 or later (below it, BTS filters on the
// client); a filtered call to an older server is refused with
// [ErrUnsupportedVersion].
type SubscriptionFilter struct {
	// Active keeps active (true) or inactive (false) subscriptions.
	Active *bool `json:"active,omitempty"`
	// Basic keeps basic (true) or extension (false) subscriptions.
	Basic *bool `json:"basic,omitempty"`
	// StartDate and EndDate bound the period.
	StartDate DateTime `json:"start_date,omitempty"`
	EndDate   DateTime `json:"end_date,omitempty"`
}

func (f *SubscriptionFilter) gates() []gate {
	if f == nil || (f.Active == nil && f.Basic == nil && f.StartDate == "" && f.EndDate == "") {
		return nil
	}
	return []gate{{14, "a subscription filter"}}
}

type subscriptionListResult struct {
	answer
	Subscription []Subscription `json:"subscription"`
}

func (r *subscriptionListResult) missing(body []byte) string {
	return missingList(r.Subscription, body, "subscription")
}

type subscriptionResult struct {
	answer
	Subscription *Subscription `json:"subscription"`
}

func (r *subscriptionResult) missing([]byte) string {
	return missingObject(r.Subscription, "subscription")
}

type codeParams struct {
	ID string `json:"id"`
}

func checkCode(method, what, code string) error {
	if strings.TrimSpace(code) == "" {
		return fmt.Errorf("servicemanager: %s: %s is empty: %w", method, what, ErrInvalidArgument)
	}
	return nil
}

// SubscriptionsService holds a subscriber's methods on its own
// subscriptions (subscription/*; fields: ITS, BTS). For the customers a
// partner serves, use [CustomerSubscriptionsService]. prolong and extend are
// known by name only (see [Methods]).
type SubscriptionsService struct{ c *Client }

// Info returns one subscription (subscription/info; fields: ITS, BTS).
func (s *SubscriptionsService) Info(ctx context.Context, account int64, id string, opts ...CallOption) (*Subscription, error) {
	if err := checkCode(MethodSubscriptionInfo, "subscription number", id); err != nil {
		return nil, err
	}
	var out subscriptionResult
	if _, err := s.c.call(ctx, MethodSubscriptionInfo, account, codeParams{id}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Subscription, nil
}

// List returns the subscriber's subscriptions (subscription/list; fields:
// BTS); f may be nil.
func (s *SubscriptionsService) List(ctx context.Context, account int64, f *SubscriptionFilter, opts ...CallOption) ([]Subscription, error) {
	params := struct {
		Account int64 `json:"account"`
		*SubscriptionFilter
	}{account, f}
	var out subscriptionListResult
	if _, err := s.c.call(ctx, MethodSubscriptionList, account, params, transport.RetrySafe, &out, opts, f.gates()...); err != nil {
		return nil, err
	}
	return out.Subscription, nil
}

// CustomerSubscriptionsService holds a partner's (servant's) methods on the
// subscriptions of the subscribers it serves
// (account/customer_subscriptions/*; fields: BTS). The partner's code is
// sent as "servant" and as the call's auth.account. renew is known by name
// only (see [Methods]).
type CustomerSubscriptionsService struct{ c *Client }

// List returns the subscriptions of the partner's customers, of one customer
// when customer is not 0 (account/customer_subscriptions/list; fields: BTS).
// f may be nil. The customer filter, like f's, needs ExtAPI version 14.
func (s *CustomerSubscriptionsService) List(ctx context.Context, servant, customer int64, f *SubscriptionFilter, opts ...CallOption) ([]Subscription, error) {
	if customer < 0 {
		return nil, checkCustomer(MethodCustomerSubscriptionsList, customer)
	}
	params := struct {
		Servant int64 `json:"servant"`
		Account int64 `json:"account,omitempty"`
		*SubscriptionFilter
	}{servant, customer, f}
	gates := f.gates()
	if customer != 0 && gates == nil {
		gates = []gate{{14, "the customer filter"}}
	}
	var out subscriptionListResult
	if _, err := s.c.call(ctx, MethodCustomerSubscriptionsList, servant, params, transport.RetrySafe, &out, opts, gates...); err != nil {
		return nil, err
	}
	return out.Subscription, nil
}

// Info returns one subscription by number (account/customer_subscriptions/info;
// fields: BTS).
func (s *CustomerSubscriptionsService) Info(ctx context.Context, servant int64, id string, opts ...CallOption) (*Subscription, error) {
	if err := checkCode(MethodCustomerSubscriptionsInfo, "subscription number", id); err != nil {
		return nil, err
	}
	var out subscriptionResult
	if _, err := s.c.call(ctx, MethodCustomerSubscriptionsInfo, servant, codeParams{id}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Subscription, nil
}

// NewCustomerSubscription is a request of account/customer_subscriptions/create
// (the fields BTS sends; empty ones are not sent).
type NewCustomerSubscription struct {
	// Account is the customer (required).
	Account int64 `json:"account"`
	// ServantTariff is the partner's tariff code; Tariff the provider's.
	ServantTariff string `json:"servant_tariff,omitempty"`
	Tariff        string `json:"tariff,omitempty"`
	// Period is the validity period's code.
	Period string `json:"period,omitempty"`
	// Start and Completion bound the validity.
	Start      DateTime `json:"start,omitempty"`
	Completion DateTime `json:"completion,omitempty"`
}

// CreatedSubscription is a subscription a create call made.
type CreatedSubscription struct {
	// ID is the new subscription's number.
	ID string `json:"id"`
	// Completion is the end of its validity.
	Completion DateTime `json:"completion,omitempty"`
}

// Create subscribes a customer to a tariff (account/customer_subscriptions/create;
// fields: BTS). It is sent once: a second call could make a second
// subscription.
// On [ErrOutcomeUnknown] look for the subscription with [CustomerSubscriptionsService.List]
// before creating it again.
func (s *CustomerSubscriptionsService) Create(ctx context.Context, servant int64, sub NewCustomerSubscription, opts ...CallOption) (*CreatedSubscription, error) {
	if err := checkCustomer(MethodCustomerSubscriptionsCreate, sub.Account); err != nil {
		return nil, err
	}
	params := struct {
		Servant int64 `json:"servant"`
		NewCustomerSubscription
	}{servant, sub}
	var out struct {
		answer
		CreatedSubscription
	}
	if _, err := s.c.call(ctx, MethodCustomerSubscriptionsCreate, servant, params, transport.RetryNever, &out, opts); err != nil {
		return nil, err
	}
	return &out.CreatedSubscription, nil
}

// CreateEnhanced subscribes a customer to a tariff extension on top of its
// main subscription parent, amount times
// (account/customer_subscriptions/create_enhanced; fields: BTS). It is sent
// once.
// On [ErrOutcomeUnknown] look for the subscriptions with [CustomerSubscriptionsService.List]
// before creating them again.
func (s *CustomerSubscriptionsService) CreateEnhanced(ctx context.Context, servant int64, sub NewCustomerSubscription, parent string, amount int64, opts ...CallOption) ([]CreatedSubscription, error) {
	if err := checkCustomer(MethodCustomerSubscriptionsCreateEnh, sub.Account); err != nil {
		return nil, err
	}
	if err := checkCode(MethodCustomerSubscriptionsCreateEnh, "parent subscription", parent); err != nil {
		return nil, err
	}
	if amount < 0 {
		return nil, fmt.Errorf("servicemanager: %s: amount %d: %w", MethodCustomerSubscriptionsCreateEnh, amount, ErrInvalidArgument)
	}
	params := struct {
		Servant int64 `json:"servant"`
		NewCustomerSubscription
		Parent string `json:"parent"`
		Amount int64  `json:"amount,omitempty"`
	}{servant, sub, parent, amount}
	var out struct {
		answer
		SubscriptionInfo []CreatedSubscription `json:"subscription_info"`
	}
	if _, err := s.c.call(ctx, MethodCustomerSubscriptionsCreateEnh, servant, params, transport.RetryNever, &out, opts); err != nil {
		return nil, err
	}
	return out.SubscriptionInfo, nil
}
