package servicemanager_test

import (
	"context"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/ruapi/ruapi-go/servicemanager/smtest"
)

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
