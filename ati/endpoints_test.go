package ati_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/internal/fixture"

	"github.com/ruapi/ruapi-go/internal/inputtest"
)

const guid = "3fa85f64-5717-4562-b3fc-2c963f66afa6"

func replayClient(t *testing.T, opts []ati.Option, files ...string) *ati.Client {
	t.Helper()
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = "testdata/" + f + ".json"
	}
	hc := fixture.Replay(t, ati.DefaultBaseURL, paths...)
	c, err := ati.NewClient("test-token-not-real", append([]ati.Option{ati.WithHTTPClient(hc)}, opts...)...)
	require.NoError(t, err)
	return c
}

func orgInput() *ati.OrganizationInput {
	return &ati.OrganizationInput{
		Name: ati.Ptr("string"), Ownership: 0, AllDepartmentsAllowed: false, DepartmentIDs: []int32{0},
		Residency: ati.Ptr(ati.ResidencyField{Value: ati.ResidencyRussia}), INN: ati.Ptr("string"), Phone: ati.Ptr("string"), ExtraPhone: ati.Ptr[int32](0),
		DocsAddress: &ati.DocsAddress{Postcode: ati.Ptr("string"), CityID: ati.Ptr[int32](0), StreetName: ati.Ptr("string"),
			HouseNo: ati.Ptr("string"), OfficeNo: ati.Ptr("string")},
		AddressIDs: []string{guid}, ContactPersonIDs: []string{guid},
	}
}

func addrInput() *ati.AddressInput {
	return &ati.AddressInput{Address: ati.Ptr("string"), CityID: 0, Latitude: ati.Ptr[float64](0.5), Longitude: ati.Ptr[float64](0.5),
		Note: ati.Ptr("string"), ScheduleSummary: ati.Ptr("string"), Type: ati.AddressWarehouse, ContactPersonIDs: []string{guid}}
}

func cpInput() *ati.ContactPersonInput {
	return &ati.ContactPersonInput{Name: ati.Ptr("string"), Phone: ati.Ptr("string"), ExtraPhone: ati.Ptr[int32](0), Email: ati.Ptr("string")}
}

func checkOrg(t *testing.T, o *ati.Organization) {
	t.Helper()
	assert.Equal(t, guid, o.ID)
	assert.Equal(t, "string", o.Name)
	require.NotNil(t, o.Residency)
	assert.Equal(t, ati.Residency(0), o.Residency.Value)
	assert.JSONEq(t, `{}`, string(o.Residency.Raw))
	require.NotNil(t, o.INN)
	assert.Equal(t, "string", *o.INN)
	require.NotNil(t, o.ExtraPhone)
	require.NotNil(t, o.DocsAddress)
	assert.True(t, o.DocsAddress.IsPostal())
	assert.Equal(t, "string", *o.DocsAddress.Postcode)
	assert.Equal(t, int32(0), *o.DocsAddress.CityID)
	require.Len(t, o.Addresses, 1)
	assert.Equal(t, 0.5, *o.Addresses[0].Latitude)
	require.Len(t, o.Addresses[0].ContactPersons, 1)
	require.Len(t, o.ContactPersons, 1)
	assert.Equal(t, "string", *o.ContactPersons[0].Email)
	assert.Equal(t, []int32{0}, o.DepartmentIDs)
}

func checkAddr(t *testing.T, a *ati.Address) {
	t.Helper()
	assert.Equal(t, guid, a.ID)
	assert.Equal(t, "string", *a.Address)
	assert.Equal(t, 0.5, *a.Longitude)
	assert.Equal(t, "string", *a.ScheduleSummary)
	assert.Equal(t, ati.AddressType(0), a.Type)
	require.Len(t, a.ContactPersons, 1)
}

func checkCP(t *testing.T, cp *ati.ContactPerson) {
	t.Helper()
	assert.Equal(t, guid, cp.ID)
	assert.Equal(t, "string", *cp.Name)
	assert.Equal(t, "string", *cp.Phone)
	assert.Equal(t, int32(0), *cp.ExtraPhone)
	assert.Equal(t, "string", *cp.Email)
}

func TestBalance(t *testing.T) {
	c := replayClient(t, nil, "balance_get")
	b, err := c.Billing.Balance(context.Background())
	require.NoError(t, err)
	assert.Equal(t, ati.Balance{Balance: ati.MustDecimal("0.5")}, *b)
}

