package servicemanager_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// versionServer answers {base}/hs/ext_api/version with version (or the status
// versionStatus when it is not 200) and every execute call with okBody; it
// records the path and body of every execute call.
type versionServer struct {
	*stub
	versions atomic.Int32
	mu       sync.Mutex
	calls    []string // "path body"
}

func newVersionServer(t *testing.T, version string, versionStatus int) *versionServer {
	t.Helper()
	vs := &versionServer{}
	vs.stub = newStub(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/a/adm/hs/ext_api/version" {
			vs.versions.Add(1)
			time.Sleep(5 * time.Millisecond) // let concurrent callers pile up
			if versionStatus != http.StatusOK {
				http.Error(w, "no such service", versionStatus)
				return
			}
			_, _ = io.WriteString(w, version)
			return
		}
		vs.mu.Lock()
		vs.calls = append(vs.calls, r.URL.Path+" "+string(vs.last.Load().([]byte)))
		vs.mu.Unlock()
		_, _ = io.WriteString(w, okBody)
	})
	return vs
}

func (vs *versionServer) client(t *testing.T, opts ...sm.Option) *sm.Client {
	t.Helper()
	c, err := sm.NewClient(vs.URL+"/a/adm", append([]sm.Option{sm.WithBasicAuth(testLogin, testPassword),
		sm.WithRetry(sm.RetryPolicy{})}, opts...)...)
	require.NoError(t, err)
	return c
}

// From version 19 the method goes in the URL and the body has no general
// block (1C's library); the version is asked once, by one request however
// many goroutines call at once.
func TestVersionDiscoveredOnceURLForm(t *testing.T) {
	vs := newVersionServer(t, `{"version":19,"sm_version":"1.1.9.1","sm_timezone":"Europe/Moscow"}`, http.StatusOK)
	c := vs.client(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Users.List(context.Background(), 1010)
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(1), vs.versions.Load(), "one discovery")
	v, err := c.ServerVersion(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 19, v)
	assert.Equal(t, int32(1), vs.versions.Load(), "cached")
	require.Len(t, vs.calls, 8)
	for _, call := range vs.calls {
		assert.Equal(t, `/a/adm/hs/ext_api/execute/usr/account/users/list {"auth":{"account":1010},"id":1010}`, call)
	}
}

// Below 19 the method stays in the body's general block.
func TestVersionBelow19BodyForm(t *testing.T) {
	vs := newVersionServer(t, `{"version":18}`, http.StatusOK)
	c := vs.client(t)
	_, err := c.Users.List(context.Background(), 1010)
	require.NoError(t, err)
	assert.Equal(t, []string{`/a/adm/hs/ext_api/execute {"general":{"type":"usr","method":"account/users/list"},"auth":{"account":1010},"id":1010}`}, vs.calls)
}

// A server without the version address (404) is taken for version 1.
func TestVersionMissingIsOne(t *testing.T) {
	vs := newVersionServer(t, "", http.StatusNotFound)
	c := vs.client(t)
	_, err := c.Users.List(context.Background(), 1010)
	require.NoError(t, err)
	v, err := c.ServerVersion(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, v)
	assert.Equal(t, int32(1), vs.versions.Load())
	require.Len(t, vs.calls, 1)
	assert.Contains(t, vs.calls[0], `/a/adm/hs/ext_api/execute {"general"`)
}

// A failed discovery fails the call, is not cached, and sends nothing.
func TestVersionFailureNotCached(t *testing.T) {
	vs := newVersionServer(t, "", http.StatusServiceUnavailable)
	c := vs.client(t)
	_, err := c.Users.List(context.Background(), 1010)
	require.ErrorIs(t, err, sm.ErrServer)
	assert.Contains(t, err.Error(), "servicemanager: account/users/list: discovering the ExtAPI version")
	_, err = c.Users.List(context.Background(), 1010)
	require.Error(t, err)
	assert.Equal(t, int32(2), vs.versions.Load(), "asked again")
	assert.Empty(t, vs.calls)
}

