package smtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/ruapi/ruapi-go/servicemanager/smtest"
)

var fast = sm.Poll{Interval: time.Millisecond}

// tenant/create answers 10202; Wait polls tenant/info (never create again)
// until the application is in use.
func TestTenantCreateAndWait(t *testing.T) {
	srv := smtest.NewServer()
	defer srv.Close()
	c, err := srv.Client() // discovers version 23: the method goes in the URL
	require.NoError(t, err)
	ctx := context.Background()
	tc, err := c.Tenants.Create(ctx, smtest.Account, sm.NewTenant{Application: "buh", Name: "Новая", Timezone: "Europe/Moscow"})
	require.NoError(t, err)
	assert.True(t, tc.Pending)
	assert.Equal(t, sm.TenantStatus("new"), tc.Tenant.Status)
	tn, err := c.Tenants.Wait(ctx, smtest.Account, tc.Tenant.ID, fast)
	require.NoError(t, err)
	assert.Equal(t, sm.TenantUsed, tn.Status)
	assert.Equal(t, "Новая", tn.Name)
	assert.Equal(t, []string{"tenant/create", "tenant/info", "tenant/info", "tenant/info"}, srv.Methods())
	list, err := c.Tenants.List(ctx, smtest.Account)
	require.NoError(t, err)
	assert.Len(t, list, 2)
}

// The wait ends with the context (deadline or cancel) or after MaxAttempts,
// as a *WaitError matching ErrStillRunning.
func TestTenantWaitEnds(t *testing.T) {
	srv := smtest.NewServer()
	defer srv.Close()
	c, err := srv.Client(sm.WithServerVersion(smtest.InterfaceVersion))
	require.NoError(t, err)
	ctx := context.Background()
	id := srv.AddTenant(sm.Tenant{Owner: smtest.Account, Name: "Зависшее", Status: "preparing"})

	_, err = c.Tenants.Wait(ctx, smtest.Account, id, sm.Poll{Interval: time.Millisecond, MaxAttempts: 3})
	require.ErrorIs(t, err, sm.ErrStillRunning)
	var we *sm.WaitError
	require.ErrorAs(t, err, &we)
	assert.Equal(t, 3, we.Attempts)
	assert.Equal(t, "tenant/info", we.Method)
	assert.Equal(t, "status preparing", we.State)
	assert.NoError(t, we.Err)

	dctx, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.Tenants.Wait(dctx, smtest.Account, id, sm.Poll{Interval: 5 * time.Millisecond})
	require.ErrorIs(t, err, sm.ErrStillRunning)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), time.Second)

	cctx, cancel2 := context.WithCancel(ctx)
	go func() { time.Sleep(10 * time.Millisecond); cancel2() }()
	_, err = c.Tenants.Wait(cctx, smtest.Account, id, sm.Poll{Interval: time.Hour})
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, err, sm.ErrStillRunning)

	// An error of tenant/info ends the wait at once.
	_, err = c.Tenants.Wait(ctx, smtest.Account, 999, fast)
	require.ErrorIs(t, err, sm.ErrNotFound)
	_, err = c.Tenants.Wait(ctx, smtest.Account, id, sm.Poll{MaxAttempts: -1})
	require.ErrorIs(t, err, sm.ErrInvalidArgument)
}

// get_demo is repeated while it answers 10202; a create is never repeated.
func TestCallUntilDone(t *testing.T) {
	srv := smtest.NewServer()
	defer srv.Close()
	c, err := srv.Client(sm.WithServerVersion(smtest.InterfaceVersion))
	require.NoError(t, err)
	ctx := context.Background()
	g, err := c.CallUntilDone(ctx, sm.MethodTenantGetDemo, smtest.Account, nil, nil, fast)
	require.NoError(t, err)
	assert.Equal(t, sm.CodeOK, g.Response)
	assert.Equal(t, []string{"tenant/get_demo", "tenant/get_demo", "tenant/get_demo"}, srv.Methods())

	_, err = c.CallUntilDone(ctx, sm.MethodTenantCreate, smtest.Account, nil, nil, fast)
	require.ErrorIs(t, err, sm.ErrInvalidArgument)
	_, err = c.CallUntilDone(ctx, "no/such", smtest.Account, nil, nil, fast)
	require.ErrorIs(t, err, sm.ErrInvalidArgument)
	assert.Len(t, srv.Methods(), 3, "nothing sent")

	srv2 := smtest.NewServer()
	defer srv2.Close()
	c2, err := srv2.Client(sm.WithServerVersion(smtest.InterfaceVersion))
	require.NoError(t, err)
	_, err = c2.CallUntilDone(ctx, sm.MethodTenantGetDemo, smtest.Account, nil, nil, sm.Poll{Interval: time.Millisecond, MaxAttempts: 2})
	var we *sm.WaitError
	require.ErrorAs(t, err, &we)
	assert.Equal(t, "10202", we.State)
}

