package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
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
	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
	"github.com/ruapi/ruapi-go/internal/fixture"
	"github.com/ruapi/ruapi-go/internal/shape"
	"github.com/ruapi/ruapi-go/internal/transport"
	sm "github.com/ruapi/ruapi-go/servicemanager"
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
	headers  map[string]string // added to every answer
	// answers are answered by the spy itself, by "METHOD /path"
	answers map[string]canned
}

// canned is an answer the spy gives without asking the fake.
type canned struct {
	status int
	body   string
}

func (s *spy) answer(method, path string, status int, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.answers == nil {
		s.answers = map[string]canned{}
	}
	s.answers[method+" "+path] = canned{status, body}
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
		for k, v := range s.headers {
			resp.Header.Set(k, v)
		}
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
		a, ok := s.answers[r.Method+" "+r.URL.Path]
		s.mu.Unlock()
		if ok {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(a.status)
			_, _ = w.Write([]byte(a.body))
			return
		}
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
	// A department id lets the probe send organizations/filter, a read sent as POST.
	f := &fakes{ati: atitest.NewServer(atitest.WithBalance(ati.Balance{Balance: ati.MustDecimal("100.50"), ContactID: 1,
		DepartmentID: 7, FirmID: 12345, IsCommonWallet: true, WalletID: 777})), sm: smtest.NewServer(), aeza: aezatest.NewServer(),
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
		assert.Empty(t, r.Skipped, "%s %s", r.API, r.Endpoint)
		assert.True(t, r.Decoded, "%s %s: %s", r.API, r.Endpoint, r.Error)
		for _, fd := range r.Findings {
			if fd.Drift() {
				t.Errorf("%s %s: %s", r.API, r.Endpoint, fd)
			}
		}
	}
	assert.Equal(t, 0, code)
	assert.ElementsMatch(t, []string{"ati", "servicemanager", "aeza", "dataprovider"}, rep.APIs)
	assert.Empty(t, rep.Refused)

	// Every rule of the allow-lists is a read the probe makes: none is unused.
	code2, p := runProber(context.Background(), nil, f.getenv, io.Discard, io.Discard)
	require.Equal(t, 0, code2)
	require.Len(t, p.targets, 4)
	for _, tg := range p.targets {
		assert.Empty(t, tg.guard.unused(), "%s: allow-list rules the probe never used", tg.api)
	}
	filter := resultFor(rep, "ati", "organizations.filter")
	require.NotNil(t, filter)
	assert.Equal(t, "POST /v1.2/catalogs/organizations/filter", filter.Request)
	assert.True(t, filter.Decoded)
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

// edit rewrites a JSON answer of the requests match picks.
func (s *spy) edit(match func(r *http.Request, reqBody string) bool, f func(v map[string]any)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.rewrite
	s.rewrite = func(r *http.Request, body []byte) []byte {
		if prev != nil {
			body = prev(r, body)
		}
		rb := ""
		if r.GetBody != nil {
			if rc, err := r.GetBody(); err == nil {
				var buf bytes.Buffer
				_, _ = buf.ReadFrom(rc)
				rb = buf.String()
			}
		}
		if !match(r, rb) {
			return body
		}
		var v any
		if json.Unmarshal(body, &v) != nil {
			return body
		}
		switch x := v.(type) {
		case map[string]any:
			f(x)
		case []any:
			for _, e := range x {
				if m, ok := e.(map[string]any); ok {
					f(m)
				}
			}
		}
		out, _ := json.Marshal(v)
		return out
	}
}

func pathIs(p string) func(*http.Request, string) bool {
	return func(r *http.Request, _ string) bool { return strings.HasSuffix(r.URL.Path, p) }
}

func smMethod(m string) func(*http.Request, string) bool {
	return func(r *http.Request, body string) bool {
		return strings.HasSuffix(r.URL.Path, "/"+m) || strings.Contains(body, `"method":"`+m+`"`)
	}
}

// Each kind of drift, at an endpoint of each API, is named with its
// endpoint and field, and the probe exits 1.
func TestDriftIsReported(t *testing.T) {
	f := startFakes(t)
	// An unknown field (ATI).
	f.spies["ati"].edit(pathIs("/v1.0/balance"), func(v map[string]any) { v["bonusBalance"] = 12.5 })
	// A field of the wrong JSON type (Service Manager).
	f.spies["servicemanager"].edit(smMethod("account/info"), func(v map[string]any) {
		v["account"].(map[string]any)["id"] = "1010"
	})
	// A missing field (Data Provider): every service loses its name.
	f.spies["dataprovider"].edit(pathIs("/api/services"), func(v map[string]any) { delete(v, "name") })
	// An unknown enum value (Aeza).
	f.spies["aeza"].edit(pathIs("/api/services"), func(v map[string]any) {
		for _, it := range v["data"].(map[string]any)["items"].([]any) {
			it.(map[string]any)["status"] = "frozen"
		}
	})

	code, rep := probeJSON(t, f.getenv)
	assert.Equal(t, 1, code)
	assert.True(t, rep.Drift)

	u := findingAt(resultFor(rep, "ati", "billing.balance"), shape.UnknownField, "$.bonusBalance")
	require.NotNil(t, u, "%+v", resultFor(rep, "ati", "billing.balance"))
	assert.Equal(t, "number", u.Got)
	m := findingAt(resultFor(rep, "servicemanager", "account/info"), shape.TypeMismatch, "$.account.id")
	require.NotNil(t, m, "%+v", resultFor(rep, "servicemanager", "account/info"))
	assert.Equal(t, "string", m.Got)
	assert.Equal(t, "int64", m.Want)
	miss := findingAt(resultFor(rep, "dataprovider", "services.list"), shape.MissingField, "$[].name")
	require.NotNil(t, miss, "%+v", resultFor(rep, "dataprovider", "services.list"))
	e := findingAt(resultFor(rep, "aeza", "services.list"), shape.UnknownEnum, "$.data.items[].status")
	require.NotNil(t, e, "%+v", resultFor(rep, "aeza", "services.list"))
	assert.Equal(t, `"frozen"`, e.Got)

	// The table names them too.
	code, out, _ := probe(t, f.getenv)
	assert.Equal(t, 1, code)
	for _, want := range []string{"billing.balance", "unknown field $.bonusBalance", "account/info", "type mismatch at $.account.id",
		"services.list", "missing field $[].name", `unknown enum value $.data.items[].status = "frozen"`, "Drift found"} {
		assert.Contains(t, out, want)
	}
}

// An answer the SDK cannot decode at all is drift too.
func TestUndecodableSuccessIsDrift(t *testing.T) {
	f := startFakes(t)
	f.spies["dataprovider"].edit(pathIs("/api/tariffs"), func(v map[string]any) { v["services"] = "all" })
	code, rep := probeJSON(t, f.getenv)
	assert.Equal(t, 1, code)
	r := resultFor(rep, "dataprovider", "tariffs.list")
	require.NotNil(t, r)
	assert.False(t, r.Decoded)
	assert.True(t, r.DecodeFailed)
	assert.NotNil(t, findingAt(r, shape.TypeMismatch, "$[].services"))
}

// smReads are the ext_api methods a probe may send.
func smMethodOf(s seen) string {
	if i := strings.Index(s.path, "/hs/ext_api/execute/"); i >= 0 {
		rest := s.path[i+len("/hs/ext_api/execute/"):]
		if _, m, ok := strings.Cut(rest, "/"); ok {
			return m
		}
	}
	var env struct {
		General struct {
			Method string `json:"method"`
		} `json:"general"`
	}
	_ = json.Unmarshal([]byte(s.body), &env)
	return env.General.Method
}

// No state-changing request reaches any fake during a probe: every request
// that arrived is a GET, or one of the reads sent as POST.
func TestProbeSendsOnlyReads(t *testing.T) {
	f := startFakes(t)
	servicesBefore := f.aeza.Services()
	orgsBefore := len(f.ati.Organizations())
	code, rep := probeJSON(t, f.getenv, "-out", t.TempDir())
	require.Equal(t, 0, code)
	assert.Empty(t, rep.Refused, "the probe asks for nothing its guard refuses")

	total := 0
	for name, s := range f.spies {
		reqs := s.seen()
		total += len(reqs)
		require.NotEmpty(t, reqs, name)
		for _, r := range reqs {
			if r.method == http.MethodGet {
				continue
			}
			require.Equal(t, http.MethodPost, r.method, "%s: %s %s", name, r.method, r.path)
			switch name {
			case "ati":
				assert.True(t, strings.HasSuffix(r.path, "/organizations/filter"), r.path)
			case "servicemanager":
				if strings.HasSuffix(r.path, "/hs/ext_api/version") {
					continue
				}
				m := smMethodOf(r)
				assert.True(t, smReadMethods[m], "method %q", m)
				info, known := smMethodInfo(m)
				assert.True(t, !known || info, "method %q is a read in servicemanager.Methods()", m)
			case "dataprovider":
				assert.Equal(t, "/api/auth", r.path)
			default:
				t.Errorf("%s: a %s request to %s", name, r.method, r.path)
			}
		}
	}
	// The fakes saw exactly what passed the spies, and their state is unchanged.
	assert.Equal(t, len(f.spies["ati"].seen()), f.ati.Requests())
	assert.Equal(t, len(f.spies["servicemanager"].seen()), f.sm.Requests())
	assert.Equal(t, len(f.spies["aeza"].seen()), f.aeza.Requests())
	assert.Equal(t, len(f.spies["dataprovider"].seen()), f.dp.Requests())
	assert.Equal(t, servicesBefore, f.aeza.Services())
	assert.Zero(t, f.aeza.Orders())
	assert.Len(t, f.ati.Organizations(), orgsBefore)
	for _, m := range f.sm.Methods() {
		assert.True(t, smReadMethods[m], m)
	}
	assert.Positive(t, total)
}

// Secrets, e-mails, phone numbers and INNs in the answers (and the
// credentials in the requests) appear nowhere in what -out writes; the
// recording is in the fixture format.
func TestRecordingIsScrubbed(t *testing.T) {
	f := startFakes(t)
	personal := map[string]any{
		"email":   "ivan.petrov@example.ru",
		"phone":   "+7 (916) 123-45-67",
		"inn":     "7707083893",
		"note":    "contact: anna.s@mail.example.com, tel 8 916 765-43-21, ИНН 500100732259, +49 30 1234567890",
		"token":   "tok-live-not-real-9f8e7d",
		"contact": map[string]any{"mobile": "89161112233", "company_inn": 7707083893},
		"leak":    "key " + f.aeza.APIKey,
	}
	secrets := []string{"ivan.petrov@example.ru", "916) 123-45-67", "7707083893", "anna.s@mail.example.com", "765-43-21",
		"500100732259", "1234567890", "tok-live-not-real-9f8e7d", "89161112233",
		f.ati.Token, f.sm.Password, f.aeza.APIKey, dpToken, string(dptest.SamplePassword)}
	add := func(v map[string]any) {
		for k, x := range personal {
			v[k] = x
		}
	}
	f.spies["ati"].edit(pathIs("/v1.0/balance"), add)
	f.spies["servicemanager"].edit(smMethod("account/info"), func(v map[string]any) { add(v["account"].(map[string]any)) })
	f.spies["aeza"].edit(pathIs("/api/accounts"), func(v map[string]any) { add(v) })
	f.spies["dataprovider"].edit(pathIs("/api/services"), add)

	dir := t.TempDir()
	code, _, _ := probe(t, f.getenv, "-out", dir)
	require.Equal(t, 1, code, "the personal fields are unknown to the SDK")

	var files []string
	require.NoError(t, filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files = append(files, p)
		}
		return err
	}))
	require.FileExists(t, filepath.Join(dir, "report.md"))
	perAPI := map[string]int{}
	for _, p := range files {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		for _, s := range secrets {
			assert.NotContains(t, string(data), s, "%s holds %q", p, s)
		}
		if filepath.Ext(p) == ".json" {
			_, err := fixture.Load(p)
			require.NoError(t, err, p)
			perAPI[filepath.Base(filepath.Dir(p))]++
		}
	}
	for _, api := range []string{"ati", "servicemanager", "aeza", "dataprovider"} {
		assert.Positive(t, perAPI[api], api)
	}
	// What is not personal survives, so the recording is still a fixture.
	bal, err := os.ReadFile(filepath.Join(dir, "ati", "001_get_v1.0_balance.json"))
	require.NoError(t, err)
	assert.Contains(t, string(bal), `"balance"`)
	assert.Contains(t, string(bal), "[REDACTED]")
}

