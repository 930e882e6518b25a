package aeza_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
)

func fastRetry() aeza.Option {
	return aeza.WithRetry(aeza.RetryPolicy{MaxRetries: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond,
		MaxRetryAfter: 10 * time.Millisecond})
}

func newFake(t *testing.T, opts ...aezatest.ServerOption) (*aezatest.Server, *aeza.Client) {
	t.Helper()
	srv := aezatest.NewServer(opts...)
	t.Cleanup(srv.Close)
	c, err := srv.Client(fastRetry())
	require.NoError(t, err)
	return srv, c
}

func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func TestFakeAuthAndNotFound(t *testing.T) {
	t.Parallel()
	srv, _ := newFake(t)
	bad, err := aeza.NewClient("wrong-key-not-real", aeza.WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = bad.Account.Current(context.Background())
	require.ErrorIs(t, err, aeza.ErrUnauthorized)
	var e *aeza.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "unauthorized", e.Code)
	assert.NotContains(t, err.Error(), "wrong-key-not-real")

	c, _ := srv.Client()
	_, err = c.Services.Get(context.Background(), 999999)
	assert.ErrorIs(t, err, aeza.ErrNotFound)
	_, err = c.Orders.Get(context.Background(), 999999)
	assert.ErrorIs(t, err, aeza.ErrNotFound)
	err = c.Do(context.Background(), &aeza.Request{Path: "no/such/route"}, nil)
	assert.ErrorIs(t, err, aeza.ErrServer)
	assert.True(t, aeza.IsProxyError(err))
}

func TestFakeServiceLifecycle(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	require.NoError(t, c.Services.Suspend(ctx, 101))
	s, _ := srv.Service(101)
	assert.Equal(t, aeza.StatusSuspended, s.Status)
	err := c.Services.Reboot(ctx, 101)
	require.Error(t, err, "cannot reboot a suspended service")
	var e *aeza.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "invalid_action", e.Code)
	require.NoError(t, c.Services.Resume(ctx, 101))
	require.NoError(t, c.Services.Reboot(ctx, 101))
	tasks := collect(t, c.Services.AllTasks(ctx, 101, &aeza.ListOptions{Count: 1}))
	assert.Len(t, tasks, 3)

	name := "renamed"
	u, err := c.Services.Update(ctx, 101, aeza.ServiceUpdate{Name: &name})
	require.NoError(t, err)
	assert.Equal(t, "renamed", u.Name)
	assert.True(t, u.AutoProlong)
	require.NoError(t, c.Services.ChangePassword(ctx, 101, "fake-new-password"))
	require.NoError(t, c.Services.Reinstall(ctx, 101, aeza.ReinstallRequest{OS: aeza.OSID(25), Password: "fake-new-password"}))
	got, err := c.Services.Get(ctx, 101)
	require.NoError(t, err)
	assert.NotContains(t, fmt.Sprintf("%+v", got), "fake-new-password")

	tx, err := c.Services.Prolong(ctx, 101, aeza.ProlongRequest{Method: "balance", Term: aeza.TermMonth, Count: 2})
	require.NoError(t, err)
	assert.Equal(t, "-73800", tx.Amount.String(), "kopecks")
	assert.Equal(t, "262.00", srv.Balance().String())
	_, err = c.Services.Prolong(ctx, 101, aeza.ProlongRequest{Method: "balance", Term: aeza.TermMonth, Count: 1})
	assert.ErrorIs(t, err, aeza.ErrForbidden, "balance too low")
	assert.Equal(t, "262.00", srv.Balance().String())

	require.NoError(t, c.Services.Delete(ctx, 101))
	_, err = c.Services.Get(ctx, 101)
	assert.ErrorIs(t, err, aeza.ErrNotFound)
}

