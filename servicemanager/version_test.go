package servicemanager_test

import (
	"context"
	"errors"
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

	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/ruapi/ruapi-go/servicemanager/smtest"
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

// Callers that arrive while a discovery is in flight share its outcome, a
// failure included: a server that is down gets one version request per burst
// (not one per waiting caller, each after the other, the last caller waiting
// for all of them), every caller gets the error, and the next call asks again.
func TestVersionFailureSharedByWaiters(t *testing.T) {
	release := make(chan struct{})
	var versions atomic.Int32
	s := newStub(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		versions.Add(1)
		<-release
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	c, err := sm.NewClient(s.URL+"/a/adm", sm.WithBasicAuth(testLogin, testPassword), sm.WithRetry(sm.RetryPolicy{}))
	require.NoError(t, err)
	const n = 8
	errs := make(chan error, n)
	for range n {
		go func() { _, err := c.ServerVersion(context.Background()); errs <- err }()
	}
	time.Sleep(50 * time.Millisecond) // let every caller arrive
	close(release)
	for range n {
		require.ErrorIs(t, <-errs, sm.ErrServer)
	}
	assert.Equal(t, int32(1), versions.Load(), "one request for the burst")
	_, err = c.ServerVersion(context.Background())
	require.ErrorIs(t, err, sm.ErrServer)
	assert.Equal(t, int32(2), versions.Load(), "a failure is not kept")
}

// A caller whose context ends during the discovery it started does not hand
// its context's error to the callers waiting for it: one of them asks again.
func TestVersionCanceledFirstCallerDoesNotPoisonOthers(t *testing.T) {
	first := make(chan struct{})
	var versions atomic.Int32
	s := newStub(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		if versions.Add(1) == 1 {
			close(first)
			<-r.Context().Done() // the first caller gives up
			return
		}
		_, _ = io.WriteString(w, `{"version":19}`)
	})
	c, err := sm.NewClient(s.URL+"/a/adm", sm.WithBasicAuth(testLogin, testPassword), sm.WithRetry(sm.RetryPolicy{}))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	firstErr := make(chan error, 1)
	go func() { _, err := c.ServerVersion(ctx); firstErr <- err }()
	<-first
	const n = 4
	got := make(chan error, n)
	for range n {
		go func() {
			v, err := c.ServerVersion(context.Background())
			if err == nil && v != 19 {
				err = fmt.Errorf("version %d", v)
			}
			got <- err
		}()
	}
	time.Sleep(30 * time.Millisecond)
	cancel()
	require.ErrorIs(t, <-firstErr, context.Canceled)
	for range n {
		require.NoError(t, <-got)
	}
	assert.Equal(t, int32(2), versions.Load())
}

// WithCallTimeout bounds the whole call, the version discovery it starts on
// a fresh client included: a version address that hangs must not hold the
// call for the client's timeout.
func TestCallTimeoutBoundsVersionDiscovery(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	c, err := sm.NewClient(s.URL+"/a/adm", sm.WithBasicAuth(testLogin, testPassword), sm.WithRetry(sm.RetryPolicy{}),
		sm.WithTimeout(3*time.Second))
	require.NoError(t, err)
	start := time.Now()
	_, err = c.Users.List(context.Background(), 1010, sm.WithCallTimeout(100*time.Millisecond))
	require.Error(t, err)
	assert.Less(t, time.Since(start), time.Second, "the call's own timeout, not the client's")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

// ServerVersion's errors carry the package prefix like every other error.
func TestServerVersionErrorPrefix(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "<html>") })
	c, err := sm.NewClient(s.URL+"/a/adm", sm.WithBasicAuth(testLogin, testPassword), sm.WithRetry(sm.RetryPolicy{}))
	require.NoError(t, err)
	_, err = c.ServerVersion(context.Background())
	require.ErrorIs(t, err, sm.ErrDecode)
	assert.Regexp(t, `^servicemanager: discovering the ExtAPI version: `, err.Error())
	_, err = c.Users.List(context.Background(), 1010)
	require.ErrorIs(t, err, sm.ErrDecode)
	assert.Regexp(t, `^servicemanager: account/users/list: discovering the ExtAPI version: POST `, err.Error())
}

