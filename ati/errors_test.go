package ati_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
)

func TestStatusSentinels(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status int
		body   string
		kind   error
		code   string
	}{
		{400, `{"error":"bad_request","reason":"bad"}`, nil, "bad_request"},
		{401, `{"error":"unauthorized","reason":"no token"}`, ati.ErrUnauthorized, "unauthorized"},
		{402, `{"error":"payment_required","reason":"no atis"}`, ati.ErrPaymentRequired, "payment_required"},
		{403, `{"error_code":"forbidden","reason":"no access"}`, ati.ErrForbidden, "forbidden"},
		{404, `{"error_code":"not_found","reason":"nope"}`, ati.ErrNotFound, "not_found"},
		{429, `{"error":"too_many","reason":"slow down"}`, ati.ErrRateLimited, "too_many"},
		{500, `{"error":"internal","reason":"boom"}`, ati.ErrServer, "internal"},
		{504, `{"error":"timeout","reason":"gw"}`, ati.ErrServer, "timeout"},
	}
	for _, tc := range cases {
		srv := atitest.NewServer()
		c, err := srv.Client(ati.WithRetry(ati.RetryPolicy{}))
		require.NoError(t, err)
		srv.InjectFault(1, atitest.Fault{Status: tc.status, Body: []byte(tc.body)})
		_, err = c.Billing.Balance(context.Background())
		var e *ati.Error
		require.ErrorAs(t, err, &e, tc.status)
		assert.Equal(t, tc.status, e.StatusCode)
		assert.Equal(t, tc.code, e.Code)
		assert.NotEmpty(t, e.Message)
		if tc.kind != nil {
			assert.ErrorIs(t, err, tc.kind, tc.status)
		}
		srv.Close()
	}
}

func TestHTML502AndTruncated(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, ati.WithRetry(ati.RetryPolicy{}))
	srv.InjectFault(1, atitest.Fault{Status: 502, Body: []byte("<html><body>502 Bad Gateway</body></html>"), ContentType: "text/html"})
	_, err := c.Organizations.List(context.Background())
	require.ErrorIs(t, err, ati.ErrServer)
	var e *ati.Error
	require.ErrorAs(t, err, &e)
	assert.Contains(t, e.Message, "502 Bad Gateway")

	srv.InjectFault(1, atitest.Fault{Status: 200, Body: []byte(`[{"id":"x","name":`)})
	_, err = c.Organizations.List(context.Background())
	require.ErrorIs(t, err, ati.ErrDecode)
}

func TestRetryReadsAndPutNotPost(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := newFake(t)
	srv.InjectFault(2, atitest.Fault{Status: 503})
	before := srv.Requests()
	_, err := c.Organizations.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, srv.Requests()-before)

	srv.InjectFault(1, atitest.Fault{Status: 503})
	before = srv.Requests()
	_, err = c.ContactPersons.Create(ctx, &ati.ContactPersonInput{Name: ati.Ptr("x")})
	require.ErrorIs(t, err, ati.ErrServer)
	assert.Equal(t, 1, srv.Requests()-before, "create must not be re-sent")

	srv.InjectFault(1, atitest.Fault{Status: 502})
	before = srv.Requests()
	_, err = c.ContactPersons.Update(ctx, atitest.SeedContactPersonID, &ati.ContactPersonInput{Name: ati.Ptr("y")})
	require.NoError(t, err)
	assert.Equal(t, 2, srv.Requests()-before, "PUT retries")

	srv.InjectFault(1, atitest.Fault{Status: 429})
	before = srv.Requests()
	_, err = c.Organizations.FilterByDepartments(ctx, []int32{1})
	require.NoError(t, err)
	assert.Equal(t, 2, srv.Requests()-before, "the read-only filter POST retries")
}

func TestRateLimitedRetryAfter(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, ati.WithRetry(ati.RetryPolicy{}))
	srv.InjectFault(1, atitest.Fault{Status: 429, RetryAfter: 3 * time.Second, Body: []byte(`{"error":"rate_limit","reason":"10 rps"}`)})
	_, err := c.Billing.Balance(context.Background())
	require.ErrorIs(t, err, ati.ErrRateLimited)
	var e *ati.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 3*time.Second, e.RetryAfter)
	assert.Equal(t, "rate_limit", e.Code)
}

func TestDefaultRetryPolicy(t *testing.T) {
	t.Parallel()
	p := ati.DefaultRetryPolicy()
	assert.Equal(t, 100*time.Millisecond, p.WaitMin)
	assert.Positive(t, p.MaxRetries)
}

