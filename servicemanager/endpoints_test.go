package servicemanager_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/internal/fixture"
	sm "github.com/ruapi/ruapi-go/servicemanager"
)

const (
	testLogin    = "test-login"
	testPassword = "test-password-not-real"
)

// replay returns a client whose requests must match the fixtures in order.
// The fixtures are 1C's documented examples, which name the method in the
// body: the client is told to (WithMethodInBody), so it does not ask the
// server for its version first.
func replay(t *testing.T, opts []sm.Option, files ...string) *sm.Client {
	t.Helper()
	return replayRaw(t, append([]sm.Option{sm.WithMethodInBody()}, opts...), files...)
}

// replayRaw is replay without WithMethodInBody.
func replayRaw(t *testing.T, opts []sm.Option, files ...string) *sm.Client {
	t.Helper()
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = "testdata/" + f + ".json"
	}
	hc := fixture.Replay(t, sm.DefaultBaseURL, paths...)
	all := append([]sm.Option{sm.WithBasicAuth(testLogin, testPassword), sm.WithHTTPClient(hc), sm.WithRetry(sm.RetryPolicy{})}, opts...)
	c, err := sm.NewClient(sm.DefaultBaseURL, all...)
	require.NoError(t, err)
	return c
}

var legacy = []sm.Option{sm.WithLegacyType()}

func TestAccountsList(t *testing.T) {
	c := replay(t, legacy, "account_list")
	var info sm.ResponseInfo
	accts, err := c.Accounts.List(context.Background(), sm.WithResponseInto(&info))
	require.NoError(t, err)
	g := *info.General
	require.Len(t, accts, 3)
	assert.Equal(t, sm.Account{ID: 1010, Name: "ООО Ромашка", Role: sm.RoleOwner}, accts[0])
	assert.Equal(t, sm.RoleAdministrator, accts[1].Role)
	assert.False(t, accts[2].Role.Known(), "unknown role decodes and keeps its value")
	assert.Equal(t, "accountant", accts[2].Role.String())
	assert.Equal(t, sm.General{Response: 10200, Version: 9, SMVersion: "1.0.95.3", SMTimezone: "Europe/Moscow"}, g)
}

func TestAccountsInfo(t *testing.T) {
	c := replay(t, legacy, "account_info")
	a, err := c.Accounts.Info(context.Background(), 1010)
	require.NoError(t, err)
	assert.Equal(t, &sm.Account{ID: 1010, Name: "ООО Ромашка", Site: "www.example.com", City: "Москва",
		Email: "info@example.com", Phone: "+7 (495) 123-45-67"}, a)
}

func TestAccountsUpdateInfo(t *testing.T) {
	c := replay(t, nil, "account_update_info")
	err := c.Accounts.UpdateInfo(context.Background(), 1010, sm.AccountUpdate{Name: "ООО Ромашка", Site: "www.example.com",
		City: "Москва", Email: "info@example.com", Phone: "+7 (495) 123-45-67"})
	require.NoError(t, err)
}

func TestAccountsServantInfo(t *testing.T) {
	c := replay(t, nil, "account_servant_info")
	s, err := c.Accounts.ServantInfo(context.Background(), 1010) //nolint:staticcheck // the deprecated method is still wrapped
	require.NoError(t, err)
	assert.Equal(t, int64(1000), s.ID)
	assert.Equal(t, "ООО Партнер", s.Name)
	assert.Equal(t, "+7 (495) 765-43-21", s.Phone)
}

