package ati

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// OrganizationsService is the organizations catalog.
type OrganizationsService struct{ c *Client }

// Organization is a catalog organization.
type Organization struct {
	// ID is the organization's GUID.
	ID string `json:"id"`
	// Name is the organization's name.
	Name string `json:"name"`
	// Ownership is the legal form, a value from ATI's dictionary.
	Ownership int32 `json:"ownership"`
	// Residency is the residency (a ONE-OF upstream; see [ResidencyField]).
	Residency *ResidencyField `json:"residency,omitempty"`
	// INN is the registration number (ИНН, ЕДРПОУ, УНП, БИН or an analog); nullable.
	INN *string `json:"inn"`
	// Phone is the organization's phone; nullable.
	Phone *string `json:"phone"`
	// ExtraPhone is the phone extension; nullable.
	ExtraPhone *int32 `json:"extra_phone"`
	// DocsAddress is the address for documents (a ONE-OF upstream).
	DocsAddress *DocsAddress `json:"docs_address,omitempty"`
	// Addresses are the organization's addresses.
	Addresses []Address `json:"addresses"`
	// ContactPersons are the organization's contact persons.
	ContactPersons []ContactPerson `json:"contact_persons"`
	// AllDepartmentsAllowed makes the organization visible to every department.
	AllDepartmentsAllowed bool `json:"all_departments_allowed"`
	// DepartmentIDs are the departments that see the organization.
	DepartmentIDs []int32 `json:"department_ids"`
}

// OrganizationInput is the body of Create and Update.
type OrganizationInput struct {
	// Name is the organization's name; nullable.
	Name *string `json:"name"`
	// Ownership is the legal form, a value from ATI's dictionary.
	Ownership int32 `json:"ownership"`
	// AllDepartmentsAllowed makes the organization visible to every department.
	AllDepartmentsAllowed bool `json:"all_departments_allowed"`
	// DepartmentIDs is required when AllDepartmentsAllowed is false.
	DepartmentIDs []int32 `json:"department_ids,omitempty"`
	// Residency is the residency (use [Res]).
	Residency *ResidencyField `json:"residency,omitempty"`
	// INN is the registration number that fits the residency; nullable.
	INN *string `json:"inn"`
	// Phone is the phone; nullable.
	Phone *string `json:"phone"`
	// ExtraPhone is the extension; nullable.
	ExtraPhone *int32 `json:"extra_phone"`
	// DocsAddress is the address for documents.
	DocsAddress *DocsAddress `json:"docs_address,omitempty"`
	// AddressIDs links existing addresses.
	AddressIDs []string `json:"address_ids,omitempty"`
	// ContactPersonIDs links existing contact persons.
	ContactPersonIDs []string `json:"contact_person_ids,omitempty"`
}

// List returns every organization.
func (s *OrganizationsService) List(ctx context.Context, opts ...CallOption) ([]Organization, error) {
	p, _ := s.c.catalogPath("organizations")
	var out []Organization
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodGet, Path: p, Operation: "organizations.list"}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns one organization.
func (s *OrganizationsService) Get(ctx context.Context, id string, opts ...CallOption) (*Organization, error) {
	p, err := s.c.catalogPath("organizations/%s", id)
	if err != nil {
		return nil, err
	}
	var o Organization
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodGet, Path: p, Operation: "organizations.get"}, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// Create adds an organization. It is sent once, never retried.
// On [ErrOutcomeUnknown], [OrganizationsService.FindByINN] tells whether it was created.
func (s *OrganizationsService) Create(ctx context.Context, in *OrganizationInput, opts ...CallOption) (*Organization, error) {
	if in == nil {
		return nil, fmt.Errorf("ati: nil organization input: %w", ErrInvalidArgument)
	}
	p, _ := s.c.catalogPath("organizations")
	var o Organization
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodPost, Path: p, Body: in, Retry: transport.RetryNever, Operation: "organizations.create"}, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// Update replaces an organization (PUT; retried, it is idempotent).
func (s *OrganizationsService) Update(ctx context.Context, id string, in *OrganizationInput, opts ...CallOption) (*Organization, error) {
	if in == nil {
		return nil, fmt.Errorf("ati: nil organization input: %w", ErrInvalidArgument)
	}
	p, err := s.c.catalogPath("organizations/%s", id)
	if err != nil {
		return nil, err
	}
	var o Organization
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodPut, Path: p, Body: in, Operation: "organizations.update"}, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// Delete removes an organization.
func (s *OrganizationsService) Delete(ctx context.Context, id string, opts ...CallOption) error {
	p, err := s.c.catalogPath("organizations/%s", id)
	if err != nil {
		return err
	}
	return s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodDelete, Path: p, Operation: "organizations.delete"}, nil)
}

// departmentsFilter is the body of FilterByDepartments.
type departmentsFilter struct {
	Departments []int32 `json:"departments"`
}

// FilterByDepartments returns the organizations visible to the given
// departments. It is a POST that only reads, so it is retried like a GET
// (RetrySafe): re-sending it cannot create or change anything.
func (s *OrganizationsService) FilterByDepartments(ctx context.Context, departments []int32, opts ...CallOption) ([]Organization, error) {
	if len(departments) == 0 {
		return nil, fmt.Errorf("ati: no departments: %w", ErrInvalidArgument)
	}
	p, _ := s.c.catalogPath("organizations/filter")
	var out []Organization
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodPost, Path: p, Body: departmentsFilter{departments}, Retry: transport.RetrySafe, Operation: "organizations.filter"}, &out); err != nil {
		return nil, err
	}
	return out, nil
}
