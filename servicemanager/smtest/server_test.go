package smtest_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/ruapi/ruapi-go/servicemanager/smtest"
)

func newFake(t *testing.T, opts ...sm.Option) (*smtest.Server, *sm.Client) {
	t.Helper()
	srv := smtest.NewServer()
	t.Cleanup(srv.Close)
	// The version is given, so that the fault and request counts below see
	// only the calls (no version discovery).
	c, err := srv.Client(append([]sm.Option{sm.WithRetry(sm.RetryPolicy{MaxRetries: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond}),
		sm.WithServerVersion(smtest.InterfaceVersion)}, opts...)...)
	require.NoError(t, err)
	return srv, c
}

func TestAccounts(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()
	accts, err := c.Accounts.List(ctx)
	require.NoError(t, err)
	require.Len(t, accts, 2)
	assert.Equal(t, sm.Account{ID: 1010, Name: "ООО Ромашка", Role: sm.RoleOwner}, accts[0])

	require.NoError(t, c.Accounts.UpdateInfo(ctx, smtest.Account, sm.AccountUpdate{Phone: "+7 (495) 000-00-00"}))
	a, err := c.Accounts.Info(ctx, smtest.Account)
	require.NoError(t, err)
	assert.Equal(t, "+7 (495) 000-00-00", a.Phone)
	assert.Equal(t, "ООО Ромашка", a.Name, "fields not sent keep their values")

	_, err = c.Accounts.Info(ctx, 999)
	require.ErrorIs(t, err, sm.ErrNotFound)

	srv.AddAccount(sm.Account{ID: 2000, Name: "Новый"}, sm.RoleUser)
	got, ok := srv.Account(2000)
	assert.True(t, ok)
	assert.Equal(t, "Новый", got.Name)

	sv, err := c.Accounts.ServantInfo(ctx, smtest.Account) //nolint:staticcheck // still served
	require.NoError(t, err)
	assert.Equal(t, int64(1000), sv.ID)
}

func TestAttachedInfo(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()
	err := c.Accounts.UpdateAttachedInfo(ctx, smtest.Account, sm.AttachedInfo{
		Properties: []sm.Attribute{{Key: "ИНН", Value: sm.StringValue("7701234567")}}})
	var e *sm.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "10406", e.Code)
	assert.Equal(t, "Свойство 'ИНН' не найдено.", e.Message)

	n, _ := sm.NumberValue("12.50")
	require.NoError(t, c.Accounts.UpdateAttachedInfo(ctx, smtest.Account, sm.AttachedInfo{
		Fields:     []sm.Attribute{{Key: "Скидка", Value: n}},
		Properties: []sm.Attribute{{Key: "Партнерский", Value: sm.BoolValue(false), Type: "boolean"}}}))
	info, err := c.Accounts.AttachedInfo(ctx, smtest.Account)
	require.NoError(t, err)
	require.Len(t, info.Fields, 3, "keys not sent keep their values")
	d, _ := sm.Find(info.Fields, "Скидка")
	assert.Equal(t, "12.50", string(d.Value.Raw()), "the number's text round-trips")
	p, _ := sm.Find(info.Properties, "Партнерский")
	b, ok := p.Value.Bool()
	assert.True(t, ok)
	assert.False(t, b)
	code, _ := sm.Find(info.Fields, "КодКлиента")
	assert.Equal(t, "A-17", code.Value.String())

	srv.AllowAttributes(nil, []string{"ИНН"})
	require.NoError(t, c.Accounts.UpdateAttachedInfo(ctx, smtest.Account, sm.AttachedInfo{
		Properties: []sm.Attribute{{Key: "ИНН", Value: sm.StringValue("7701234567")}}}))
	got, _ := srv.AttachedInfo(smtest.Account)
	assert.Len(t, got.Properties, 3)
}

