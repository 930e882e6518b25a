package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/internal/shape"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// aezaV2Reads are the endpoints the probe checks on Aeza's newer API, each
// through the SDK's typed call.
var aezaV2Reads = []string{
	"account.me", "services.listInfo", "services.info", "networks.ipv4", "networks.ipv6", "backups.list",
	"services.stats", "sshKeys.list", "sshKeys.get", "groups.byType", "os.installable", "products.availability",
	"billing.transactions", "domains.list", "domains.nameservers", "domains.recordTypes", "domains.get",
	"domains.records", "notifications.list", "notifications.get",
}

// rewriteBody rewrites the raw answers of the requests match picks.
func (s *spy) rewriteBody(match func(*http.Request, string) bool, f func([]byte) []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.rewrite
	s.rewrite = func(r *http.Request, body []byte) []byte {
		if prev != nil {
			body = prev(r, body)
		}
		if !match(r, "") {
			return body
		}
		return f(body)
	}
}

// pathExactly matches a request whose path is p.
func pathExactly(p string) func(*http.Request, string) bool {
	return func(r *http.Request, _ string) bool { return r.URL.Path == p }
}

// Every v2 read is checked through the typed call, decoded and compared,
// against the fake with no drift; the per-id reads take the first ids the
// lists answered.
func TestAezaV2ReadsChecked(t *testing.T) {
	f := startFakes(t)
	code, rep := probeJSON(t, f.getenv)
	require.Equal(t, 0, code)
	for _, e := range aezaV2Reads {
		r := resultFor(rep, "aeza", e)
		require.NotNil(t, r, e)
		assert.Equal(t, 200, r.Status, e)
		assert.True(t, r.Decoded, "%s: %s", e, r.Error)
		assert.False(t, r.Drift(), "%s: %v", e, r.Findings)
		assert.True(t, strings.HasPrefix(r.Request, "GET /api/v2/"), "%s: %s", e, r.Request)
	}
	req := func(e string) string { return resultFor(rep, "aeza", e).Request }
	assert.Equal(t, "GET /api/v2/services/101", req("services.info"), "the first service of the list")
	assert.Equal(t, "GET /api/v2/services/101/stats/cpu", req("services.stats"))
	assert.Equal(t, "GET /api/v2/services/ssh-keys/301", req("sshKeys.get"))
	assert.Equal(t, "GET /api/v2/domains/501/records", req("domains.records"))
	assert.Equal(t, "GET /api/v2/notifications/701", req("notifications.get"))

	facts := map[string]string{}
	for _, x := range rep.Facts {
		facts[x.API+" "+x.Name] = x.Value
	}
	assert.Equal(t, "20 of 20 reads answered with success", facts["aeza v2 answers"])
	env := facts["aeza v2 envelopes seen"]
	assert.Contains(t, env, `a bare array (os.installable)`)
	assert.Contains(t, env, `a bare object (account.me, services.info,`)
	assert.Contains(t, env, `{"items", ...} (services.listInfo,`)
	assert.NotContains(t, env, "services.stats", "stats' data member is its own shape, not an envelope")
	assert.NotContains(t, env, `"data"`)
	assert.Equal(t, "100000 (= 1000.00 RUB)", facts["aeza balance (v2, minor units)"])
	assert.Equal(t, "lowest 150 (= 1.50 RUB) (db-1 /hour), highest 36900 (= 369.00 RUB) (web-1 /month) of 2 services",
		facts["aeza service prices (v2, minor units)"])
	assert.Contains(t, facts["aeza ledger amounts (v2, minor units)"], "lowest -36900 (= -369.00 RUB) (prolong)")
}

// Drift in a v2 answer is named with its endpoint and field: an unknown
// field, an unknown service status and an unknown capability.
func TestAezaV2DriftIsReported(t *testing.T) {
	f := startFakes(t)
	f.spies["aeza"].edit(pathExactly("/api/v2/services"), func(v map[string]any) {
		for _, it := range v["items"].([]any) {
			m := it.(map[string]any)
			m["status"] = "frozen"
			m["capabilities"] = append(m["capabilities"].([]any), "remote.spice")
			m["gpu"] = true // kept in ServiceInfo.Raw: reported, no drift
		}
	})
	f.spies["aeza"].edit(pathExactly("/api/v2/services/ssh-keys"), func(v map[string]any) {
		for _, it := range v["items"].([]any) {
			it.(map[string]any)["fingerprint"] = "SHA256:fake"
		}
	})
	code, rep := probeJSON(t, f.getenv)
	assert.Equal(t, 1, code)
	assert.True(t, rep.Drift)

	svc := resultFor(rep, "aeza", "services.listInfo")
	require.NotNil(t, svc)
	st := findingAt(svc, shape.UnknownEnum, "$.items[].status")
	require.NotNil(t, st, "%+v", svc)
	assert.Equal(t, `"frozen"`, st.Got)
	cp := findingAt(svc, shape.UnknownEnum, "$.items[].capabilities[]")
	require.NotNil(t, cp, "%+v", svc)
	assert.Equal(t, `"remote.spice"`, cp.Got)
	gpu := findingAt(svc, shape.UnknownField, "$.items[].gpu")
	require.NotNil(t, gpu, "%+v", svc)
	assert.True(t, gpu.KeptRaw)
	assert.False(t, gpu.Drift())

	keys := resultFor(rep, "aeza", "sshKeys.list")
	require.NotNil(t, keys)
	fp := findingAt(keys, shape.UnknownField, "$.items[].fingerprint")
	require.NotNil(t, fp, "%+v", keys)
	assert.False(t, fp.KeptRaw)
	assert.True(t, keys.Drift())
	assert.False(t, resultFor(rep, "aeza", "sshKeys.get").Drift(), "only the list was edited")

	code, out, _ := probe(t, f.getenv)
	assert.Equal(t, 1, code)
	for _, want := range []string{"services.listInfo", `unknown enum value $.items[].status = "frozen"`,
		`unknown enum value $.items[].capabilities[] = "remote.spice"`, "sshKeys.list", "unknown field $.items[].fingerprint"} {
		assert.Contains(t, out, want)
	}
}