func smMethodInfo(name string) (read bool, known bool) {
	for _, m := range sm.Methods() {
		if m.Name == name {
			return m.ReadOnly, true
		}
	}
	return false, false
}

// Wrong credentials: nothing succeeds, so the probe could not run.
func TestWrongCredentials(t *testing.T) {
	f := startFakes(t)
	env := map[string]string{"ATI_TOKEN": "wrong-token-not-real", "ATI_BASE_URL": f.env["ATI_BASE_URL"]}
	code, out, stderr := probe(t, func(k string) string { return env[k] })
	assert.Equal(t, 2, code, "%s\n%s", out, stderr)
	assert.Contains(t, stderr, "check the credentials")
	assert.NotContains(t, out+stderr, "wrong-token-not-real")
}

// A member a type keeps in its Raw field is reported, but is no drift; the
// rate-limit and request-id headers an answer carries are reported.
func TestKeptRawAndHeaders(t *testing.T) {
	f := startFakes(t)
	f.spies["aeza"].edit(pathIs("/api/services/products"), func(v map[string]any) {
		for _, it := range v["data"].(map[string]any)["items"].([]any) {
			it.(map[string]any)["typeObject"] = map[string]any{"slug": "vps"}
		}
	})
	f.spies["aeza"].headers = map[string]string{"X-Ratelimit-Limit": "60", "X-Ratelimit-Remaining": "59", "X-Request-Id": "req-42"}
	code, rep := probeJSON(t, f.getenv)
	assert.Equal(t, 0, code)
	r := resultFor(rep, "aeza", "products.list")
	require.NotNil(t, r)
	k := findingAt(r, shape.UnknownField, "$.data.items[].typeObject")
	require.NotNil(t, k, "%+v", r)
	assert.True(t, k.KeptRaw)
	assert.False(t, r.Drift())
	assert.Equal(t, "60", r.Headers["X-Ratelimit-Limit"])
	assert.Equal(t, "59", r.Headers["X-Ratelimit-Remaining"])
	assert.Equal(t, "req-42", r.Headers["X-Request-Id"])
	assert.Equal(t, "req-42", r.Headers["request-id"], "as the SDK's ResponseInfo read it")
}