func TestUnknownEnumsAndOneOfForms(t *testing.T) {
	t.Parallel()
	body := `{"id":"g","residency":999,"docs_address":"Москва, ул. Примерная, 1",
	  "addresses":[{"id":"a","address_type":42}]}`
	var o ati.Organization
	require.NoError(t, json.Unmarshal([]byte(body), &o))
	assert.Equal(t, ati.Residency(999), o.Residency.Value)
	assert.Equal(t, "Residency(999)", o.Residency.String())
	assert.False(t, o.DocsAddress.IsPostal())
	assert.JSONEq(t, `"Москва, ул. Примерная, 1"`, string(o.DocsAddress.Raw))
	assert.Equal(t, "AddressType(42)", o.Addresses[0].Type.String())
	out, err := json.Marshal(o.DocsAddress)
	require.NoError(t, err)
	assert.JSONEq(t, `"Москва, ул. Примерная, 1"`, string(out))

	for in, want := range map[string]ati.Residency{`"2"`: 2, `{"prop0":3}`: 3, `{}`: 0, `"x"`: 0, `null`: 0, `[1]`: 0} {
		var f ati.ResidencyField
		require.NoError(t, json.Unmarshal([]byte(in), &f), in)
		assert.Equal(t, want, f.Value, in)
		out, err := json.Marshal(f)
		require.NoError(t, err)
		if want == 0 {
			assert.JSONEq(t, in, string(out), in)
		}
	}
	out, err = json.Marshal(ati.Ptr(ati.ResidencyField{Value: ati.ResidencyBelarus}))
	require.NoError(t, err)
	assert.Equal(t, "3", string(out))
	assert.Equal(t, "Belarus", ati.ResidencyBelarus.String())
	assert.Equal(t, "warehouse", ati.AddressWarehouse.String())
}

func TestIntegratorUserAgent(t *testing.T) {
	t.Parallel()
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		_, _ = w.Write([]byte(`{"balance":1}`))
	}))
	defer srv.Close()
	c, err := ati.NewClient("test-token-not-real", ati.WithBaseURL(srv.URL), ati.WithIntegratorCode("12345"), ati.WithUserAgent("myapp/1.0"))
	require.NoError(t, err)
	_, err = c.Billing.Balance(context.Background())
	require.NoError(t, err)
	got, _ := ua.Load().(string)
	assert.True(t, strings.HasPrefix(got, "ati_integrator_12345 ruapi-go/"), got)
	assert.True(t, strings.HasSuffix(got, " myapp/1.0"), got)
}

func TestDoEscapeHatch(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	var b ati.Balance
	require.NoError(t, c.Do(context.Background(), &ati.Request{Path: "/v1.0/balance"}, &b))
	assert.Equal(t, "100.50", b.Balance.String())
	var raw json.RawMessage
	require.NoError(t, c.Do(context.Background(), &ati.Request{Path: "v1.2/catalogs/organizations/addresses/types"}, &raw))
	assert.Contains(t, string(raw), "Warehouse")
	require.ErrorIs(t, c.Do(context.Background(), nil, nil), ati.ErrInvalidArgument)
}

func TestContextCanceled(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Billing.Balance(ctx)
	require.ErrorIs(t, err, context.Canceled)
}

func TestLoggerRedactsToken(t *testing.T) {
	t.Parallel()
	var buf strings.Builder
	var mu sync.Mutex
	srv := atitest.NewServer()
	defer srv.Close()
	l := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return buf.Write(p)
	}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := srv.Client(ati.WithLogger(l), fastRetry)
	require.NoError(t, err)
	srv.InjectFault(1, atitest.Fault{Status: 503})
	_, err = c.Billing.Balance(context.Background())
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	assert.NotEmpty(t, buf.String())
	assert.NotContains(t, buf.String(), srv.Token)
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// The shared Request has Operation in every package: ATI's Do names the
// call by it ("do" when empty), as Aeza's always did.
func TestDoOperationName(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	var info ati.ResponseInfo
	var b ati.Balance
	require.NoError(t, c.Do(context.Background(), &ati.Request{Path: "v1.0/balance", Operation: "billing.balance.raw"}, &b,
		ati.WithResponseInto(&info)))
	assert.Equal(t, "billing.balance.raw", info.Operation)
	require.NoError(t, c.Do(context.Background(), &ati.Request{Path: "v1.0/balance"}, &b, ati.WithResponseInto(&info)))
	assert.Equal(t, "do", info.Operation)
}
