package atitest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
)

func do(t *testing.T, srv *atitest.Server, method, path, token, body string) (*http.Response, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, bytes.NewBufferString(body))
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp, m
}

func TestServerAuthAndEnvelopes(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer(atitest.WithToken("other-token-not-real"))
	defer srv.Close()
	resp, m := do(t, srv, "GET", "/v1.2/catalogs/organizations/x", "", "")
	assert.Equal(t, 401, resp.StatusCode)
	assert.Equal(t, "unauthorized", m["error_code"])
	resp, m = do(t, srv, "GET", "/v1.0/balance", "nope", "")
	assert.Equal(t, 401, resp.StatusCode)
	assert.Equal(t, "unauthorized", m["error"])
	resp, m = do(t, srv, "GET", "/v1.2/catalogs/organizations/x", srv.Token, "")
	assert.Equal(t, 404, resp.StatusCode)
	assert.Equal(t, "organization_not_found", m["error_code"])
	assert.NotEmpty(t, m["reason"])
	resp, m = do(t, srv, "DELETE", "/gw/oauth2/catalogs/v1.2/organizations/contactPersons/x", srv.Token, "")
	assert.Equal(t, 404, resp.StatusCode)
	assert.Equal(t, "contact_person_not_found", m["error_code"])
	resp, _ = do(t, srv, "POST", "/v1.2/catalogs/organizations/addresses", srv.Token, `{"address":`)
	assert.Equal(t, 400, resp.StatusCode)
}

func TestServerFaults(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer()
	defer srv.Close()
	srv.InjectFault(2, atitest.Fault{Status: 429})
	resp, _ := do(t, srv, "GET", "/v1.0/balance", srv.Token, "")
	assert.Equal(t, 429, resp.StatusCode)
	resp, _ = do(t, srv, "GET", "/v1.0/balance", srv.Token, "")
	assert.Equal(t, 429, resp.StatusCode)
	resp, m := do(t, srv, "GET", "/v1.0/balance", srv.Token, "")
	assert.Equal(t, 200, resp.StatusCode)
	assert.InDelta(t, 100.5, m["balance"], 0)
	srv.InjectFault(5, atitest.Fault{Status: 500})
	srv.ClearFaults()
	resp, _ = do(t, srv, "GET", "/v1.0/balance", srv.Token, "")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, 4, srv.Requests())
}

// A fault aimed at one path answers only requests to that path; the others
// pass it by, and it stays queued until its path is asked for.
func TestServerAimedFault(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer()
	defer srv.Close()
	c, err := srv.Client(ati.WithRetry(ati.RetryPolicy{}))
	require.NoError(t, err)
	ctx := context.Background()
	orgPath := "/v1.2/catalogs/organizations/" + atitest.SeedOrganizationID
	srv.InjectFault(1, atitest.Fault{Status: http.StatusServiceUnavailable, Path: orgPath})

	_, err = c.Billing.Balance(ctx)
	require.NoError(t, err, "the balance is not the aimed path")
	_, err = c.Organizations.List(ctx)
	require.NoError(t, err, "the list is a prefix of the aimed path, not the path")
	_, err = c.Addresses.Get(ctx, atitest.SeedAddressID)
	require.NoError(t, err)

	_, err = c.Organizations.Get(ctx, atitest.SeedOrganizationID)
	require.ErrorIs(t, err, ati.ErrServer)
	var e *ati.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, http.StatusServiceUnavailable, e.StatusCode)

	o, err := c.Organizations.Get(ctx, atitest.SeedOrganizationID)
	require.NoError(t, err, "the fault was served once")
	assert.Equal(t, "ООО Пример", o.Name)
	assert.Equal(t, 5, srv.Requests())

	// Match aims a fault at requests a func selects: here, writes only.
	srv.InjectFault(1, atitest.Fault{Status: http.StatusTooManyRequests, Match: func(r *http.Request) bool { return r.Method == http.MethodDelete }})
	_, err = c.ContactPersons.Get(ctx, atitest.SeedContactPersonID)
	require.NoError(t, err)
	err = c.ContactPersons.Delete(ctx, atitest.SeedContactPersonID)
	require.ErrorIs(t, err, ati.ErrRateLimited)
	require.NoError(t, c.ContactPersons.Delete(ctx, atitest.SeedContactPersonID))
}

