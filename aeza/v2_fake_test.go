package aeza_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// errStatus returns the HTTP status of an *aeza.Error, 0 for another error.
func errStatus(err error) int {
	var e *aeza.Error
	if errors.As(err, &e) {
		return e.StatusCode
	}
	return 0
}

// nestCode reads the slug of a v2 error: Code once the NestJS body is
// decoded, or the excerpt of the body in Message.
func nestCode(t *testing.T, err error) string {
	t.Helper()
	var e *aeza.Error
	require.ErrorAs(t, err, &e)
	return e.Code + " " + e.Message
}

func TestV2PowerStateMachine(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()

	svc, err := c.Services.Info(ctx, 101)
	require.NoError(t, err)
	assert.Equal(t, aeza.StatusActive, svc.Status)
	assert.True(t, svc.Ready())
	assert.True(t, svc.Capabilities.Has(aeza.CapCtlRestart))
	assert.Equal(t, aeza.Minor(36900), svc.Price, "369 roubles a month in kopecks")
	assert.Equal(t, "369.00", svc.Price.String())

	// resuming an active server: 400 service.invalid_status, payload.allow
	err = c.Services.PowerOn(ctx, 101)
	require.Error(t, err)
	assert.Equal(t, http.StatusBadRequest, errStatus(err))
	assert.Contains(t, nestCode(t, err), "service.invalid_status")

	require.NoError(t, c.Services.Restart(ctx, 101))
	require.NoError(t, c.Services.PowerOff(ctx, 101, nil))
	svc, err = c.Services.Info(ctx, 101)
	require.NoError(t, err)
	assert.Equal(t, aeza.StatusSuspended, svc.Status)
	err = c.Services.Restart(ctx, 101)
	assert.Equal(t, http.StatusBadRequest, errStatus(err), "restart needs an active server")
	require.NoError(t, c.Services.PowerOn(ctx, 101))

	// a running task: the service shows it, and actions answer 409
	srv.SetTaskDuration(time.Hour)
	require.NoError(t, c.Services.PowerOff(ctx, 101, &aeza.PowerOffOptions{Force: true}))
	svc, err = c.Services.Info(ctx, 101)
	require.NoError(t, err)
	require.NotNil(t, svc.CurrentTask)
	assert.Equal(t, aeza.TaskRunning, svc.CurrentTask.Status)
	assert.NotEmpty(t, svc.CurrentTask.ID)
	assert.True(t, svc.Busy())
	assert.Equal(t, aeza.StatusActive, svc.Status, "the power-off has not happened yet")
	err = c.Services.PowerOn(ctx, 101)
	assert.Equal(t, http.StatusConflict, errStatus(err))
	assert.Contains(t, nestCode(t, err), "service.active_task")
	srv.FinishTasks()
	svc, err = c.Services.Info(ctx, 101)
	require.NoError(t, err)
	assert.Nil(t, svc.CurrentTask)
	assert.Equal(t, aeza.StatusSuspended, svc.Status)

	// rescue and back
	srv.SetTaskDuration(0)
	require.NoError(t, c.Services.PowerOn(ctx, 101))
	require.NoError(t, c.Services.EnterRescue(ctx, 101))
	svc, err = c.Services.Info(ctx, 101)
	require.NoError(t, err)
	assert.Equal(t, aeza.StatusRescue, svc.Status)
	assert.True(t, svc.Status.Known())
	require.NoError(t, c.Services.LeaveRescue(ctx, 101))
	svc, err = c.Services.Info(ctx, 101)
	require.NoError(t, err)
	assert.Equal(t, aeza.StatusActive, svc.Status)
}

// The fake's NestJS error body carries payload.allow for an invalid status.
func TestV2FakeInvalidStatusBody(t *testing.T) {
	t.Parallel()
	srv, _ := newFake(t)
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v2/services/101/ctl/resume", nil)
	require.NoError(t, err)
	req.Header.Set("X-API-Key", srv.APIKey)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	var body struct {
		StatusCode int    `json:"statusCode"`
		Error      string `json:"error"`
		Path       string `json:"path"`
		RequestID  string `json:"requestId"`
		Payload    struct {
			Allow   []string `json:"allow"`
			Current string   `json:"current"`
		} `json:"payload"`
	}
	require.NoError(t, json.Unmarshal(b, &body), string(b))
	assert.Equal(t, 400, body.StatusCode)
	assert.Equal(t, "service.invalid_status", body.Error)
	assert.Equal(t, "/services/101/ctl/resume", body.Path)
	assert.Equal(t, []string{"suspended"}, body.Payload.Allow)
	assert.Equal(t, "active", body.Payload.Current)
	assert.NotEmpty(t, body.RequestID)
}

