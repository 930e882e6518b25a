package ati

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// ContactPersonsService is the organizations' contact persons.
type ContactPersonsService struct{ c *Client }

// ContactPerson is a contact person.
type ContactPerson struct {
	// ID is the contact person's GUID.
	ID string `json:"id"`
	// Name is the name; nullable.
	Name *string `json:"name"`
	// Phone is the phone; nullable.
	Phone *string `json:"phone"`
	// ExtraPhone is the extension; nullable.
	ExtraPhone *int32 `json:"extra_phone"`
	// Email is the e-mail; nullable.
	Email *string `json:"email"`
}

// ContactPersonInput is the body of Create and Update; every field is nullable.
type ContactPersonInput struct {
	// Name is the name.
	Name *string `json:"name"`
	// Phone is the phone.
	Phone *string `json:"phone"`
	// ExtraPhone is the extension.
	ExtraPhone *int32 `json:"extra_phone"`
	// Email is the e-mail.
	Email *string `json:"email"`
}

// List returns every contact person.
func (s *ContactPersonsService) List(ctx context.Context, opts ...CallOption) ([]ContactPerson, error) {
	p, _ := s.c.catalogPath("organizations/contactPersons")
	var out []ContactPerson
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodGet, Path: p, Operation: "contactPersons.list"}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns one contact person.
func (s *ContactPersonsService) Get(ctx context.Context, id string, opts ...CallOption) (*ContactPerson, error) {
	p, err := s.c.catalogPath("organizations/contactPersons/%s", id)
	if err != nil {
		return nil, err
	}
	var cp ContactPerson
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodGet, Path: p, Operation: "contactPersons.get"}, &cp); err != nil {
		return nil, err
	}
	return &cp, nil
}

// Create adds a contact person. It is sent once, never retried.
func (s *ContactPersonsService) Create(ctx context.Context, in *ContactPersonInput, opts ...CallOption) (*ContactPerson, error) {
	if in == nil {
		return nil, fmt.Errorf("ati: nil contact person input: %w", ErrInvalidArgument)
	}
	p, _ := s.c.catalogPath("organizations/contactPersons")
	var cp ContactPerson
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodPost, Path: p, Body: in, Retry: transport.RetryNever, Operation: "contactPersons.create"}, &cp); err != nil {
		return nil, err
	}
	return &cp, nil
}

// Update replaces a contact person.
func (s *ContactPersonsService) Update(ctx context.Context, id string, in *ContactPersonInput, opts ...CallOption) (*ContactPerson, error) {
	if in == nil {
		return nil, fmt.Errorf("ati: nil contact person input: %w", ErrInvalidArgument)
	}
	p, err := s.c.catalogPath("organizations/contactPersons/%s", id)
	if err != nil {
		return nil, err
	}
	var cp ContactPerson
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodPut, Path: p, Body: in, Operation: "contactPersons.update"}, &cp); err != nil {
		return nil, err
	}
	return &cp, nil
}

// Delete removes a contact person.
func (s *ContactPersonsService) Delete(ctx context.Context, id string, opts ...CallOption) error {
	p, err := s.c.catalogPath("organizations/contactPersons/%s", id)
	if err != nil {
		return err
	}
	return s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodDelete, Path: p, Operation: "contactPersons.delete"}, nil)
}
