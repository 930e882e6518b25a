// Package smtest is an in-memory 1C Service Manager (ext_api) for tests and
// examples: subscribers, their users with roles and session limits, attached
// requisites and properties (unknown keys give 10406; keys not sent keep their
// values), servants and servant tariffs, seeded from the documentation's
// examples. Basic auth (or a bearer token) is checked (401 otherwise); an
// unknown method, subscriber or user gives an in-band error, as the real
// server does. Faults (429, 5xx, an HTML page) are queued with
// [Server.InjectFault], aimed at one method with [MethodFault], and dropped
// with [Server.ClearFaults]; seed data with [Server.AddAccount] and
// [Server.AddUser].
//
// It also serves every typed method of the other groups, with state: a
// partner ([Servant]) with customers and their subscriptions; applications
// ([Tenant]) with users and backups, tenant/create answering 10202 and the
// new application turning "used" after [ReadyAfter] tenant/info checks;
// tenant/get_demo answering 10202 [ReadyAfter] times; sessions whose list
// (session/prepare_list) is ready after [ReadyAfter] session/check_list
// checks; provider tariffs, invoices and user tasks. Seed more with
// [Server.AddTenant]. It answers hs/ext_api/version (POST, as 1C's library
// sends it, or GET; [WithVersionMethods] narrows that to one) with ExtAPI
// version [InterfaceVersion], so a client that asks sends the method in the
// URL.
//
// It needs no testing.TB, so a plain main can use it too:
//
//	srv := smtest.NewServer()
//	defer srv.Close()
//	c, _ := srv.Client()
//	users, _ := c.Users.List(ctx, smtest.Account)
package smtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"

	"github.com/ruapi/ruapi-go/internal/fakeserver"
	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// Seeded credentials and codes.
const (
	// DefaultLogin is the service user's login the server accepts.
	DefaultLogin = "test-login"
	// DefaultPassword is that user's password.
	DefaultPassword = "test-password-not-real" //nolint:gosec // a fake credential
	// DefaultToken is the bearer token the server accepts.
	DefaultToken = "test-token-not-real" //nolint:gosec // a fake credential
	// Account is the seeded subscriber the service user owns (1010).
	Account int64 = 1010
	// OtherAccount is a second seeded subscriber (1011), where the user is an administrator.
	OtherAccount int64 = 1011
	// Servant is the seeded servant of both subscribers (1000).
	Servant int64 = 1000
	// InterfaceVersion is the version the server reports: 23, the newest
	// version 1C's library gates a feature on.
	InterfaceVersion = 23
	// SMVersion is the Service Manager version the server reports.
	SMVersion = "1.1.9.1"
)

// Server is a fake Service Manager. It is safe for concurrent use.
type Server struct {
	// URL is the base URL to give servicemanager.NewClient (it ends in /a/adm).
	URL string
	// Login and Password are the accepted Basic credentials.
	Login, Password string
	// Token is the accepted bearer token.
	Token string

	srv    *httptest.Server
	faults fakeserver.Faults

	mu            sync.Mutex
	accounts      map[int64]*account
	access        map[int64]sm.Role
	serviceUsers  map[string]*serviceUser
	fieldKeys     map[string]bool
	propertyKeys  map[string]bool
	userFieldKeys map[string]bool
	servants      map[int64]sm.Servant
	tariffs       map[int64][]sm.ServantTariff
	extensions    map[string]bool
	pages         map[int64]string
	methods       []string

	groups groups // the state of the groups beyond account/* (groups.go)

	versionMethods []string // the methods hs/ext_api/version answers
}

type account struct {
	info     sm.Account
	fields   []sm.Attribute
	props    []sm.Attribute
	members  map[string]*sm.User
	servants []int64
}

type serviceUser struct {
	name, email, phone, timezone string
	password                     string
}

// ServerOption configures a Server.
type ServerOption func(*Server)

// WithBasicAuth sets the accepted Basic login and password (the client's
// servicemanager.WithBasicAuth sends them).
func WithBasicAuth(login, password string) ServerOption {
	return func(s *Server) { s.Login, s.Password = login, password }
}