// The v2 conventions' other envelopes (a data wrapper, a bare array) are
// compared as the SDK reads them, with no drift, and reported as facts.
func TestAezaV2Envelopes(t *testing.T) {
	f := startFakes(t)
	wrap := func(b []byte) []byte {
		return append(append([]byte(`{"data":`), b...), '}')
	}
	f.spies["aeza"].rewriteBody(pathExactly("/api/v2/accounts/me"), wrap)
	f.spies["aeza"].rewriteBody(pathExactly("/api/v2/notifications"), wrap)
	f.spies["aeza"].rewriteBody(pathExactly("/api/v2/services/operating-systems"), wrap)
	f.spies["aeza"].rewriteBody(pathExactly("/api/v2/services"), func(b []byte) []byte {
		var l struct {
			Items json.RawMessage `json:"items"`
		}
		require.NoError(t, json.Unmarshal(b, &l))
		return l.Items
	})
	code, rep := probeJSON(t, f.getenv)
	for _, e := range aezaV2Reads {
		r := resultFor(rep, "aeza", e)
		require.NotNil(t, r, e)
		assert.True(t, r.Decoded, "%s: %s", e, r.Error)
		assert.False(t, r.Drift(), "%s: %v", e, r.Findings)
	}
	require.Equal(t, 0, code)
	facts := map[string]string{}
	for _, x := range rep.Facts {
		facts[x.API+" "+x.Name] = x.Value
	}
	env := facts["aeza v2 envelopes seen"]
	assert.Contains(t, env, `{"data": ...} (account.me, os.installable, notifications.list)`)
	assert.Contains(t, env, `a bare array (services.listInfo)`)
	assert.Equal(t, `HTTP 200, envelope: {"data": ...} (as legacy)`, facts["aeza v2/accounts/me"])
	assert.Equal(t, "HTTP 200, envelope: a bare array", facts["aeza v2/services"])
	assert.Equal(t, "RUB", facts["aeza account currency (v2)"])
	assert.Equal(t, "GET /api/v2/services/101", resultFor(rep, "aeza", "services.info").Request)
}

// An Aeza without v2 (404 on every v2 path) is a fact, not drift; the
// per-id reads are skipped.
func TestAezaWithoutV2(t *testing.T) {
	f := startFakes(t)
	for _, p := range []string{"accounts/me", "services", "services/ssh-keys", "services/groups", "services/operating-systems",
		"services/products", "billing/transactions", "domains", "domains/nameservers", "domains/record-types", "notifications"} {
		f.spies["aeza"].answer(http.MethodGet, "/api/v2/"+p, 404, `{"statusCode":404,"message":"Cannot GET","error":"Not Found"}`)
	}
	code, rep := probeJSON(t, f.getenv)
	assert.Equal(t, 0, code, "the legacy reads answered; v2's absence is no drift")
	facts := map[string]string{}
	for _, x := range rep.Facts {
		facts[x.API+" "+x.Name] = x.Value
	}
	assert.Equal(t, "none of 11 reads answered with success", facts["aeza v2 answers"])
	assert.Equal(t, "not answered (HTTP 404)", facts["aeza v2/services"])
	for _, e := range []string{"services.info", "sshKeys.get", "domains.records", "notifications.get"} {
		r := resultFor(rep, "aeza", e)
		require.NotNil(t, r, e)
		assert.NotEmpty(t, r.Skipped, e)
	}
}