func TestAccountsAttachedInfo(t *testing.T) {
	c := replay(t, legacy, "account_attached_info")
	info, err := c.Accounts.AttachedInfo(context.Background(), 1010)
	require.NoError(t, err)
	require.Len(t, info.Fields, 3)
	require.Len(t, info.Properties, 2)

	code, _ := sm.Find(info.Fields, "КодКлиента")
	s, ok := code.Value.Str()
	assert.True(t, ok)
	assert.Equal(t, "A-17", s)

	limit, _ := sm.Find(info.Fields, "ЛимитБаз")
	n, ok := limit.Value.Int64()
	assert.True(t, ok)
	assert.Equal(t, int64(10), n)

	disc, _ := sm.Find(info.Fields, "Скидка")
	assert.Equal(t, sm.KindNumber, disc.Value.Kind())
	num, _ := disc.Value.Number()
	assert.Equal(t, "12.5", num.String())

	reg, _ := sm.Find(info.Properties, "ДатаРегистрации")
	tm, ok := reg.Value.Time(nil)
	assert.True(t, ok)
	assert.Equal(t, "2023-05-17T10:30:00Z", tm.Format("2006-01-02T15:04:05Z07:00"))

	p, _ := sm.Find(info.Properties, "Партнерский")
	b, ok := p.Value.Bool()
	assert.True(t, ok && b)
	assert.Equal(t, "boolean", p.Type)

	// Round trip: re-encoding gives the same JSON.
	got, err := json.Marshal(info)
	require.NoError(t, err)
	f, err := fixture.Load("testdata/account_attached_info.json")
	require.NoError(t, err)
	var want struct {
		Fields     json.RawMessage `json:"fields"`
		Properties json.RawMessage `json:"properties"`
	}
	require.NoError(t, json.Unmarshal(f.Response.Body, &want))
	wantDoc, _ := json.Marshal(want)
	eq, err := fixture.JSONEqual(got, wantDoc)
	require.NoError(t, err)
	assert.True(t, eq, "got %s", got)
}

func TestAccountsUpdateAttachedInfo(t *testing.T) {
	c := replay(t, nil, "account_update_attached_info", "account_update_attached_info_10406")
	err := c.Accounts.UpdateAttachedInfo(context.Background(), 1010, sm.AttachedInfo{
		Fields:     []sm.Attribute{{Key: "ЛимитБаз", Value: sm.IntValue(12)}},
		Properties: []sm.Attribute{{Key: "Партнерский", Value: sm.BoolValue(false), Type: "boolean"}},
	})
	require.NoError(t, err)

	var info sm.ResponseInfo
	err = c.Accounts.UpdateAttachedInfo(context.Background(), 1010, sm.AttachedInfo{
		Properties: []sm.Attribute{{Key: "ИНН", Value: sm.StringValue("7701234567")}},
	}, sm.WithResponseInto(&info))
	g := *info.General
	var e *sm.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 200, e.StatusCode)
	assert.Equal(t, "10406", e.Code)
	assert.Equal(t, "Свойство 'ИНН' не найдено.", e.Message)
	assert.Equal(t, "account/update_attached_info", e.Operation)
	assert.Equal(t, 1, e.Attempts)
	assert.False(t, errors.Is(err, sm.ErrNotFound))
	assert.Contains(t, err.Error(), "10406")
	assert.Equal(t, sm.CodeUnknownAttribute, g.Response)
	assert.True(t, g.Error)
}

func TestUsersList(t *testing.T) {
	c := replay(t, legacy, "users_list")
	users, err := c.Users.List(context.Background(), 1010)
	require.NoError(t, err)
	require.Len(t, users, 2)
	assert.Equal(t, sm.User{Login: "Abramov", Name: "Абрамов Геннадий Сергеевич", Email: "abramov@example.com",
		Role: sm.RoleOwner, SessionRestriction: 5}, users[0])
	assert.True(t, users[1].IsTemporary)
	assert.Equal(t, sm.RoleUser, users[1].Role)
}

func TestUsersInfo(t *testing.T) {
	c := replay(t, []sm.Option{sm.WithInterfaceVersion(9), sm.WithDebug()}, "users_info", "users_info_10404")
	u, err := c.Users.Info(context.Background(), 1010, "Abramov")
	require.NoError(t, err)
	assert.Equal(t, "Abramov", u.Login)
	assert.Equal(t, 5, u.SessionRestriction)
	assert.Equal(t, "Использует БП и ЗУП", u.Description)
	require.Len(t, u.Fields, 1)
	assert.Equal(t, "ВнешнийПользователь", u.Fields[0].Key)
	assert.Equal(t, "true", string(u.Fields[0].Value.Raw()))
	assert.Equal(t, "boolean", u.Fields[0].Type)

	_, err = c.Users.Info(context.Background(), 1010, "Nobody")
	require.ErrorIs(t, err, sm.ErrNotFound)
	var e *sm.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "10404", e.Code)
	assert.Equal(t, "account/users/info", e.Operation)
}