// WithBearerToken sets the accepted bearer token (the client's
// servicemanager.WithBearerToken sends it).
func WithBearerToken(token string) ServerOption { return func(s *Server) { s.Token = token } }

// WithCredentials is the older name of [WithBasicAuth].
func WithCredentials(login, password string) ServerOption { return WithBasicAuth(login, password) }

// WithToken is the older name of [WithBearerToken].
func WithToken(token string) ServerOption { return WithBearerToken(token) }

// WithVersionMethods sets the HTTP methods hs/ext_api/version answers (by
// default POST, which 1C's own library sends with no body, and GET, which
// older scripts send); any other method gets 405 Method Not Allowed with an
// Allow header, as a server whose HTTP service template takes one method
// does. WithVersionMethods(http.MethodGet) makes a GET-only server,
// WithVersionMethods(http.MethodPost) a POST-only one.
func WithVersionMethods(methods ...string) ServerOption {
	return func(s *Server) { s.versionMethods = append([]string(nil), methods...) }
}

// NewServer starts a fake Service Manager on 127.0.0.1, seeded with the
// documentation's examples. Close it when done.
func NewServer(opts ...ServerOption) *Server {
	s := &Server{Login: DefaultLogin, Password: DefaultPassword, Token: DefaultToken,
		versionMethods: []string{http.MethodPost, http.MethodGet}}
	s.seed()
	for _, o := range opts {
		o(s)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.handle))
	s.URL = s.srv.URL + "/a/adm"
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Client returns a servicemanager.Client for this server with Basic auth;
// opts come after the server's own options.
func (s *Server) Client(opts ...sm.Option) (*sm.Client, error) {
	return sm.NewClient(s.URL, append([]sm.Option{sm.WithBasicAuth(s.Login, s.Password)}, opts...)...)
}

// InjectFault answers the next n requests f is aimed at with f (every
// request, unless f has a Path or Match; see [MethodFault]).
func (s *Server) InjectFault(n int, f Fault) { s.faults.Inject(n, f) }

// ClearFaults drops every fault still queued.
func (s *Server) ClearFaults() { s.faults.Clear() }

// MethodFault aims f at one ext_api method ("account/users/info"): the
// fault answers only requests for that method, named in the URL
// (/execute/{type}/{method}) or in the body's general block; requests for
// other methods pass it by. A Match f already has must hold too. To read the
// method, the fault reads the request body and puts it back, so the fake
// still handles the requests it lets through.
//
//	srv.InjectFault(1, smtest.MethodFault("account/users/create", smtest.Fault{Status: 503}))
func MethodFault(method string, f Fault) Fault {
	match := f.Match
	f.Match = func(r *http.Request) bool {
		return requestMethod(r) == method && (match == nil || match(r))
	}
	return f
}

// requestMethod returns the ext_api method a request names (in the URL, or
// in the body's general block), leaving r.Body readable from the start.
func requestMethod(r *http.Request) string {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/a/adm/hs/ext_api/execute/"); ok {
		if _, method, ok := strings.Cut(rest, "/"); ok {
			return method
		}
	}
	if r.Body == nil || r.Body == http.NoBody {
		return ""
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, fakeserver.MaxRequestBody+1))
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return ""
	}
	var env struct {
		General struct {
			Method string `json:"method"`
		} `json:"general"`
	}
	if json.Unmarshal(body, &env) != nil {
		return ""
	}
	return env.General.Method
}

// RequestCount returns how many requests the server has received, faults
// included.
func (s *Server) RequestCount() int { return s.faults.Requests() }

// Requests is the older name of [Server.RequestCount].
func (s *Server) Requests() int { return s.RequestCount() }

// Methods returns the methods called so far, in order.
func (s *Server) Methods() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.methods...)
}

// AddAccount adds (or replaces) a subscriber the service user reaches with role.
func (s *Server) AddAccount(a sm.Account, role sm.Role) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a.Role = ""
	if old, ok := s.accounts[a.ID]; ok {
		old.info = a
	} else {
		s.accounts[a.ID] = &account{info: a, members: map[string]*sm.User{}}
	}
	s.access[a.ID] = role
}

// Account returns a subscriber's information.
func (s *Server) Account(id int64) (sm.Account, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[id]
	if !ok {
		return sm.Account{}, false
	}
	return a.info, true
}

