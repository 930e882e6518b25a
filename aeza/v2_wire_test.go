package aeza_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seenRequest is a request as it reached the server.
type seenRequest struct {
	method, path, query string
	header              http.Header
	body                string
}

// v2Wire serves one canned answer per request and records what arrived.
type v2Wire struct {
	mu     sync.Mutex
	seen   []seenRequest
	status int
	body   string
}

func newV2Wire(t *testing.T, opts ...aeza.Option) (*v2Wire, *aeza.Client) {
	t.Helper()
	w := &v2Wire{}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.mu.Lock()
		w.seen = append(w.seen, seenRequest{method: r.Method, path: r.URL.EscapedPath(), query: r.URL.RawQuery,
			header: r.Header.Clone(), body: string(b)})
		status, body := w.status, w.body
		w.mu.Unlock()
		if body != "" {
			rw.Header().Set("Content-Type", "application/json")
		}
		rw.WriteHeader(status)
		_, _ = io.WriteString(rw, body)
	}))
	t.Cleanup(srv.Close)
	c, err := aeza.NewClient("wire-key-not-real", append([]aeza.Option{aeza.WithBaseURL(srv.URL + "/api"), fastRetry()}, opts...)...)
	require.NoError(t, err)
	return w, c
}

func (w *v2Wire) answer(status int, body string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.status, w.body, w.seen = status, body, nil
}

func (w *v2Wire) requests() []seenRequest {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]seenRequest(nil), w.seen...)
}

const (
	isoA = "2025-11-20T13:12:12.733Z"
	// A service built from the spec's fields (A7.2), detail included.
	serviceDetailJSON = `{"id":1577409,"name":"web-1","ip":"192.0.2.10","payload":{"k":1},"price":457,"paymentTerm":"month",
	"autoProlong":true,"createdAt":"` + isoA + `","expiresAt":"2025-12-20T13:12:12.733Z","status":"active","typeSlug":"vps",
	"productName":"DE-MINI","product":{"id":153,"name":"DE-MINI","typeSlug":"vps","typeName":"VPS","groupId":24,"payload":{},"localedPayload":{}},
	"locationCode":"de","currentTask":{"id":"7f3a","slug":"restart","name":"Restart","createdAt":"` + isoA + `","status":"running"},
	"capabilities":["ctl","ctl.restart","remote.vnc","future.cap"],"ownerId":42,"productId":153,"backups":true,
	"schedule":{"type":"weekly","limit":3,"week_day":1},"parameters":{"os":"ubuntu_2404","login":"root"},
	"secureParameters":{"password":"wire-root-pass-not-real"}}`
)