func TestV2WaitReady(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, aezatest.WithTaskDuration(150*time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, c.Services.Restart(ctx, 101))
	before := srv.Requests()
	svc, err := c.Services.WaitReady(ctx, 101, 50*time.Millisecond)
	require.NoError(t, err)
	assert.True(t, svc.Ready())
	assert.GreaterOrEqual(t, srv.Requests()-before, 2, "polled until the task ended")

	// a wait that cannot end returns the last service seen with ctx's error
	srv.SetTaskDuration(time.Hour)
	require.NoError(t, c.Services.Restart(ctx, 101))
	short, cancel2 := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel2()
	last, err := c.Services.WaitReady(short, 101, 30*time.Millisecond)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NotNil(t, last)
	assert.True(t, last.Busy())
}

func TestV2SecretsAndRebuild(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	v, err := c.Services.VNC(ctx, 101)
	require.NoError(t, err)
	assert.NotEmpty(t, v.Address)
	assert.Equal(t, "vnc-101-fake-pass", v.Password.Reveal())
	assert.NotContains(t, fmtAll(v), "vnc-101-fake-pass")

	require.NoError(t, c.Services.SetPassword(ctx, 101, aeza.Password("n3w-fake-root-pass")))
	svc, err := c.Services.Info(ctx, 101)
	require.NoError(t, err)
	var sp struct {
		Password string `json:"password"`
	}
	require.NoError(t, svc.SecureParameters.Decode(&sp))
	assert.Equal(t, "n3w-fake-root-pass", sp.Password)
	assert.NotContains(t, fmtAll(svc), "n3w-fake-root-pass")

	keys, err := c.SSHKeys.List(ctx, nil)
	require.NoError(t, err)
	require.NotEmpty(t, keys.Items)
	require.NoError(t, c.Services.Rebuild(ctx, 101, aeza.RebuildRequest{OS: aeza.OSSlug("debian_12"), SSHKeyIDs: []int64{keys.Items[0].ID}}))
	got, ok := srv.Service(101)
	require.True(t, ok)
	assert.Equal(t, "debian_12", got.Parameters.OS.Slug())
	err = c.Services.Rebuild(ctx, 101, aeza.RebuildRequest{OS: aeza.OSSlug("debian_12"), SSHKeyIDs: []int64{999}})
	assert.Equal(t, http.StatusBadRequest, errStatus(err))

	st, err := c.Services.Stats(ctx, 101, "cpu", &aeza.StatsOptions{Resolution: time.Minute})
	require.NoError(t, err)
	assert.Equal(t, []string{"0.5", "0.7", "1.2"}, st.Data)
}