// The facts the SDK is unsure of are reported.
func TestFacts(t *testing.T) {
	f := startFakes(t)
	// Aeza answering on v2 (the fake's own answers), without an envelope.
	code, rep := probeJSON(t, f.getenv)
	assert.Equal(t, 0, code)
	facts := map[string]string{}
	for _, x := range rep.Facts {
		facts[x.API+" "+x.Name] = x.Value
	}
	assert.Equal(t, "23", facts["servicemanager ExtAPI version"])
	assert.Equal(t, smtest.SMVersion, facts["servicemanager sm_version (/version)"])
	assert.Equal(t, "accepted (HTTP 200)", facts["servicemanager /version GET"])
	assert.Equal(t, "accepted (HTTP 200)", facts["servicemanager /version POST"])
	assert.Equal(t, "HTTP 200, envelope: none, a list {\"items\", \"total\"}", facts["aeza v2/services"])
	assert.Contains(t, facts["aeza monthly prices (as sent)"], "lowest 369")
	assert.Contains(t, facts, "aeza account currency (legacy)")
	assert.Equal(t, "HTTP 200, envelope: none, a bare object", facts["aeza v2/accounts/me"])
	assert.Equal(t, "RUB", facts["aeza account currency (v2)"], "the fake's ledger currency, rub")
}