func TestFakeOrderAndPoll(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, aezatest.WithOrderDelay(30*time.Millisecond), aezatest.WithBalance(aeza.MustDecimal("10")))
	ctx := context.Background()
	res, err := c.Orders.Create(ctx, aeza.OrderRequest{Method: "balance", Count: 2, Term: aeza.TermHour, Name: "n", ProductID: 3})
	require.NoError(t, err)
	require.False(t, res.Items[0].Done())
	assert.Equal(t, "8.68", srv.Balance().String())

	o, err := c.Orders.Wait(ctx, res.Items[0].ID, 5*time.Millisecond)
	require.NoError(t, err)
	require.Len(t, o.CreatedServiceIDs, 2)
	for _, id := range o.CreatedServiceIDs {
		s, err := c.Services.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, aeza.StatusActive, s.Status)
	}

	_, err = c.Orders.Create(ctx, aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermYear, Name: "big", ProductID: 3})
	assert.ErrorIs(t, err, aeza.ErrForbidden)
}

func TestWaitStopsWithContext(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, aezatest.WithOrderDelay(time.Hour))
	res, err := c.Orders.Create(context.Background(), aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermHour, ProductID: 3})
	require.NoError(t, err)
	// The 100 ms interval is raised to MinPollInterval (500 ms): polls at 0,
	// 0.5 and 1 s before the deadline; long enough that the first poll lands
	// on a loaded machine (2 cores, -race).
	ctx, cancel := context.WithTimeout(context.Background(), 1200*time.Millisecond)
	defer cancel()
	start := time.Now()
	before := srv.Requests()
	o, err := c.Orders.Wait(ctx, res.Items[0].ID, 100*time.Millisecond)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second)
	require.NotNil(t, o, "last seen order returned")
	assert.False(t, o.Done())
	polls := srv.Requests() - before
	assert.GreaterOrEqual(t, polls, 2)
	assert.LessOrEqual(t, polls, 6, "waits between polls")
}

func TestReadRetriedOn503(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(2, aezatest.Fault{Status: http.StatusServiceUnavailable})
	before := srv.Requests()
	_, err := c.Products.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, 3, srv.Requests()-before)
}

func TestMoneyCallsNeverRetried(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	calls := map[string]func() error{
		"order": func() error {
			_, err := c.Orders.Create(ctx, aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermHour, ProductID: 3})
			return err
		},
		"prolong": func() error {
			_, err := c.Services.Prolong(ctx, 101, aeza.ProlongRequest{Method: "balance", Term: aeza.TermHour, Count: 1})
			return err
		},
		"invoice": func() error {
			_, err := c.Payments.CreateInvoice(ctx, aeza.InvoiceRequest{Method: "unitpay:card", Amount: aeza.MustDecimal("500")})
			return err
		},
	}
	for name, call := range calls {
		for _, st := range []int{http.StatusServiceUnavailable, http.StatusTooManyRequests, http.StatusBadGateway} {
			srv.InjectFault(1, aezatest.Fault{Status: st})
			before := srv.Requests()
			err := call()
			require.Error(t, err, name)
			assert.Equal(t, 1, srv.Requests()-before, "%s sent once on %d", name, st)
			srv.InjectFault(0, aezatest.Fault{})
		}
	}
	assert.Equal(t, "1000.00", srv.Balance().String())
	assert.Equal(t, 0, srv.Orders())
}

// resetServer drops the connection of every request without answering.
func resetServer(t *testing.T) (string, *atomic.Int64) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &hits
}