// listsBody answers every list method these tests call.
const listsBody = `{"user":[],"servant_tariff":[],"subscription":[],"general":{"response":10200}}`

// discoveryServer answers hs/ext_api/version through answer (given the
// method and the how-many-th version request it is), records the method of
// each version request, and answers every execute call with listsBody.
type discoveryServer struct {
	*stub
	mu       sync.Mutex
	versions []string
	calls    []string
}

func newDiscoveryServer(t *testing.T, answer func(method string, n int) (int, string)) *discoveryServer {
	t.Helper()
	ds := &discoveryServer{}
	ds.stub = newStub(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		body := ds.last.Load().([]byte)
		ds.mu.Lock()
		defer ds.mu.Unlock()
		if r.URL.Path == "/a/adm/hs/ext_api/version" {
			ds.versions = append(ds.versions, r.Method)
			assert.Empty(t, body, "no body")
			assert.Equal(t, int64(0), r.ContentLength)
			status, text := answer(r.Method, len(ds.versions))
			if status != http.StatusOK {
				http.Error(w, "no", status)
				return
			}
			_, _ = io.WriteString(w, text)
			return
		}
		ds.calls = append(ds.calls, r.URL.Path)
		_, _ = io.WriteString(w, listsBody)
	})
	return ds
}

func (ds *discoveryServer) client(t *testing.T, opts ...sm.Option) *sm.Client {
	t.Helper()
	c, err := sm.NewClient(ds.URL+"/a/adm", append([]sm.Option{sm.WithBasicAuth(testLogin, testPassword),
		sm.WithRetry(sm.RetryPolicy{})}, opts...)...)
	require.NoError(t, err)
	return c
}

func (ds *discoveryServer) seen() ([]string, []string) {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	return append([]string(nil), ds.versions...), append([]string(nil), ds.calls...)
}

// Issue 20: 1C's library POSTs to hs/ext_api/version with no body. Before,
// the SDK sent GET, and a server whose template takes only POST answered
// 405, failing every call of a client in the default form.
func TestVersionIsPostedWithNoBody(t *testing.T) {
	ds := newDiscoveryServer(t, func(method string, _ int) (int, string) {
		if method != http.MethodPost {
			return http.StatusMethodNotAllowed, ""
		}
		return http.StatusOK, `{"version":23,"sm_version":"1.1.9.1","sm_timezone":"Europe/Moscow"}`
	})
	c := ds.client(t)
	_, err := c.Users.List(context.Background(), 1010)
	require.NoError(t, err)
	versions, calls := ds.seen()
	assert.Equal(t, []string{http.MethodPost}, versions)
	assert.Equal(t, []string{"/a/adm/hs/ext_api/execute/usr/account/users/list"}, calls)
	v, err := c.Version(context.Background())
	require.NoError(t, err)
	assert.Equal(t, &sm.VersionInfo{Version: 23, SMVersion: "1.1.9.1", SMTimezone: "Europe/Moscow"}, v)
}

// A server that refuses POST there (405, or 501 from a proxy) is asked with
// GET, and then with GET only.
func TestVersionFallsBackToGET(t *testing.T) {
	for _, status := range []int{http.StatusMethodNotAllowed, http.StatusNotImplemented} {
		ds := newDiscoveryServer(t, func(method string, _ int) (int, string) {
			if method != http.MethodGet {
				return status, ""
			}
			return http.StatusOK, `{"version":19}`
		})
		c := ds.client(t)
		_, err := c.Users.List(context.Background(), 1010)
		require.NoError(t, err, status)
		_, err = c.Version(context.Background())
		require.NoError(t, err, status)
		versions, calls := ds.seen()
		assert.Equal(t, []string{http.MethodPost, http.MethodGet, http.MethodGet}, versions, status)
		assert.Equal(t, []string{"/a/adm/hs/ext_api/execute/usr/account/users/list"}, calls, status)
	}
	// Any other failure is not a reason to try GET.
	ds := newDiscoveryServer(t, func(string, int) (int, string) { return http.StatusForbidden, "" })
	_, err := ds.client(t).ServerVersion(context.Background())
	require.ErrorIs(t, err, sm.ErrForbidden)
	versions, _ := ds.seen()
	assert.Equal(t, []string{http.MethodPost}, versions)
}