func TestUsersLifecycle(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()
	users, err := c.Users.List(ctx, smtest.Account)
	require.NoError(t, err)
	require.Len(t, users, 2)
	assert.Empty(t, users[0].Fields, "list carries no fields")

	u, err := c.Users.Info(ctx, smtest.Account, "Abramov")
	require.NoError(t, err)
	assert.Equal(t, 5, u.SessionRestriction)
	assert.Equal(t, "boolean", u.Fields[0].Type)

	_, err = c.Users.Info(ctx, smtest.Account, "Nobody")
	require.ErrorIs(t, err, sm.ErrNotFound)

	require.NoError(t, c.Users.Add(ctx, smtest.Account, sm.AddUser{Login: "Larionova", Role: sm.RoleAdministrator}))
	err = c.Users.Add(ctx, smtest.Account, sm.AddUser{Login: "Ghost"})
	require.ErrorIs(t, err, sm.ErrNotFound)

	require.NoError(t, c.Users.Create(ctx, smtest.Account, sm.CreateUser{Login: "Nestor", Role: sm.RoleOwner, Password: "w13p-3q",
		Name: "Иващенко Нестор Иванович", Fields: []sm.Attribute{{Key: "ВнешнийПользователь", Value: sm.BoolValue(true)}}}))
	assert.True(t, srv.CheckPassword("Nestor", "w13p-3q"))
	err = c.Users.Create(ctx, smtest.Account, sm.CreateUser{Login: "Nestor", Password: "x"})
	var e *sm.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "10409", e.Code)
	assert.ErrorIs(t, err, sm.ErrCodeAlreadyExists)
	code, _ := sm.CodeOf(err)
	assert.Equal(t, sm.CodeAlreadyExists, code)

	require.NoError(t, c.Users.SetRole(ctx, smtest.Account, "Nestor", sm.RoleUser))
	require.NoError(t, c.Users.SetSessionRestriction(ctx, smtest.Account, "Nestor", 3))
	require.NoError(t, c.Users.UpdateAttachedInfo(ctx, smtest.Account, "Nestor",
		[]sm.Attribute{{Key: "ТабельныйНомер", Value: sm.IntValue(42)}}))
	err = c.Users.UpdateAttachedInfo(ctx, smtest.Account, "Nestor", []sm.Attribute{{Key: "Нет", Value: sm.IntValue(1)}})
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "10406", e.Code)
	err = c.Users.SetRole(ctx, smtest.Account, "Nestor", "boss")
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "10400", e.Code)

	got, ok := srv.User(smtest.Account, "Nestor")
	require.True(t, ok)
	assert.Equal(t, sm.RoleUser, got.Role)
	assert.Equal(t, 3, got.SessionRestriction)
	assert.Len(t, got.Fields, 2)

	require.NoError(t, c.Users.Delete(ctx, smtest.Account, "Nestor"))
	_, ok = srv.User(smtest.Account, "Nestor")
	assert.False(t, ok)
	assert.True(t, srv.ServiceUserExists("Nestor"), "the service user is kept")
	require.ErrorIs(t, c.Users.Delete(ctx, smtest.Account, "Nestor"), sm.ErrNotFound)
	assert.Len(t, srv.Users(smtest.Account), 3)

	require.NoError(t, srv.AddUser(smtest.OtherAccount, sm.User{Login: "Zed", Role: sm.RoleUser}))
	assert.Error(t, srv.AddUser(4242, sm.User{Login: "Zed"}))
}