func TestMoneyCallsNotRetriedOnConnectionReset(t *testing.T) {
	t.Parallel()
	url, hits := resetServer(t)
	c, err := aeza.NewClient("test-token-not-real", aeza.WithBaseURL(url), fastRetry())
	require.NoError(t, err)
	ctx := context.Background()
	_, err = c.Orders.Create(ctx, aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermHour, ProductID: 3})
	require.Error(t, err)
	assert.Equal(t, int64(1), hits.Load(), "order")
	_, err = c.Services.Prolong(ctx, 1, aeza.ProlongRequest{Method: "balance", Term: aeza.TermHour, Count: 1})
	require.Error(t, err)
	assert.Equal(t, int64(2), hits.Load(), "prolong")
	_, err = c.Payments.CreateInvoice(ctx, aeza.InvoiceRequest{Method: "x", Amount: aeza.MustDecimal("1")})
	require.Error(t, err)
	assert.Equal(t, int64(3), hits.Load(), "invoice")
	_, err = c.OS.List(ctx, nil)
	require.Error(t, err)
	assert.Equal(t, int64(6), hits.Load(), "a read is retried")
}

func TestRateLimitedWithRetryAfter(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(1, aezatest.Fault{Status: http.StatusTooManyRequests, RetryAfter: 30 * time.Second,
		Body: []byte(`{"error":{"slug":"too_many_requests","message":"slow down"}}`)})
	start := time.Now()
	_, err := c.Products.List(context.Background(), nil)
	require.ErrorIs(t, err, aeza.ErrRateLimited)
	assert.Less(t, time.Since(start), 5*time.Second, "a long Retry-After is not waited for")
	var e *aeza.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 30*time.Second, e.RetryAfter)
	assert.Equal(t, "too_many_requests", e.Code)

	// a short one is honored and retried
	srv.InjectFault(1, aezatest.Fault{Status: http.StatusTooManyRequests})
	_, err = c.Products.List(context.Background(), nil)
	require.NoError(t, err)
}

func TestInBandErrorOn200(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Ratelimit-Remaining", "0")
		_, _ = w.Write([]byte(`{"error":{"slug":"product_unavailable","message":"Product is out of stock","data":{"productId":3}}}`))
	}))
	defer srv.Close()
	c, err := aeza.NewClient("test-token-not-real", aeza.WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = c.Orders.Create(context.Background(), aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermHour, ProductID: 3})
	var e *aeza.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 200, e.StatusCode)
	assert.Equal(t, "product_unavailable", e.Code)
	assert.Equal(t, "Product is out of stock", e.Message)
	rl, ok := aeza.RateLimitOf(err)
	require.True(t, ok)
	assert.Equal(t, 0, rl.Remaining)
	assert.Equal(t, -1, rl.Limit)
}

func TestContextCanceled(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Account.Current(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	for _, err := range c.Services.All(ctx, nil) {
		assert.True(t, errors.Is(err, context.Canceled))
	}
}

func TestDoEscapeHatch(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	var out aeza.List[map[string]any]
	require.NoError(t, c.Do(context.Background(), &aeza.Request{Path: "services/products", Query: &aeza.ListOptions{Count: 1}}, &out))
	assert.Len(t, out.Items, 1)
	assert.Equal(t, 2, out.Total)
	var raw json.RawMessage
	require.NoError(t, c.Do(context.Background(), &aeza.Request{Method: http.MethodPost, Path: "payment/invoices", NoRetry: true,
		Body: map[string]any{"method": "unitpay:card", "amount": 10}}, &raw))
	assert.Contains(t, string(raw), "pay.example.invalid")
}

func TestFakeCurrenciesAndAccount(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	a, err := c.Account.Current(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "100000", a.Balance.String(), "kopecks on the wire, as Aeza sends minor units")
	srv.SetBalance(aeza.MustDecimal("5.5"))
	a, err = c.Account.Current(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "550", a.Balance.String())
	cs, err := c.Payments.Currencies(context.Background())
	require.NoError(t, err)
	eur, ok := cs.Find("EUR")
	require.True(t, ok)
	v, err := eur.Convert(aeza.MustDecimal("369"))
	require.NoError(t, err)
	assert.Equal(t, "3.81", v.String()) // 3.8007 rounds up
	ms, err := c.Payments.Methods(context.Background())
	require.NoError(t, err)
	assert.Len(t, ms, 2)
}