// Sessions: prepare_list, check_list until ready, then list; terminate.
func TestSessionsFlow(t *testing.T) {
	srv := smtest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	require.NoError(t, err)
	ctx := context.Background()
	raw, err := c.Sessions.List(ctx, smtest.Account, fast)
	require.NoError(t, err)
	var out struct {
		Session []struct {
			ID int64 `json:"id"`
		} `json:"session"`
	}
	require.NoError(t, json.Unmarshal(raw, &out))
	assert.Len(t, out.Session, 2)
	assert.Equal(t, []string{"session/prepare_list", "session/check_list", "session/check_list", "session/check_list", "session/list"}, srv.Methods())

	require.NoError(t, c.Sessions.Terminate(ctx, smtest.Account, smtest.Tenant, []int64{7}))
	assert.Equal(t, []int64{8}, srv.Sessions(smtest.Account))
	require.ErrorIs(t, c.Sessions.Terminate(ctx, smtest.Account, smtest.Tenant, nil), sm.ErrInvalidArgument)

	dctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err = c.Sessions.List(dctx, smtest.Account, sm.Poll{Interval: time.Hour})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorIs(t, err, sm.ErrStillRunning)

	_, err = c.Sessions.WaitList(ctx, smtest.Account, "unknown", fast)
	require.ErrorIs(t, err, sm.ErrNotFound)
}