func TestServantsAndTariffs(t *testing.T) {
	_, c := newFake(t)
	ctx := context.Background()
	ss, err := c.Servants.List(ctx, smtest.Account)
	require.NoError(t, err)
	require.Len(t, ss, 2)
	html, err := c.Servants.TariffSelectionPage(ctx, smtest.Account, smtest.Servant)
	require.NoError(t, err)
	assert.Contains(t, html, "ПРОФ")
	_, err = c.Servants.TariffSelectionPage(ctx, smtest.Account, 5)
	require.ErrorIs(t, err, sm.ErrNotFound)

	ts, err := c.ServantTariffs.List(ctx, smtest.Account, smtest.Servant, nil)
	require.NoError(t, err)
	require.Len(t, ts, 4)
	assert.Empty(t, ts[0].ValidityPeriods)
	ts, err = c.ServantTariffs.List(ctx, smtest.Account, smtest.Servant, &sm.TariffListOptions{Scope: []sm.TariffScope{sm.ScopeValidityPeriods}})
	require.NoError(t, err)
	assert.Len(t, ts[0].ValidityPeriods, 1)
	ts, err = c.ServantTariffs.List(ctx, smtest.Account, smtest.Servant, &sm.TariffListOptions{Scope: []sm.TariffScope{sm.ScopeIsExtension}})
	require.NoError(t, err)
	require.Len(t, ts, 1)
	ts, err = c.ServantTariffs.List(ctx, smtest.Account, smtest.Servant, &sm.TariffListOptions{AvailableTariffs: []string{"000000005"}})
	require.NoError(t, err)
	require.Len(t, ts, 1)

	tf, err := c.ServantTariffs.Info(ctx, smtest.Account, sm.ServantTariffRef{Servant: smtest.Servant, ID: "099"})
	require.NoError(t, err)
	img, err := tf.Description.Images[0].Decode()
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(img), "\x89PNG"))
	_, err = c.ServantTariffs.Info(ctx, smtest.Account, sm.ServantTariffRef{Servant: smtest.Servant, ID: "nope"})
	require.ErrorIs(t, err, sm.ErrNotFound)
}

func TestAuthAndErrors(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()
	bad, err := sm.NewClient(srv.URL, sm.WithBasicAuth(smtest.DefaultLogin, "wrong-password"))
	require.NoError(t, err)
	_, err = bad.Accounts.List(ctx)
	require.ErrorIs(t, err, sm.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "wrong-password")

	tok, err := sm.NewClient(srv.URL, sm.WithBearerToken(smtest.DefaultToken))
	require.NoError(t, err)
	_, err = tok.Accounts.List(ctx)
	require.NoError(t, err)

	// A method the fake does not serve (tenant/list is served now: issue 15).
	_, err = c.Call(ctx, "bill/email_create", smtest.Account, nil, nil)
	var e *sm.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "10400", e.Code)
	assert.Equal(t, "bill/email_create", e.Operation)

	_, err = c.Users.List(ctx, 7777)
	require.ErrorIs(t, err, sm.ErrNotFound)
	assert.Contains(t, err.Error(), "7777")

	srv.AddAccount(sm.Account{ID: 3000, Name: "Чужой"}, "")
	v, err := c.Version(ctx)
	require.NoError(t, err)
	assert.Equal(t, smtest.InterfaceVersion, v.Version)
}

func TestFaultsAndRetries(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()
	srv.InjectFault(1, smtest.Fault{Status: http.StatusServiceUnavailable})
	before := srv.Requests()
	_, err := c.Users.List(ctx, smtest.Account)
	require.NoError(t, err)
	assert.Equal(t, before+2, srv.Requests(), "a read is retried on 503")

	srv.InjectFault(1, smtest.Fault{Status: http.StatusServiceUnavailable})
	before = srv.Requests()
	err = c.Users.SetRole(ctx, smtest.Account, "Abramov", sm.RoleOwner)
	require.ErrorIs(t, err, sm.ErrServer)
	assert.Equal(t, before+1, srv.Requests(), "a change is not re-sent")

	srv.InjectFault(3, smtest.Fault{Status: http.StatusBadGateway, Body: []byte("<html><h1>502 Bad Gateway</h1></html>"), ContentType: "text/html"})
	_, err = c.Accounts.Info(ctx, smtest.Account)
	var e *sm.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 502, e.StatusCode)
	assert.Equal(t, 3, e.Attempts)
	assert.Contains(t, e.Message, "502 Bad Gateway")
}

func TestMethodInURLAndLegacyType(t *testing.T) {
	srv, c := newFake(t, sm.WithMethodInURL(), sm.WithLegacyType(), sm.WithInterfaceVersion(18))
	var info sm.ResponseInfo
	accts, err := c.Accounts.List(context.Background(), sm.WithResponseInto(&info))
	require.NoError(t, err)
	g := *info.General
	assert.Len(t, accts, 2)
	assert.Equal(t, 18, g.Version)
	assert.Equal(t, smtest.SMVersion, g.SMVersion)
	assert.Equal(t, []string{"account/list"}, srv.Methods())

	// The documented GET form of account/list.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/hs/ext_api/execute/usr/account/list", nil)
	req.SetBasicAuth(srv.Login, srv.Password)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	assert.Contains(t, string(body), `"ООО Ромашка"`)
	assert.Contains(t, string(body), `"response":10200`)
}

