package aezatest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func do(t *testing.T, srv *aezatest.Server, method, path, key string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, srv.URL+"/"+path, rd)
	require.NoError(t, err)
	req.Header.Set("X-API-Key", key)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestServerRaw(t *testing.T) {
	srv := aezatest.NewServer(aezatest.WithPageSize(1))
	defer srv.Close()
	st, out := do(t, srv, "GET", "services", "wrong", nil)
	assert.Equal(t, 401, st)
	assert.Equal(t, "unauthorized", out["error"].(map[string]any)["slug"])

	st, out = do(t, srv, "GET", "services?offset=1", srv.APIKey, nil)
	assert.Equal(t, 200, st)
	d := out["data"].(map[string]any)
	assert.Equal(t, float64(2), d["total"])
	assert.Len(t, d["items"], 1, "default page of 1")
	assert.Equal(t, false, d["edit"])

	st, out = do(t, srv, "GET", "services?edit=1&count=5", srv.APIKey, nil)
	assert.Equal(t, 200, st)
	assert.IsType(t, map[string]any{}, out["data"].(map[string]any)["edit"])
	assert.Len(t, out["data"].(map[string]any)["items"], 2)

	st, out = do(t, srv, "GET", "nope", srv.APIKey, nil)
	assert.Equal(t, 500, st)
	assert.Equal(t, "Proxy internal server error (see traceId)", out["error"].(map[string]any)["message"])

	st, _ = do(t, srv, "POST", "services/orders", srv.APIKey, map[string]any{"method": "card"})
	assert.Equal(t, 400, st)
	st, _ = do(t, srv, "DELETE", "services/424242", srv.APIKey, nil)
	assert.Equal(t, 404, st)

	srv.InjectFault(1, aezatest.Fault{Status: 502, Body: []byte("<html>bad gateway</html>"), ContentType: "text/html"})
	st, _ = do(t, srv, "GET", "os", srv.APIKey, nil)
	assert.Equal(t, 502, st)
	st, _ = do(t, srv, "GET", "os", srv.APIKey, nil)
	assert.Equal(t, 200, st)
}

func TestServerConcurrent(t *testing.T) {
	srv := aezatest.NewServer(aezatest.WithBalance(aeza.MustDecimal("6.60")))
	defer srv.Close()
	c, err := srv.Client()
	require.NoError(t, err)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Orders.Create(t.Context(), aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermHour, ProductID: 3})
			if err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 10, ok, "6.60 buys exactly ten hours at 0.66")
	assert.True(t, srv.Balance().IsZero())
	assert.Equal(t, 10, srv.Orders())
	assert.Equal(t, 12, srv.Services())
}

func TestSetCurrencies(t *testing.T) {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	require.NoError(t, err)
	st, out := do(t, srv, "GET", "payment/currencies", srv.APIKey, nil)
	require.Equal(t, 200, st)
	first := out["data"].(map[string]any)["items"].([]any)[1].(map[string]any)
	assert.Equal(t, "usd", first["slug"], "the reported real shape: lower-case slug")
	assert.Equal(t, "USD", first["name"])

	srv.SetCurrencies(aeza.Currency{Code: "GBP", Multiplier: aeza.MustDecimal("0.0089"), Round: 2},
		aeza.Currency{Code: "KZT"}, // sent without a multiplier
		aeza.Currency{Raw: json.RawMessage(`{"code":"TRY","multiplier":"0.4","round":"1"}`)})
	cs, err := c.Payments.Currencies(t.Context())
	require.NoError(t, err)
	require.Len(t, cs, 3)
	gbp, ok := cs.Find("gbp")
	require.True(t, ok)
	assert.Equal(t, "gbp", gbp.Slug)
	v, err := gbp.Convert(aeza.MustDecimal("369"))
	require.NoError(t, err)
	assert.Equal(t, "3.29", v.String())
	kzt, ok := cs.Find("KZT")
	require.True(t, ok)
	_, err = kzt.Convert(aeza.MustDecimal("369"))
	assert.ErrorIs(t, err, aeza.ErrNoMultiplier)
	try, ok := cs.Find("try")
	require.True(t, ok)
	v, err = try.Convert(aeza.MustDecimal("10"))
	require.NoError(t, err)
	assert.Equal(t, "4.0", v.String())
}

