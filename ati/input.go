package ati

import "slices"

// Input returns the body that Update needs to write o back unchanged: every
// field of OrganizationInput taken from o, with AddressIDs and
// ContactPersonIDs from the ids of o.Addresses and o.ContactPersons.
//
// Update replaces the whole record, as ATI's PUT does: a field left nil or
// empty in the input is cleared, not kept. To change one field, fetch the
// organization, take its Input, change the field and Update:
//
//	o, err := c.Organizations.Get(ctx, id)
//	...
//	in := o.Input()
//	in.Name = ati.Ptr("ООО Новое имя")
//	o, err = c.Organizations.Update(ctx, o.ID, &in)
//
// The input shares no memory with o. A nil o gives the zero input.
func (o *Organization) Input() OrganizationInput {
	if o == nil {
		return OrganizationInput{}
	}
	in := OrganizationInput{
		Name:                  Ptr(o.Name),
		Ownership:             o.Ownership,
		AllDepartmentsAllowed: o.AllDepartmentsAllowed,
		DepartmentIDs:         slices.Clone(o.DepartmentIDs),
		Residency:             o.Residency.clone(),
		INN:                   clonePtr(o.INN),
		Phone:                 clonePtr(o.Phone),
		ExtraPhone:            clonePtr(o.ExtraPhone),
		DocsAddress:           o.DocsAddress.clone(),
	}
	for _, a := range o.Addresses {
		in.AddressIDs = append(in.AddressIDs, a.ID)
	}
	for _, cp := range o.ContactPersons {
		in.ContactPersonIDs = append(in.ContactPersonIDs, cp.ID)
	}
	return in
}

// Input returns the body that Update needs to write a back unchanged: every
// field of AddressInput taken from a, with ContactPersonIDs from the ids of
// a.ContactPersons. Update replaces the whole address, so change the fields
// you mean to change on this input (see [Organization.Input]). The input
// shares no memory with a. A nil a gives the zero input.
func (a *Address) Input() AddressInput {
	if a == nil {
		return AddressInput{}
	}
	in := AddressInput{
		Address:         clonePtr(a.Address),
		CityID:          a.CityID,
		Latitude:        clonePtr(a.Latitude),
		Longitude:       clonePtr(a.Longitude),
		Note:            clonePtr(a.Note),
		ScheduleSummary: clonePtr(a.ScheduleSummary),
		Type:            a.Type,
	}
	for _, cp := range a.ContactPersons {
		in.ContactPersonIDs = append(in.ContactPersonIDs, cp.ID)
	}
	return in
}

// Input returns the body that Update needs to write cp back unchanged. Update
// replaces the whole contact person, so change the fields you mean to change
// on this input (see [Organization.Input]). The input shares no memory with
// cp. A nil cp gives the zero input.
func (cp *ContactPerson) Input() ContactPersonInput {
	if cp == nil {
		return ContactPersonInput{}
	}
	return ContactPersonInput{
		Name:       clonePtr(cp.Name),
		Phone:      clonePtr(cp.Phone),
		ExtraPhone: clonePtr(cp.ExtraPhone),
		Email:      clonePtr(cp.Email),
	}
}

// clonePtr returns a pointer to a copy of *p, or nil.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// clone returns a copy of f sharing no memory with it, or nil.
func (f *ResidencyField) clone() *ResidencyField {
	if f == nil {
		return nil
	}
	return &ResidencyField{Value: f.Value, Raw: slices.Clone(f.Raw)}
}

// clone returns a copy of a sharing no memory with it, or nil.
func (a *DocsAddress) clone() *DocsAddress {
	if a == nil {
		return nil
	}
	return &DocsAddress{Postcode: clonePtr(a.Postcode), CityID: clonePtr(a.CityID), StreetName: clonePtr(a.StreetName),
		HouseNo: clonePtr(a.HouseNo), OfficeNo: clonePtr(a.OfficeNo), Raw: slices.Clone(a.Raw)}
}
