package aeza_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"testing"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// v2Changes are the v2 calls that change state (or expose a secret), each
// with the fake path a fault is aimed at.
func v2Changes(c *aeza.Client) map[string]struct {
	path string
	call func(context.Context) error
} {
	type entry = struct {
		path string
		call func(context.Context) error
	}
	return map[string]entry{
		"restart":  {"services/101/ctl/restart", func(ctx context.Context) error { return c.Services.Restart(ctx, 101) }},
		"poweroff": {"services/101/ctl/suspend", func(ctx context.Context) error { return c.Services.PowerOff(ctx, 101, nil) }},
		"poweron":  {"services/102/ctl/resume", func(ctx context.Context) error { return c.Services.PowerOn(ctx, 102) }},
		"rescue":   {"services/101/rescue", func(ctx context.Context) error { return c.Services.EnterRescue(ctx, 101) }},
		"leave":    {"services/101/rescue/leave", func(ctx context.Context) error { return c.Services.LeaveRescue(ctx, 101) }},
		"vnc": {"services/101/remote/vnc", func(ctx context.Context) error {
			_, err := c.Services.VNC(ctx, 101)
			return err
		}},
		"password": {"services/101/change-password", func(ctx context.Context) error {
			return c.Services.SetPassword(ctx, 101, "Fault-Pass-1")
		}},
		"rebuild": {"services/101/reinstall", func(ctx context.Context) error {
			return c.Services.Rebuild(ctx, 101, aeza.RebuildRequest{OS: aeza.OSSlug("debian_12"), Password: "Fault-Pass-2"})
		}},
		"autoprolong": {"services/101", func(ctx context.Context) error { return c.Services.SetAutoProlong(ctx, 101, false) }},
		"delete":      {"services/102", func(ctx context.Context) error { return c.Services.RequestDeletion(ctx, 102) }},
		"ptr": {"services/101/networks/ipv4/ip-192-0-2-10/edit-ptr", func(ctx context.Context) error {
			return c.Networks.SetPTR(ctx, 101, "ip-192-0-2-10", "a.example")
		}},
		"backup": {"services/101/backups", func(ctx context.Context) error {
			_, err := c.Backups.Create(ctx, 101, "b")
			return err
		}},
		"restore": {"services/101/backups/1/restore", func(ctx context.Context) error { return c.Backups.Restore(ctx, 101, 1) }},
		"bdelete": {"services/101/backups/1", func(ctx context.Context) error { return c.Backups.Delete(ctx, 101, 1) }},
		"schedule": {"services/101/backups/schedule", func(ctx context.Context) error {
			return c.Backups.SetSchedule(ctx, 101, aeza.BackupSchedule{Type: aeza.ScheduleDaily, Limit: 1})
		}},
		"key": {"services/ssh-keys", func(ctx context.Context) error {
			_, err := c.SSHKeys.Create(ctx, aeza.NewSSHKey{Name: "k", PublicKey: "ssh-ed25519 AAAA"})
			return err
		}},
		"kdelete": {"services/ssh-keys/301", func(ctx context.Context) error { return c.SSHKeys.Delete(ctx, 301) }},
		"domain": {"domains", func(ctx context.Context) error {
			_, err := c.Domains.Create(ctx, "fault.example")
			return err
		}},
		"record": {"domains/501/records", func(ctx context.Context) error {
			_, err := c.Domains.CreateRecord(ctx, 501, aeza.NewDNSRecord{Type: "A", Name: "x", Content: "192.0.2.1"})
			return err
		}},
		"rdelete": {"domains/501/records/601", func(ctx context.Context) error { return c.Domains.DeleteRecord(ctx, 501, 601) }},
		"read":    {"notifications/read", func(ctx context.Context) error { return c.Notifications.MarkAllRead(ctx) }},
	}
}