// smtest answers both methods by default, and either one alone on request.
func TestSMTestVersionMethods(t *testing.T) {
	for _, methods := range [][]string{nil, {http.MethodPost}, {http.MethodGet}} {
		var opts []smtest.ServerOption
		if methods != nil {
			opts = append(opts, smtest.WithVersionMethods(methods...))
		}
		srv := smtest.NewServer(opts...)
		c, err := srv.Client()
		require.NoError(t, err)
		v, err := c.ServerVersion(context.Background())
		require.NoError(t, err, methods)
		assert.Equal(t, smtest.InterfaceVersion, v, methods)
		_, err = c.Users.List(context.Background(), smtest.Account)
		require.NoError(t, err, methods)
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			req, _ := http.NewRequest(m, srv.URL+"/hs/ext_api/version", nil)
			req.SetBasicAuth(smtest.DefaultLogin, smtest.DefaultPassword)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			_ = resp.Body.Close()
			if methods == nil || methods[0] == m {
				assert.Equal(t, http.StatusOK, resp.StatusCode, "%s %v", m, methods)
			} else {
				assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode, "%s %v", m, methods)
				assert.Equal(t, methods[0], resp.Header.Get("Allow"))
			}
		}
		srv.Close()
	}
}

// Issue 20: a 404 from hs/ext_api/version (a proxy's bad answer) pinned the
// client at version 1 for its life, so every version-gated call was refused
// forever. A version taken from a 404 is never the reason to refuse: the
// server is asked again first.
func TestVersion404IsNotPinned(t *testing.T) {
	ds := newDiscoveryServer(t, func(_ string, n int) (int, string) {
		if n == 1 {
			return http.StatusNotFound, ""
		}
		return http.StatusOK, `{"version":23}`
	})
	c := ds.client(t)
	ctx := context.Background()
	_, err := c.Users.List(ctx, 1010) // no gate: the body form, on the 404
	require.NoError(t, err)
	scope := &sm.TariffListOptions{Scope: []sm.TariffScope{sm.ScopeValidityPeriods}}
	_, err = c.ServantTariffs.List(ctx, 1010, 1000, scope)
	require.NoError(t, err, "asked again and sent")
	_, err = c.ServantTariffs.List(ctx, 1010, 1000, scope)
	require.NoError(t, err)
	versions, calls := ds.seen()
	assert.Len(t, versions, 2, "asked again once, then the real version is kept")
	assert.Equal(t, []string{
		"/a/adm/hs/ext_api/execute",
		"/a/adm/hs/ext_api/execute/usr/account/servant_tariffs/list",
		"/a/adm/hs/ext_api/execute/usr/account/servant_tariffs/list",
	}, calls)
	v, err := c.ServerVersion(ctx)
	require.NoError(t, err)
	assert.Equal(t, 23, v)
}

// When the fresh answer is a 404 too, the version is unknown: the gated call
// is refused, saying so, and the next one asks again.
func TestVersion404TwiceRefusesGatedCall(t *testing.T) {
	ds := newDiscoveryServer(t, func(string, int) (int, string) { return http.StatusNotFound, "" })
	c := ds.client(t)
	ctx := context.Background()
	filter := &sm.SubscriptionFilter{Active: ptr(true)}
	for i := 1; i <= 2; i++ {
		_, err := c.Subscriptions.List(ctx, 1010, filter)
		require.ErrorIs(t, err, sm.ErrUnsupportedVersion)
		require.ErrorIs(t, err, sm.ErrInvalidArgument)
		assert.NotErrorIs(t, err, sm.ErrNotFound)
		assert.Contains(t, err.Error(), "the server's version is unknown (hs/ext_api/version answered 404 twice; give WithServerVersion")
		versions, calls := ds.seen()
		assert.Len(t, versions, 1+i, "asked again before refusing, every time")
		assert.Empty(t, calls)
	}
	// Calls with no gate go in the body form without asking again.
	_, err := c.Subscriptions.List(ctx, 1010, nil)
	require.NoError(t, err)
	versions, calls := ds.seen()
	assert.Len(t, versions, 3)
	assert.Equal(t, []string{"/a/adm/hs/ext_api/execute"}, calls)
}