// AddUser attaches a user to a subscriber, creating the service user if needed.
func (s *Server) AddUser(accountID int64, u sm.User) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[accountID]
	if !ok {
		return fmt.Errorf("smtest: no account %d", accountID)
	}
	if _, ok := s.serviceUsers[u.Login]; !ok {
		s.serviceUsers[u.Login] = &serviceUser{name: u.Name, email: u.Email}
	}
	cp := u
	cp.Fields = append([]sm.Attribute(nil), u.Fields...)
	a.members[u.Login] = &cp
	return nil
}

// User returns a subscriber's user.
func (s *Server) User(accountID int64, login string) (sm.User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[accountID]
	if !ok {
		return sm.User{}, false
	}
	u, ok := a.members[login]
	if !ok {
		return sm.User{}, false
	}
	cp := *u
	cp.Fields = append([]sm.Attribute(nil), u.Fields...)
	return cp, true
}

// Users returns a subscriber's users sorted by login.
func (s *Server) Users(accountID int64) []sm.User {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[accountID]
	if !ok {
		return nil
	}
	return a.userList(true)
}

// ServiceUserExists reports whether a service user with the login exists
// (attached to a subscriber or not).
func (s *Server) ServiceUserExists(login string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.serviceUsers[login]
	return ok
}

// CheckPassword reports whether a service user's password is pw.
func (s *Server) CheckPassword(login, pw string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.serviceUsers[login]
	return ok && fakeserver.Equal(pw, u.password)
}

// AttachedInfo returns a subscriber's requisites and properties.
func (s *Server) AttachedInfo(accountID int64) (sm.AttachedInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[accountID]
	if !ok {
		return sm.AttachedInfo{}, false
	}
	return sm.AttachedInfo{Fields: append([]sm.Attribute(nil), a.fields...), Properties: append([]sm.Attribute(nil), a.props...)}, true
}

// AllowAttributes configures additional requisite (fields) and property names
// that update_attached_info accepts for subscribers.
func (s *Server) AllowAttributes(fields, properties []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range fields {
		s.fieldKeys[k] = true
	}
	for _, k := range properties {
		s.propertyKeys[k] = true
	}
}

func (a *account) userList(full bool) []sm.User {
	logins := make([]string, 0, len(a.members))
	for l := range a.members {
		logins = append(logins, l)
	}
	sort.Strings(logins)
	out := make([]sm.User, 0, len(logins))
	for _, l := range logins {
		u := *a.members[l]
		if !full {
			u.Description, u.Fields = "", nil
		} else {
			u.Fields = append([]sm.Attribute(nil), u.Fields...)
		}
		out = append(out, u)
	}
	return out
}