// AddOrganization and AddAddress seed the catalog like AddContactPerson:
// nested addresses and contact persons are stored and linked, existing ones
// linked by id, and the stored copies share nothing with the caller's values.
func TestServerSeedingHelpers(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	require.NoError(t, err)
	ctx := context.Background()

	name := "Склад на Ленина"
	addrID := srv.AddAddress(ati.Address{Address: &name, CityID: 2, Type: ati.AddressShop,
		ContactPersons: []ati.ContactPerson{{Name: ati.Ptr("Анна")}, {ID: atitest.SeedContactPersonID}}})
	require.Len(t, addrID, 36)
	name = "changed by the caller"
	a, err := c.Addresses.Get(ctx, addrID)
	require.NoError(t, err)
	assert.Equal(t, "Склад на Ленина", *a.Address)
	assert.Equal(t, ati.AddressShop, a.Type)
	require.Len(t, a.ContactPersons, 2)
	assert.Equal(t, "Анна", *a.ContactPersons[0].Name)
	assert.Equal(t, atitest.SeedContactPersonID, a.ContactPersons[1].ID)
	assert.Equal(t, "Иван Петров", *a.ContactPersons[1].Name, "an existing contact person is linked, not replaced")
	assert.Len(t, srv.ContactPersons(), 2)

	orgID := srv.AddOrganization(ati.Organization{ID: "org-1", Name: "ИП Сидоров", INN: ati.Ptr("500100732259"),
		Residency: ati.Ptr(ati.ResidencyField{Value: ati.ResidencyKazakhstan}), DepartmentIDs: []int32{7},
		Addresses:      []ati.Address{{ID: addrID}, {Note: ati.Ptr("новый")}},
		ContactPersons: []ati.ContactPerson{{ID: "cp-1", Email: ati.Ptr("s@example.com")}}})
	assert.Equal(t, "org-1", orgID)
	o, err := c.Organizations.Get(ctx, orgID)
	require.NoError(t, err)
	assert.Equal(t, "ИП Сидоров", o.Name)
	assert.Equal(t, "500100732259", *o.INN)
	assert.Equal(t, ati.ResidencyKazakhstan, o.Residency.Value)
	require.Len(t, o.Addresses, 2)
	assert.Equal(t, addrID, o.Addresses[0].ID)
	assert.Len(t, o.Addresses[0].ContactPersons, 2)
	assert.Equal(t, "новый", *o.Addresses[1].Note)
	require.Len(t, o.ContactPersons, 1)
	assert.Equal(t, "cp-1", o.ContactPersons[0].ID)
	assert.Len(t, srv.Addresses(), 3)
	assert.Len(t, srv.ContactPersons(), 3)

	filtered, err := c.Organizations.FilterByDepartments(ctx, []int32{7})
	require.NoError(t, err)
	assert.Len(t, filtered, 2, "the seed (all departments) and org-1 (department 7)")
}

// The fake's Client is not paced like production (ATI's 9 calls a second
// would make 30 calls take 3.2 s); pacing stays one option away.
func TestServerClientIsNotPaced(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer()
	defer srv.Close()
	ctx := context.Background()

	c, err := srv.Client()
	require.NoError(t, err)
	start := time.Now()
	for range 30 {
		_, err := c.Billing.Balance(ctx)
		require.NoError(t, err)
	}
	took := time.Since(start)
	t.Logf("30 calls took %v", took)
	assert.Less(t, took, 2500*time.Millisecond, "production pace needs 3.2 s")

	paced, err := srv.Client(ati.WithRateLimit(5, 1))
	require.NoError(t, err)
	start = time.Now()
	for range 3 {
		_, err := paced.Billing.Balance(ctx)
		require.NoError(t, err)
	}
	assert.GreaterOrEqual(t, time.Since(start), 400*time.Millisecond, "asked for, the pace holds")
}

// The fakes share one vocabulary: the auth option named for what the
// client sends (WithBearerToken; WithToken still works), counts named as
// counts (RequestCount, TokenRequestCount; the older names still work).
func TestSharedVocabulary(t *testing.T) {
	srv := atitest.NewServer(atitest.WithBearerToken("test-token-not-real-2"))
	defer srv.Close()
	assert.Equal(t, "test-token-not-real-2", srv.Token)
	c, err := srv.Client()
	require.NoError(t, err)
	_, err = c.Billing.Balance(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, srv.RequestCount())
	assert.Equal(t, srv.RequestCount(), srv.Requests())
	assert.Equal(t, 0, srv.TokenRequestCount())
	assert.Equal(t, srv.TokenRequestCount(), srv.TokenRequests())
	old := atitest.NewServer(atitest.WithToken("test-token-old"))
	defer old.Close()
	assert.Equal(t, "test-token-old", old.Token)
}