// Every v2 state change is sent exactly once under every fault a read
// would be retried on, and nothing happens on the fake.
func TestV2StateChangesSentOnceUnderFaults(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	for name, e := range v2Changes(c) {
		for _, st := range []int{http.StatusServiceUnavailable, http.StatusTooManyRequests, http.StatusBadGateway, http.StatusGatewayTimeout} {
			srv.InjectFault(1, aezatest.Fault{Status: st, Path: aezatest.V2Path(e.path)})
			before := srv.Requests()
			err := e.call(context.Background())
			require.Error(t, err, "%s on %d", name, st)
			assert.Equal(t, 1, srv.Requests()-before, "%s sent once on %d", name, st)
			srv.ClearFaults()
		}
	}
	// nothing acted
	svc, ok := srv.Service(101)
	require.True(t, ok)
	assert.Equal(t, aeza.StatusActive, svc.Status)
	assert.True(t, svc.AutoProlong)
	_, ok = srv.Service(102)
	assert.True(t, ok)
	assert.Empty(t, srv.Backups(101))
	assert.Equal(t, 1, srv.SSHKeys())
	assert.Len(t, srv.DNSRecords(501), 1)

	// a read on the same fault is retried
	srv.InjectFault(2, aezatest.Fault{Status: http.StatusServiceUnavailable, Path: aezatest.V2Path("services/101")})
	before := srv.Requests()
	_, err := c.Services.Info(context.Background(), 101)
	require.NoError(t, err)
	assert.Equal(t, 3, srv.Requests()-before)
}

func TestV2StateChangesNotRetriedOnConnectionReset(t *testing.T) {
	t.Parallel()
	url, hits := resetServer(t)
	c, err := aeza.NewClient("test-token-not-real", aeza.WithBaseURL(url+"/api"), fastRetry())
	require.NoError(t, err)
	for name, e := range v2Changes(c) {
		before := hits.Load()
		err := e.call(context.Background())
		require.ErrorIs(t, err, aeza.ErrOutcomeUnknown, name)
		assert.Equal(t, before+1, hits.Load(), "%s sent once", name)
	}
	before := hits.Load()
	_, err = c.Services.ListInfo(context.Background(), nil)
	require.Error(t, err)
	assert.Equal(t, before+3, hits.Load(), "a read is retried")
}

// An upstream that echoes secrets back in an error: the VNC password, the
// root passwords of change-password and reinstall and secureParameters never
// reach an error message or a log line.
func TestV2SecretsScrubbed(t *testing.T) {
	const (
		vncPass  = "vnc-echo-pass-not-real-71"
		rootPass = "Root-Echo-Pass-not-real-72"
		sysPass  = "secure-param-pass-not-real-73"
	)
	var logs bytes.Buffer
	w, c := newV2Wire(t, aeza.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	ctx := context.Background()

	// the password rides in the request and comes back in a 400 body
	w.answer(400, `{"statusCode":400,"message":["password `+rootPass+` is too weak"],"error":"validation","payload":{"password":"`+rootPass+`"}}`)
	err := c.Services.SetPassword(ctx, 7, aeza.Password(rootPass))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), rootPass)
	assertNoSecret(t, err, rootPass)
	err = c.Services.Rebuild(ctx, 7, aeza.RebuildRequest{OS: aeza.OSSlug("debian_12"), Password: aeza.Password(rootPass)})
	require.Error(t, err)
	assertNoSecret(t, err, rootPass)

	// a VNC answer that does not decode quotes no password
	w.answer(201, `{"address":["not","a","string"],"password":"`+vncPass+`"`)
	_, err = c.Services.VNC(ctx, 7)
	require.ErrorIs(t, err, aeza.ErrDecode)
	assertNoSecret(t, err, vncPass)
	// nor does a VNC failure that echoes it
	w.answer(500, `{"statusCode":500,"message":"vnc `+vncPass+` failed","password":"`+vncPass+`"}`)
	_, err = c.Services.VNC(ctx, 7)
	require.Error(t, err)
	assertNoSecret(t, err, vncPass)

	// secureParameters in a service that fails to decode
	w.answer(200, `{"id":"bad","secureParameters":{"password":"`+sysPass+`"}}`)
	_, err = c.Services.Info(ctx, 7)
	require.ErrorIs(t, err, aeza.ErrDecode)
	assertNoSecret(t, err, sysPass)

	assert.NotEmpty(t, logs.String())
	for _, s := range []string{vncPass, rootPass, sysPass} {
		assert.NotContains(t, logs.String(), s)
	}
}

func assertNoSecret(t *testing.T, err error, secret string) {
	t.Helper()
	assert.NotContains(t, err.Error(), secret)
	var e *aeza.Error
	if assert.ErrorAs(t, err, &e) {
		assert.NotContains(t, e.Message, secret)
		assert.NotContains(t, string(e.Details), secret)
		assert.NotContains(t, fmtAll(e), secret)
	}
}