// WithServerVersion, WithMethodInBody and WithMethodInURL need no discovery;
// the URL and body forms conflict.
func TestVersionOverrides(t *testing.T) {
	vs := newVersionServer(t, `{"version":23}`, http.StatusOK)
	ctx := context.Background()
	_, err := vs.client(t, sm.WithServerVersion(18)).Users.List(ctx, 1010)
	require.NoError(t, err)
	_, err = vs.client(t, sm.WithMethodInBody()).Users.List(ctx, 1010)
	require.NoError(t, err)
	_, err = vs.client(t, sm.WithMethodInURL()).Users.List(ctx, 1010)
	require.NoError(t, err)
	_, err = vs.client(t, sm.WithServerVersion(19), sm.WithDebug()).Users.List(ctx, 1010)
	require.NoError(t, err)
	assert.Equal(t, int32(0), vs.versions.Load())
	assert.Equal(t, []string{
		`/a/adm/hs/ext_api/execute {"general":{"type":"usr","method":"account/users/list"},"auth":{"account":1010},"id":1010}`,
		`/a/adm/hs/ext_api/execute {"general":{"type":"usr","method":"account/users/list"},"auth":{"account":1010},"id":1010}`,
		`/a/adm/hs/ext_api/execute/usr/account/users/list {"general":{"type":"usr","method":"account/users/list"},"auth":{"account":1010},"id":1010}`,
		// debug can only travel in a general block, so one is kept.
		`/a/adm/hs/ext_api/execute/usr/account/users/list {"general":{"type":"usr","method":"account/users/list","debug":true},"auth":{"account":1010},"id":1010}`,
	}, vs.calls)

	_, err = sm.NewClient(vs.URL, sm.WithBasicAuth("u", "p"), sm.WithMethodInBody(), sm.WithMethodInURL())
	require.ErrorIs(t, err, sm.ErrInvalidArgument)
	_, err = sm.NewClient(vs.URL, sm.WithBasicAuth("u", "p"), sm.WithServerVersion(0))
	require.ErrorIs(t, err, sm.ErrInvalidArgument)
}

// A field whose minimum version the server lacks is refused before sending.
func TestVersionGateRefused(t *testing.T) {
	vs := newVersionServer(t, `{"version":18}`, http.StatusOK)
	c := vs.client(t)
	ctx := context.Background()
	_, err := c.ServantTariffs.List(ctx, 1010, 1000, &sm.TariffListOptions{Scope: []sm.TariffScope{sm.ScopeValidityPeriods}})
	require.ErrorIs(t, err, sm.ErrUnsupportedVersion)
	require.ErrorIs(t, err, sm.ErrInvalidArgument)
	assert.Equal(t, "servicemanager: account/servant_tariffs/list: scope needs ExtAPI version 19, the server has 18: needs a newer ExtAPI version: invalid argument", err.Error())
	c19 := vs.client(t, sm.WithServerVersion(19))
	_, err = c19.ServantTariffs.List(ctx, 1010, 1000, &sm.TariffListOptions{AvailableTariffs: []string{"000000005"}})
	require.ErrorIs(t, err, sm.ErrUnsupportedVersion)
	_, err = c19.ServantTariffs.List(ctx, 1010, 1000, &sm.TariffListOptions{Scope: []sm.TariffScope{sm.ScopeIsExtension}})
	require.ErrorIs(t, err, sm.ErrUnsupportedVersion)
	assert.Empty(t, vs.calls, "nothing sent")
	// A gate asks for the version even with the form fixed.
	_, err = vs.client(t, sm.WithMethodInBody()).ServantTariffs.List(ctx, 1010, 1000, &sm.TariffListOptions{Scope: []sm.TariffScope{sm.ScopeValidityPeriods}})
	require.ErrorIs(t, err, sm.ErrUnsupportedVersion)
	assert.Equal(t, int32(2), vs.versions.Load())
}

// A caller's context ends the wait for another caller's discovery.
func TestVersionDiscoveryHonoursContext(t *testing.T) {
	block := make(chan struct{})
	s := newStub(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		<-block
		_, _ = io.WriteString(w, `{"version":19}`)
	})
	defer close(block)
	c, err := sm.NewClient(s.URL+"/a/adm", sm.WithBasicAuth(testLogin, testPassword), sm.WithRetry(sm.RetryPolicy{}))
	require.NoError(t, err)
	go func() { _, _ = c.ServerVersion(context.Background()) }()
	time.Sleep(20 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err = c.Users.List(ctx, 1010)
	require.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
}

// A version discovery refused for bad credentials reads as one message:
// the package named once, the status line once (the body "401
// Unauthorized" only repeats it), and ErrUnauthorized still matches.
func TestDiscoveryFailureReadsOnce(t *testing.T) {
	for _, body := range []string{"", "401 Unauthorized", "Unauthorized\n"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("WWW-Authenticate", `Basic realm="1C"`)
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, body)
		}))
		c, err := sm.NewClient(srv.URL, sm.WithBasicAuth("svc", "test-password-not-real"))
		require.NoError(t, err)
		_, err = c.ServerVersion(context.Background())
		require.ErrorIs(t, err, sm.ErrUnauthorized)
		assert.Equal(t, "servicemanager: discovering the ExtAPI version: POST /hs/ext_api/version (version): 401 Unauthorized", err.Error(), "body %q", body)
		_, err = c.Accounts.List(context.Background())
		require.ErrorIs(t, err, sm.ErrUnauthorized)
		assert.Equal(t, "servicemanager: account/list: discovering the ExtAPI version: POST /hs/ext_api/version (version): 401 Unauthorized", err.Error(), "body %q", body)
		srv.Close()
	}
}
