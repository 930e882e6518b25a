package servicemanager_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/ruapi/ruapi-go/internal/guardtest"
	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/ruapi/ruapi-go/servicemanager/smtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// smReads are the methods that only read: the groups' read-only methods and
// the subscriber's account/* reads, plus session/prepare_list, the first
// step of listing sessions.
func smReads() map[string]bool {
	reads := map[string]bool{}
	for _, m := range sm.Methods() {
		if m.ReadOnly {
			reads[m.Name] = true
		}
	}
	for _, m := range []string{"account/list", "account/info", "account/servant_info", "account/attached_info",
		"account/users/list", "account/users/info", "account/servants/list", "account/servants/tariff_selection_page",
		"account/servant_tariffs/info", "account/servant_tariffs/list", sm.MethodSessionPrepareList, sm.MethodSessionList} {
		reads[m] = true
	}
	return reads
}

// smFill gives the arguments the reflective guard test cannot guess.
func smFill(t reflect.Type, _, _ string, _ int) (reflect.Value, bool) {
	if t == reflect.TypeOf(sm.NewBill{}) {
		v := guardtest.Fill(t, 0)
		setAmounts(v)
		return v, true
	}
	return reflect.Value{}, false
}

// setAmounts makes every Amount in v a number.
func setAmounts(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.Type() == reflect.TypeOf(sm.Amount("")) {
			v.SetString("100.00")
		}
	case reflect.Pointer:
		if !v.IsNil() {
			setAmounts(v.Elem())
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			setAmounts(v.Index(i))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				setAmounts(v.Field(i))
			}
		}
	}
}

// smMethod names the ext_api method of a recorded request ("" for the
// version discovery).
func smMethod(s guardtest.Seen) string {
	if _, m, ok := strings.Cut(s.Path, "/hs/ext_api/execute/usr/"); ok {
		return m
	}
	return ""
}

// With WithReadOnly, every exported method of every service is called
// (found by reflection, so a new one cannot be missed), and Call and
// CallReadOnly: no method that changes state reaches the fake, every method
// whose dry run built a change is refused with ErrReadOnly, and the list
// methods and version discovery, POSTs and a GET, still read.
func TestReadOnlyEveryMethod(t *testing.T) {
	srv := smtest.NewServer()
	defer srv.Close()
	reads := smReads()

	dryRec := &guardtest.Recorder{}
	dry, err := srv.Client(sm.WithDryRun(), sm.WithHTTPClient(dryRec.Client()))
	require.NoError(t, err)
	changes := map[string]bool{}
	for _, r := range guardtest.CallAll(dry, smFill) {
		var d *sm.DryRunRequest
		if errors.As(r.Err, &d) {
			changes[r.Name] = true
			assert.Equal(t, "[REDACTED]", d.Header.Get("Authorization"), r.Name)
			assert.False(t, reads[d.Operation], "%s: %s is a read", r.Name, d.Operation)
		}
	}
	for _, m := range []string{"Users.Create", "Users.Delete", "Tenants.Create", "Bills.Create", "Sessions.Terminate",
		"PromoCodes.Activate", "CustomerSubscriptions.Create", "Tasks.Execute", "Accounts.UpdateInfo"} {
		assert.True(t, changes[m], "%s changes state and must be reached by the test", m)
	}

	rec := &guardtest.Recorder{}
	c, err := srv.Client(sm.WithReadOnly(), sm.WithHTTPClient(rec.Client()))
	require.NoError(t, err)
	results := guardtest.CallAll(c, smFill)
	require.Greater(t, len(results), 50)
	for _, r := range results {
		if changes[r.Name] {
			assert.ErrorIs(t, r.Err, sm.ErrReadOnly, r.Name)
			assert.ErrorIs(t, r.Err, sm.ErrNotSent, r.Name)
		} else {
			assert.NotErrorIs(t, r.Err, sm.ErrReadOnly, "%s is a read", r.Name)
		}
	}
	_, err = c.Call(context.Background(), sm.MethodTenantList, 1010, nil, nil)
	assert.ErrorIs(t, err, sm.ErrReadOnly, "Call is a change unless CallReadOnly")
	_, err = c.CallReadOnly(context.Background(), sm.MethodTenantList, 1010, nil, nil)
	assert.NotErrorIs(t, err, sm.ErrReadOnly)

	sawVersion, sawList := false, false
	for _, s := range append(rec.Requests(), dryRec.Requests()...) {
		m := smMethod(s)
		if m == "" {
			sawVersion = sawVersion || strings.HasSuffix(s.Path, "/hs/ext_api/version")
			// Discovery POSTs with no body, as 1C's library does, and
			// falls back to GET; either way it carries nothing.
			assert.Contains(t, []string{http.MethodPost, http.MethodGet}, s.Method, s.Path)
			assert.Empty(t, s.Body, s.Path)
			continue
		}
		sawList = sawList || strings.HasSuffix(m, "/list")
		assert.True(t, reads[m], "a method that changes state reached the fake: %s", m)
	}
	assert.True(t, sawVersion && sawList, "the version discovery and the list methods went out")
}