func TestUsersAdd(t *testing.T) {
	c := replay(t, []sm.Option{sm.WithInterfaceVersion(10), sm.WithDebug()}, "users_add")
	err := c.Users.Add(context.Background(), 1010, sm.AddUser{Login: "Larionova", Role: sm.RoleOwner,
		Description: "Использует БП и ЗУП", Fields: []sm.Attribute{{Key: "ВнешнийПользователь", Value: sm.BoolValue(true)}}})
	require.NoError(t, err)
}

func TestUsersCreate(t *testing.T) {
	c := replay(t, []sm.Option{sm.WithInterfaceVersion(10), sm.WithDebug()}, "users_create")
	u := sm.CreateUser{Login: "Nestor", Role: sm.RoleOwner, Password: "w13p-3q", Email: "nestor@example.com",
		Name: "Иващенко Нестор Иванович", Phone: "+7 (495) 231-54-76", Timezone: "Europe/Moscow",
		Description: "Использует БП и ЗУП", Fields: []sm.Attribute{{Key: "ВнешнийПользователь", Value: sm.BoolValue(true)}}}
	require.NoError(t, c.Users.Create(context.Background(), 1010, u))
}

func TestUsersChanges(t *testing.T) {
	c := replay(t, legacy, "users_delete", "users_set_role")
	require.NoError(t, c.Users.Delete(context.Background(), 1010, "Abramov"))
	require.NoError(t, c.Users.SetRole(context.Background(), 1010, "Abramov", sm.RoleOwner))
}

func TestUsersSetSessionRestriction(t *testing.T) {
	c := replay(t, nil, "users_set_session_restriction")
	require.NoError(t, c.Users.SetSessionRestriction(context.Background(), 1010, "Abramov", 0))
}

func TestUsersUpdateAttachedInfo(t *testing.T) {
	c := replay(t, []sm.Option{sm.WithInterfaceVersion(10), sm.WithDebug()}, "users_update_attached_info")
	err := c.Users.UpdateAttachedInfo(context.Background(), 1010, "Abramov",
		[]sm.Attribute{{Key: "ВнешнийПользователь", Value: sm.BoolValue(true), Type: "boolean"}})
	require.NoError(t, err)
}

func TestServantsList(t *testing.T) {
	c := replay(t, nil, "servants_list")
	var info sm.ResponseInfo
	ss, err := c.Servants.List(context.Background(), 1010, sm.WithResponseInto(&info))
	require.NoError(t, err)
	g := *info.General
	require.Len(t, ss, 2)
	assert.Equal(t, sm.Servant{Name: "ООО Партнер", ID: 1000, ServantID: "00000", City: "Москва", Site: "www.example.com",
		Email: "info@example.com", Phone: "+7 (495) 765-43-21", TariffSubscribeAllowed: true}, ss[0])
	assert.Equal(t, int64(987), ss[1].ID)
	assert.Equal(t, "1.1.4.4", g.SMVersion)
	assert.Equal(t, 18, g.Version)
}

func TestServantsTariffSelectionPage(t *testing.T) {
	c := replay(t, nil, "servants_tariff_selection_page")
	html, err := c.Servants.TariffSelectionPage(context.Background(), 1010, 1000)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(html, "<!DOCTYPE html>"))
	assert.Contains(t, html, "Купить тариф ПРОФ на 12 месяцев за 48000 руб.")
}