// The v2 allow-list lets through exactly the probe's GETs: no other path,
// no other method, no per-id path with an id that is not a number.
func TestAezaV2Rules(t *testing.T) {
	t.Parallel()
	g, err := newGuard("https://my.aeza.example/api", roundTripFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
	}), aezaRules()...)
	require.NoError(t, err)
	send := func(method, path string) error {
		req, _ := http.NewRequestWithContext(context.Background(), method, "https://my.aeza.example/api/"+path, nil)
		resp, err := g.RoundTrip(req)
		if resp != nil {
			_ = resp.Body.Close()
		}
		return err
	}
	for _, p := range []string{"v2/accounts/me", "v2/services?limit=20", "v2/services/101", "v2/services/101/networks/ipv4",
		"v2/services/101/networks/ipv6", "v2/services/101/backups", "v2/services/101/stats/cpu", "v2/services/ssh-keys",
		"v2/services/ssh-keys/301", "v2/services/groups", "v2/services/operating-systems", "v2/services/products",
		"v2/billing/transactions", "v2/domains", "v2/domains/nameservers", "v2/domains/record-types", "v2/domains/501",
		"v2/domains/501/records", "v2/notifications", "v2/notifications/701"} {
		assert.NoError(t, send(http.MethodGet, p), p)
	}
	for _, bad := range []struct{ method, path string }{
		{http.MethodPost, "v2/services/101/ctl/restart"},
		{http.MethodPost, "v2/services/101/remote/vnc"},
		{http.MethodGet, "v2/services/101/remote/vnc"},
		{http.MethodPatch, "v2/services/101"},
		{http.MethodDelete, "v2/services/101"},
		{http.MethodDelete, "v2/services/ssh-keys/301"},
		{http.MethodPost, "v2/services/101/backups"},
		{http.MethodPost, "v2/notifications/read"},
		{http.MethodPost, "v2/notifications/701/read"},
		{http.MethodPost, "v2/domains/501/records"},
		{http.MethodGet, "v2/services/abc"},
		{http.MethodGet, "v2/services/101/stats/memory"},
		{http.MethodGet, "v2/services/101/backups/5"},
		{http.MethodGet, "v2/domains/501/records/601"},
		{http.MethodGet, "v2/services/orders"},
		{http.MethodGet, "v2/payments"},
	} {
		assert.True(t, errors.Is(send(bad.method, bad.path), errRefused), "%s %s", bad.method, bad.path)
	}
}

// The SDK's v2 state-changing calls, made through a probe's client, are
// refused before they are sent.
func TestGuardRefusesV2Writes(t *testing.T) {
	f := startFakes(t)
	p := &prober{progress: io.Discard}
	ctx := context.Background()
	zt, err := p.newTarget("aeza", f.env["AEZA_BASE_URL"], aezaRules())
	require.NoError(t, err)
	zc, err := aeza.NewClient(f.aeza.APIKey, aeza.WithBaseURL(f.env["AEZA_BASE_URL"]), aeza.WithHTTPClient(zt.hc), aeza.WithRetry(aeza.RetryPolicy{}))
	require.NoError(t, err)
	refused := func(err error) { t.Helper(); require.ErrorIs(t, err, errRefused) }
	refused(zc.Services.Restart(ctx, 101))
	refused(zc.Services.SetAutoProlong(ctx, 101, false))
	refused(zc.Services.RequestDeletion(ctx, 101))
	_, err = zc.Services.VNC(ctx, 101)
	refused(err)
	_, err = zc.Backups.Create(ctx, 101, "b")
	refused(err)
	refused(zc.SSHKeys.Delete(ctx, 301))
	refused(zc.Notifications.MarkAllRead(ctx))
	refused(zc.Notifications.MarkRead(ctx, 701))
	refused(zc.Domains.DeleteRecord(ctx, 501, 601))
	refused(zc.Networks.SetPTR(ctx, 101, "1", "x.example.com"))
	_, err = zc.Services.ListInfo(ctx, nil)
	assert.NoError(t, err, "a read passes")
	assert.Len(t, f.spies["aeza"].seen(), 1, "only the read reached the fake")
	assert.Len(t, zt.guard.Refused(), 10)
}

// What the v2 reads answer that is personal or secret (the account's
// e-mail, phone and company INN; a server's root password in its detail)
// appears nowhere in what -out writes.
func TestAezaV2RecordingIsScrubbed(t *testing.T) {
	f := startFakes(t)
	f.spies["aeza"].edit(pathExactly("/api/v2/accounts/me"), func(v map[string]any) {
		v["email"] = "olga.v2@example.ru"
		v["profile"].(map[string]any)["phone"] = "+7 916 222-33-44"
		v["legal"] = map[string]any{"name": "OOO Romashka", "inn": "7707083893", "kpp": "770701001"}
	})
	f.spies["aeza"].edit(pathExactly("/api/v2/services/101"), func(v map[string]any) {
		v["secureParameters"] = map[string]any{"password": "Root-Pass-not-real-77"}
	})
	dir := t.TempDir()
	code, rep := probeJSON(t, f.getenv, "-out", dir)
	require.Equal(t, 0, code, "%+v", rep.Results)
	n := 0
	require.NoError(t, filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		for _, s := range []string{"olga.v2@example.ru", "222-33-44", "7707083893", "Root-Pass-not-real-77", f.aeza.APIKey} {
			assert.NotContains(t, string(data), s, "%s holds %q", p, s)
		}
		if strings.HasSuffix(p, "_get_api_v2_services_101.json") || strings.HasSuffix(p, "_get_api_v2_accounts_me.json") {
			n++
		}
		return nil
	}))
	assert.Equal(t, 2, n, "both exchanges were recorded")
}