func TestConcurrentUse(t *testing.T) {
	_, c := newFake(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i%2 == 0 {
				_, err := c.Users.List(ctx, smtest.Account)
				assert.NoError(t, err)
			} else {
				assert.NoError(t, c.Users.SetSessionRestriction(ctx, smtest.Account, "Abramov", i))
			}
		}(i)
	}
	wg.Wait()
}

// MethodFault aims a fault at one ext_api method, whether the method is in
// the body's general block or in the URL; other methods pass it by, and the
// request body still reaches the fake intact.
func TestMethodFault(t *testing.T) {
	for _, urlMethod := range []bool{false, true} {
		opts := []sm.Option{sm.WithRetry(sm.RetryPolicy{})}
		if urlMethod {
			opts = append(opts, sm.WithMethodInURL())
		}
		srv, c := newFake(t, opts...)
		ctx := context.Background()
		srv.InjectFault(1, smtest.MethodFault("account/users/info", smtest.Fault{Status: http.StatusServiceUnavailable}))

		_, err := c.Users.List(ctx, smtest.Account)
		require.NoError(t, err, "another method passes the fault by")
		_, err = c.Accounts.Info(ctx, smtest.Account)
		require.NoError(t, err)

		before := srv.Requests()
		_, err = c.Users.Info(ctx, smtest.Account, "Abramov")
		require.ErrorIs(t, err, sm.ErrServer, "the aimed method gets the fault")
		assert.Equal(t, before+1, srv.Requests())

		u, err := c.Users.Info(ctx, smtest.Account, "Abramov")
		require.NoError(t, err, "the fault is used up")
		assert.Equal(t, 5, u.SessionRestriction, "the body reached the handler intact")
	}

	// MethodFault keeps a Match of its own.
	srv, c := newFake(t, sm.WithRetry(sm.RetryPolicy{}))
	never := func(*http.Request) bool { return false }
	srv.InjectFault(1, smtest.MethodFault("account/users/list", smtest.Fault{Status: http.StatusBadGateway, Match: never}))
	_, err := c.Users.List(context.Background(), smtest.Account)
	require.NoError(t, err)
}

// ClearFaults drops every queued fault.
func TestClearFaults(t *testing.T) {
	srv, c := newFake(t, sm.WithRetry(sm.RetryPolicy{}))
	srv.InjectFault(5, smtest.Fault{Status: http.StatusInternalServerError})
	srv.InjectFault(1, smtest.MethodFault("account/list", smtest.Fault{Status: http.StatusBadGateway}))
	srv.ClearFaults()
	_, err := c.Accounts.List(context.Background())
	require.NoError(t, err)
	_, err = c.Users.List(context.Background(), smtest.Account)
	require.NoError(t, err)
}

// The fakes share one vocabulary: auth options named like the client's
// (WithBasicAuth, WithBearerToken; WithCredentials and WithToken still
// work), and counts named as counts (RequestCount; Requests still works).
func TestSharedVocabulary(t *testing.T) {
	ctx := context.Background()
	srv := smtest.NewServer(smtest.WithBasicAuth("svc-login", "test-password-not-real"),
		smtest.WithBearerToken("test-token-not-real"))
	defer srv.Close()
	c, err := srv.Client()
	require.NoError(t, err)
	_, err = c.Accounts.List(ctx)
	require.NoError(t, err)
	bc, err := sm.NewClient(srv.URL, sm.WithBearerToken("test-token-not-real"))
	require.NoError(t, err)
	_, err = bc.Accounts.List(ctx)
	require.NoError(t, err)
	assert.Positive(t, srv.RequestCount())
	assert.Equal(t, srv.RequestCount(), srv.Requests())

	old := smtest.NewServer(smtest.WithCredentials("old-login", "test-password-not-real"), smtest.WithToken("test-token-old"))
	defer old.Close()
	assert.Equal(t, "old-login", old.Login)
	assert.Equal(t, "test-token-old", old.Token)
}
