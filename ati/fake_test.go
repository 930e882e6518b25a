package ati_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
)

var fastRetry = ati.WithRetry(ati.RetryPolicy{MaxRetries: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond, MaxRetryAfter: time.Millisecond})

func newFake(t *testing.T, opts ...ati.Option) (*atitest.Server, *ati.Client) {
	t.Helper()
	srv := atitest.NewServer()
	t.Cleanup(srv.Close)
	c, err := srv.Client(append([]ati.Option{fastRetry}, opts...)...)
	require.NoError(t, err)
	return srv, c
}

func TestFakeCRUD(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := newFake(t)
	cp, err := c.ContactPersons.Create(ctx, &ati.ContactPersonInput{Name: ati.Ptr("Анна"), Email: ati.Ptr("anna@example.com")})
	require.NoError(t, err)
	require.Len(t, cp.ID, 36)
	a, err := c.Addresses.Create(ctx, &ati.AddressInput{Address: ati.Ptr("Казань"), CityID: 2, Type: ati.AddressOffice, ContactPersonIDs: []string{cp.ID}})
	require.NoError(t, err)
	require.Len(t, a.ContactPersons, 1)
	o, err := c.Organizations.Create(ctx, &ati.OrganizationInput{Name: ati.Ptr("ИП Тест"), DepartmentIDs: []int32{7},
		Residency: ati.Ptr(ati.ResidencyField{Value: ati.ResidencyKazakhstan}), AddressIDs: []string{a.ID}, ContactPersonIDs: []string{cp.ID}})
	require.NoError(t, err)
	assert.Equal(t, ati.ResidencyKazakhstan, o.Residency.Value)
	assert.Equal(t, "Kazakhstan", o.Residency.String())
	require.Len(t, o.Addresses, 1)
	assert.Equal(t, ati.AddressOffice, o.Addresses[0].Type)

	got, err := c.Organizations.Get(ctx, o.ID)
	require.NoError(t, err)
	assert.Equal(t, "ИП Тест", got.Name)
	filtered, err := c.Organizations.FilterByDepartments(ctx, []int32{7})
	require.NoError(t, err)
	assert.Len(t, filtered, 2) // ours + the seeded all-departments one
	filtered, err = c.Organizations.FilterByDepartments(ctx, []int32{8})
	require.NoError(t, err)
	assert.Len(t, filtered, 1)

	up, err := c.Organizations.Update(ctx, o.ID, &ati.OrganizationInput{Name: ati.Ptr("ИП Тест 2"), AllDepartmentsAllowed: true})
	require.NoError(t, err)
	assert.Equal(t, "ИП Тест 2", up.Name)
	assert.Empty(t, up.Addresses)

	_, err = c.ContactPersons.Update(ctx, cp.ID, &ati.ContactPersonInput{Name: ati.Ptr("Анна К.")})
	require.NoError(t, err)
	_, err = c.Addresses.Update(ctx, a.ID, &ati.AddressInput{Address: ati.Ptr("Казань, 2"), Type: ati.AddressShop})
	require.NoError(t, err)
	ga, err := c.Addresses.Get(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, ati.AddressShop, ga.Type)

	require.NoError(t, c.Organizations.Delete(ctx, o.ID))
	require.NoError(t, c.Addresses.Delete(ctx, a.ID))
	require.NoError(t, c.ContactPersons.Delete(ctx, cp.ID))
	_, err = c.Organizations.Get(ctx, o.ID)
	require.ErrorIs(t, err, ati.ErrNotFound)
	_, err = c.Addresses.Get(ctx, a.ID)
	require.ErrorIs(t, err, ati.ErrNotFound)
	_, err = c.ContactPersons.Get(ctx, cp.ID)
	require.ErrorIs(t, err, ati.ErrNotFound)
	assert.ErrorIs(t, c.ContactPersons.Delete(ctx, cp.ID), ati.ErrNotFound)

	assert.Len(t, srv.Organizations(), 1)
	assert.Len(t, srv.Addresses(), 1)
	assert.Len(t, srv.ContactPersons(), 1)
}