func TestV2ServicesListAutoProlongDelete(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	l, err := c.Services.ListInfo(ctx, &aeza.PageOptions{Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, 2, l.Total)
	require.Len(t, l.Items, 1)
	assert.Empty(t, l.Items[0].SecureParameters, "the list carries no detail")
	all := collect(t, c.Services.AllInfo(ctx, &aeza.PageOptions{Limit: 1}))
	require.Len(t, all, 2)
	assert.Equal(t, aeza.StatusSuspended, all[1].Status)

	require.NoError(t, c.Services.SetAutoProlong(ctx, 101, false))
	got, _ := srv.Service(101)
	assert.False(t, got.AutoProlong)
	require.NoError(t, c.Services.RequestDeletion(ctx, 102))
	_, ok := srv.Service(102)
	assert.False(t, ok)
	_, err = c.Services.Info(ctx, 102)
	assert.Equal(t, http.StatusNotFound, errStatus(err))
	assert.ErrorIs(t, err, aeza.ErrNotFound)
}

func TestV2KeysCRUD(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	before := srv.SSHKeys()
	k, err := c.SSHKeys.Create(ctx, aeza.NewSSHKey{Name: "ci", PublicKey: "ssh-ed25519 AAAAfake ci"})
	require.NoError(t, err)
	assert.Equal(t, before+1, srv.SSHKeys())
	assert.False(t, k.CreatedAt.IsZero())
	name := "ci-2"
	k2, err := c.SSHKeys.Update(ctx, k.ID, aeza.SSHKeyUpdate{Name: &name})
	require.NoError(t, err)
	assert.Equal(t, "ci-2", k2.Name)
	got, err := c.SSHKeys.Get(ctx, k.ID)
	require.NoError(t, err)
	assert.Equal(t, "ci-2", got.Name)
	all := collect(t, c.SSHKeys.All(ctx, &aeza.PageOptions{Limit: 1}))
	assert.Len(t, all, before+1)
	require.NoError(t, c.SSHKeys.Delete(ctx, k.ID))
	assert.Equal(t, before, srv.SSHKeys())
	_, err = c.SSHKeys.Get(ctx, k.ID)
	assert.ErrorIs(t, err, aeza.ErrNotFound)
}

func TestV2BackupsLifecycle(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	b, err := c.Backups.Create(ctx, 101, "before-upgrade")
	require.NoError(t, err)
	assert.Equal(t, "before-upgrade", b.Name)
	assert.Equal(t, aeza.BackupSourceManual, b.Source)
	l, err := c.Backups.List(ctx, 101, nil)
	require.NoError(t, err)
	require.Len(t, l.Items, 1)
	assert.Equal(t, aeza.BackupStatusActive, l.Items[0].Status)
	require.NotNil(t, l.Items[0].Size)
	require.NoError(t, c.Backups.Restore(ctx, 101, b.ID))
	wd := 1
	require.NoError(t, c.Backups.SetSchedule(ctx, 101, aeza.BackupSchedule{Type: aeza.ScheduleWeekly, Limit: 3, WeekDay: &wd}))
	svc, err := c.Services.Info(ctx, 101)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"weekly","limit":3,"weekDay":1}`, string(svc.Schedule))
	require.NoError(t, c.Backups.DeleteSchedule(ctx, 101))
	require.NoError(t, c.Backups.Delete(ctx, 101, b.ID))
	assert.Empty(t, srv.Backups(101))
	err = c.Backups.Restore(ctx, 101, b.ID)
	assert.ErrorIs(t, err, aeza.ErrNotFound)

	// a backup while a task runs: 409
	srv.SetTaskDuration(time.Hour)
	require.NoError(t, c.Services.Restart(ctx, 101))
	_, err = c.Backups.Create(ctx, 101, "busy")
	assert.Equal(t, http.StatusConflict, errStatus(err))
}

func TestV2NetworksAndDNS(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	v4, err := c.Networks.IPv4(ctx, 101)
	require.NoError(t, err)
	require.Len(t, v4.Items, 1)
	key := v4.Items[0].Key.String()
	require.NoError(t, c.Networks.SetPTR(ctx, 101, key, "web.example.com"))
	v4, err = c.Networks.IPv4(ctx, 101)
	require.NoError(t, err)
	assert.Equal(t, "web.example.com", v4.Items[0].Domain.String())
	require.NoError(t, c.Networks.MakeMain(ctx, 101, key))
	v6, err := c.Networks.IPv6(ctx, 101)
	require.NoError(t, err)
	assert.Equal(t, 64, v6.Items[0].Prefix)

	doms, err := c.Domains.List(ctx, nil)
	require.NoError(t, err)
	require.NotEmpty(t, doms.Items)
	d, err := c.Domains.Create(ctx, "example.org")
	require.NoError(t, err)
	got, err := c.Domains.Get(ctx, d.ID)
	require.NoError(t, err)
	assert.Equal(t, "example.org", got.Name)
	ns, err := c.Domains.Nameservers(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"ns1.aeza.net", "ns2.aeza.net"}, ns)
	types, err := c.Domains.RecordTypes(ctx)
	require.NoError(t, err)
	assert.Equal(t, "A", types[0].Name)

	rec, err := c.Domains.CreateRecord(ctx, d.ID, aeza.NewDNSRecord{Type: "A", Name: "www", Content: "192.0.2.10"})
	require.NoError(t, err)
	assert.Equal(t, 3600, rec.TTL)
	content := "192.0.2.20"
	up, err := c.Domains.UpdateRecord(ctx, d.ID, rec.ID, aeza.DNSRecordUpdate{Content: &content})
	require.NoError(t, err)
	assert.Equal(t, "192.0.2.20", up.Content)
	recs := collect(t, c.Domains.AllRecords(ctx, d.ID, nil))
	require.Len(t, recs, 1)
	require.NoError(t, c.Domains.DeleteRecord(ctx, d.ID, rec.ID))
	assert.Empty(t, srv.DNSRecords(d.ID))
}

func TestV2AccountCatalogLedgerNotifications(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	me, err := c.Account.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, aeza.Minor(100000), me.Balance)
	assert.Equal(t, "RUB", me.LedgerCurrency())

	gs, err := c.Groups.ByType(ctx, aeza.ProductVPS)
	require.NoError(t, err)
	loc, ok := gs.Location(11)
	require.True(t, ok)
	assert.Equal(t, "de", loc.Payload.Code)
	oses, err := c.OS.Installable(ctx)
	require.NoError(t, err)
	assert.Equal(t, "ubuntu_2404", oses[0].Slug)
	av, err := c.Products.Availability(ctx, &aeza.AvailabilityOptions{Type: aeza.ProductVPS})
	require.NoError(t, err)
	require.NotEmpty(t, av.Items)
	assert.True(t, av.Items[0].IsAvailable)

	srv.AddLedgerEntry(aeza.LedgerEntry{Amount: -66, Type: "prolong", Status: "performed", ServiceID: 102})
	tx, err := c.Billing.Transactions(ctx, &aeza.PageOptions{Filter: aeza.Filter{aeza.Eq("serviceId", 101)}, Sort: aeza.SortClause(aeza.Desc("id"))})
	require.NoError(t, err)
	require.Len(t, tx.Items, 1)
	assert.Equal(t, aeza.Minor(-36900), tx.Items[0].Amount)
	all := collect(t, c.Billing.AllTransactions(ctx, &aeza.PageOptions{Limit: 2}))
	assert.Len(t, all, 3)

	notes, err := c.Notifications.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, notes.Items, 2)
	require.NoError(t, c.Notifications.MarkRead(ctx, notes.Items[0].ID))
	n, err := c.Notifications.Get(ctx, notes.Items[0].ID)
	require.NoError(t, err)
	assert.True(t, n.IsRead)
	require.NoError(t, c.Notifications.MarkAllRead(ctx))
	for n, err := range c.Notifications.All(ctx, nil) {
		require.NoError(t, err)
		assert.True(t, n.IsRead)
	}
}

// fmtAll prints v every way fmt can.
func fmtAll(v any) string { return fmt.Sprintf("%v %+v %#v %s", v, v, v, v) }

// The v2 calls carry stable operation names and fill ResponseInfo.
func TestV2OperationNamesAndResponseInfo(t *testing.T) {
	rec := &opRecorder{}
	srv := aezatest.NewServer()
	t.Cleanup(srv.Close)
	c, err := srv.Client(aeza.WithHTTPClient(&http.Client{Transport: rec}))
	require.NoError(t, err)
	ctx := context.Background()
	calls := []struct {
		op   string
		call func() error
	}{
		{"account.me", func() error { _, err := c.Account.Me(ctx); return err }},
		{"services.listInfo", func() error { _, err := c.Services.ListInfo(ctx, nil); return err }},
		{"services.info", func() error { _, err := c.Services.Info(ctx, 101); return err }},
		{"services.power.restart", func() error { return c.Services.Restart(ctx, 101) }},
		{"services.vnc", func() error { _, err := c.Services.VNC(ctx, 101); return err }},
		{"services.stats", func() error { _, err := c.Services.Stats(ctx, 101, "cpu", nil); return err }},
		{"networks.ipv4", func() error { _, err := c.Networks.IPv4(ctx, 101); return err }},
		{"backups.list", func() error { _, err := c.Backups.List(ctx, 101, nil); return err }},
		{"sshKeys.list", func() error { _, err := c.SSHKeys.List(ctx, nil); return err }},
		{"domains.records", func() error { _, err := c.Domains.Records(ctx, 501, nil); return err }},
		{"billing.transactions", func() error { _, err := c.Billing.Transactions(ctx, nil); return err }},
		{"notifications.markAllRead", func() error { return c.Notifications.MarkAllRead(ctx) }},
		{"groups.byType", func() error { _, err := c.Groups.ByType(ctx, ""); return err }},
		{"os.installable", func() error { _, err := c.OS.Installable(ctx); return err }},
		{"products.availability", func() error { _, err := c.Products.Availability(ctx, nil); return err }},
	}
	for _, tc := range calls {
		require.NoError(t, tc.call(), tc.op)
		assert.Equal(t, []string{tc.op}, rec.take(), tc.op)
	}
	var info aeza.ResponseInfo
	require.NoError(t, c.Services.PowerOff(ctx, 101, nil, aeza.WithResponseInto(&info)))
	assert.Equal(t, http.StatusCreated, info.StatusCode)
	assert.Equal(t, 1, info.Attempts)
	assert.Equal(t, "services.power.suspend", info.Operation)
	err = c.Services.PowerOff(ctx, 101, nil, aeza.WithResponseInto(&info))
	require.Error(t, err)
	assert.Equal(t, http.StatusBadRequest, info.StatusCode)
}
