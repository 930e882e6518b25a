package ati

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// AddressesService is the organizations' addresses.
type AddressesService struct{ c *Client }

// Address is an organization address.
type Address struct {
	// ID is the address's GUID.
	ID string `json:"id"`
	// Address is the address text; nullable.
	Address *string `json:"address"`
	// CityID is a city from ATI's dictionary.
	CityID int32 `json:"address_city_id"`
	// Latitude is the latitude; nullable.
	Latitude *float64 `json:"address_latitude"`
	// Longitude is the longitude; nullable.
	Longitude *float64 `json:"address_longitude"`
	// Note is a free note; nullable.
	Note *string `json:"note"`
	// ContactPersons are the address's contact persons.
	ContactPersons []ContactPerson `json:"contact_persons"`
	// ScheduleSummary is the working schedule; nullable.
	ScheduleSummary *string `json:"schedule_summary"`
	// Type is the address type (warehouse, office, shop).
	Type AddressType `json:"address_type"`
}

// AddressInput is the body of Create and Update.
type AddressInput struct {
	// Address is the address text; nullable.
	Address *string `json:"address"`
	// CityID is a city from ATI's dictionary.
	CityID int32 `json:"address_city_id"`
	// Latitude is the latitude; nullable.
	Latitude *float64 `json:"address_latitude"`
	// Longitude is the longitude; nullable.
	Longitude *float64 `json:"address_longitude"`
	// Note is a free note; nullable.
	Note *string `json:"note"`
	// ScheduleSummary is the working schedule; nullable.
	ScheduleSummary *string `json:"schedule_summary"`
	// Type is the address type.
	Type AddressType `json:"address_type"`
	// ContactPersonIDs links existing contact persons.
	ContactPersonIDs []string `json:"contact_person_ids,omitempty"`
}

// AddressTypeInfo is an entry of the address type list.
type AddressTypeInfo struct {
	// ID is the type.
	ID AddressType `json:"id"`
	// Name is the Russian name.
	Name string `json:"name"`
	// NameEng is the English name.
	NameEng string `json:"name_eng"`
}

// List returns every address.
func (s *AddressesService) List(ctx context.Context, opts ...CallOption) ([]Address, error) {
	p, _ := s.c.catalogPath("organizations/addresses")
	var out []Address
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodGet, Path: p, Operation: "addresses.list"}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Types returns the address types.
func (s *AddressesService) Types(ctx context.Context, opts ...CallOption) ([]AddressTypeInfo, error) {
	p, _ := s.c.catalogPath("organizations/addresses/types")
	var out []AddressTypeInfo
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodGet, Path: p, Operation: "addresses.types"}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns one address.
func (s *AddressesService) Get(ctx context.Context, id string, opts ...CallOption) (*Address, error) {
	p, err := s.c.catalogPath("organizations/addresses/%s", id)
	if err != nil {
		return nil, err
	}
	var a Address
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodGet, Path: p, Operation: "addresses.get"}, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// Create adds an address. It is sent once, never retried.
func (s *AddressesService) Create(ctx context.Context, in *AddressInput, opts ...CallOption) (*Address, error) {
	if in == nil {
		return nil, fmt.Errorf("ati: nil address input: %w", ErrInvalidArgument)
	}
	p, _ := s.c.catalogPath("organizations/addresses")
	var a Address
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodPost, Path: p, Body: in, Retry: transport.RetryNever, Operation: "addresses.create"}, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// Update replaces an address.
func (s *AddressesService) Update(ctx context.Context, id string, in *AddressInput, opts ...CallOption) (*Address, error) {
	if in == nil {
		return nil, fmt.Errorf("ati: nil address input: %w", ErrInvalidArgument)
	}
	p, err := s.c.catalogPath("organizations/addresses/%s", id)
	if err != nil {
		return nil, err
	}
	var a Address
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodPut, Path: p, Body: in, Operation: "addresses.update"}, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// Delete removes an address.
func (s *AddressesService) Delete(ctx context.Context, id string, opts ...CallOption) error {
	p, err := s.c.catalogPath("organizations/addresses/%s", id)
	if err != nil {
		return err
	}
	return s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodDelete, Path: p, Operation: "addresses.delete"}, nil)
}