// Orders and reinstalls name the OS by slug (current servers) or id (older
// docs); the fake accepts both, refuses an unknown one, and services carry
// the slug, as real services do.
func TestOrderAndReinstallOSBySlugOrID(t *testing.T) {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	require.NoError(t, err)
	ctx := t.Context()
	alma := srv.AddOS(aeza.OS{Name: "AlmaLinux 9", Group: "alma", Enabled: true, Slug: "alma_9", Username: "root"})

	order := func(os aeza.OSRef) (aeza.Service, error) {
		res, err := c.Orders.Create(ctx, aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermHour, Name: "os-" + os.String(),
			ProductID: 3, Parameters: &aeza.OrderParameters{OS: os}})
		if err != nil {
			return aeza.Service{}, err
		}
		svc, _ := srv.Service(res.Items[0].CreatedServiceIDs[0])
		return svc, nil
	}
	for _, os := range []aeza.OSRef{aeza.OSSlug("ubuntu_2404"), aeza.OSSlug("UBUNTU_2404"), aeza.OSID(25)} {
		svc, err := order(os)
		require.NoError(t, err, os.String())
		assert.Equal(t, "ubuntu_2404", svc.Parameters.OS.Slug(), os.String())
	}
	svc, err := order(aeza.OSID(alma))
	require.NoError(t, err)
	assert.Equal(t, aeza.OSSlug("alma_9"), svc.Parameters.OS)
	_, err = order(aeza.OSSlug("windows_3_11"))
	var e *aeza.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "validation_error", e.Code)
	assert.Contains(t, e.Message, "windows_3_11")

	// the OS list gives the reference to send
	var debian aeza.OS
	for os, err := range c.OS.All(ctx, nil) {
		require.NoError(t, err)
		if os.Group == "debian" {
			debian = os
		}
	}
	require.NoError(t, c.Services.Reinstall(ctx, 101, aeza.ReinstallRequest{OS: debian.Ref(), Password: "fake-new-password"}))
	got, err := c.Services.Get(ctx, 101)
	require.NoError(t, err)
	assert.Equal(t, "debian_12", got.Parameters.OS.Slug())
	err = c.Services.Reinstall(ctx, 101, aeza.ReinstallRequest{OS: aeza.OSID(999), Password: "fake-new-password"})
	assert.Error(t, err)

	// on the wire the service's os is the slug string
	st, out := do(t, srv, "GET", "services/101", srv.APIKey, nil)
	require.Equal(t, 200, st)
	item := out["data"].(map[string]any)["items"].([]any)[0].(map[string]any)
	assert.Equal(t, "debian_12", item["parameters"].(map[string]any)["os"])
}

// The fake serves the group tree: a product's groupId names a server group,
// whose parent is the location.
func TestGroupTreeAndProductLocation(t *testing.T) {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	require.NoError(t, err)
	ctx := t.Context()
	fi := srv.AddGroup(aeza.Group{Type: aeza.ProductVPS, Name: "Helsinki", Role: aeza.GroupRoleLocation,
		Payload: aeza.GroupPayload{Code: "fi", Label: "FI"}})
	fiShared := srv.AddGroup(aeza.Group{Type: aeza.ProductVPS, Name: "Shared", ParentID: &fi,
		Payload: aeza.GroupPayload{Mode: "shared", Label: "FI-SHARED"}})
	orphanParent := int64(4040)
	orphan := srv.AddGroup(aeza.Group{Type: aeza.ProductVPS, Name: "Hidden", ParentID: &orphanParent})
	fiMini := srv.AddProduct(aeza.Product{Name: "FI-MINI", Type: aeza.ProductVPS, GroupID: fiShared,
		Prices: aeza.Prices{aeza.TermHour: {Value: aeza.MustDecimal("0.5")}}})

	tree, err := c.Groups.Tree(ctx, &aeza.GroupListOptions{Type: aeza.ProductVPS})
	require.NoError(t, err)
	want := map[int64]string{3: "de", 4: "nl", fiMini: "fi"}
	for p, err := range c.Products.All(ctx, nil) {
		require.NoError(t, err)
		loc, ok := tree.Location(p.GroupID)
		require.True(t, ok, p.Name)
		assert.Equal(t, want[p.ID], loc.Payload.Code, p.Name)
		if p.Group != nil {
			assert.Empty(t, p.Group.Payload.Code, "a product's own group is a server group, without a code")
		}
	}
	_, ok := tree.Location(orphan)
	assert.False(t, ok, "a group whose parent is missing has no location")

	// on the wire: parentId and role as real servers send them
	st, out := do(t, srv, "GET", "services/groups?type=vps", srv.APIKey, nil)
	require.Equal(t, 200, st)
	items := out["data"].(map[string]any)["items"].([]any)
	assert.Equal(t, "location", items[0].(map[string]any)["role"])
	assert.Equal(t, float64(1), items[1].(map[string]any)["parentId"])
}

