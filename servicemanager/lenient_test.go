package servicemanager_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/internal/fixture"
	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// oddValues are the JSON types a field may arrive as, whatever its Go type.
var oddValues = []string{`true`, `"odd text"`, `7`, `null`, `{"a":1}`, `[1,"b"]`}

// accountCases are the subscriber methods whose answers carry fields, with
// public_id added to the account objects (round 2: 1C's library reads it).
func accountCases() []groupCase {
	return []groupCase{
		{"account_info", func(ctx context.Context, c *sm.Client) (any, error) { return c.Accounts.Info(ctx, 1010) }, nil},
		{"account_list", func(ctx context.Context, c *sm.Client) (any, error) { return c.Accounts.List(ctx) }, nil},
		{"account_servant_info", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Accounts.ServantInfo(ctx, 1010) //nolint:staticcheck // still wrapped
		}, nil},
		{"account_attached_info", func(ctx context.Context, c *sm.Client) (any, error) { return c.Accounts.AttachedInfo(ctx, 1010) }, nil},
		{"users_list", func(ctx context.Context, c *sm.Client) (any, error) { return c.Users.List(ctx, 1010) }, nil},
		{"users_info", func(ctx context.Context, c *sm.Client) (any, error) { return c.Users.Info(ctx, 1010, "Abramov") }, nil},
		{"servants_list", func(ctx context.Context, c *sm.Client) (any, error) { return c.Servants.List(ctx, 1010) }, nil},
		{"servant_tariffs_info", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.ServantTariffs.Info(ctx, 1010, sm.ServantTariffRef{Servant: 1000, ID: "099"})
		}, nil},
		{"servant_tariffs_list", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.ServantTariffs.List(ctx, 1010, 1000, nil)
		}, nil},
	}
}

// mutations returns, for every field of the answer body (every member
// inside the result objects and lists, and every scalar result member at
// the top; not the general block), the body with that field set to each of
// oddValues, named by the field's path.
func mutations(t *testing.T, body []byte) map[string][]byte {
	t.Helper()
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&doc))
	out := map[string][]byte{}
	set := func(path string, assign func(v any), restore func()) {
		for _, odd := range oddValues {
			var v any
			require.NoError(t, json.Unmarshal([]byte(odd), &v))
			assign(v)
			b, err := json.Marshal(doc)
			require.NoError(t, err)
			out[path+"="+odd] = b
		}
		restore()
	}
	var walk func(path string, obj map[string]any)
	walk = func(path string, obj map[string]any) {
		for k, v := range obj {
			p := path + "." + k
			set(p, func(x any) { obj[k] = x }, func() { obj[k] = v })
			walkValue(p, v, walk)
		}
	}
	for k, v := range doc {
		if k == "general" {
			continue
		}
		switch v.(type) {
		case map[string]any, []any:
			walkValue(k, v, walk)
		default: // a scalar result (token, url, id, ready, html, ...)
			set(k, func(x any) { doc[k] = x }, func() { doc[k] = v })
		}
	}
	return out
}

// walkValue walks the objects in v (v itself, or the items of a list).
func walkValue(path string, v any, walk func(string, map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		walk(path, x)
	case []any:
		for _, it := range x {
			if m, ok := it.(map[string]any); ok {
				walk(path+"[]", m)
			}
		}
	}
}

// withPublicID adds public_id to the account objects of an account answer.
func withPublicID(t *testing.T, name string, body []byte) []byte {
	if name != "account_info" && name != "account_list" {
		return body
	}
	var doc map[string]any
	require.NoError(t, json.Unmarshal(body, &doc))
	switch a := doc["account"].(type) {
	case map[string]any:
		a["public_id"] = "6d0bd2d3-4f0a-11ee-8c99-0242ac120002"
	case []any:
		for _, it := range a {
			it.(map[string]any)["public_id"] = "6d0bd2d3-4f0a-11ee-8c99-0242ac120002"
		}
	}
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	return b
}

// Issue 20: every field of the answers whose type no captured payload
// settles (the groups beyond account/*, from 1C's library and public
// scripts; account.public_id, round 2) — and the documented ones too — may
// arrive as a bool, a string, a number, null, an object or an array, and the
// answer still decodes: the odd value is kept as text where the field is
// text, read as its number where a string holds one, or zero. Before, one
// such value failed the whole answer with ErrDecode (for example "cannot
// unmarshal string into Go struct field Tenant.tenant.id of type int64").
func TestEveryFieldToleratesEveryJSONType(t *testing.T) {
	cases := append(groupCases(), accountCases()...)
	fields, failures := 0, 0
	for _, tc := range cases {
		fx, err := fixture.Load("testdata/" + tc.fixture + ".json")
		require.NoError(t, err)
		body := withPublicID(t, tc.fixture, fx.Response.BodyBytes())
		muts := mutations(t, body)
		if len(muts) == 0 {
			continue // an answer with nothing but the general block
		}
		for name, b := range muts {
			fields++
			c, err := sm.NewClient(sm.DefaultBaseURL, sm.WithBasicAuth(testLogin, testPassword), sm.WithServerVersion(23),
				sm.WithHTTPClient(&http.Client{Transport: bodyTransport{http.StatusOK, string(b)}}), sm.WithRetry(sm.RetryPolicy{}))
			require.NoError(t, err)
			got, err := tc.call(context.Background(), c)
			if !assert.NoError(t, err, "%s: %s", tc.fixture, name) {
				failures++
				continue
			}
			if strings.Contains(tc.fixture, "info") || strings.Contains(tc.fixture, "account_attached") {
				assert.NotNil(t, got, "%s: %s", tc.fixture, name)
			}
		}
	}
	t.Logf("%d field mutations over %d answers, %d failed", fields, len(cases), failures)
	assert.Greater(t, fields, 1000)
}