func TestV2WireEndpoints(t *testing.T) {
	w, c := newV2Wire(t)
	ctx := context.Background()
	from := time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC)
	wd, ttl, prio := 2, 300, 10
	name, content, auto := "k2", "192.0.2.20", false

	cases := []struct {
		name         string
		status       int
		resp         string
		call         func() error
		method, path string
		query        url.Values // nil: no query
		body         string     // "" : no body
	}{
		{name: "accounts/me", status: 200, method: "GET", path: "/api/v2/accounts/me",
			resp: `{"id":42,"email":"u@example.com","photo":null,"balance":12345,"withdrawBalance":10,"totalReplenished":50000,
			"bonusBalance":200,"permittedDebt":0,"referrerProgramId":null,"bonusState":"not_used","tfaEnabled":true,
			"interface":{"lang":"en","currency":"usd","theme":"dark"},"legal":null,
			"profile":{"name":"U","names":["U"],"phone":null,"type":"person","phoneConfirmed":true},"roles":["user"],"region":"global","currency":"eur"}`,
			call: func() error {
				a, err := c.Account.Me(ctx)
				if err == nil {
					assert.Equal(t, aeza.Minor(12345), a.Balance)
					assert.Equal(t, "123.45", a.Balance.String())
					assert.Equal(t, aeza.Minor(200), a.BonusBalance)
					assert.Equal(t, "EUR", a.LedgerCurrency())
					assert.Equal(t, aeza.Text("usd"), a.Interface.Currency)
					assert.True(t, a.TFAEnabled)
					assert.Equal(t, aeza.Text("person"), a.Profile.Type)
					assert.Nil(t, a.ReferrerProgramID)
				}
				return err
			}},
		{name: "services list", status: 200, method: "GET", path: "/api/v2/services",
			query: url.Values{"limit": {"10"}, "offset": {"20"}, "sort": {"id DESC"}, "filter": {`[["status","active"]]`}},
			resp:  `{"items":[` + serviceDetailJSON + `],"total":21}`,
			call: func() error {
				l, err := c.Services.ListInfo(ctx, &aeza.PageOptions{Limit: 10, Offset: 20, Sort: aeza.SortClause(aeza.Desc("id")),
					Filter: aeza.Filter{aeza.Eq("status", "active")}})
				if err == nil {
					assert.Equal(t, 21, l.Total)
					s := l.Items[0]
					assert.Equal(t, int64(1577409), s.ID)
					assert.Equal(t, aeza.Minor(457), s.Price)
					assert.Equal(t, time.Date(2025, 11, 20, 13, 12, 12, 733e6, time.UTC), s.CreatedAt.UTC())
					assert.Equal(t, aeza.TaskID("7f3a"), s.CurrentTask.ID)
					assert.Equal(t, aeza.TaskRunning, s.CurrentTask.Status)
					assert.True(t, s.Busy())
					assert.Contains(t, s.Capabilities, aeza.Capability("future.cap"))
					assert.Equal(t, aeza.ProductType("vps"), s.Product.TypeSlug)
					assert.Equal(t, int64(24), s.Product.GroupID)
				}
				return err
			}},
		{name: "services get", status: 200, method: "GET", path: "/api/v2/services/1577409", resp: serviceDetailJSON,
			call: func() error {
				s, err := c.Services.Info(ctx, 1577409)
				if err == nil {
					assert.Equal(t, int64(42), s.OwnerID)
					assert.Equal(t, int64(153), s.ProductID)
					assert.True(t, s.Backups)
					assert.JSONEq(t, `{"os":"ubuntu_2404","login":"root"}`, string(s.Parameters))
					assert.JSONEq(t, `{"type":"weekly","limit":3,"week_day":1}`, string(s.Schedule))
					assert.Contains(t, string(s.SecureParameters), "wire-root-pass-not-real")
					assert.NotContains(t, fmtAll(s), "wire-root-pass-not-real")
					assert.Equal(t, "de", s.LocationCode)
				}
				return err
			}},
		{name: "services patch", status: 200, method: "PATCH", path: "/api/v2/services/7", body: `{"autoProlong":false}`,
			call: func() error { return c.Services.SetAutoProlong(ctx, 7, false) }},
		{name: "services delete", status: 204, method: "DELETE", path: "/api/v2/services/7",
			call: func() error { return c.Services.RequestDeletion(ctx, 7) }},
		{name: "ctl suspend", status: 201, method: "POST", path: "/api/v2/services/7/ctl/suspend",
			call: func() error { return c.Services.PowerOff(ctx, 7, nil) }},
		{name: "ctl suspend force", status: 201, method: "POST", path: "/api/v2/services/7/ctl/suspend", body: `{"force":true}`,
			call: func() error { return c.Services.PowerOff(ctx, 7, &aeza.PowerOffOptions{Force: true}) }},
		{name: "ctl resume", status: 201, method: "POST", path: "/api/v2/services/7/ctl/resume",
			call: func() error { return c.Services.PowerOn(ctx, 7) }},
		{name: "ctl restart", status: 201, method: "POST", path: "/api/v2/services/7/ctl/restart",
			call: func() error { return c.Services.Restart(ctx, 7) }},
		{name: "ctl via Power", status: 201, method: "POST", path: "/api/v2/services/7/ctl/restart",
			call: func() error { return c.Services.Power(ctx, 7, aeza.PowerRestart) }},
		{name: "rescue", status: 204, method: "POST", path: "/api/v2/services/7/rescue",
			call: func() error { return c.Services.EnterRescue(ctx, 7) }},
		{name: "rescue leave", status: 204, method: "POST", path: "/api/v2/services/7/rescue/leave",
			call: func() error { return c.Services.LeaveRescue(ctx, 7) }},
		{name: "vnc", status: 201, method: "POST", path: "/api/v2/services/7/remote/vnc",
			resp: `{"address":"vnc.example.invalid:5907","password":"vnc-wire-pass"}`,
			call: func() error {
				v, err := c.Services.VNC(ctx, 7)
				if err == nil {
					assert.Equal(t, "vnc.example.invalid:5907", v.Address)
					assert.Equal(t, "vnc-wire-pass", v.Password.Reveal())
				}
				return err
			}},
		{name: "change-password", status: 204, method: "POST", path: "/api/v2/services/7/change-password", body: `{"password":"Fake-Pass-1"}`,
			call: func() error { return c.Services.SetPassword(ctx, 7, "Fake-Pass-1") }},
		{name: "reinstall", status: 204, method: "POST", path: "/api/v2/services/7/reinstall",
			body: `{"os":"ubuntu_2404","recipe":"docker","password":"Fake-Pass-2","sshKeyIds":[301,302]}`,
			call: func() error {
				return c.Services.Rebuild(ctx, 7, aeza.RebuildRequest{OS: aeza.OSSlug("ubuntu_2404"), Recipe: aeza.RecipeSlug("docker"),
					Password: "Fake-Pass-2", SSHKeyIDs: []int64{301, 302}})
			}},
		{name: "reinstall keys only", status: 204, method: "POST", path: "/api/v2/services/7/reinstall",
			body: `{"os":"debian_12","sshKeyIds":[301]}`,
			call: func() error {
				return c.Services.Rebuild(ctx, 7, aeza.RebuildRequest{OS: aeza.OSSlug("debian_12"), SSHKeyIDs: []int64{301}})
			}},
		{name: "stats", status: 200, method: "GET", path: "/api/v2/services/7/stats/cpu",
			query: url.Values{"resolution": {"60"}, "fromDate": {"2025-11-20T00:00:00Z"}, "toDate": {"2025-11-21T00:00:00Z"}},
			resp:  `{"data":["1.5","2.5",3]}`,
			call: func() error {
				st, err := c.Services.Stats(ctx, 7, "cpu", &aeza.StatsOptions{Resolution: time.Minute, From: from, To: from.Add(24 * time.Hour)})
				if err == nil {
					assert.Equal(t, []string{"1.5", "2.5", "3"}, st.Data)
				}
				return err
			}},
		{name: "ipv4", status: 200, method: "GET", path: "/api/v2/services/7/networks/ipv4",
			resp: `{"total":1,"items":[{"key":"ext-1","value":"192.0.2.10","gateway":"192.0.2.1","mask":"255.255.255.0","domain":null}]}`,
			call: func() error {
				l, err := c.Networks.IPv4(ctx, 7)
				if err == nil {
					assert.Equal(t, aeza.Text("ext-1"), l.Items[0].Key)
					assert.Equal(t, aeza.Text("192.0.2.10"), l.Items[0].Value)
					assert.Equal(t, aeza.Text(""), l.Items[0].Domain)
				}
				return err
			}},
		{name: "ipv6", status: 200, method: "GET", path: "/api/v2/services/7/networks/ipv6",
			resp: `{"total":1,"items":[{"key":"v6","value":"2001:db8::","prefix":64,"gateway":"2001:db8::1","ips":["2001:db8::10"]}]}`,
			call: func() error {
				l, err := c.Networks.IPv6(ctx, 7)
				if err == nil {
					assert.Equal(t, 64, l.Items[0].Prefix)
					assert.Equal(t, []string{"2001:db8::10"}, l.Items[0].IPs)
				}
				return err
			}},
		{name: "edit-ptr", status: 204, method: "POST", path: "/api/v2/services/7/networks/ipv4/ext-1/edit-ptr", body: `{"domain":"web.example.com"}`,
			call: func() error { return c.Networks.SetPTR(ctx, 7, "ext-1", "web.example.com") }},
		{name: "make-main", status: 204, method: "POST", path: "/api/v2/services/7/networks/ipv4/ext%2F1/make-main",
			call: func() error { return c.Networks.MakeMain(ctx, 7, "ext/1") }},
		{name: "backups list", status: 200, method: "GET", path: "/api/v2/services/7/backups", query: url.Values{"limit": {"5"}},
			resp: `{"items":[{"id":9,"name":"b","size":null,"createdAt":"` + isoA + `","source":"schedule","status":"creating"}],"total":1}`,
			call: func() error {
				l, err := c.Backups.List(ctx, 7, &aeza.PageOptions{Limit: 5})
				if err == nil {
					assert.Nil(t, l.Items[0].Size)
					assert.Equal(t, aeza.BackupSourceSchedule, l.Items[0].Source)
					assert.Equal(t, aeza.BackupStatusCreating, l.Items[0].Status)
				}
				return err
			}},
		{name: "backups create", status: 201, method: "POST", path: "/api/v2/services/7/backups", body: `{"name":"snap"}`,
			resp: `{"id":10,"name":"snap","size":1073741824,"createdAt":"` + isoA + `","source":"manual","status":"active"}`,
			call: func() error {
				b, err := c.Backups.Create(ctx, 7, "snap")
				if err == nil {
					assert.Equal(t, int64(10), b.ID)
					assert.Equal(t, int64(1073741824), *b.Size)
				}
				return err
			}},
		{name: "backups delete", status: 204, method: "DELETE", path: "/api/v2/services/7/backups/10",
			call: func() error { return c.Backups.Delete(ctx, 7, 10) }},
		{name: "backups restore", status: 204, method: "POST", path: "/api/v2/services/7/backups/10/restore",
			call: func() error { return c.Backups.Restore(ctx, 7, 10) }},
		{name: "backups schedule", status: 204, method: "POST", path: "/api/v2/services/7/backups/schedule",
			body: `{"type":"weekly","limit":4,"weekDay":2}`,
			call: func() error {
				return c.Backups.SetSchedule(ctx, 7, aeza.BackupSchedule{Type: aeza.ScheduleWeekly, Limit: 4, WeekDay: &wd})
			}},
		{name: "backups schedule delete", status: 204, method: "DELETE", path: "/api/v2/services/7/backups/schedule",
			call: func() error { return c.Backups.DeleteSchedule(ctx, 7) }},
		{name: "keys list", status: 200, method: "GET", path: "/api/v2/services/ssh-keys", query: url.Values{"offset": {"1"}},
			resp: `{"items":[{"id":301,"ownerId":42,"name":"laptop","publicKey":"ssh-ed25519 AAAA","autoAssign":true,"createdAt":"` + isoA + `"}],"total":2}`,
			call: func() error {
				l, err := c.SSHKeys.List(ctx, &aeza.PageOptions{Offset: 1})
				if err == nil {
					assert.Equal(t, int64(42), l.Items[0].OwnerID)
					assert.True(t, l.Items[0].AutoAssign)
				}
				return err
			}},
		{name: "keys create", status: 201, method: "POST", path: "/api/v2/services/ssh-keys",
			body: `{"name":"ci","publicKey":"ssh-ed25519 AAAA","autoAssign":true}`,
			resp: `{"id":302,"ownerId":42,"name":"ci","publicKey":"ssh-ed25519 AAAA","autoAssign":true,"createdAt":"` + isoA + `"}`,
			call: func() error {
				k, err := c.SSHKeys.Create(ctx, aeza.NewSSHKey{Name: "ci", PublicKey: "ssh-ed25519 AAAA", AutoAssign: true})
				if err == nil {
					assert.Equal(t, int64(302), k.ID)
				}
				return err
			}},
		{name: "keys get", status: 200, method: "GET", path: "/api/v2/services/ssh-keys/302",
			resp: `{"id":302,"ownerId":42,"name":"ci","publicKey":"ssh-ed25519 AAAA","autoAssign":false,"createdAt":"` + isoA + `"}`,
			call: func() error { _, err := c.SSHKeys.Get(ctx, 302); return err }},
		{name: "keys patch", status: 200, method: "PATCH", path: "/api/v2/services/ssh-keys/302", body: `{"name":"k2","autoAssign":false}`,
			resp: `{"id":302,"ownerId":42,"name":"k2","publicKey":"ssh-ed25519 AAAA","autoAssign":false,"createdAt":"` + isoA + `"}`,
			call: func() error {
				k, err := c.SSHKeys.Update(ctx, 302, aeza.SSHKeyUpdate{Name: &name, AutoAssign: &auto})
				if err == nil {
					assert.Equal(t, "k2", k.Name)
				}
				return err
			}},
		{name: "keys delete", status: 204, method: "DELETE", path: "/api/v2/services/ssh-keys/302",
			call: func() error { return c.SSHKeys.Delete(ctx, 302) }},
		{name: "groups", status: 200, method: "GET", path: "/api/v2/services/groups", query: url.Values{"type": {"vps"}},
			resp: `{"items":[{"id":23,"name":"Frankfurt","description":null,"type":{"slug":"vps","name":"VPS","parameters":[],"serviceHandler":"vm6"},
			"role":"location","parentId":null,"payload":{"code":"de"},"localedPayload":{"features":{"ru":"x","en":"y"}}},
			{"id":24,"name":"Shared","type":{"slug":"vps"},"role":null,"parentId":23,"payload":{"mode":"shared","label":"DE-SHARED"},"localedPayload":{"features":"z"}}],"total":2}`,
			call: func() error {
				gs, err := c.Groups.ByType(ctx, aeza.ProductVPS)
				if err == nil {
					loc, ok := gs.Location(24)
					assert.True(t, ok)
					assert.Equal(t, "de", loc.Payload.Code)
					assert.Equal(t, aeza.ProductVPS, gs[1].Type)
				}
				return err
			}},
		{name: "operating systems", status: 200, method: "GET", path: "/api/v2/services/operating-systems",
			resp: `[{"id":940,"slug":"ubuntu_2404","name":"Ubuntu 24.04","repository":null,"group":"ubuntu","username":"root","enabled":true,"targets":{"vps":1},"order":1}]`,
			call: func() error {
				os, err := c.OS.Installable(ctx)
				if err == nil {
					assert.Equal(t, "ubuntu_2404", os[0].Ref().Slug())
					assert.Equal(t, int64(1), os[0].Targets["vps"])
				}
				return err
			}},
		{name: "products", status: 200, method: "GET", path: "/api/v2/services/products", query: url.Values{"type": {"vps"}, "group": {"24"}},
			resp: `{"items":[{"id":153,"name":"DE-MINI","typeSlug":"vps","typeName":"VPS","groupId":24,"group":{"id":24,"name":"Shared"},"isPublic":true,"isAvailable":false,"tags":["promo"]}],"total":1}`,
			call: func() error {
				l, err := c.Products.Availability(ctx, &aeza.AvailabilityOptions{Type: aeza.ProductVPS, GroupID: 24})
				if err == nil {
					assert.False(t, l.Items[0].IsAvailable)
					assert.Equal(t, "Shared", l.Items[0].Group.Name)
					assert.Equal(t, []string{"promo"}, l.Items[0].Tags)
				}
				return err
			}},
		{name: "transactions", status: 200, method: "GET", path: "/api/v2/billing/transactions",
			query: url.Values{"limit": {"1000"}, "sort": {"id DESC"}, "filter": {`[["serviceId",123]]`}},
			resp: `{"items":[{"id":1,"amount":-2,"bonusAmount":0,"status":"performed","performedAt":"` + isoA + `","createdAt":"` + isoA + `",
			"type":"prolong","serviceId":123,"payload":{},"invoiceId":null,"invoice":null},
			{"id":2,"amount":50000,"bonusAmount":0,"status":"performed","performedAt":null,"createdAt":"` + isoA + `","type":"replenishment",
			"payload":{},"invoiceId":77,"invoice":{"id":77,"flowType":"yookassa","status":"paid"}}],"total":2}`,
			call: func() error {
				l, err := c.Billing.Transactions(ctx, &aeza.PageOptions{Limit: 1000, Sort: "id DESC", Filter: aeza.Filter{aeza.Eq("serviceId", 123)}})
				if err == nil {
					assert.Equal(t, aeza.Minor(-2), l.Items[0].Amount)
					assert.Equal(t, "-0.02", l.Items[0].Amount.String())
					assert.Equal(t, int64(123), l.Items[0].ServiceID)
					assert.True(t, l.Items[1].PerformedAt.IsZero())
					assert.Equal(t, int64(77), *l.Items[1].InvoiceID)
					assert.Equal(t, aeza.Text("yookassa"), l.Items[1].Invoice.FlowType)
				}
				return err
			}},
		{name: "domains list", status: 200, method: "GET", path: "/api/v2/domains", query: url.Values{"limit": {"200"}},
			resp: `{"items":[{"id":5,"name":"example.com","status":"active","statusReason":null,"observedNameservers":["ns1.aeza.net"],
			"nsCheckedAt":null,"createdAt":"` + isoA + `","updatedAt":"` + isoA + `"}],"total":1}`,
			call: func() error {
				l, err := c.Domains.List(ctx, &aeza.PageOptions{Limit: 200})
				if err == nil {
					assert.Equal(t, aeza.Text("active"), l.Items[0].Status)
					assert.True(t, l.Items[0].NSCheckedAt.IsZero())
					assert.Equal(t, []string{"ns1.aeza.net"}, l.Items[0].ObservedNameservers)
				}
				return err
			}},
		{name: "domains create", status: 201, method: "POST", path: "/api/v2/domains", body: `{"name":"example.org"}`,
			resp: `{"id":6,"name":"example.org","status":"wait","statusReason":"ns","observedNameservers":null,"nsCheckedAt":null,"createdAt":"` + isoA + `","updatedAt":"` + isoA + `"}`,
			call: func() error { _, err := c.Domains.Create(ctx, "example.org"); return err }},
		{name: "domains get", status: 200, method: "GET", path: "/api/v2/domains/6",
			resp: `{"id":6,"name":"example.org","status":"wait","createdAt":"` + isoA + `","updatedAt":"` + isoA + `"}`,
			call: func() error { _, err := c.Domains.Get(ctx, 6); return err }},
		{name: "nameservers", status: 200, method: "GET", path: "/api/v2/domains/nameservers",
			resp: `{"items":["ns1.aeza.net","ns2.aeza.net"]}`,
			call: func() error {
				ns, err := c.Domains.Nameservers(ctx)
				if err == nil {
					assert.Equal(t, []string{"ns1.aeza.net", "ns2.aeza.net"}, ns)
				}
				return err
			}},
		{name: "record types", status: 200, method: "GET", path: "/api/v2/domains/record-types",
			resp: `{"items":[{"name":"MX","description":"Mail","pattern":null,"parts":[{"slug":"priority","pattern":"\\d+","type":"number"}]}],"total":1}`,
			call: func() error {
				rt, err := c.Domains.RecordTypes(ctx)
				if err == nil {
					assert.Equal(t, "priority", rt[0].Parts[0].Slug)
				}
				return err
			}},
		{name: "records list", status: 200, method: "GET", path: "/api/v2/domains/6/records", query: url.Values{"offset": {"2"}, "limit": {"2"}},
			resp: `{"items":[{"id":9,"type":"MX","name":"@","content":"mx.example.org","ttl":3600,"priority":10,"weight":null,"port":null,
			"isEnabled":true,"note":null,"createdAt":"` + isoA + `","updatedAt":"` + isoA + `"}],"total":3}`,
			call: func() error {
				l, err := c.Domains.Records(ctx, 6, &aeza.PageOptions{Offset: 2, Limit: 2})
				if err == nil {
					assert.Equal(t, 10, *l.Items[0].Priority)
					assert.Nil(t, l.Items[0].Weight)
				}
				return err
			}},
		{name: "records create", status: 201, method: "POST", path: "/api/v2/domains/6/records",
			body: `{"type":"MX","name":"@","content":"mx.example.org","ttl":300,"priority":10}`,
			resp: `{"id":10,"type":"MX","name":"@","content":"mx.example.org","ttl":300,"priority":10,"isEnabled":true,"createdAt":"` + isoA + `","updatedAt":"` + isoA + `"}`,
			call: func() error {
				_, err := c.Domains.CreateRecord(ctx, 6, aeza.NewDNSRecord{Type: "MX", Name: "@", Content: "mx.example.org", TTL: &ttl, Priority: &prio})
				return err
			}},
		{name: "records patch", status: 200, method: "PATCH", path: "/api/v2/domains/6/records/10", body: `{"content":"192.0.2.20"}`,
			resp: `{"id":10,"type":"A","name":"@","content":"192.0.2.20","ttl":300,"isEnabled":true,"createdAt":"` + isoA + `","updatedAt":"` + isoA + `"}`,
			call: func() error {
				_, err := c.Domains.UpdateRecord(ctx, 6, 10, aeza.DNSRecordUpdate{Content: &content})
				return err
			}},
		{name: "records delete", status: 204, method: "DELETE", path: "/api/v2/domains/6/records/10",
			call: func() error { return c.Domains.DeleteRecord(ctx, 6, 10) }},
		{name: "notifications", status: 200, method: "GET", path: "/api/v2/notifications", query: url.Values{"limit": {"20"}},
			resp: `{"items":[{"id":1,"text":"hi","isRead":false,"createdAt":"` + isoA + `"}],"total":1}`,
			call: func() error {
				l, err := c.Notifications.List(ctx, &aeza.PageOptions{Limit: 20})
				if err == nil {
					assert.Equal(t, "hi", l.Items[0].Text)
				}
				return err
			}},
		{name: "notification get", status: 200, method: "GET", path: "/api/v2/notifications/1",
			resp: `{"id":1,"text":"hi","isRead":true,"createdAt":"` + isoA + `"}`,
			call: func() error { _, err := c.Notifications.Get(ctx, 1); return err }},
		{name: "notifications read", status: 204, method: "POST", path: "/api/v2/notifications/read",
			call: func() error { return c.Notifications.MarkAllRead(ctx) }},
		{name: "notification read", status: 204, method: "POST", path: "/api/v2/notifications/1/read",
			call: func() error { return c.Notifications.MarkRead(ctx, 1) }},
	}
	for _, tc := range cases {
		w.answer(tc.status, tc.resp)
		require.NoError(t, tc.call(), tc.name)
		seen := w.requests()
		require.Len(t, seen, 1, "%s: sent once", tc.name)
		r := seen[0]
		assert.Equal(t, tc.method, r.method, tc.name)
		assert.Equal(t, tc.path, r.path, tc.name)
		if tc.query == nil {
			assert.Empty(t, r.query, tc.name)
		} else {
			got, err := url.ParseQuery(r.query)
			require.NoError(t, err)
			assert.Equal(t, tc.query, got, tc.name)
		}
		assert.Equal(t, "wire-key-not-real", r.header.Get("X-API-Key"), tc.name)
		assert.Equal(t, "application/json", r.header.Get("Accept"), tc.name)
		if tc.body == "" {
			assert.Empty(t, r.body, tc.name)
			assert.Empty(t, r.header.Get("Content-Type"), tc.name)
		} else {
			assert.JSONEq(t, tc.body, r.body, tc.name)
			assert.Equal(t, "application/json", r.header.Get("Content-Type"), tc.name)
		}
	}
}