// A fault aimed at one path hits only that path; the others are served, and
// ClearFaults drops what is still queued.
func TestAimedFaultHitsOnlyItsPath(t *testing.T) {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, err := srv.Client(aeza.WithRetry(aeza.RetryPolicy{}))
	require.NoError(t, err)
	ctx := t.Context()
	// as reported for an aeza.net account: payment/currencies answers 500
	srv.InjectFault(2, aezatest.Fault{Status: http.StatusInternalServerError, Path: "/api/payment/currencies",
		Body: []byte(`{"error":{"message":"Proxy internal server error"}}`)})

	_, err = c.Account.Current(ctx)
	require.NoError(t, err, "another path passes the aimed fault by")
	_, err = c.Products.Get(ctx, 3)
	require.NoError(t, err)
	_, err = c.Payments.Currencies(ctx)
	require.ErrorIs(t, err, aeza.ErrServer, "the aimed path gets it")
	assert.True(t, aeza.IsProxyError(err))
	_, err = c.Payments.Methods(ctx)
	require.NoError(t, err, "a neighboring path under payment/ is not aimed at")

	// Match aims at a request by what it carries
	srv.InjectFault(1, aezatest.Fault{Status: http.StatusTooManyRequests,
		Match: func(r *http.Request) bool { return r.URL.Query().Get("type") == "hicpu" }})
	_, err = c.Groups.List(ctx, &aeza.GroupListOptions{Type: aeza.ProductVPS})
	require.NoError(t, err)
	_, err = c.Groups.List(ctx, &aeza.GroupListOptions{Type: aeza.ProductHiCPU})
	require.ErrorIs(t, err, aeza.ErrRateLimited)

	srv.ClearFaults()
	_, err = c.Payments.Currencies(ctx)
	require.NoError(t, err, "the second queued fault was cleared")
	assert.Equal(t, 7, srv.Requests(), "every request counts, faults included")
}

// A service an order creates is in its product's location (from the group
// tree) and has the product's resources.
func TestOrderedServiceLocationAndResources(t *testing.T) {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	require.NoError(t, err)
	res, err := c.Orders.Create(t.Context(), aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermHour, ProductID: 4})
	require.NoError(t, err)
	svc, err := c.Services.Get(t.Context(), res.Items[0].CreatedServiceIDs[0])
	require.NoError(t, err)
	assert.Equal(t, "nl", svc.LocationCode, "NL-PRO sits under the Netherlands location")
	assert.Equal(t, "8", svc.SummaryConfiguration.RAM.Count.String())
}

// The fakes share one vocabulary: counts named as counts (RequestCount,
// ServiceCount, OrderCount, SSHKeyCount; the older names still work).
func TestSharedVocabulary(t *testing.T) {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	require.NoError(t, err)
	_, err = c.Account.Current(context.Background())
	require.NoError(t, err)
	srv.AddServices(3)
	assert.Equal(t, 1, srv.RequestCount())
	assert.Equal(t, srv.RequestCount(), srv.Requests())
	assert.Equal(t, srv.Services(), srv.ServiceCount())
	assert.GreaterOrEqual(t, srv.ServiceCount(), 3)
	assert.Equal(t, 0, srv.OrderCount())
	assert.Equal(t, srv.OrderCount(), srv.Orders())
	assert.Equal(t, srv.SSHKeys(), srv.SSHKeyCount())
}