// What an odd value reads as: a string holding a number in a number field
// keeps the number, any value in a text field keeps its text, anything else
// is zero; the other fields of the answer are kept.
func TestOddValuesReadAs(t *testing.T) {
	call := func(body string, f func(c *sm.Client) (any, error)) any {
		c, err := sm.NewClient(sm.DefaultBaseURL, sm.WithBasicAuth(testLogin, testPassword), sm.WithServerVersion(23),
			sm.WithHTTPClient(&http.Client{Transport: bodyTransport{http.StatusOK, body}}))
		require.NoError(t, err)
		got, err := f(c)
		require.NoError(t, err, body)
		return got
	}
	const g = `"general":{"response":10200}`
	tn := call(`{"tenant":{"id":"12345","name":"Бухгалтерия","owner":{"id":1},"status":"used","url":7},`+g+`}`,
		func(c *sm.Client) (any, error) { return c.Tenants.Info(context.Background(), 1010, 12345) }).(*sm.Tenant)
	assert.Equal(t, sm.Tenant{ID: 12345, Name: "Бухгалтерия", Status: sm.TenantUsed, URL: "7"}, *tn)

	a := call(`{"account":{"id":1010,"name":"ООО Ромашка","public_id":true},`+g+`}`,
		func(c *sm.Client) (any, error) { return c.Accounts.Info(context.Background(), 1010) }).(*sm.Account)
	assert.Equal(t, sm.Account{ID: 1010, Name: "ООО Ромашка", PublicID: "true"}, *a)
	a = call(`{"account":{"id":1010,"name":"ООО Ромашка","public_id":"6d0bd2d3-4f0a-11ee-8c99-0242ac120002"},`+g+`}`,
		func(c *sm.Client) (any, error) { return c.Accounts.Info(context.Background(), 1010) }).(*sm.Account)
	assert.Equal(t, "6d0bd2d3-4f0a-11ee-8c99-0242ac120002", a.PublicID, "decoded on the strict path too")

	b := call(`{"bill":{"id":9,"paid":"true","renewal":"yes","total_cost":"abc","tariffs":{"x":1},"status":"paid","files":[{"id":"f1"},5]},`+g+`}`,
		func(c *sm.Client) (any, error) {
			return c.Bills.Info(context.Background(), 1010, sm.BillRef{ID: "9"})
		}).(*sm.Bill)
	assert.Equal(t, "9", b.ID)
	assert.True(t, b.Paid)
	assert.False(t, b.Renewal)
	assert.Empty(t, b.TotalCost, "an Amount keeps its own rules: zero where it refuses the value")
	assert.Nil(t, b.Tariffs)
	assert.Nil(t, b.Status)
	assert.Equal(t, []sm.BillFile{{ID: "f1"}, {}}, b.Files)

	// A top-level result and the version answer too.
	ft := call(`{"token":12,"url":"https://x.example/f",`+g+`}`,
		func(c *sm.Client) (any, error) { return c.Backups.DownloadToken(context.Background(), 1010, "b1") }).(*sm.FileToken)
	assert.Equal(t, sm.FileToken{Token: "12", URL: "https://x.example/f"}, *ft)
	v := call(`{"version":"23","sm_version":1.1,"sm_timezone":null}`,
		func(c *sm.Client) (any, error) { return c.Version(context.Background()) }).(*sm.VersionInfo)
	assert.Equal(t, sm.VersionInfo{Version: 23, SMVersion: "1.1"}, *v)

	// Not valid JSON is still a decode error.
	c, err := sm.NewClient(sm.DefaultBaseURL, sm.WithBasicAuth(testLogin, testPassword), sm.WithServerVersion(23),
		sm.WithHTTPClient(&http.Client{Transport: bodyTransport{http.StatusOK, `{"tenant":{"id":1,` + g + `}`}}))
	require.NoError(t, err)
	_, err = c.Tenants.Info(context.Background(), 1010, 1)
	require.ErrorIs(t, err, sm.ErrDecode)
}