func TestFakeSeedAndReads(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := newFake(t)
	b, err := c.Billing.Balance(ctx)
	require.NoError(t, err)
	assert.Equal(t, "100.50", b.Balance.String())
	srv.SetBalance(ati.Balance{Balance: ati.MustDecimal("1"), OperationsForbidden: true})
	b, err = c.Billing.Balance(ctx)
	require.NoError(t, err)
	assert.True(t, b.OperationsForbidden)

	orgs, err := c.Organizations.List(ctx)
	require.NoError(t, err)
	require.Len(t, orgs, 1)
	assert.Equal(t, atitest.SeedOrganizationID, orgs[0].ID)
	assert.Equal(t, ati.ResidencyRussia, orgs[0].Residency.Value)
	assert.Equal(t, "101000", *orgs[0].DocsAddress.Postcode)
	addrs, err := c.Addresses.List(ctx)
	require.NoError(t, err)
	require.Len(t, addrs, 1)
	cps, err := c.ContactPersons.List(ctx)
	require.NoError(t, err)
	require.Len(t, cps, 1)
	types, err := c.Addresses.Types(ctx)
	require.NoError(t, err)
	assert.Len(t, types, 3)
	id := srv.AddContactPerson(ati.ContactPerson{Name: ati.Ptr("x")})
	_, err = c.ContactPersons.Get(ctx, id)
	require.NoError(t, err)
}

func TestFakeGateway(t *testing.T) {
	t.Parallel()
	_, c := newFake(t, ati.WithOAuth2Gateway())
	o, err := c.Organizations.Get(context.Background(), atitest.SeedOrganizationID)
	require.NoError(t, err)
	assert.Equal(t, "ООО Пример", o.Name)
}

func TestFakeUnauthorized(t *testing.T) {
	t.Parallel()
	srv, _ := newFake(t)
	c, err := ati.NewClient("wrong-token-not-real", ati.WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = c.Organizations.List(context.Background())
	require.ErrorIs(t, err, ati.ErrUnauthorized)
	var e *ati.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "unauthorized", e.Code)
	_, err = c.Billing.Balance(context.Background())
	require.ErrorIs(t, err, ati.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "wrong-token-not-real")
}

func TestFakeValidation(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	_, err := c.Organizations.Create(context.Background(), &ati.OrganizationInput{Name: ati.Ptr("x")})
	var e *ati.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 400, e.StatusCode)
	assert.Equal(t, "validation_error", e.Code)
}

func TestGUIDEscaping(t *testing.T) {
	t.Parallel()
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.URL.EscapedPath())
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"x"}`))
	}))
	defer srv.Close()
	c, err := ati.NewClient("test-token-not-real", ati.WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = c.Organizations.Get(context.Background(), "a/b?c#d")
	require.NoError(t, err)
	assert.Equal(t, "/v1.2/catalogs/organizations/a%2Fb%3Fc%23d", got.Load())
	_, err = c.Addresses.Get(context.Background(), "../x")
	require.NoError(t, err)
	assert.Equal(t, "/v1.2/catalogs/organizations/addresses/..%2Fx", got.Load())
}

// A deleted address or contact person no longer shows in what referred to
// it; an update of an unknown id is a 404 even when its body is also bad.
func TestFakeDeleteUnlinks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, c := newFake(t)
	cp, err := c.ContactPersons.Create(ctx, &ati.ContactPersonInput{Name: ati.Ptr("Борис")})
	require.NoError(t, err)
	a, err := c.Addresses.Create(ctx, &ati.AddressInput{Address: ati.Ptr("Уфа"), Type: ati.AddressWarehouse, ContactPersonIDs: []string{cp.ID}})
	require.NoError(t, err)
	o, err := c.Organizations.Create(ctx, &ati.OrganizationInput{Name: ati.Ptr("ООО Связи"), AllDepartmentsAllowed: true, AddressIDs: []string{a.ID}, ContactPersonIDs: []string{cp.ID}})
	require.NoError(t, err)
	require.Len(t, o.Addresses, 1)
	require.Len(t, o.ContactPersons, 1)

	require.NoError(t, c.ContactPersons.Delete(ctx, cp.ID))
	got, err := c.Organizations.Get(ctx, o.ID)
	require.NoError(t, err)
	assert.Empty(t, got.ContactPersons, "contact unlinked from the organization")
	require.Len(t, got.Addresses, 1)
	assert.Empty(t, got.Addresses[0].ContactPersons, "contact unlinked from the address")

	require.NoError(t, c.Addresses.Delete(ctx, a.ID))
	got, err = c.Organizations.Get(ctx, o.ID)
	require.NoError(t, err)
	assert.Empty(t, got.Addresses, "address unlinked from the organization")

	_, err = c.Addresses.Update(ctx, a.ID, &ati.AddressInput{Address: ati.Ptr("Уфа"), ContactPersonIDs: []string{"no-such-contact"}})
	var e *ati.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, http.StatusNotFound, e.StatusCode)
	assert.Equal(t, "address_not_found", e.Code)
}
