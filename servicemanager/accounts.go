package servicemanager

import (
	"context"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// AccountsService holds the subscriber (абонент) methods of the Account group.
type AccountsService struct{ c *Client }

// Account is a subscriber. List fills ID, Name and Role; Info fills the
// contact fields.
type Account struct {
	// ID is the subscriber code.
	ID int64 `json:"id"`
	// Name is the subscriber's name.
	Name string `json:"name"`
	// Role is the calling user's role in the subscriber (account/list only).
	Role Role `json:"role,omitempty"`
	// Site, City, Email and Phone come from the contact information.
	Site  string `json:"site,omitempty"`
	City  string `json:"city,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	// PublicID is the subscriber's public identifier (a UUID), in answers
	// that carry one (public_id: 1C's library reads it from account
	// objects; the seed's examples do not show it). Its type is second-hand,
	// so an answer with another JSON type there still decodes.
	PublicID string `json:"public_id,omitempty"`
}

// AccountUpdate is the new contact information for account/update_info.
// Empty fields are not sent.
type AccountUpdate struct {
	Name  string `json:"name,omitempty"`
	Site  string `json:"site,omitempty"`
	City  string `json:"city,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// AttachedInfo holds a subscriber's additional requisites (fields) and
// properties.
type AttachedInfo struct {
	// PublicID is the subscriber's public identifier (a UUID), which
	// account/attached_info returns and account/update_attached_info accepts
	// from newer servers (BTS); empty: not sent.
	PublicID string `json:"public_id,omitempty"`
	// Fields are the additional requisites.
	Fields []Attribute `json:"fields,omitempty"`
	// Properties are the additional properties.
	Properties []Attribute `json:"properties,omitempty"`
}

type accountListResult struct {
	answer
	Account []Account `json:"account"`
}

func (r *accountListResult) missing(body []byte) string {
	return missingList(r.Account, body, "account")
}

type accountResult struct {
	answer
	Account *Account `json:"account"`
}

func (r *accountResult) missing(body []byte) string { return missingObject(r.Account, "account") }

type servantInfoResult struct {
	answer
	Servant *Account `json:"servant"`
}

func (r *servantInfoResult) missing(body []byte) string { return missingObject(r.Servant, "servant") }

type idParams struct {
	ID int64 `json:"id"`
}

// List returns the subscribers the calling user can reach, with the user's
// role in each (account/list, sent without an auth block).
func (s *AccountsService) List(ctx context.Context, opts ...CallOption) ([]Account, error) {
	var out accountListResult
	if _, err := s.c.send(ctx, "account/list", noAuth, nil, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Account, nil
}

// Info returns a subscriber's name and contact information (account/info).
func (s *AccountsService) Info(ctx context.Context, account int64, opts ...CallOption) (*Account, error) {
	var out accountResult
	if _, err := s.c.call(ctx, "account/info", account, idParams{ID: account}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Account, nil
}

// UpdateInfo sets a subscriber's name and contact information (account/update_info).
func (s *AccountsService) UpdateInfo(ctx context.Context, account int64, u AccountUpdate, opts ...CallOption) error {
	params := struct {
		ID int64 `json:"id"`
		AccountUpdate
	}{account, u}
	_, err := s.c.call(ctx, "account/update_info", account, params, transport.RetryNever, nil, opts)
	return err
}

// ServantInfo returns the subscriber's servant (account/servant_info).
//
// Deprecated: the Service Manager marks this method obsolete; use
// [ServantsService.List].
func (s *AccountsService) ServantInfo(ctx context.Context, account int64, opts ...CallOption) (*Account, error) {
	var out servantInfoResult
	if _, err := s.c.call(ctx, "account/servant_info", account, idParams{ID: account}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Servant, nil
}

// AttachedInfo returns a subscriber's additional requisites and properties
// (account/attached_info).
func (s *AccountsService) AttachedInfo(ctx context.Context, account int64, opts ...CallOption) (*AttachedInfo, error) {
	var out struct {
		answer
		AttachedInfo
	}
	if _, err := s.c.call(ctx, "account/attached_info", account, idParams{ID: account}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return &out.AttachedInfo, nil
}

// UpdateAttachedInfo writes additional requisites and properties
// (account/update_attached_info). Keys not sent keep their values; a key the
// Service Manager does not have fails with code 10406 ([CodeUnknownAttribute]).
func (s *AccountsService) UpdateAttachedInfo(ctx context.Context, account int64, info AttachedInfo, opts ...CallOption) error {
	params := struct {
		ID int64 `json:"id"`
		AttachedInfo
	}{account, info}
	_, err := s.c.call(ctx, "account/update_attached_info", account, params, transport.RetryNever, nil, opts)
	return err
}

// AttachedValue is a value an additional property may take
// (attached_info_values).
type AttachedValue struct {
	// Name is the value.
	Name string `json:"name"`
	// Weight is its weight (a decimal, as sent).
	Weight Amount `json:"weight,omitempty"`
}

// AttachedInfoValues returns the values the additional property key may
// take (attached_info_values; fields: BTS, which sends it with no auth
// block, as this does).
func (s *AccountsService) AttachedInfoValues(ctx context.Context, key string, opts ...CallOption) ([]AttachedValue, error) {
	if err := checkCode(MethodAttachedInfoValues, "key", key); err != nil {
		return nil, err
	}
	params := struct {
		Key string `json:"key"`
	}{key}
	var out struct {
		answer
		Values []AttachedValue `json:"values"`
	}
	if _, err := s.c.send(ctx, MethodAttachedInfoValues, noAuth, params, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Values, nil
}
