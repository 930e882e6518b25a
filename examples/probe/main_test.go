package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ruapi/ruapi-go/aeza/aezatest"
	"github.com/ruapi/ruapi-go/ati/atitest"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
	"github.com/ruapi/ruapi-go/internal/fixture"
	"github.com/ruapi/ruapi-go/internal/shape"
	"github.com/ruapi/ruapi-go/servicemanager/smtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seen is one request that reached a fake.
type seen struct{ method, path, body string }

// spy is a reverse proxy in front of a fake: it keeps every request that
// reaches the fake and lets a test rewrite answers.
type spy struct {
	srv *httptest.Server

	mu       sync.Mutex
	requests []seen
	rewrite  func(r *http.Request, body []byte) []byte
}

func newSpy(t *testing.T, target string) *spy {
	t.Helper()
	u, err := url.Parse(target)
	require.NoError(t, err)
	s := &spy{}
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: u.Scheme, Host: u.Host})
	proxy.ModifyResponse = func(resp *http.Response) error {
		s.mu.Lock()
		rw := s.rewrite
		s.mu.Unlock()
		if rw == nil {
			return nil
		}
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(resp.Body)
		_ = resp.Body.Close()
		b := rw(resp.Request, buf.Bytes())
		resp.Body = httpBody(b)
		resp.ContentLength = int64(len(b))
		resp.Header.Del("Content-Length")
		return nil
	}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := peekBody(r)
		s.mu.Lock()
		s.requests = append(s.requests, seen{r.Method, r.URL.Path, string(body)})
		s.mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// url returns target's URL with the spy's host.
func (s *spy) url(target string) string {
	u, _ := url.Parse(target)
	su, _ := url.Parse(s.srv.URL)
	u.Host = su.Host
	return u.String()
}

func (s *spy) seen() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.requests...)
}

type fakes struct {
	ati   *atitest.Server
	sm    *smtest.Server
	aeza  *aezatest.Server
	dp    *dptest.Server
	spies map[string]*spy
	env   map[string]string
}

const dpToken = "dp-token-not-real-0000" //nolint:gosec // a fake token

func startFakes(t *testing.T) *fakes {
	t.Helper()
	f := &fakes{ati: atitest.NewServer(), sm: smtest.NewServer(), aeza: aezatest.NewServer(),
		dp: dptest.NewServer(dptest.WithBearerToken(dpToken)), spies: map[string]*spy{}}
	t.Cleanup(func() { f.ati.Close(); f.sm.Close(); f.aeza.Close(); f.dp.Close() })
	f.spies["ati"] = newSpy(t, f.ati.URL)
	f.spies["servicemanager"] = newSpy(t, f.sm.URL)
	f.spies["aeza"] = newSpy(t, f.aeza.URL)
	f.spies["dataprovider"] = newSpy(t, f.dp.URL)
	f.env = map[string]string{
		"ATI_TOKEN": f.ati.Token, "ATI_BASE_URL": f.spies["ati"].url(f.ati.URL),
		"SM_BASE_URL": f.spies["servicemanager"].url(f.sm.URL), "SM_LOGIN": f.sm.Login, "SM_PASSWORD": f.sm.Password,
		"SM_ACCOUNT":   "1010",
		"AEZA_API_KEY": f.aeza.APIKey, "AEZA_BASE_URL": f.spies["aeza"].url(f.aeza.URL),
		"DP_BASE_URL": f.spies["dataprovider"].url(f.dp.URL), "DP_LOGIN": dptest.SampleLogin,
		"DP_PASSWORD": string(dptest.SamplePassword), "DP_TOKEN": dpToken,
	}
	return f
}

func (f *fakes) getenv(k string) string { return f.env[k] }

func probe(t *testing.T, env func(string) string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, env, &out, &errb)
	return code, out.String(), errb.String()
}

func probeJSON(t *testing.T, env func(string) string, args ...string) (int, report) {
	t.Helper()
	code, out, stderr := probe(t, env, append(args, "-json")...)
	var rep report
	require.NoError(t, json.Unmarshal([]byte(out), &rep), "stdout: %s\nstderr: %s", out, stderr)
	return code, rep
}

func TestNoCredentials(t *testing.T) {
	t.Parallel()
	code, out, stderr := probe(t, func(string) string { return "" })
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	for _, v := range []string{"ATI_TOKEN", "SM_BASE_URL", "SM_ACCOUNT", "AEZA_API_KEY", "DP_BASE_URL", "DP_PASSWORD"} {
		assert.Contains(t, stderr, v)
	}
}

func TestPartialCredentials(t *testing.T) {
	t.Parallel()
	code, _, stderr := probe(t, func(k string) string {
		if k == "SM_BASE_URL" {
			return "https://sm.example.test/a/adm"
		}
		return ""
	})
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "SM_LOGIN")
}

func TestFakesHaveNoDrift(t *testing.T) {
	f := startFakes(t)
	code, rep := probeJSON(t, f.getenv)
	for _, r := range rep.Results {
		if r.Skipped == "" && !strings.HasPrefix(r.Endpoint, "v2/") { // the fake has no v2: a fact, not drift
			assert.True(t, r.Decoded, "%s %s: %s", r.API, r.Endpoint, r.Error)
		}
		for _, fd := range r.Findings {
			if fd.Drift() {
				t.Errorf("%s %s: %s", r.API, r.Endpoint, fd)
			}
		}
	}
	assert.Equal(t, 0, code)
	assert.ElementsMatch(t, []string{"ati", "servicemanager", "aeza", "dataprovider"}, rep.APIs)
	assert.Empty(t, rep.Refused)
}

func resultFor(rep report, api, endpoint string) *result {
	for i := range rep.Results {
		if rep.Results[i].API == api && rep.Results[i].Endpoint == endpoint {
			return &rep.Results[i]
		}
	}
	return nil
}

func findingAt(r *result, kind shape.Kind, path string) *shape.Finding {
	if r == nil {
		return nil
	}
	for i := range r.Findings {
		if r.Findings[i].Kind == kind && r.Findings[i].Path == path {
			return &r.Findings[i]
		}
	}
	return nil
}

func httpBody(b []byte) *readCloser { return &readCloser{bytes.NewReader(b)} }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

var _ = filepath.Join
var _ = os.ReadFile
var _ = strings.Contains
var _ = fixture.Load