// UpdateRecord falls back to PUT only on 405 (the server ran nothing for
// the PATCH); a 404 or a 5xx is returned as it is, sent once.
func TestV2UpdateRecordMethodFallback(t *testing.T) {
	ctx := context.Background()
	content := "192.0.2.30"
	var methods []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		methods = append(methods, r.Method)
		b, _ := io.ReadAll(r.Body)
		assert.JSONEq(t, `{"content":"192.0.2.30"}`, string(b))
		switch {
		case r.URL.Path == "/api/v2/domains/6/records/10" && r.Method == http.MethodPatch:
			w.WriteHeader(http.StatusMethodNotAllowed)
			_, _ = io.WriteString(w, `{"statusCode":405,"message":"Cannot PATCH","error":"Method Not Allowed"}`)
		case r.URL.Path == "/api/v2/domains/6/records/10" && r.Method == http.MethodPut:
			_, _ = io.WriteString(w, `{"id":10,"type":"A","name":"@","content":"192.0.2.30","ttl":60,"isEnabled":true}`)
		case r.URL.Path == "/api/v2/domains/6/records/11":
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"statusCode":404,"message":"Record not found","error":"record.not_found"}`)
		default:
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	c, err := aeza.NewClient("key-not-real", aeza.WithBaseURL(srv.URL+"/api"), fastRetry())
	require.NoError(t, err)
	rec, err := c.Domains.UpdateRecord(ctx, 6, 10, aeza.DNSRecordUpdate{Content: &content})
	require.NoError(t, err)
	assert.Equal(t, "192.0.2.30", rec.Content)
	assert.Equal(t, []string{"PATCH", "PUT"}, methods)

	methods = nil
	_, err = c.Domains.UpdateRecord(ctx, 6, 11, aeza.DNSRecordUpdate{Content: &content})
	assert.ErrorIs(t, err, aeza.ErrNotFound)
	assert.Equal(t, []string{"PATCH"}, methods, "no fallback on 404")

	methods = nil
	_, err = c.Domains.UpdateRecord(ctx, 6, 12, aeza.DNSRecordUpdate{Content: &content})
	assert.ErrorIs(t, err, aeza.ErrServer)
	assert.Equal(t, []string{"PATCH"}, methods, "no fallback and no retry on 503")
}

// Do reaches v2 endpoints not wrapped here (support tickets, say) with the
// newer API's decoding; legacy paths keep the "data" envelope.
func TestV2DoEscapeHatch(t *testing.T) {
	w, c := newV2Wire(t)
	ctx := context.Background()
	w.answer(200, `{"items":[{"id":1,"subject":"help"}],"total":1}`)
	var l aeza.List[map[string]any]
	require.NoError(t, c.Do(ctx, &aeza.Request{Path: "v2/support/tickets", Query: url.Values{"limit": {"5"}}}, &l))
	assert.Equal(t, 1, l.Total)
	assert.Equal(t, "help", l.Items[0]["subject"])
	r := w.requests()[0]
	assert.Equal(t, "/api/v2/support/tickets", r.path)
	assert.Equal(t, "limit=5", r.query)

	w.answer(201, "")
	var raw json.RawMessage
	require.NoError(t, c.Do(ctx, &aeza.Request{Method: http.MethodPost, Path: "/v2/support/tickets/1/read", NoRetry: true}, &raw))
	assert.Empty(t, raw)
	w.answer(200, `{"data":{"id":3}}`)
	require.NoError(t, c.Do(ctx, &aeza.Request{Path: "v2/support/tickets/3"}, &raw))
	assert.JSONEq(t, `{"id":3}`, string(raw))

	// a legacy path still wants its envelope
	w.answer(200, `{"items":[],"total":0}`)
	err := c.Do(ctx, &aeza.Request{Path: "services"}, &l)
	require.ErrorIs(t, err, aeza.ErrDecode)
}