func (s *Server) seed() {
	s.accounts = map[int64]*account{}
	s.access = map[int64]sm.Role{Account: sm.RoleOwner, OtherAccount: sm.RoleAdministrator}
	s.serviceUsers = map[string]*serviceUser{
		"Abramov":   {name: "Абрамов Геннадий Сергеевич", email: "abramov@example.com"},
		"Petrova":   {name: "Петрова Анна", email: "petrova@example.com"},
		"Larionova": {name: "Ларионова Ольга", email: "larionova@example.com"},
		"Ivanov":    {name: "Иванов Иван", email: "ivanov@example.com"},
	}
	ext := sm.Attribute{Key: "ВнешнийПользователь", Value: sm.BoolValue(true), Type: "boolean"}
	s.accounts[Account] = &account{
		info: sm.Account{ID: Account, Name: "ООО Ромашка", Site: "www.example.com", City: "Москва",
			Email: "info@example.com", Phone: "+7 (495) 123-45-67"},
		fields: []sm.Attribute{{Key: "КодКлиента", Value: sm.StringValue("A-17")}, {Key: "ЛимитБаз", Value: sm.IntValue(10)}},
		props: []sm.Attribute{{Key: "ДатаРегистрации", Value: sm.StringValue("2023-05-17T10:30:00")},
			{Key: "Партнерский", Value: sm.BoolValue(true), Type: "boolean"}},
		members: map[string]*sm.User{
			"Abramov": {Login: "Abramov", Name: "Абрамов Геннадий Сергеевич", Email: "abramov@example.com", Role: sm.RoleOwner,
				SessionRestriction: 5, Description: "Использует БП и ЗУП", Fields: []sm.Attribute{ext}},
			"Petrova": {Login: "Petrova", Name: "Петрова Анна", Email: "petrova@example.com", Role: sm.RoleUser, IsTemporary: true},
		},
		servants: []int64{1000, 987},
	}
	s.accounts[OtherAccount] = &account{
		info: sm.Account{ID: OtherAccount, Name: "ИП Иванов", City: "Тверь", Email: "ivanov@example.com"},
		members: map[string]*sm.User{
			"Ivanov": {Login: "Ivanov", Name: "Иванов Иван", Email: "ivanov@example.com", Role: sm.RoleOwner},
		},
		servants: []int64{1000},
	}
	s.fieldKeys = map[string]bool{"КодКлиента": true, "ЛимитБаз": true, "Скидка": true}
	s.propertyKeys = map[string]bool{"ДатаРегистрации": true, "Партнерский": true, "Регион": true}
	s.userFieldKeys = map[string]bool{"ВнешнийПользователь": true, "ТабельныйНомер": true}
	s.servants = map[int64]sm.Servant{
		1000: {Name: "ООО Партнер", ID: 1000, ServantID: "00000", City: "Москва", Site: "www.example.com",
			Email: "info@example.com", Phone: "+7 (495) 765-43-21", TariffSubscribeAllowed: true},
		987: {Name: "Обслуживающая организация КИТ", ID: 987, ServantID: "00123", City: "Москва", Site: "https://ookit.ru",
			Email: "1C_reg@ookit.ru", Phone: "8-800-999-00-00", TariffSubscribeAllowed: true},
	}
	month := func(id, name string, q int, cost sm.Amount) sm.ValidityPeriod {
		return sm.ValidityPeriod{ID: id, Name: name, Period: sm.PeriodMonth, Quantity: q, Cost: cost}
	}
	s.tariffs = map[int64][]sm.ServantTariff{
		1000: {
			{ID: "000000021", Name: "ПРОФ", TariffID: "000000001", BriefDescription: "5 сеансов, до 10 баз",
				ValidityPeriods: []sm.ValidityPeriod{{ID: "1YR", Name: "1 год", Quantity: 1, Cost: "1500",
					Comment: "Один календарный год", Period: sm.PeriodYear}}},
			{ID: "000000005", Name: "Касса_Базовый", TariffID: "000000009", BriefDescription: "Тариф Базовый для приложения 1С:Касса"},
			{ID: "000000006", Name: "Касса_Расширенный", TariffID: "000000019", BriefDescription: "Тариф Расширенный для приложения 1С:Касса"},
			{ID: "099", Name: "Партнерский ПРОФ", TariffID: "099",
				Description: &sm.TariffDescription{
					HTML: `<html><body><p>Партнерский ПРОФ<img height="44" src="image001" width="30"/></p></body></html>`,
					Images: []sm.Image{{Name: "image001", Data: "iVBORw0KGgoAAAANSUhEUgAAAB4AAAAsCAAAAABX6VfYAAAAI0lEQVR4AWP4jxeM\r\n" +
						"SgOBNBgQIz0qLY0TDGJpiv09Ko0Ao9IAo4QtRdzqXu8AAAAASUVORK5CYII="}},
				},
				ValidityPeriods: []sm.ValidityPeriod{month("2MN", "2 месяца", 2, "8040"), month("6MN", "6 месяцев", 6, "23000"),
					month("12MN", "12 месяцев", 12, "44000"), month("3MN", "3 месяца", 3, "11999")}},
		},
	}
	s.extensions = map[string]bool{"000000006": true}
	s.seedGroups()
	s.pages = map[int64]string{1000: "<!DOCTYPE html><html lang=\"ru\"><body>\nВыберите подходящий тариф и период:\n<ul>" +
		"<li><a data-tariff=\"1\" data-period=\"3MN\" href=\"#\">Купить тариф ПРОФ на 3 месяца за 15000 руб.</a></li>\n" +
		"<li><a data-tariff=\"1\" data-period=\"12MN\" href=\"#\">Купить тариф ПРОФ на 12 месяцев за 48000 руб.</a></li>\n</ul></body></html>"}
}

