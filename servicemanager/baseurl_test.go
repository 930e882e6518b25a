package servicemanager_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// A base URL copied from 1C's documentation (the ext_api address rather than
// the publication) is reduced to the publication: the request goes to exactly
// /<publication>/hs/ext_api/execute, never .../execute/hs/ext_api/execute.
func TestBaseURLWithExtAPISuffix(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := newStub(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/version") {
			_, _ = io.WriteString(w, `{"version":19,"sm_version":"1.1.9.1","sm_timezone":"Europe/Moscow"}`)
			return
		}
		_, _ = io.WriteString(w, okBody)
	})
	pub := srv.URL + "/a/adm"
	check := func(c *sm.Client, what string) {
		t.Helper()
		assert.Equal(t, pub, c.BaseURL(), what)
		mu.Lock()
		paths = nil
		mu.Unlock()
		_, err := c.Users.List(context.Background(), 1010)
		require.NoError(t, err, what)
		_, err = c.Version(context.Background())
		require.NoError(t, err, what)
		mu.Lock()
		assert.Equal(t, []string{"/a/adm/hs/ext_api/execute", "/a/adm/hs/ext_api/version"}, paths, what)
		mu.Unlock()
	}
	for _, suffix := range []string{
		"", "/", "/hs/ext_api/execute", "/hs/ext_api/execute/", "/hs/ext_api", "/hs/ext_api/", "/hs/ext_api/version",
		"/hs/ext_api/version/", "/HS/EXT_API/EXECUTE", "/Hs/Ext_Api", "/hs/ext_api/execute//",
	} {
		c, err := sm.NewClient(pub+suffix, sm.WithBasicAuth(testLogin, testPassword), sm.WithMethodInBody())
		require.NoError(t, err, suffix)
		check(c, "NewClient "+suffix)
		c, err = sm.NewClient("", sm.WithBasicAuth(testLogin, testPassword), sm.WithBaseURL(pub+suffix), sm.WithMethodInBody())
		require.NoError(t, err, suffix)
		check(c, "WithBaseURL "+suffix)
	}
	// Blanks around the URL: accepted as the publication or refused as not a
	// URL, never kept in the path.
	for _, base := range []string{pub + "/hs/ext_api/execute  ", pub + "/hs/ext_api/execute\n", "  " + pub + "/hs/ext_api/execute"} {
		for _, how := range []string{"NewClient", "WithBaseURL"} {
			var c *sm.Client
			var err error
			if how == "NewClient" {
				c, err = sm.NewClient(base, sm.WithBasicAuth(testLogin, testPassword), sm.WithMethodInBody())
			} else {
				c, err = sm.NewClient("", sm.WithBasicAuth(testLogin, testPassword), sm.WithBaseURL(base), sm.WithMethodInBody())
			}
			if err != nil {
				assert.True(t, strings.HasPrefix(err.Error(), "servicemanager: "), err.Error())
				continue
			}
			check(c, fmt.Sprintf("%s %q", how, base))
		}
	}
	// A host that happens to be called "hs" is not a path suffix.
	c, err := sm.NewClient("https://hs/ext_api", sm.WithBasicAuth("u", "p"))
	require.NoError(t, err)
	assert.Equal(t, "https://hs/ext_api", c.BaseURL())
	// Escapes in the publication's path are kept.
	c, err = sm.NewClient("https://sm.example.com/a%20b/adm/hs/ext_api/execute", sm.WithBasicAuth("u", "p"))
	require.NoError(t, err)
	assert.Equal(t, "https://sm.example.com/a%20b/adm", c.BaseURL())

	// With the method in the URL the suffix is not doubled either.
	c, err = sm.NewClient(pub+"/hs/ext_api/execute", sm.WithBasicAuth(testLogin, testPassword), sm.WithMethodInURL())
	require.NoError(t, err)
	mu.Lock()
	paths = nil
	mu.Unlock()
	_, err = c.Users.List(context.Background(), 1010)
	require.NoError(t, err)
	assert.Equal(t, []string{"/a/adm/hs/ext_api/execute/usr/account/users/list"}, paths)
}

// Any other address inside a publication's HTTP services (/hs/...) is
// refused with a message that says what to pass.
func TestBaseURLInsideHTTPServicesRefused(t *testing.T) {
	for _, base := range []string{
		"https://1cfresh.com/a/adm/hs/ext_api/execute/usr/account/list",
		"https://1cfresh.com/a/adm/hs/ext_api/execute/usr",
		"https://1cfresh.com/a/adm/hs/dt",
		"https://1cfresh.com/a/adm/HS/",
	} {
		_, err := sm.NewClient(base, sm.WithBasicAuth("u", "p"))
		require.ErrorIs(t, err, sm.ErrInvalidArgument, base)
		assert.True(t, strings.HasPrefix(err.Error(), "servicemanager: "), err.Error())
		assert.Contains(t, err.Error(), "https://1cfresh.com/a/adm", "the message shows what to pass")
		_, err = sm.NewClient("", sm.WithBasicAuth("u", "p"), sm.WithBaseURL(base))
		require.ErrorIs(t, err, sm.ErrInvalidArgument, base)
	}
	// A publication whose name merely contains "hs" is fine.
	c, err := sm.NewClient("https://sm.example.com/hsm/adm", sm.WithBasicAuth("u", "p"))
	require.NoError(t, err)
	assert.Equal(t, "https://sm.example.com/hsm/adm", c.BaseURL())
}