func TestOrganizations(t *testing.T) {
	ctx := context.Background()
	c := replayClient(t, nil, "organizations_list", "organizations_create", "organizations_filter",
		"organizations_get", "organizations_update", "organizations_delete")
	l, err := c.Organizations.List(ctx)
	require.NoError(t, err)
	require.Len(t, l, 1)
	checkOrg(t, &l[0])
	o, err := c.Organizations.Create(ctx, orgInput())
	require.NoError(t, err)
	checkOrg(t, o)
	l, err = c.Organizations.FilterByDepartments(ctx, []int32{0})
	require.NoError(t, err)
	require.Len(t, l, 1)
	checkOrg(t, &l[0])
	o, err = c.Organizations.Get(ctx, guid)
	require.NoError(t, err)
	checkOrg(t, o)
	o, err = c.Organizations.Update(ctx, guid, orgInput())
	require.NoError(t, err)
	checkOrg(t, o)
	require.NoError(t, c.Organizations.Delete(ctx, guid))
}

func TestAddresses(t *testing.T) {
	ctx := context.Background()
	c := replayClient(t, nil, "addresses_list", "addresses_create", "addresses_get", "addresses_update",
		"addresses_delete", "addresses_types")
	l, err := c.Addresses.List(ctx)
	require.NoError(t, err)
	require.Len(t, l, 1)
	checkAddr(t, &l[0])
	a, err := c.Addresses.Create(ctx, addrInput())
	require.NoError(t, err)
	checkAddr(t, a)
	a, err = c.Addresses.Get(ctx, guid)
	require.NoError(t, err)
	checkAddr(t, a)
	a, err = c.Addresses.Update(ctx, guid, addrInput())
	require.NoError(t, err)
	checkAddr(t, a)
	require.NoError(t, c.Addresses.Delete(ctx, guid))
	types, err := c.Addresses.Types(ctx)
	require.NoError(t, err)
	require.Len(t, types, 4)
	assert.Equal(t, ati.AddressTypeInfo{ID: 0, Name: "string", NameEng: "string"}, types[0])
	assert.Equal(t, "AddressType(0)", types[0].ID.String())
	assert.Equal(t, ati.AddressOffice, types[2].ID)
	assert.Equal(t, "office", types[2].ID.String())
	assert.Equal(t, "Магазин", types[3].Name)
	assert.Equal(t, "Shop", types[3].NameEng)
}

func TestContactPersons(t *testing.T) {
	ctx := context.Background()
	c := replayClient(t, nil, "contact_persons_list", "contact_persons_create", "contact_persons_get",
		"contact_persons_update", "contact_persons_delete")
	l, err := c.ContactPersons.List(ctx)
	require.NoError(t, err)
	require.Len(t, l, 1)
	checkCP(t, &l[0])
	cp, err := c.ContactPersons.Create(ctx, cpInput())
	require.NoError(t, err)
	checkCP(t, cp)
	cp, err = c.ContactPersons.Get(ctx, guid)
	require.NoError(t, err)
	checkCP(t, cp)
	cp, err = c.ContactPersons.Update(ctx, guid, cpInput())
	require.NoError(t, err)
	checkCP(t, cp)
	require.NoError(t, c.ContactPersons.Delete(ctx, guid))
}

func TestGatewayPath(t *testing.T) {
	c := replayClient(t, []ati.Option{ati.WithOAuth2Gateway()}, "gateway_organizations_get")
	o, err := c.Organizations.Get(context.Background(), guid)
	require.NoError(t, err)
	checkOrg(t, o)
}

func TestErrorEnvelopes(t *testing.T) {
	ctx := context.Background()
	c := replayClient(t, nil, "error_catalog_404", "error_billing_402")
	_, err := c.Organizations.Get(ctx, guid)
	require.ErrorIs(t, err, ati.ErrNotFound)
	var e *ati.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 404, e.StatusCode)
	assert.Equal(t, "string", e.Code)
	assert.Equal(t, "string", e.Message)
	_, err = c.Billing.Balance(ctx)
	require.ErrorIs(t, err, ati.ErrPaymentRequired)
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 402, e.StatusCode)
	assert.Equal(t, "string", e.Code)
	assert.NotContains(t, err.Error(), "test-token-not-real")
	assert.False(t, errors.Is(err, ati.ErrNotFound))
}

func TestInvalidArguments(t *testing.T) {
	c, err := ati.NewClient("test-token-not-real", ati.WithBaseURL("http://127.0.0.1:1"))
	require.NoError(t, err)
	ctx := context.Background()
	cases := map[string]error{
		"create nil":         inputtest.Err(c.Organizations.Create(ctx, nil)),
		"departments nil":    inputtest.Err(c.Organizations.FilterByDepartments(ctx, nil)),
		"empty token":        inputtest.Err(ati.NewClient("")),
		"integrator w/space": inputtest.Err(ati.NewClient("x", ati.WithIntegratorCode("a b"))),
	}
	for _, id := range []string{"", ".", ".."} {
		cases["org get "+id] = inputtest.Err(c.Organizations.Get(ctx, id))
		cases["address delete "+id] = c.Addresses.Delete(ctx, id)
		cases["contact update "+id] = inputtest.Err(c.ContactPersons.Update(ctx, id, cpInput()))
	}
	inputtest.Refused(t, ati.ErrInvalidArgument, "ati: ", cases)
}
