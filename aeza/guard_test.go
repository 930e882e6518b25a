package aeza_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
	"github.com/ruapi/ruapi-go/internal/guardtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// aezaFill gives the arguments the reflective guard test cannot guess.
func aezaFill(t reflect.Type, _, _ string, _ int) (reflect.Value, bool) {
	switch t {
	case reflect.TypeOf(aeza.Term("")):
		return reflect.ValueOf(aeza.TermMonth), true
	case reflect.TypeOf(aeza.OrderRequest{}):
		return reflect.ValueOf(aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermMonth, Name: "guard", ProductID: 1}), true
	case reflect.TypeOf(aeza.ReinstallRequest{}):
		return reflect.ValueOf(aeza.ReinstallRequest{OS: aeza.OSSlug("ubuntu_2404"), Password: "guard-pass-not-real"}), true
	case reflect.TypeOf(aeza.RebuildRequest{}):
		return reflect.ValueOf(aeza.RebuildRequest{OS: aeza.OSSlug("ubuntu_2404"), Password: "guard-pass-not-real"}), true
	case reflect.TypeOf(aeza.InvoiceRequest{}):
		return reflect.ValueOf(aeza.InvoiceRequest{Method: "unitpay:card", Amount: aeza.MustDecimal("500")}), true
	case reflect.TypeOf((*aeza.ListOptions)(nil)):
		return reflect.Zero(t), true
	}
	return reflect.Value{}, false
}

// With WithReadOnly, every exported method of every service is called
// (found by reflection, so a new one cannot be missed): no request that
// changes state reaches the fake, and every method whose dry run built a
// change is refused with ErrReadOnly.
func TestReadOnlyEveryMethod(t *testing.T) {
	srv := aezatest.NewServer()
	defer srv.Close()
	balance := srv.Balance()
	services := srv.Services()

	dryRec := &guardtest.Recorder{}
	dry, err := srv.Client(aeza.WithDryRun(), aeza.WithHTTPClient(dryRec.Client()))
	require.NoError(t, err)
	changes := map[string]bool{}
	for _, r := range guardtest.CallAll(dry, aezaFill) {
		var d *aeza.DryRunRequest
		if errors.As(r.Err, &d) {
			changes[r.Name] = true
			assert.NotContains(t, string(d.Body), "guard-pass-not-real", r.Name)
			assert.Equal(t, "[REDACTED]", d.Header.Get("X-API-Key"), r.Name)
		}
	}
	for _, m := range []string{"Orders.Create", "Services.Prolong", "Services.Delete", "Services.Update", "Services.Control",
		"Services.Reboot", "Services.Reinstall", "Services.ChangePassword", "Payments.CreateInvoice",
		// the newer API's changes
		"Services.Power", "Services.PowerOff", "Services.PowerOn", "Services.Restart", "Services.EnterRescue",
		"Services.LeaveRescue", "Services.VNC", "Services.SetPassword", "Services.Rebuild", "Services.SetAutoProlong",
		"Services.RequestDeletion", "Networks.SetPTR", "Networks.MakeMain", "Backups.Create", "Backups.Delete",
		"Backups.Restore", "Backups.SetSchedule", "Backups.DeleteSchedule", "SSHKeys.Create", "SSHKeys.Update",
		"SSHKeys.Delete", "Domains.Create", "Domains.CreateRecord", "Domains.UpdateRecord", "Domains.DeleteRecord",
		"Notifications.MarkRead", "Notifications.MarkAllRead"} {
		assert.True(t, changes[m], "%s changes state and must be reached by the test", m)
	}

	rec := &guardtest.Recorder{}
	c, err := srv.Client(aeza.WithReadOnly(), aeza.WithHTTPClient(rec.Client()))
	require.NoError(t, err)
	results := guardtest.CallAll(c, aezaFill)
	require.Greater(t, len(results), 25)
	for _, r := range results {
		if changes[r.Name] {
			assert.ErrorIs(t, r.Err, aeza.ErrReadOnly, r.Name)
			assert.ErrorIs(t, r.Err, aeza.ErrNotSent, r.Name)
		} else {
			assert.NotErrorIs(t, r.Err, aeza.ErrReadOnly, "%s is a read", r.Name)
		}
	}
	// The escape hatch, by method.
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		err := c.Do(context.Background(), &aeza.Request{Method: m, Path: "services/101"}, nil)
		assert.ErrorIs(t, err, aeza.ErrReadOnly, m)
	}
	require.NoError(t, c.Do(context.Background(), &aeza.Request{Method: http.MethodGet, Path: "services"}, nil))

	for _, s := range append(rec.Requests(), dryRec.Requests()...) {
		assert.Equal(t, http.MethodGet, s.Method, "a request that changes state reached the fake: %s %s", s.Method, s.Path)
	}
	assert.NotEmpty(t, rec.Requests(), "the reads went out")
	assert.Equal(t, balance, srv.Balance())
	assert.Equal(t, services, srv.Services())
	assert.Zero(t, srv.Orders())
}
