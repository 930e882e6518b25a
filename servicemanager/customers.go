package servicemanager

import (
	"context"
	"fmt"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// CustomersService holds a service organization's (partner's, servant's)
// methods on the subscribers it serves (account/customers/*, and
// account/attached_info_for_subscribing). In these methods "id" is the
// partner's own subscriber code, sent as the call's auth.account too, and
// "account" the customer's. Fields: 1C's own ext_api client (BTS); the
// method list: ITS. fill_by_public_id and the *_sso_key methods are known by
// name only (see [Methods]).
type CustomersService struct{ c *Client }

// Customer is a subscriber a partner serves. List fills ID, Name, Email and
// PublicID.
type Customer struct {
	// ID is the customer's subscriber code.
	ID int64 `json:"id"`
	// Name is its name.
	Name string `json:"name"`
	// Email is its e-mail address.
	Email string `json:"email,omitempty"`
	// PublicID is its public identifier (a UUID).
	PublicID string `json:"public_id,omitempty"`
	// Site, City and Phone are its contacts (info only).
	Site  string `json:"site,omitempty"`
	City  string `json:"city,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// SubscribingAttribute is an additional requisite or property a
// subscription needs (account/attached_info_for_subscribing).
type SubscribingAttribute struct {
	Attribute
	// Required is true when it must be filled.
	Required bool `json:"required,omitempty"`
	// Tooltip is the hint to show.
	Tooltip string `json:"tooltip,omitempty"`
	// Error is true when the current value is wrong; Message says why.
	Error   bool   `json:"error,omitempty"`
	Message string `json:"message,omitempty"`
}

// SubscribingInfo is the answer of account/attached_info_for_subscribing.
type SubscribingInfo struct {
	// Errors is true when some requisite or property needs fixing.
	Errors bool `json:"errors"`
	// Fields are the additional requisites.
	Fields []SubscribingAttribute `json:"fields,omitempty"`
	// Properties are the additional properties.
	Properties []SubscribingAttribute `json:"properties,omitempty"`
}

type customerParams struct {
	ID      int64 `json:"id"`
	Account int64 `json:"account,omitempty"`
}

func checkCustomer(method string, customer int64) error {
	if customer <= 0 {
		return fmt.Errorf("servicemanager: %s: customer %d: must be positive: %w", method, customer, ErrInvalidArgument)
	}
	return nil
}

type customerListResult struct {
	answer
	Customer []Customer `json:"customer"`
}

func (r *customerListResult) missing(body []byte) string {
	return missingList(r.Customer, body, "customer")
}

type customerResult struct {
	answer
	Customer *Customer `json:"customer"`
}

func (r *customerResult) missing([]byte) string { return missingObject(r.Customer, "customer") }

// List returns the subscribers the partner servant serves
// (account/customers/list; fields: BTS).
func (s *CustomersService) List(ctx context.Context, servant int64, opts ...CallOption) ([]Customer, error) {
	var out customerListResult
	if _, err := s.c.call(ctx, MethodCustomersList, servant, customerParams{ID: servant}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Customer, nil
}

// Info returns one customer of the partner servant (account/customers/info;
// fields: BTS).
func (s *CustomersService) Info(ctx context.Context, servant, customer int64, opts ...CallOption) (*Customer, error) {
	if err := checkCustomer(MethodCustomersInfo, customer); err != nil {
		return nil, err
	}
	var out customerResult
	if _, err := s.c.call(ctx, MethodCustomersInfo, servant, customerParams{servant, customer}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Customer, nil
}

// AttachedInfo returns a customer's additional requisites and properties and
// its public identifier (account/customers/attached_info; fields: BTS).
func (s *CustomersService) AttachedInfo(ctx context.Context, servant, customer int64, opts ...CallOption) (*AttachedInfo, error) {
	if err := checkCustomer(MethodCustomersAttachedInfo, customer); err != nil {
		return nil, err
	}
	var out struct {
		answer
		AttachedInfo
	}
	if _, err := s.c.call(ctx, MethodCustomersAttachedInfo, servant, customerParams{servant, customer}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return &out.AttachedInfo, nil
}

// UpdateAttachedInfo writes a customer's additional requisites and
// properties (account/customers/update_attached_info; fields: BTS). Keys the
// server does not know are likely refused with 10406, as for
// account/update_attached_info. It is sent once.
func (s *CustomersService) UpdateAttachedInfo(ctx context.Context, servant, customer int64, info AttachedInfo, opts ...CallOption) error {
	if err := checkCustomer(MethodCustomersUpdateAttachedInfo, customer); err != nil {
		return err
	}
	params := struct {
		customerParams
		AttachedInfo
	}{customerParams{servant, customer}, info}
	_, err := s.c.call(ctx, MethodCustomersUpdateAttachedInfo, servant, params, transport.RetryNever, nil, opts)
	return err
}

// AttachedInfoForSubscribing returns the requisites and properties a
// subscription of the customer needs, with their state
// (account/attached_info_for_subscribing; fields: BTS, which sends the
// customer's code as "id"; the call acts for the partner servant).
func (s *CustomersService) AttachedInfoForSubscribing(ctx context.Context, servant, customer int64, opts ...CallOption) (*SubscribingInfo, error) {
	if err := checkCustomer(MethodAttachedInfoForSubscribing, customer); err != nil {
		return nil, err
	}
	var out struct {
		answer
		SubscribingInfo
	}
	if _, err := s.c.call(ctx, MethodAttachedInfoForSubscribing, servant, customerParams{ID: customer}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return &out.SubscribingInfo, nil
}