// apiError is an in-band error.
type apiError struct {
	code sm.Code
	msg  string
}

func fail(code sm.Code, format string, args ...any) *apiError {
	return &apiError{code: code, msg: fmt.Sprintf(format, args...)}
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	if s.faults.Serve(w, r) {
		return
	}
	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="1C:Enterprise"`)
		http.Error(w, "401 Unauthorized", http.StatusUnauthorized)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/a/adm/hs/ext_api/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch {
	case rest == "version":
		if !contains(s.versionMethods, r.Method) {
			w.Header().Set("Allow", strings.Join(s.versionMethods, ", "))
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		fakeserver.WriteJSON(w, http.StatusOK, map[string]any{"version": InterfaceVersion, "sm_version": SMVersion, "sm_timezone": "Europe/Moscow"})
	case rest == "execute" && r.Method == http.MethodPost:
		s.execute(w, r, "", "")
	case strings.HasPrefix(rest, "execute/") && (r.Method == http.MethodPost || r.Method == http.MethodGet):
		typ, method, _ := strings.Cut(strings.TrimPrefix(rest, "execute/"), "/")
		if r.Method == http.MethodGet && method != "account/list" {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		s.execute(w, r, typ, method)
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) authorized(r *http.Request) bool {
	if l, p, ok := r.BasicAuth(); ok {
		return fakeserver.Equal(l, s.Login) && fakeserver.Equal(p, s.Password)
	}
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && s.Token != "" {
		return fakeserver.Equal(tok, s.Token)
	}
	return false
}

type request struct {
	General struct {
		Type    string `json:"type"`
		Method  string `json:"method"`
		Version int    `json:"version"`
	} `json:"general"`
	Auth *struct {
		Account int64 `json:"account"`
	} `json:"auth"`
	raw map[string]json.RawMessage
}

func (q *request) param(name string, v any) bool {
	b, ok := q.raw[name]
	if !ok {
		return false
	}
	return json.Unmarshal(b, v) == nil
}

func (s *Server) execute(w http.ResponseWriter, r *http.Request, urlType, urlMethod string) {
	q := &request{raw: map[string]json.RawMessage{}}
	if r.Method == http.MethodPost && r.ContentLength != 0 {
		if err := fakeserver.ReadJSON(r, &q.raw); err != nil {
			s.reply(w, 0, nil, fail(sm.CodeBadRequest, "Некорректный запрос: %v", err))
			return
		}
		if g, ok := q.raw["general"]; ok {
			_ = json.Unmarshal(g, &q.General)
		}
		if a, ok := q.raw["auth"]; ok {
			_ = json.Unmarshal(a, &q.Auth)
		}
	}
	if urlMethod != "" {
		q.General.Type, q.General.Method = urlType, urlMethod
	}
	if q.General.Type != "usr" && q.General.Type != "ext" {
		s.reply(w, q.General.Version, nil, fail(sm.CodeBadRequest, "Неизвестный тип запроса '%s'", q.General.Type))
		return
	}
	s.mu.Lock()
	s.methods = append(s.methods, q.General.Method)
	result, aerr := s.dispatch(q)
	s.mu.Unlock()
	s.reply(w, q.General.Version, result, aerr)
}

func (s *Server) reply(w http.ResponseWriter, version int, result map[string]any, aerr *apiError) {
	if version == 0 {
		version = InterfaceVersion
	}
	g := sm.General{Response: sm.CodeOK, Version: version, SMVersion: SMVersion, SMTimezone: "Europe/Moscow"}
	if code, ok := result[codeKey].(sm.Code); ok {
		g.Response = code
		delete(result, codeKey)
	}
	if aerr != nil {
		g.Response, g.Error, g.Message = aerr.code, true, aerr.msg
		result = nil
	}
	out := map[string]any{"general": g}
	for k, v := range result {
		out[k] = v
	}
	fakeserver.WriteJSON(w, http.StatusOK, out)
}

// target resolves the subscriber a call acts on: auth.account, which the
// service user must reach, and "id" when the method takes one.
func (s *Server) target(q *request, withID bool) (*account, *apiError) {
	if q.Auth == nil || q.Auth.Account == 0 {
		return nil, fail(sm.CodeBadRequest, "Не указан код абонента (auth.account)")
	}
	id := q.Auth.Account
	if withID {
		if !q.param("id", &id) {
			return nil, fail(sm.CodeBadRequest, "Не указан параметр 'id'")
		}
	}
	a, ok := s.accounts[id]
	if !ok {
		return nil, fail(sm.CodeNotFound, "Абонент с кодом %d не найден.", id)
	}
	if _, ok := s.access[id]; !ok {
		return nil, fail(sm.CodeForbidden, "Нет доступа к абоненту %d.", id)
	}
	return a, nil
}

// member finds the call's subscriber (auth.account) and the user named by
// its "login" parameter.
func (s *Server) member(q *request) (*account, *sm.User, string, *apiError) {
	a, err := s.target(q, true)
	if err != nil {
		return nil, nil, "", err
	}
	var login string
	if !q.param("login", &login) || login == "" {
		return nil, nil, "", fail(sm.CodeBadRequest, "Не указан параметр 'login'")
	}
	u, ok := a.members[login]
	if !ok {
		return nil, nil, login, fail(sm.CodeNotFound, "Пользователь '%s' не найден.", login)
	}
	return a, u, login, nil
}

// handler serves one ext_api method on a request the server has
// authenticated: a result to send, or an in-band error.
type handler func(s *Server, q *request) (map[string]any, *apiError)

// handlers maps every ext_api method the fake serves to its handler: one
// table per group (accountHandlers here, the others in groups.go), merged at
// init; a method in two tables is a bug, caught there.
var handlers map[string]handler

func init() {
	handlers = map[string]handler{}
	for _, table := range []map[string]handler{accountHandlers, groupHandlers, appHandlers, billHandlers} {
		for method, h := range table {
			if _, dup := handlers[method]; dup {
				panic("smtest: two handlers for " + method)
			}
			handlers[method] = h
		}
	}
}

// dispatch serves q with its method's handler.
func (s *Server) dispatch(q *request) (map[string]any, *apiError) {
	if h, ok := handlers[q.General.Method]; ok {
		return h(s, q)
	}
	return nil, fail(sm.CodeBadRequest, "Метод '%s' не поддерживается.", q.General.Method)
}

// accountHandlers serve the account/* methods.
var accountHandlers = map[string]handler{
	"account/list": func(s *Server, q *request) (map[string]any, *apiError) {
		ids := make([]int64, 0, len(s.access))
		for id := range s.access {
			if _, ok := s.accounts[id]; ok {
				ids = append(ids, id)
			}
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		list := make([]sm.Account, 0, len(ids))
		for _, id := range ids {
			list = append(list, sm.Account{ID: id, Name: s.accounts[id].info.Name, Role: s.access[id]})
		}
		return map[string]any{"account": list}, nil
	},
	"account/info": func(s *Server, q *request) (map[string]any, *apiError) {
		a, err := s.target(q, true)
		if err != nil {
			return nil, err
		}
		return map[string]any{"account": a.info}, nil
	},
	"account/update_info": func(s *Server, q *request) (map[string]any, *apiError) {
		a, err := s.target(q, true)
		if err != nil {
			return nil, err
		}
		for k, p := range map[string]*string{"name": &a.info.Name, "site": &a.info.Site, "city": &a.info.City,
			"email": &a.info.Email, "phone": &a.info.Phone} {
			q.param(k, p)
		}
		return nil, nil
	},
	"account/servant_info": func(s *Server, q *request) (map[string]any, *apiError) {
		a, err := s.target(q, true)
		if err != nil {
			return nil, err
		}
		if len(a.servants) == 0 {
			return nil, fail(sm.CodeNotFound, "Обслуживающая организация не найдена.")
		}
		sv := s.servants[a.servants[0]]
		return map[string]any{"servant": sm.Account{ID: sv.ID, Name: sv.Name, Site: sv.Site, City: sv.City, Email: sv.Email, Phone: sv.Phone}}, nil
	},
	"account/attached_info": func(s *Server, q *request) (map[string]any, *apiError) {
		a, err := s.target(q, true)
		if err != nil {
			return nil, err
		}
		return map[string]any{"fields": nonNil(a.fields), "properties": nonNil(a.props)}, nil
	},
	"account/update_attached_info": func(s *Server, q *request) (map[string]any, *apiError) {
		a, err := s.target(q, true)
		if err != nil {
			return nil, err
		}
		var fields, props []sm.Attribute
		q.param("fields", &fields)
		q.param("properties", &props)
		for _, f := range fields {
			if !s.fieldKeys[f.Key] {
				return nil, fail(sm.CodeUnknownAttribute, "Реквизит '%s' не найден.", f.Key)
			}
		}
		for _, p := range props {
			if !s.propertyKeys[p.Key] {
				return nil, fail(sm.CodeUnknownAttribute, "Свойство '%s' не найдено.", p.Key)
			}
		}
		a.fields = upsert(a.fields, fields)
		a.props = upsert(a.props, props)
		return nil, nil
	},
	"account/users/list": func(s *Server, q *request) (map[string]any, *apiError) {
		a, err := s.target(q, true)
		if err != nil {
			return nil, err
		}
		return map[string]any{"user": a.userList(false)}, nil
	},
	"account/users/info": func(s *Server, q *request) (map[string]any, *apiError) {
		_, u, _, err := s.member(q)
		if err != nil {
			return nil, err
		}
		return map[string]any{"user": u}, nil
	},
	"account/users/add":    func(s *Server, q *request) (map[string]any, *apiError) { return s.addUser(q, false) },
	"account/users/create": func(s *Server, q *request) (map[string]any, *apiError) { return s.addUser(q, true) },
	"account/users/delete": func(s *Server, q *request) (map[string]any, *apiError) {
		a, _, login, err := s.member(q)
		if err != nil {
			return nil, err
		}
		delete(a.members, login)
		return nil, nil
	},
	"account/users/set_role": func(s *Server, q *request) (map[string]any, *apiError) {
		_, u, _, err := s.member(q)
		if err != nil {
			return nil, err
		}
		var role sm.Role
		if !q.param("role", &role) || !role.Known() {
			return nil, fail(sm.CodeBadRequest, "Неизвестная роль '%s'", role)
		}
		u.Role = role
		return nil, nil
	},
	"account/users/set_session_restriction": func(s *Server, q *request) (map[string]any, *apiError) {
		_, u, _, err := s.member(q)
		if err != nil {
			return nil, err
		}
		n := -1
		if !q.param("restriction", &n) || n < 0 {
			return nil, fail(sm.CodeBadRequest, "Некорректное ограничение сеансов")
		}
		u.SessionRestriction = n
		return nil, nil
	},
	"account/users/update_attached_info": func(s *Server, q *request) (map[string]any, *apiError) {
		_, u, _, err := s.member(q)
		if err != nil {
			return nil, err
		}
		var fields []sm.Attribute
		q.param("fields", &fields)
		for _, f := range fields {
			if !s.userFieldKeys[f.Key] {
				return nil, fail(sm.CodeUnknownAttribute, "Реквизит '%s' не найден.", f.Key)
			}
		}
		u.Fields = upsert(u.Fields, fields)
		return nil, nil
	},
	"account/servants/list": func(s *Server, q *request) (map[string]any, *apiError) {
		a, err := s.target(q, true)
		if err != nil {
			return nil, err
		}
		list := make([]sm.Servant, 0, len(a.servants))
		for _, id := range a.servants {
			list = append(list, s.servants[id])
		}
		return map[string]any{"servants": list}, nil
	},
	"account/servants/tariff_selection_page": func(s *Server, q *request) (map[string]any, *apiError) {
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		var servant int64
		q.param("servant", &servant)
		if _, ok := s.servants[servant]; !ok {
			return nil, fail(sm.CodeNotFound, "Обслуживающая организация %d не найдена.", servant)
		}
		page, ok := s.pages[servant]
		if !ok {
			page = "<!DOCTYPE html><html><body>Нет доступных тарифов</body></html>"
		}
		return map[string]any{"html": page}, nil
	},
	"account/servant_tariffs/info": func(s *Server, q *request) (map[string]any, *apiError) {
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		var servant int64
		var id string
		q.param("servant", &servant)
		if !q.param("id", &id) {
			var n json.Number
			if q.param("id", &n) {
				id = n.String()
			}
		}
		for _, t := range s.tariffs[servant] {
			if t.ID == id {
				return map[string]any{"servant_tariff": t}, nil
			}
		}
		return nil, fail(sm.CodeNotFound, "Тариф обслуживающей организации '%s' не найден.", id)
	},
	"account/servant_tariffs/list": func(s *Server, q *request) (map[string]any, *apiError) {
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		var servant int64
		var scope, avail []string
		q.param("servant", &servant)
		q.param("scope", &scope)
		q.param("available_tariffs", &avail)
		if _, ok := s.servants[servant]; !ok {
			return nil, fail(sm.CodeNotFound, "Обслуживающая организация %d не найдена.", servant)
		}
		periods, extOnly := contains(scope, "validity_periods"), contains(scope, "is_extension")
		list := []sm.ServantTariff{}
		for _, t := range s.tariffs[servant] {
			if (extOnly && !s.extensions[t.ID]) || (len(avail) > 0 && !contains(avail, t.ID)) {
				continue
			}
			t.Description = nil
			if !periods {
				t.ValidityPeriods = nil
			}
			list = append(list, t)
		}
		return map[string]any{"servant_tariff": list}, nil
	},
}

func (s *Server) addUser(q *request, create bool) (map[string]any, *apiError) {
	a, err := s.target(q, true)
	if err != nil {
		return nil, err
	}
	var in struct {
		Login       string         `json:"login"`
		Role        sm.Role        `json:"role"`
		Password    string         `json:"password"`
		Email       string         `json:"email"`
		Name        string         `json:"name"`
		Phone       string         `json:"phone"`
		Timezone    string         `json:"timezone"`
		Description string         `json:"description"`
		Fields      []sm.Attribute `json:"fields"`
	}
	raw, _ := json.Marshal(q.raw)
	if json.Unmarshal(raw, &in) != nil || in.Login == "" {
		return nil, fail(sm.CodeBadRequest, "Не указан параметр 'login'")
	}
	if in.Role == "" {
		in.Role = sm.RoleUser
	}
	if !in.Role.Known() {
		return nil, fail(sm.CodeBadRequest, "Неизвестная роль '%s'", in.Role)
	}
	for _, f := range in.Fields {
		if !s.userFieldKeys[f.Key] {
			return nil, fail(sm.CodeUnknownAttribute, "Реквизит '%s' не найден.", f.Key)
		}
	}
	su, exists := s.serviceUsers[in.Login]
	switch {
	case create && exists:
		return nil, fail(sm.CodeAlreadyExists, "Пользователь с логином '%s' уже существует.", in.Login)
	case !create && !exists:
		return nil, fail(sm.CodeNotFound, "Пользователь сервиса '%s' не найден.", in.Login)
	case create:
		su = &serviceUser{name: in.Name, email: in.Email, phone: in.Phone, timezone: in.Timezone, password: in.Password}
		s.serviceUsers[in.Login] = su
	}
	if _, ok := a.members[in.Login]; ok {
		return nil, fail(sm.CodeAlreadyExists, "Пользователь '%s' уже подключен к абоненту.", in.Login)
	}
	a.members[in.Login] = &sm.User{Login: in.Login, Name: su.name, Email: su.email, Role: in.Role,
		Description: in.Description, Fields: upsert(nil, in.Fields)}
	return nil, nil
}

// upsert sets the values of the keys sent and keeps the others.
func upsert(have, set []sm.Attribute) []sm.Attribute {
	out := append([]sm.Attribute(nil), have...)
next:
	for _, n := range set {
		for i := range out {
			if out[i].Key == n.Key {
				out[i] = n
				continue next
			}
		}
		out = append(out, n)
	}
	return out
}

func nonNil(a []sm.Attribute) []sm.Attribute {
	if a == nil {
		return []sm.Attribute{}
	}
	return a
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