// A partner lists its customers and their subscriptions, subscribes one,
// and the rest of the typed methods work against the fake with state.
func TestPartnerAndOtherGroups(t *testing.T) {
	srv := smtest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	require.NoError(t, err)
	ctx := context.Background()

	customers, err := c.Customers.List(ctx, smtest.Servant)
	require.NoError(t, err)
	require.Len(t, customers, 2)
	assert.Equal(t, smtest.Account, customers[0].ID)
	cu, err := c.Customers.Info(ctx, smtest.Servant, smtest.Account)
	require.NoError(t, err)
	assert.Equal(t, "Москва", cu.City)
	_, err = c.Customers.Info(ctx, smtest.Account, smtest.OtherAccount)
	require.ErrorIs(t, err, sm.ErrForbidden, "1010 is no partner")

	si, err := c.Customers.AttachedInfoForSubscribing(ctx, smtest.Servant, smtest.Account)
	require.NoError(t, err)
	assert.True(t, si.Errors)
	err = c.Customers.UpdateAttachedInfo(ctx, smtest.Servant, smtest.Account, sm.AttachedInfo{Fields: []sm.Attribute{{Key: "Нет", Value: sm.StringValue("x")}}})
	require.ErrorIs(t, err, sm.ErrCodeInvalidParams)
	require.NoError(t, c.Customers.UpdateAttachedInfo(ctx, smtest.Servant, smtest.Account, sm.AttachedInfo{PublicID: "p-1",
		Fields: []sm.Attribute{{Key: "Скидка", Value: sm.IntValue(5)}}}))
	ai, err := c.Customers.AttachedInfo(ctx, smtest.Servant, smtest.Account)
	require.NoError(t, err)
	assert.Equal(t, "p-1", ai.PublicID)
	assert.Len(t, ai.Fields, 2)

	subs, err := c.CustomerSubscriptions.List(ctx, smtest.Servant, smtest.Account, nil)
	require.NoError(t, err)
	require.Len(t, subs, 1)
	created, err := c.CustomerSubscriptions.Create(ctx, smtest.Servant, sm.NewCustomerSubscription{Account: smtest.OtherAccount, Tariff: smtest.ProviderTariff, Period: "1YR"})
	require.NoError(t, err)
	ext, err := c.CustomerSubscriptions.CreateEnhanced(ctx, smtest.Servant, sm.NewCustomerSubscription{Account: smtest.OtherAccount, Tariff: "000000009"}, created.ID, 2)
	require.NoError(t, err)
	require.Len(t, ext, 1)
	basic, err := c.CustomerSubscriptions.List(ctx, smtest.Servant, smtest.OtherAccount, &sm.SubscriptionFilter{Basic: new(bool)})
	require.NoError(t, err)
	require.Len(t, basic, 1, "the extension only")
	assert.Equal(t, created.ID, basic[0].Parent)
	got, err := c.CustomerSubscriptions.Info(ctx, smtest.Servant, created.ID)
	require.NoError(t, err)
	assert.Equal(t, smtest.OtherAccount, got.Account)
	own, err := c.Subscriptions.List(ctx, smtest.Account, nil)
	require.NoError(t, err)
	assert.Len(t, own, 1)
	_, err = c.Subscriptions.Info(ctx, smtest.Account, "nope")
	require.ErrorIs(t, err, sm.ErrNotFound)

	rt, err := c.Servants.RecommendedTariffs(ctx, smtest.Account, smtest.Servant)
	require.NoError(t, err)
	assert.Len(t, rt, 1)
	vals, err := c.Accounts.AttachedInfoValues(ctx, "ОтрасльАбонента")
	require.NoError(t, err)
	assert.Len(t, vals, 2)

	require.NoError(t, c.Tenants.AddUser(ctx, smtest.Account, smtest.Tenant, "Petrova", "user"))
	tu, err := c.Tenants.Users(ctx, smtest.Account, smtest.Tenant)
	require.NoError(t, err)
	assert.Len(t, tu, 2)
	require.NoError(t, c.Tenants.DeleteUser(ctx, smtest.Account, smtest.Tenant, "Petrova"))
	require.ErrorIs(t, c.Tenants.DeleteUser(ctx, smtest.Account, smtest.Tenant, "Petrova"), sm.ErrNotFound)
	ta, err := c.Tenants.Account(ctx, smtest.Account, smtest.Tenant)
	require.NoError(t, err)
	assert.Equal(t, sm.RoleOwner, ta.Role)
	tb, err := c.Tenants.Backups(ctx, smtest.Account, smtest.Tenant)
	require.NoError(t, err)
	require.Len(t, tb, 1)
	bl, err := c.Backups.List(ctx, smtest.Account)
	require.NoError(t, err)
	require.Len(t, bl, 1)
	tok, err := c.Backups.DownloadToken(ctx, smtest.Account, smtest.Backup)
	require.NoError(t, err)
	assert.NotEmpty(t, tok.URL)

	tariffs, err := c.Tariffs.List(ctx, smtest.Account, nil)
	require.NoError(t, err)
	require.Len(t, tariffs, 1)
	tr, err := c.Tariffs.Info(ctx, smtest.Account, smtest.ProviderTariff)
	require.NoError(t, err)
	assert.Equal(t, sm.Amount("8040.50"), tr.ValidityPeriods[0].Cost)

	ref, err := c.Bills.Create(ctx, smtest.Account, sm.NewBill{SellerID: smtest.Servant, CustomerID: smtest.Account, TotalCost: "8040.50",
		Tariffs: []sm.BillTariff{{TariffID: smtest.ProviderTariff, PeriodID: "1YR", Amount: 1, Cost: "8040.50"}}})
	require.NoError(t, err)
	paid := true
	_, err = c.Bills.Update(ctx, smtest.Account, sm.NewBill{BillID: ref.BillID, SellerID: smtest.Servant, CustomerID: smtest.Account, Paid: &paid,
		TotalCost: "8040.50", Tariffs: []sm.BillTariff{{TariffID: smtest.ProviderTariff, PeriodID: "1YR", Amount: 1, Cost: "8040.50"}}})
	require.NoError(t, err)
	b, err := c.Bills.Info(ctx, smtest.Account, sm.BillRef{ID: ref.ID})
	require.NoError(t, err)
	assert.True(t, b.Paid)
	bills, err := c.Bills.List(ctx, smtest.Account, &sm.BillFilter{CustomerID: smtest.Account})
	require.NoError(t, err)
	require.Len(t, bills, 1)
	assert.Nil(t, bills[0].Tariffs, "a list has no lines")
	up, err := c.Bills.UploadToken(ctx, smtest.Account, *ref, "счет.pdf", 10)
	require.NoError(t, err)
	assert.Equal(t, "upload", up.Direction)
	ids, err := c.Bills.CreateSubscription(ctx, smtest.Account, sm.BillRef{BillID: ref.BillID}, "")
	require.NoError(t, err)
	assert.Len(t, ids, 1)

	tasks, err := c.Tasks.List(ctx, smtest.Account)
	require.NoError(t, err)
	require.Len(t, tasks, 1)
	ti, err := c.Tasks.Info(ctx, smtest.Account, smtest.Task)
	require.NoError(t, err)
	assert.Equal(t, "backup_access", ti.Type)
	require.NoError(t, c.Tasks.Execute(ctx, smtest.Account, sm.TaskDecision{ID: smtest.Task, Result: true}))
	_, err = c.Tasks.Info(ctx, smtest.Account, smtest.Task)
	require.True(t, errors.Is(err, sm.ErrNotFound))

	apps, err := c.Applications.List(ctx, smtest.Account)
	require.NoError(t, err)
	require.Len(t, apps, 1)
	require.NoError(t, c.PromoCodes.Activate(ctx, smtest.Account, smtest.PromoCode, ""))
	require.ErrorIs(t, c.PromoCodes.Activate(ctx, smtest.Account, smtest.PromoCode, ""), sm.ErrNotFound, "once")
	systems, err := c.AccountingSystems.List(ctx, smtest.Account)
	require.NoError(t, err)
	require.Len(t, systems, 1)
	assert.Empty(t, systems[0].ImportRules, "rules come with info")
	as, err := c.AccountingSystems.Info(ctx, smtest.Account, systems[0].ID)
	require.NoError(t, err)
	assert.Len(t, as.ImportRules, 1)
	made, err := c.AccountingSystems.CreateUpdateBilling(ctx, smtest.Account, sm.BillingSettings{ExportURL: "https://x.example.com", ExportPassword: "pw-not-real"})
	require.NoError(t, err)
	assert.Equal(t, int64(2), made.ID)
}