func TestServantTariffsInfo(t *testing.T) {
	c := replay(t, nil, "servant_tariffs_info")
	tf, err := c.ServantTariffs.Info(context.Background(), 1010, sm.ServantTariffRef{Servant: 1000, ID: "099"})
	require.NoError(t, err)
	assert.Equal(t, "099", tf.ID)
	assert.Equal(t, "Партнерский ПРОФ", tf.Name)
	require.NotNil(t, tf.Description)
	assert.Contains(t, tf.Description.HTML, `src="image001"`)
	require.Len(t, tf.Description.Images, 1)
	img, err := tf.Description.Images[0].Decode()
	require.NoError(t, err)
	assert.Equal(t, "\x89PNG\r\n\x1a\n", string(img[:8]))
	require.Len(t, tf.ValidityPeriods, 4)
	vp := tf.ValidityPeriods[0]
	assert.Equal(t, sm.ValidityPeriod{ID: "2MN", Name: "2 месяца", Period: sm.PeriodMonth, Quantity: 2, Cost: "8040"}, vp)
	k, err := vp.Cost.Kopecks()
	require.NoError(t, err)
	assert.Equal(t, int64(804000), k)
}

func TestServantTariffsList(t *testing.T) {
	// The seed's example answers with interface version 19, which scope needs.
	c := replay(t, []sm.Option{sm.WithServerVersion(19)}, "servant_tariffs_list", "servant_tariffs_list_1011")
	ts, err := c.ServantTariffs.List(context.Background(), 1010, 1000, &sm.TariffListOptions{Scope: []sm.TariffScope{sm.ScopeValidityPeriods}})
	require.NoError(t, err)
	require.Len(t, ts, 1)
	assert.Equal(t, "5 сеансов, до 10 баз", ts[0].BriefDescription)
	require.Len(t, ts[0].ValidityPeriods, 1)
	assert.Equal(t, sm.PeriodYear, ts[0].ValidityPeriods[0].Period)
	assert.Equal(t, sm.Amount("1500"), ts[0].ValidityPeriods[0].Cost)

	ts, err = c.ServantTariffs.List(context.Background(), 1011, 1000, nil)
	require.NoError(t, err)
	require.Len(t, ts, 3)
	assert.Equal(t, "Касса_Расширенный", ts[2].Name)
	assert.Empty(t, ts[2].ValidityPeriods)
}

func TestVersion(t *testing.T) {
	c := replay(t, nil, "version")
	v, err := c.Version(context.Background())
	require.NoError(t, err)
	assert.Equal(t, &sm.VersionInfo{Version: 19, SMVersion: "1.1.9.1", SMTimezone: "Europe/Moscow"}, v)
}

func TestMethodInURL(t *testing.T) {
	c := replayRaw(t, []sm.Option{sm.WithMethodInURL()}, "url_method_account_list")
	accts, err := c.Accounts.List(context.Background())
	require.NoError(t, err)
	require.Len(t, accts, 1)
}

func TestNon200HTML(t *testing.T) {
	c := replay(t, nil, "html_502", "unauthorized_401")
	err := c.Users.Delete(context.Background(), 1010, "Abramov")
	require.ErrorIs(t, err, sm.ErrServer)
	var e *sm.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 502, e.StatusCode)
	assert.Contains(t, e.Message, "502 Bad Gateway")
	assert.LessOrEqual(t, len([]rune(e.Message)), 210)

	err = c.Users.Delete(context.Background(), 1010, "Abramov")
	require.ErrorIs(t, err, sm.ErrUnauthorized)
	assert.NotContains(t, err.Error(), testPassword)
}

// TestCall reaches a method through the generic call, with the same envelope.
func TestCall(t *testing.T) {
	c := replay(t, []sm.Option{sm.WithInterfaceVersion(9), sm.WithDebug()}, "users_info")
	var out struct {
		User struct {
			Login string `json:"login"`
		} `json:"user"`
	}
	g, err := c.CallReadOnly(context.Background(), "account/users/info", 1010,
		map[string]any{"id": 1010, "login": "Abramov"}, &out)
	require.NoError(t, err)
	assert.Equal(t, "Abramov", out.User.Login)
	assert.Equal(t, "1.0.95.3", g.SMVersion)
}
