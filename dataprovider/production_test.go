package dataprovider_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	dp "github.com/ruapi/ruapi-go/dataprovider"
)

type seenReq struct {
	method, path, auth, trace string
	at                        time.Time
}

// answering records requests and answers with the status the test sets.
type answering struct {
	*httptest.Server
	mu     sync.Mutex
	seen   []seenReq
	status atomic.Int32
	body   string
}

func newAnswering(t *testing.T, body string) *answering {
	t.Helper()
	a := &answering{body: body}
	a.status.Store(http.StatusOK)
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.seen = append(a.seen, seenReq{r.Method, r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("X-Trace-Id"), time.Now()})
		a.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "dp-1")
		code := int(a.status.Load())
		w.WriteHeader(code)
		if code == http.StatusOK {
			_, _ = w.Write([]byte(a.body))
		} else {
			_, _ = fmt.Fprintf(w, `{"error":"e","message":"token %s"}`, r.Header.Get("Authorization"))
		}
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *answering) count() int { a.mu.Lock(); defer a.mu.Unlock(); return len(a.seen) }
func (a *answering) last() seenReq {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.seen[len(a.seen)-1]
}

var quick = dp.RetryPolicy{MaxRetries: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond}

func TestPerCallOptions(t *testing.T) {
	t.Parallel()
	a := newAnswering(t, `[]`)
	c, err := dp.NewClient(a.URL, dp.WithBearerToken("test-token-not-real"), dp.WithRetry(quick))
	require.NoError(t, err)
	ctx := context.Background()
	var info dp.ResponseInfo
	_, err = c.Contracts.ByUser(ctx, "58208891", dp.WithResponseInto(&info), dp.WithHeader("X-Trace-Id", "t-9"))
	require.NoError(t, err)
	assert.Equal(t, "t-9", a.last().trace)
	assert.Equal(t, 200, info.StatusCode)
	assert.Equal(t, "dp-1", info.RequestID)
	assert.Equal(t, "contracts.byUser", info.Operation)

	a.status.Store(http.StatusBadGateway)
	before := a.count()
	_, err = c.Services.List(ctx, dp.WithResponseInto(&info))
	require.ErrorIs(t, err, dp.ErrServer)
	assert.Equal(t, 502, info.StatusCode)
	assert.Equal(t, 3, a.count()-before)

	before = a.count()
	_, err = c.Tariffs.List(ctx, dp.WithCallRetry(dp.RetryPolicy{}))
	require.Error(t, err)
	assert.Equal(t, 1, a.count()-before)

	before = a.count()
	_, err = c.Auth.Check(ctx, "1595", "58208891", dp.WithCallRetry(dp.RetryPolicy{MaxRetries: 5}))
	require.Error(t, err)
	assert.Equal(t, 1, a.count()-before, "the auth call is never retried")
	assert.NotContains(t, err.Error(), "test-token-not-real")

	_, err = c.Services.List(ctx, dp.WithCallTimeout(-time.Second))
	require.ErrorIs(t, err, dp.ErrInvalidArgument)
}

type rotatingSource struct{ gen atomic.Int32 }

func (r *rotatingSource) Token() (*oauth2.Token, error) {
	return &oauth2.Token{AccessToken: fmt.Sprintf("dp-oauth-not-real-%02d", r.gen.Load())}, nil
}

func TestTokenSourceAndRateLimit(t *testing.T) {
	t.Parallel()
	a := newAnswering(t, `[]`)
	ts := &rotatingSource{}
	c, err := dp.NewClient(a.URL, dp.WithTokenSource(ts), dp.WithRateLimit(50, 1))
	require.NoError(t, err)
	ctx := context.Background()
	start := time.Now()
	for range 6 {
		_, err = c.Services.List(ctx)
		require.NoError(t, err)
	}
	assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond, "six calls at 50 a second wait five intervals of 20 ms")
	assert.Equal(t, "Bearer dp-oauth-not-real-00", a.last().auth)

	a.status.Store(http.StatusUnauthorized)
	ts.gen.Add(1)
	_, err = c.Services.List(ctx)
	require.ErrorIs(t, err, dp.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "dp-oauth-not-real")

	_, err = dp.NewClient(a.URL, dp.WithTokenSource(ts), dp.WithBasicAuth("u", "p"))
	require.ErrorIs(t, err, dp.ErrInvalidArgument, "two auth options")
	_, err = dp.NewClient(a.URL, dp.WithTokenSource(nil))
	require.ErrorIs(t, err, dp.ErrInvalidArgument)
}

func TestOperationNameForCallbacks(t *testing.T) {
	t.Parallel()
	a := newAnswering(t, `{}`)
	var ops []string
	var mu sync.Mutex
	hc := &http.Client{Transport: rtFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		ops = append(ops, dp.OperationName(r))
		mu.Unlock()
		return http.DefaultTransport.RoundTrip(r)
	})}
	cb, err := dp.NewCallbackClient(a.URL, "core", "test-password-not-real", dp.WithHTTPClient(hc))
	require.NoError(t, err)
	require.NoError(t, cb.ChargesChanged(context.Background(), "58208891", dp.WithHeader("X-Trace-Id", "cb-1")))
	assert.Equal(t, []string{"callbacks.chargesChanged"}, ops)
	assert.Equal(t, "cb-1", a.last().trace)
}

type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
