package servicemanager_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/ruapi/ruapi-go/servicemanager/smtest"
)

// answerSM replies with the next body in line (the last one repeats) and
// records what arrived.
type answerSM struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []string
	status []int
	seen   []*http.Request
	n      int
}

func newAnswerSM(t *testing.T, status []int, bodies ...string) *answerSM {
	t.Helper()
	a := &answerSM{bodies: bodies, status: status}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		a.mu.Lock()
		i := min(a.n, len(a.bodies)-1)
		a.n++
		a.seen = append(a.seen, r.Clone(context.Background()))
		a.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", fmt.Sprintf("sm-%d", i))
		w.WriteHeader(a.status[min(i, len(a.status)-1)])
		_, _ = io.WriteString(w, a.bodies[i])
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *answerSM) count() int { a.mu.Lock(); defer a.mu.Unlock(); return a.n }

func (a *answerSM) last() *http.Request {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.seen[len(a.seen)-1]
}

var quickSM = sm.RetryPolicy{MaxRetries: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond}

const usersOK = `{"general":{"error":false,"response":10200,"message":"","sm_version":"1.0.95.3","sm_timezone":"Europe/Moscow"},"user":[]}`

func TestResponseIntoCarriesGeneral(t *testing.T) {
	t.Parallel()
	a := newAnswerSM(t, []int{503, 200, 200}, `{}`, usersOK,
		`{"general":{"error":true,"response":10406,"message":"Свойство 'ИНН' не найдено."}}`)
	c, err := sm.NewClient(a.URL+"/a/adm", sm.WithBasicAuth("svc", "pw-not-real"), sm.WithRetry(quickSM), sm.WithMethodInBody())
	require.NoError(t, err)
	ctx := context.Background()

	var info sm.ResponseInfo
	_, err = c.Users.List(ctx, 1010, sm.WithResponseInto(&info), sm.WithHeader("X-Trace-Id", "sm-trace"))
	require.NoError(t, err)
	assert.Equal(t, 200, info.StatusCode)
	assert.Equal(t, 2, info.Attempts, "the read was retried after the 503")
	assert.Equal(t, "sm-1", info.RequestID)
	assert.Equal(t, "account/users/list", info.Operation)
	require.NotNil(t, info.General)
	assert.Equal(t, "1.0.95.3", info.General.SMVersion)
	assert.Equal(t, "sm-trace", a.last().Header.Get("X-Trace-Id"))

	err = c.Accounts.UpdateAttachedInfo(ctx, 1010, sm.AttachedInfo{}, sm.WithResponseInto(&info))
	require.Error(t, err)
	require.NotNil(t, info.General, "an in-band error fills the general block too")
	assert.Equal(t, sm.CodeUnknownAttribute, info.General.Response)
	assert.Equal(t, 200, info.StatusCode)
}

func TestPerCallRetryNeverRepeatsAChange(t *testing.T) {
	t.Parallel()
	a := newAnswerSM(t, []int{503}, `{}`)
	c, err := sm.NewClient(a.URL+"/a/adm", sm.WithBasicAuth("svc", "pw-not-real"), sm.WithRetry(quickSM), sm.WithServerVersion(19))
	require.NoError(t, err)
	ctx := context.Background()
	before := a.count()
	err = c.Users.Create(ctx, 1010, sm.CreateUser{Login: "N", Password: "pw-1234"}, sm.WithCallRetry(sm.RetryPolicy{MaxRetries: 5}))
	require.ErrorIs(t, err, sm.ErrServer)
	assert.Equal(t, 1, a.count()-before, "users/create is sent once whatever the per-call policy")

	before = a.count()
	_, err = c.Users.List(ctx, 1010, sm.WithCallRetry(sm.RetryPolicy{}))
	require.Error(t, err)
	assert.Equal(t, 1, a.count()-before, "no retries for this read")

	before = a.count()
	_, err = c.Call(ctx, "tenant/list", 1010, nil, nil, sm.WithCallRetry(quickSM))
	require.Error(t, err)
	assert.Equal(t, 1, a.count()-before, "Call is sent once")

	_, err = c.Users.List(ctx, 1010, sm.WithCallTimeout(0))
	require.ErrorIs(t, err, sm.ErrInvalidArgument)
}

// Every call is POST /hs/ext_api/execute (or its URL form): the operation
// name is what tells them apart in traces.
func TestOperationNameTellsCallsApart(t *testing.T) {
	t.Parallel()
	srv := smtest.NewServer()
	defer srv.Close()
	var mu sync.Mutex
	var ops []string
	hc := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		ops = append(ops, r.Method+" "+sm.OperationName(r))
		mu.Unlock()
		return http.DefaultTransport.RoundTrip(r)
	})}
	c, err := srv.Client(sm.WithHTTPClient(hc), sm.WithServerVersion(19))
	require.NoError(t, err)
	ctx := context.Background()
	_, err = c.Accounts.List(ctx)
	require.NoError(t, err)
	_, err = c.Users.List(ctx, smtest.Account)
	require.NoError(t, err)
	assert.Equal(t, []string{"POST account/list", "POST account/users/list"}, ops)
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

type smTokens struct{ gen atomic.Int32 }

func (s *smTokens) Token() (*oauth2.Token, error) {
	return &oauth2.Token{AccessToken: fmt.Sprintf("sm-oauth-not-real-%02d", s.gen.Load())}, nil
}

func TestTokenSourceAndRateLimitSM(t *testing.T) {
	t.Parallel()
	a := newAnswerSM(t, []int{200}, usersOK)
	ts := &smTokens{}
	c, err := sm.NewClient(a.URL+"/a/adm", sm.WithTokenSource(ts), sm.WithServerVersion(19), sm.WithRateLimit(50, 1))
	require.NoError(t, err)
	start := time.Now()
	for range 4 {
		_, err = c.Users.List(context.Background(), 1010)
		require.NoError(t, err)
	}
	assert.GreaterOrEqual(t, time.Since(start), 55*time.Millisecond, "four calls at 50 a second span three intervals")
	assert.Equal(t, "Bearer sm-oauth-not-real-00", a.last().Header.Get("Authorization"))

	_, err = sm.NewClient(a.URL+"/a/adm", sm.WithTokenSource(ts), sm.WithBasicAuth("u", "p"))
	require.ErrorIs(t, err, sm.ErrInvalidArgument, "two auth options")
	_, err = sm.NewClient(a.URL+"/a/adm", sm.WithTokenSource(nil))
	require.ErrorIs(t, err, sm.ErrInvalidArgument)
}
