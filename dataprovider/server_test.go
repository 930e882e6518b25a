package dataprovider_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hung is a billing system that does not answer: every read blocks until
// release is closed, whatever its context says (the worst provider), and
// records when its context ended.
type hung struct {
	*dptest.Memory
	release  chan struct{}
	ctxEnded atomic.Int64 // unix nanos when the provider's ctx ended; 0 if never
	returned atomic.Int32
}

func newHung() *hung { return &hung{Memory: dptest.NewMemory(), release: make(chan struct{})} }

func (p *hung) block(ctx context.Context) {
	go func() {
		select {
		case <-ctx.Done():
			p.ctxEnded.Store(time.Now().UnixNano())
		case <-p.release:
		}
	}()
	<-p.release
	p.returned.Add(1)
}

func (p *hung) Services(ctx context.Context) ([]dataprovider.Service, error) {
	p.block(ctx)
	return []dataprovider.Service{{ID: "late", Name: "late"}}, nil
}

func (p *hung) Auth(ctx context.Context, _ string, _ dataprovider.Password) (string, error) {
	p.block(ctx)
	return "late", nil
}

// serve starts srv on loopback and returns its base URL.
func serve(t *testing.T, srv *http.Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}

// TestNewServerAnswersHungProvider: a provider call that hangs past the
// server's WriteTimeout gets its context canceled and the platform a 504
// with a JSON error body before the connection's write deadline, not EOF,
// and not a wait for as long as the provider hangs.
func TestNewServerAnswersHungProvider(t *testing.T) {
	t.Parallel()
	p := newHung()
	defer close(p.release)
	h, err := dataprovider.NewHandler(p, dataprovider.AllowUnauthenticated())
	require.NoError(t, err)
	srv := dataprovider.NewServer("127.0.0.1:0", h)
	srv.WriteTimeout = time.Second
	base := serve(t, srv)

	hc := &http.Client{Timeout: 10 * time.Second}
	for _, req := range []func() (*http.Response, error){
		func() (*http.Response, error) { return hc.Get(base + "/api/services") }, //nolint:noctx // test
		func() (*http.Response, error) { //nolint:noctx // test
			return hc.Post(base+"/api/auth", "application/json", strings.NewReader(`{"login":"1595","pswd":"58208891"}`))
		},
	} {
		start := time.Now()
		resp, err := req()
		took := time.Since(start)
		require.NoError(t, err, "the platform got no status after %v", took)
		b, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		t.Logf("hung provider, WriteTimeout %v: status %d after %v: %s", srv.WriteTimeout, resp.StatusCode, took, b)
		assert.Equal(t, http.StatusGatewayTimeout, resp.StatusCode)
		assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
		var e map[string]string
		require.NoError(t, json.Unmarshal(b, &e))
		assert.Equal(t, "timeout", e["code"])
		assert.NotEmpty(t, e["error"])
		assert.Less(t, took, srv.WriteTimeout, "answered after the connection's write deadline")
		assert.Greater(t, took, srv.WriteTimeout/2, "the deadline is derived from WriteTimeout")
		assert.Eventually(t, func() bool { return p.ctxEnded.Load() != 0 }, 5*time.Second, 5*time.Millisecond, "the provider's context was never canceled")
	}
	assert.Zero(t, p.returned.Load(), "the handler answered without waiting for the provider")
}

// TestHandlerProviderTimeout: WithProviderTimeout bounds each provider call
// on any server (here none: a recorder), the provider's context ends at the
// deadline, and a provider that returns after the answer was written cannot
// touch it (run with -race).
func TestHandlerProviderTimeout(t *testing.T) {
	t.Parallel()
	p := newHung()
	h, err := dataprovider.NewHandler(p, dataprovider.AllowUnauthenticated(), dataprovider.WithProviderTimeout(200*time.Millisecond))
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/services", nil))
	took := time.Since(start)
	t.Logf("WithProviderTimeout(200ms): status %d after %v", rec.Code, took)
	assert.Equal(t, http.StatusGatewayTimeout, rec.Code)
	assert.Less(t, took, 5*time.Second)
	assert.GreaterOrEqual(t, took, 200*time.Millisecond)
	assert.Eventually(t, func() bool { return p.ctxEnded.Load() != 0 }, 5*time.Second, 5*time.Millisecond, "the provider's context was not canceled")
	body := rec.Body.String()
	close(p.release) // the provider returns now, after the answer
	assert.Eventually(t, func() bool { return p.returned.Load() == 1 }, 5*time.Second, 5*time.Millisecond)
	time.Sleep(20 * time.Millisecond)
	assert.Equal(t, body, rec.Body.String(), "a late provider answer changed the response")
	assert.NotContains(t, body, "late")

	for _, d := range []time.Duration{0, -time.Second} {
		h, err := dataprovider.NewHandler(p, dataprovider.AllowUnauthenticated(), dataprovider.WithProviderTimeout(d))
		assert.Nil(t, h)
		assert.ErrorIs(t, err, dataprovider.ErrInvalidArgument, "WithProviderTimeout(%v)", d)
	}
}

// TestHandlerProviderTimeoutEarlierWins: a WithProviderTimeout longer than
// what the server's WriteTimeout leaves is cut to it, so the platform still
// gets a status and not EOF.
func TestHandlerProviderTimeoutEarlierWins(t *testing.T) {
	t.Parallel()
	p := newHung()
	defer close(p.release)
	h, err := dataprovider.NewHandler(p, dataprovider.AllowUnauthenticated(), dataprovider.WithProviderTimeout(time.Minute))
	require.NoError(t, err)
	srv := dataprovider.NewServer("127.0.0.1:0", h)
	srv.WriteTimeout = time.Second
	base := serve(t, srv)
	start := time.Now()
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(base + "/api/services") //nolint:noctx // test
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusGatewayTimeout, resp.StatusCode)
	assert.Less(t, time.Since(start), srv.WriteTimeout)
}

// panicLate panics in the provider call: the handler still answers 500,
// whether the call runs under a deadline or not, and the process lives on.
type panicLate struct{ *dptest.Memory }

func (panicLate) Tariffs(context.Context) ([]dataprovider.Tariff, error) { panic("boom 0xfeed") }

func TestHandlerProviderPanicUnderDeadline(t *testing.T) {
	t.Parallel()
	h, err := dataprovider.NewHandler(panicLate{dptest.NewMemory()}, dataprovider.AllowUnauthenticated(), dataprovider.WithProviderTimeout(5*time.Second))
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/tariffs", nil))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.NotContains(t, rec.Body.String(), "feed")
}