// A Service Manager that takes /version only as POST: the SDK discovers
// the version by POST, so nothing drifts, and the probe reports which
// methods the server takes.
func TestVersionOnlyPost(t *testing.T) {
	f := startFakes(t)
	f.spies["servicemanager"].answer(http.MethodGet, "/a/adm/hs/ext_api/version", 405, `{"error":"method not allowed"}`)
	code, rep := probeJSON(t, f.getenv)
	assert.Equal(t, 0, code, "the SDK's discovery by POST works on this server")
	for _, r := range rep.Results {
		if r.API == "servicemanager" && r.Endpoint != "version (GET)" {
			assert.True(t, r.Decoded, "%s: %s", r.Endpoint, r.Error)
		}
	}
	facts := map[string]string{}
	for _, x := range rep.Facts {
		facts[x.API+" "+x.Name] = x.Value
	}
	assert.Equal(t, "refused (HTTP 405)", facts["servicemanager /version GET"])
	assert.Equal(t, "accepted (HTTP 200)", facts["servicemanager /version POST"])
	assert.Equal(t, "23", facts["servicemanager ExtAPI version"])
}

// A Service Manager whose /version fails for the SDK but answers a plain
// GET: the probe names the drift and still checks the methods, pinned to
// the version the plain answer gave.
func TestVersionDiscoveryDrift(t *testing.T) {
	f := startFakes(t)
	f.spies["servicemanager"].answer(http.MethodPost, "/a/adm/hs/ext_api/version", 500, `{"error":"boom"}`)
	code, rep := probeJSON(t, f.getenv)
	assert.Equal(t, 1, code)
	g := resultFor(rep, "servicemanager", "version")
	require.NotNil(t, g)
	assert.Contains(t, g.Mismatch, "WithServerVersion(23)")
	for _, r := range rep.Results {
		if r.API == "servicemanager" && !strings.HasPrefix(r.Endpoint, "version") {
			assert.True(t, r.Decoded, "%s: checked with the version the GET gave: %s", r.Endpoint, r.Error)
		}
	}
}

// A recording replays as a test fixture: the ATI balance exchange, through
// the project's fixture replay, decodes with a client holding the
// placeholder credential.
func TestRecordingReplays(t *testing.T) {
	f := startFakes(t)
	dir := t.TempDir()
	code, _, _ := probe(t, f.getenv, "-out", dir)
	require.Equal(t, 0, code)
	file := filepath.Join(dir, "ati", "001_get_v1.0_balance.json")
	hc := fixture.Replay(t, "https://api.ati.example.test", file)
	c, err := ati.NewClient(transport.Redacted, ati.WithBaseURL("https://api.ati.example.test"), ati.WithHTTPClient(hc))
	require.NoError(t, err)
	b, err := c.Billing.Balance(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "100.50", b.Balance.String())
	assert.Equal(t, int32(7), b.DepartmentID)
}
