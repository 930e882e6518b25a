package smtest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// Seeded data of the groups beyond account/*.
const (
	// Tenant is the seeded application of Account (in use).
	Tenant int64 = 12345
	// Backup is the seeded backup of Tenant.
	Backup = "5f0c3a1e-8b7d-4c2a-9e11-2b3c4d5e6f70"
	// Task is the seeded user task of Account (support access to Backup).
	Task = "8e4f2a7c1b3d4e5f6a7b8c9d0e1f2a3b"
	// CustomerSubscription is the seeded subscription of Account, served by Servant.
	CustomerSubscription = "000000101"
	// ProviderTariff is the seeded provider tariff.
	ProviderTariff = "000000005"
	// PromoCode is the promo code each subscriber may activate once.
	PromoCode = "SPRING-24"
	// ReadyAfter is how many checks an asynchronous job answers "not yet" to
	// before it is done: tenant/info of a new application (status "new",
	// then "used"), session/check_list after session/prepare_list (ready
	// false, then true), tenant/get_demo (10202, then 10200).
	ReadyAfter = 2
)

// codeKey carries a success code other than 10200 from a handler to reply.
const codeKey = "\x00code"

type tenantState struct {
	info      sm.Tenant
	users     map[string]sm.TenantUserRole // login → role
	backups   []sm.Backup
	polls     int  // tenant/info calls that still see a new application "new"
	preparing bool // made by tenant/create and not yet "used"
}

type groups struct {
	partners      map[int64]bool // servants the service user works for
	customerProps map[int64]sm.AttachedInfo
	subscriptions []sm.Subscription
	nextSub       int
	tenants       map[int64]*tenantState
	nextTenant    int64
	sessions      map[int64][]int64 // account → session numbers
	sessionJobs   map[string]int    // request_id → checks left
	nextJob       int
	demoPolls     map[int64]int // account → get_demo calls left
	tariffs       []sm.Tariff
	bills         []sm.Bill
	nextBill      int
	tasks         map[string]sm.Task
	taskInfo      map[string]sm.TaskInfo
	recommended   map[int64][]sm.RecommendedTariff
	values        map[string][]sm.AttachedValue
	promoUsed     map[int64]bool
	accounting    []sm.AccountingSystem
}

func (s *Server) seedGroups() {
	g := &s.groups
	g.partners = map[int64]bool{Servant: true}
	g.customerProps = map[int64]sm.AttachedInfo{
		Account: {PublicID: "6d0bd2d3-4f0a-11ee-8c99-0242ac120002", Fields: []sm.Attribute{{Key: "КодКлиента", Value: sm.StringValue("A-17")}}},
	}
	g.subscriptions = []sm.Subscription{{ID: CustomerSubscription, Created: "2024-01-15T10:00:00", Start: "2024-02-01T00:00:00",
		Completion: "2025-01-31T23:59:59", Account: Account, Servant: Servant, ServantTariff: "000000021", Tariff: ProviderTariff, Period: "1YR"}}
	g.nextSub = 102
	g.tenants = map[int64]*tenantState{Tenant: {
		info: sm.Tenant{ID: Tenant, Name: "Бухгалтерия", Owner: Account, Application: "buh", AppVersion: "3.0.150.20",
			AppName: "Бухгалтерия предприятия", Status: sm.TenantUsed, URL: "https://1cfresh.com/a/ea/12345", Timezone: "Europe/Moscow"},
		users:   map[string]sm.TenantUserRole{"Abramov": "administrator"},
		backups: []sm.Backup{{ID: Backup, Tenant: Tenant, Timestamp: "2024-03-01T02:00:00", AppVersion: "3.0.150.20"}},
	}}
	g.nextTenant = Tenant + 1
	g.sessions = map[int64][]int64{Account: {7, 8}}
	g.sessionJobs = map[string]int{}
	g.demoPolls = map[int64]int{}
	g.tariffs = []sm.Tariff{{ID: ProviderTariff, Name: "Бухгалтерия — базовый", IsPayable: true,
		DescriptionForSubscribers: &sm.TariffDescription{HTML: "<p>Для небольших компаний</p>"},
		ValidityPeriods:           []sm.ValidityPeriod{{ID: "1YR", Name: "1 год", Period: sm.PeriodYear, Quantity: 1, Cost: "8040.50"}}}}
	g.nextBill = 8
	g.tasks = map[string]sm.Task{Task: {ID: Task, Name: "Доступ поддержки к копии", Created: "2024-03-01T09:00:00", Author: "Поддержка 1С"}}
	g.taskInfo = map[string]sm.TaskInfo{Task: {Type: "backup_access", Author: "Поддержка 1С",
		Description: "Предоставить доступ к резервной копии", Tenant: strconv.FormatInt(Tenant, 10), Subscriber: strconv.FormatInt(Account, 10)}}
	g.recommended = map[int64][]sm.RecommendedTariff{Servant: {{ProviderTariffID: ProviderTariff, ServantTariffID: "000000021"}}}
	g.promoUsed = map[int64]bool{}
	g.accounting = []sm.AccountingSystem{{ID: 1, Name: "Биллинг партнера", OwnerID: Servant, Export: true, ExportURL: "https://billing.example.com/in",
		Description: "Обмен счетами", ImportRules: []sm.ImportRule{{RuleID: "1", URL: "https://billing.example.com/out"}}}}
	g.values = map[string][]sm.AttachedValue{"ОтрасльАбонента": {{Name: "Торговля", Weight: "10.5"}, {Name: "Производство", Weight: "2"}}}
}

// AddTenant adds an application of a subscriber (status "used" unless set)
// and returns its number.
func (s *Server) AddTenant(t sm.Tenant) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.ID == 0 {
		t.ID = s.groups.nextTenant
		s.groups.nextTenant++
	}
	if t.Status == "" {
		t.Status = sm.TenantUsed
	}
	s.groups.tenants[t.ID] = &tenantState{info: t, users: map[string]sm.TenantUserRole{}}
	return t.ID
}

// TenantStatus returns an application's status.
func (s *Server) TenantStatus(id int64) (sm.TenantStatus, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.groups.tenants[id]
	if !ok {
		return "", false
	}
	return t.info.Status, true
}

// Sessions returns a subscriber's active session numbers.
func (s *Server) Sessions(account int64) []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int64(nil), s.groups.sessions[account]...)
}

// partner resolves a partner call: auth.account must be a servant the
// service user works for.
func (s *Server) partner(q *request) (int64, *apiError) {
	if q.Auth == nil || q.Auth.Account == 0 {
		return 0, fail(sm.CodeBadRequest, "Не указан код абонента (auth.account)")
	}
	if !s.groups.partners[q.Auth.Account] {
		return 0, fail(sm.CodeForbidden, "Абонент %d не является обслуживающей организацией пользователя.", q.Auth.Account)
	}
	return q.Auth.Account, nil
}

// customer finds a customer ("account") a partner serves.
func (s *Server) customer(q *request, servant int64, key string) (*account, *apiError) {
	var id int64
	if !q.param(key, &id) || id == 0 {
		return nil, fail(sm.CodeBadRequest, "Не указан параметр '%s'", key)
	}
	a, ok := s.accounts[id]
	if !ok || !contains64(a.servants, servant) {
		return nil, fail(sm.CodeNotFound, "Абонент с кодом %d не найден.", id)
	}
	return a, nil
}

// tenant finds the application named by "id" that auth.account owns.
func (s *Server) tenant(q *request) (*tenantState, *apiError) {
	a, err := s.target(q, false)
	if err != nil {
		return nil, err
	}
	var id int64
	if !q.param("id", &id) || id == 0 {
		return nil, fail(sm.CodeBadRequest, "Не указан параметр 'id'")
	}
	t, ok := s.groups.tenants[id]
	if !ok || t.info.Owner != a.info.ID {
		return nil, fail(sm.CodeNotFound, "Приложение %d не найдено.", id)
	}
	return t, nil
}

func (s *Server) stringParam(q *request, name string) (string, *apiError) {
	var v string
	if !q.param(name, &v) || v == "" {
		return "", fail(sm.CodeBadRequest, "Не указан параметр '%s'", name)
	}
	return v, nil
}

func contains64(list []int64, v int64) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// filterSubs keeps the subscriptions the list filters of q select.
func filterSubs(q *request, subs []sm.Subscription, keep func(sm.Subscription) bool) []sm.Subscription {
	var active, basic *bool
	q.param("active", &active)
	q.param("basic", &basic)
	out := []sm.Subscription{}
	for _, sub := range subs {
		if !keep(sub) || (basic != nil && *basic != (sub.Parent == "")) {
			continue
		}
		out = append(out, sub)
	}
	return out
}

// groupHandlers serve the partner methods (customers/*,
// customer_subscriptions/*) and the others beyond account/* that appHandlers
// and billHandlers do not.
var groupHandlers = map[string]handler{
	sm.MethodCustomersList: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		servant, err := s.partner(q)
		if err != nil {
			return nil, err
		}
		ids := make([]int64, 0, len(s.accounts))
		for id, a := range s.accounts {
			if contains64(a.servants, servant) {
				ids = append(ids, id)
			}
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		list := []sm.Customer{}
		for _, id := range ids {
			a := s.accounts[id]
			list = append(list, sm.Customer{ID: id, Name: a.info.Name, Email: a.info.Email, PublicID: g.customerProps[id].PublicID})
		}
		return map[string]any{"customer": list}, nil
	},
	sm.MethodCustomersInfo:               (*Server).serveCustomersInfo,
	sm.MethodCustomersAttachedInfo:       (*Server).serveCustomersInfo,
	sm.MethodCustomersUpdateAttachedInfo: (*Server).serveCustomersInfo,
	sm.MethodAttachedInfoForSubscribing: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		servant, err := s.partner(q)
		if err != nil {
			return nil, err
		}
		a, err := s.customer(q, servant, "id")
		if err != nil {
			return nil, err
		}
		inn, has := sm.Find(g.customerProps[a.info.ID].Fields, "ИНН")
		f := sm.SubscribingAttribute{Attribute: sm.Attribute{Key: "ИНН", Name: "ИНН", Type: "string", Value: inn.Value},
			Required: true, Tooltip: "10 или 12 цифр"}
		if !has {
			f.Value, f.Error, f.Message = sm.StringValue(""), true, "Не заполнено"
		}
		return map[string]any{"errors": f.Error, "fields": []sm.SubscribingAttribute{f}, "properties": []sm.SubscribingAttribute{}}, nil
	},
	sm.MethodCustomerSubscriptionsList: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		servant, err := s.partner(q)
		if err != nil {
			return nil, err
		}
		var customer int64
		q.param("account", &customer)
		return map[string]any{"subscription": filterSubs(q, g.subscriptions, func(sub sm.Subscription) bool {
			return sub.Servant == servant && (customer == 0 || sub.Account == customer)
		})}, nil
	},
	sm.MethodCustomerSubscriptionsInfo:      (*Server).serveCustomerSubscriptionsInfo,
	sm.MethodSubscriptionInfo:               (*Server).serveCustomerSubscriptionsInfo,
	sm.MethodCustomerSubscriptionsCreate:    (*Server).serveCustomerSubscriptionsCreate,
	sm.MethodCustomerSubscriptionsCreateEnh: (*Server).serveCustomerSubscriptionsCreate,
	sm.MethodSubscriptionList: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		a, err := s.target(q, false)
		if err != nil {
			return nil, err
		}
		return map[string]any{"subscription": filterSubs(q, g.subscriptions, func(sub sm.Subscription) bool {
			return sub.Account == a.info.ID
		})}, nil
	},
	sm.MethodServantsRecommendedTariffs: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		var servant int64
		q.param("servant", &servant)
		if _, ok := s.servants[servant]; !ok {
			return nil, fail(sm.CodeNotFound, "Обслуживающая организация %d не найдена.", servant)
		}
		list := append([]sm.RecommendedTariff{}, g.recommended[servant]...)
		return map[string]any{"recommended_tariffs": list}, nil
	},
	sm.MethodAttachedInfoValues: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		key, err := s.stringParam(q, "key")
		if err != nil {
			return nil, err
		}
		vals, ok := g.values[key]
		if !ok {
			return nil, fail(sm.CodeNotFound, "Свойство '%s' не найдено.", key)
		}
		return map[string]any{"values": vals}, nil
	},
}

// serveCustomersInfo serves sm.MethodCustomersInfo, sm.MethodCustomersAttachedInfo and sm.MethodCustomersUpdateAttachedInfo.
func (s *Server) serveCustomersInfo(q *request) (map[string]any, *apiError) {
	g := &s.groups
	servant, err := s.partner(q)
	if err != nil {
		return nil, err
	}
	a, err := s.customer(q, servant, "account")
	if err != nil {
		return nil, err
	}
	id := a.info.ID
	switch q.General.Method {
	case sm.MethodCustomersInfo:
		return map[string]any{"customer": sm.Customer{ID: id, Name: a.info.Name, Email: a.info.Email, PublicID: g.customerProps[id].PublicID,
			Site: a.info.Site, City: a.info.City, Phone: a.info.Phone}}, nil
	case sm.MethodCustomersAttachedInfo:
		info := g.customerProps[id]
		return map[string]any{"public_id": info.PublicID, "fields": nonNil(info.Fields), "properties": nonNil(info.Properties)}, nil
	}
	var in sm.AttachedInfo
	raw, _ := json.Marshal(q.raw)
	_ = json.Unmarshal(raw, &in)
	for _, f := range in.Fields {
		if !s.fieldKeys[f.Key] {
			return nil, fail(sm.CodeUnknownAttribute, "Реквизит '%s' не найден.", f.Key)
		}
	}
	for _, p := range in.Properties {
		if !s.propertyKeys[p.Key] {
			return nil, fail(sm.CodeUnknownAttribute, "Свойство '%s' не найдено.", p.Key)
		}
	}
	info := g.customerProps[id]
	if in.PublicID != "" {
		info.PublicID = in.PublicID
	}
	info.Fields, info.Properties = upsert(info.Fields, in.Fields), upsert(info.Properties, in.Properties)
	g.customerProps[id] = info
	return nil, nil
}

// serveCustomerSubscriptionsInfo serves sm.MethodCustomerSubscriptionsInfo and sm.MethodSubscriptionInfo.
func (s *Server) serveCustomerSubscriptionsInfo(q *request) (map[string]any, *apiError) {
	g := &s.groups
	if q.General.Method == sm.MethodSubscriptionInfo {
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
	} else if _, err := s.partner(q); err != nil {
		return nil, err
	}
	id, err := s.stringParam(q, "id")
	if err != nil {
		return nil, err
	}
	for _, sub := range g.subscriptions {
		if sub.ID == id {
			return map[string]any{"subscription": sub}, nil
		}
	}
	return nil, fail(sm.CodeNotFound, "Подписка '%s' не найдена.", id)
}

// serveCustomerSubscriptionsCreate serves sm.MethodCustomerSubscriptionsCreate and sm.MethodCustomerSubscriptionsCreateEnh.
func (s *Server) serveCustomerSubscriptionsCreate(q *request) (map[string]any, *apiError) {
	g := &s.groups
	servant, err := s.partner(q)
	if err != nil {
		return nil, err
	}
	a, err := s.customer(q, servant, "account")
	if err != nil {
		return nil, err
	}
	var in sm.Subscription
	raw, _ := json.Marshal(q.raw)
	_ = json.Unmarshal(raw, &in)
	if in.Tariff == "" && in.ServantTariff == "" {
		return nil, fail(sm.CodeBadRequest, "Не указан тариф")
	}
	if in.Completion == "" {
		in.Completion = "2025-12-31T23:59:59"
	}
	in.ID, in.Account, in.Servant = fmt.Sprintf("%09d", g.nextSub), a.info.ID, servant
	g.nextSub++
	g.subscriptions = append(g.subscriptions, in)
	created := sm.CreatedSubscription{ID: in.ID, Completion: in.Completion}
	if q.General.Method == sm.MethodCustomerSubscriptionsCreate {
		return map[string]any{"id": created.ID, "completion": created.Completion}, nil
	}
	return map[string]any{"subscription_info": []sm.CreatedSubscription{created}}, nil
}

// appHandlers serve tenant/*, session/*, backup/*, tariff/* and the methods
// around them.
var appHandlers = map[string]handler{
	sm.MethodTenantList: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		a, err := s.target(q, false)
		if err != nil {
			return nil, err
		}
		list := []sm.Tenant{}
		for _, t := range g.tenants {
			if t.info.Owner == a.info.ID {
				list = append(list, t.info)
			}
		}
		sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
		return map[string]any{"tenant": list}, nil
	},
	sm.MethodTenantInfo: func(s *Server, q *request) (map[string]any, *apiError) {
		t, err := s.tenant(q)
		if err != nil {
			return nil, err
		}
		switch {
		case t.polls > 0:
			t.polls-- // still "new"
		case t.preparing:
			t.preparing, t.info.Status = false, sm.TenantUsed
		}
		return map[string]any{"tenant": t.info}, nil
	},
	sm.MethodTenantAccount: func(s *Server, q *request) (map[string]any, *apiError) {
		t, err := s.tenant(q)
		if err != nil {
			return nil, err
		}
		a := s.accounts[t.info.Owner]
		return map[string]any{"account": sm.Account{ID: a.info.ID, Name: a.info.Name, Role: s.access[a.info.ID]}}, nil
	},
	sm.MethodTenantCreate: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		a, err := s.target(q, false)
		if err != nil {
			return nil, err
		}
		var in sm.NewTenant
		raw, _ := json.Marshal(q.raw)
		_ = json.Unmarshal(raw, &in)
		if in.Application == "" {
			return nil, fail(sm.CodeBadRequest, "Не указан параметр 'application'")
		}
		id := g.nextTenant
		g.nextTenant++
		t := &tenantState{info: sm.Tenant{ID: id, Name: in.Name, Owner: a.info.ID, Application: in.Application, Status: "new",
			URL: fmt.Sprintf("https://1cfresh.com/a/ea/%d", id), Timezone: in.Timezone}, users: map[string]sm.TenantUserRole{}, polls: ReadyAfter, preparing: true}
		g.tenants[id] = t
		return map[string]any{codeKey: sm.CodeAccepted, "tenant": sm.Tenant{ID: id, Status: t.info.Status, URL: t.info.URL}}, nil
	},
	sm.MethodTenantGetDemo: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		a, err := s.target(q, false)
		if err != nil {
			return nil, err
		}
		left, started := g.demoPolls[a.info.ID]
		if !started {
			left = ReadyAfter
		}
		if left > 0 {
			g.demoPolls[a.info.ID] = left - 1
			return map[string]any{codeKey: sm.CodeAccepted}, nil
		}
		return nil, nil
	},
	sm.MethodTenantUsersList: func(s *Server, q *request) (map[string]any, *apiError) {
		t, err := s.tenant(q)
		if err != nil {
			return nil, err
		}
		list := []sm.TenantUser{}
		for login, role := range t.users {
			list = append(list, sm.TenantUser{Login: login, Role: role})
		}
		sort.Slice(list, func(i, j int) bool { return list[i].Login < list[j].Login })
		return map[string]any{"user": list}, nil
	},
	sm.MethodTenantUsersAdd:    (*Server).serveTenantUsersAdd,
	sm.MethodTenantUsersDelete: (*Server).serveTenantUsersAdd,
	sm.MethodTenantBackupList: func(s *Server, q *request) (map[string]any, *apiError) {
		t, err := s.tenant(q)
		if err != nil {
			return nil, err
		}
		list := []sm.Backup{}
		for _, b := range t.backups {
			list = append(list, sm.Backup{ID: b.ID, Timestamp: b.Timestamp, ForSupport: b.ForSupport})
		}
		return map[string]any{"backup": list}, nil
	},
	sm.MethodBackupList: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		a, err := s.target(q, false)
		if err != nil {
			return nil, err
		}
		list := []sm.Backup{}
		for _, t := range g.tenants {
			if t.info.Owner == a.info.ID {
				list = append(list, t.backups...)
			}
		}
		return map[string]any{"backup": list}, nil
	},
	sm.MethodBackupFileTokenDownload: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		a, err := s.target(q, false)
		if err != nil {
			return nil, err
		}
		id, err := s.stringParam(q, "id")
		if err != nil {
			return nil, err
		}
		for _, t := range g.tenants {
			for _, b := range t.backups {
				if b.ID == id && t.info.Owner == a.info.ID {
					return map[string]any{"token": "download-" + id[:8], "url": s.URL + "/files/" + id + ".zip"}, nil
				}
			}
		}
		return nil, fail(sm.CodeNotFound, "Резервная копия '%s' не найдена.", id)
	},
	sm.MethodSessionPrepareList: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		g.nextJob++
		id := fmt.Sprintf("sessions-%d", g.nextJob)
		g.sessionJobs[id] = ReadyAfter
		return map[string]any{"request_id": id}, nil
	},
	sm.MethodSessionCheckList: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		var id string
		q.param("request_id", &id)
		left, ok := g.sessionJobs[id]
		if !ok {
			return nil, fail(sm.CodeNotFound, "Запрос '%s' не найден.", id)
		}
		if left > 0 {
			g.sessionJobs[id] = left - 1
			return map[string]any{"ready": false}, nil
		}
		return map[string]any{"ready": true, "ready_time": "2024-03-01T09:15:00"}, nil
	},
	sm.MethodSessionList: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		a, err := s.target(q, false)
		if err != nil {
			return nil, err
		}
		var id string
		q.param("request_id", &id)
		if left, ok := g.sessionJobs[id]; !ok || left > 0 {
			return nil, fail(sm.CodeBadRequest, "Список сеансов не подготовлен.")
		}
		// The fields of session/list are not documented: this shape is the
		// fake's own.
		list := []map[string]any{}
		for _, n := range g.sessions[a.info.ID] {
			list = append(list, map[string]any{"id": n, "tenant": Tenant})
		}
		return map[string]any{"session": list}, nil
	},
	sm.MethodSessionTerminate: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		a, err := s.target(q, false)
		if err != nil {
			return nil, err
		}
		var ids []int64
		q.param("id", &ids)
		left := []int64{}
		for _, n := range g.sessions[a.info.ID] {
			if !contains64(ids, n) {
				left = append(left, n)
			}
		}
		g.sessions[a.info.ID] = left
		return nil, nil
	},
	sm.MethodTariffList: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		return map[string]any{"tariff": g.tariffs}, nil
	},
	sm.MethodTariffInfo: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		id, err := s.stringParam(q, "id")
		if err != nil {
			return nil, err
		}
		for _, t := range g.tariffs {
			if t.ID == id {
				return map[string]any{"tariff": t}, nil
			}
		}
		return nil, fail(sm.CodeNotFound, "Тариф '%s' не найден.", id)
	},
}

// serveTenantUsersAdd serves sm.MethodTenantUsersAdd and sm.MethodTenantUsersDelete.
func (s *Server) serveTenantUsersAdd(q *request) (map[string]any, *apiError) {
	t, err := s.tenant(q)
	if err != nil {
		return nil, err
	}
	login, err := s.stringParam(q, "login")
	if err != nil {
		return nil, err
	}
	if q.General.Method == sm.MethodTenantUsersDelete {
		if _, ok := t.users[login]; !ok {
			return nil, fail(sm.CodeNotFound, "Пользователь '%s' не найден.", login)
		}
		delete(t.users, login)
		return nil, nil
	}
	if _, ok := s.serviceUsers[login]; !ok {
		return nil, fail(sm.CodeNotFound, "Пользователь '%s' не найден.", login)
	}
	var role sm.TenantUserRole
	q.param("role", &role)
	t.users[login] = role
	return nil, nil
}

// billHandlers serve bill/*, task/* and the methods around them.
var billHandlers = map[string]handler{
	sm.MethodBillList: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		var seller, customer int64
		q.param("seller_id", &seller)
		q.param("customer_id", &customer)
		list := []sm.Bill{}
		for _, b := range g.bills {
			if (seller == 0 || b.SellerID == seller) && (customer == 0 || b.CustomerID == customer) {
				b.Tariffs, b.Services, b.Files, b.Fields, b.Status = nil, nil, nil, nil, nil
				list = append(list, b)
			}
		}
		return map[string]any{"bill": list}, nil
	},
	sm.MethodBillInfo: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		i, err := s.findBill(q)
		if err != nil {
			return nil, err
		}
		return map[string]any{"bill": g.bills[i]}, nil
	},
	sm.MethodBillCreate: (*Server).serveBillCreate,
	sm.MethodBillUpdate: (*Server).serveBillCreate,
	sm.MethodBillFileTokenUpload: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		i, err := s.findBill(q)
		if err != nil {
			return nil, err
		}
		b := g.bills[i]
		return map[string]any{"id": b.ID, "bill_id": b.BillID, "direction": "upload", "token": "upload-" + b.ID,
			"url": s.URL + "/files/upload/" + b.ID}, nil
	},
	sm.MethodBillCreateSubscription: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		i, err := s.findBill(q)
		if err != nil {
			return nil, err
		}
		b := g.bills[i]
		ids := []map[string]string{}
		for _, line := range b.Tariffs {
			sub := sm.Subscription{ID: fmt.Sprintf("%09d", g.nextSub), Account: b.CustomerID, Tariff: line.TariffID, Period: line.PeriodID,
				Bill: b.ID, BillID: b.BillID}
			g.nextSub++
			g.subscriptions = append(g.subscriptions, sub)
			ids = append(ids, map[string]string{"id": sub.ID})
		}
		return map[string]any{"subscription": ids}, nil
	},
	sm.MethodTaskList: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		list := []sm.Task{}
		for _, t := range g.tasks {
			list = append(list, t)
		}
		sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
		return map[string]any{"task": list}, nil
	},
	sm.MethodTaskInfo:    (*Server).serveTaskInfo,
	sm.MethodTaskExecute: (*Server).serveTaskInfo,
	sm.MethodApplicationList: func(s *Server, q *request) (map[string]any, *apiError) {
		a, err := s.target(q, false)
		if err != nil {
			return nil, err
		}
		return map[string]any{"application": []sm.Application{{ID: "000000001", Name: "Бухгалтерия предприятия", SysName: "Accounting", Account: a.info.ID}}}, nil
	},
	sm.MethodPromoCodeActivate: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		a, err := s.target(q, false)
		if err != nil {
			return nil, err
		}
		code, err := s.stringParam(q, "code")
		if err != nil {
			return nil, err
		}
		if code != PromoCode || g.promoUsed[a.info.ID] {
			return nil, fail(sm.CodeNotFound, "Промокод '%s' не найден или уже использован.", code)
		}
		g.promoUsed[a.info.ID] = true
		return nil, nil
	},
	sm.MethodAccountingSystemList: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		list := []sm.AccountingSystem{}
		for _, as := range g.accounting {
			as.ExportRules, as.ImportRules, as.ResponseProcessingRules, as.Description = nil, nil, nil, ""
			list = append(list, as)
		}
		return map[string]any{"accounting_system": list}, nil
	},
	sm.MethodAccountingSystemInfo: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		if _, err := s.target(q, false); err != nil {
			return nil, err
		}
		var id int64
		q.param("id", &id)
		for _, as := range g.accounting {
			if as.ID == id {
				return map[string]any{"accounting_system": as}, nil
			}
		}
		return nil, fail(sm.CodeNotFound, "Система учета %d не найдена.", id)
	},
	sm.MethodAccountingSystemCreateUpdateBill: func(s *Server, q *request) (map[string]any, *apiError) {
		g := &s.groups
		a, err := s.target(q, false)
		if err != nil {
			return nil, err
		}
		var in struct {
			ID          int64  `json:"id"`
			ImportLogin string `json:"import_login"`
			ExportURL   string `json:"export_url"`
			ExportLogin string `json:"export_login"`
		}
		raw, _ := json.Marshal(q.raw)
		_ = json.Unmarshal(raw, &in)
		for i, as := range g.accounting {
			if in.ID != 0 && as.ID == in.ID {
				as.ImportLogin, as.ExportURL, as.ExportLogin = in.ImportLogin, in.ExportURL, in.ExportLogin
				g.accounting[i] = as
				return map[string]any{"id": as.ID, "name": as.Name}, nil
			}
		}
		if in.ID != 0 {
			return nil, fail(sm.CodeNotFound, "Система учета %d не найдена.", in.ID)
		}
		as := sm.AccountingSystem{ID: int64(len(g.accounting) + 1), Name: "Система учета " + a.info.Name, OwnerID: a.info.ID,
			ImportLogin: in.ImportLogin, ExportURL: in.ExportURL, ExportLogin: in.ExportLogin, Import: in.ImportLogin != "", Export: in.ExportURL != ""}
		g.accounting = append(g.accounting, as)
		return map[string]any{"id": as.ID, "name": as.Name}, nil
	},
}

// serveBillCreate serves sm.MethodBillCreate and sm.MethodBillUpdate.
func (s *Server) serveBillCreate(q *request) (map[string]any, *apiError) {
	g := &s.groups
	if _, err := s.target(q, false); err != nil {
		return nil, err
	}
	var in sm.Bill
	raw, _ := json.Marshal(q.raw)
	if json.Unmarshal(raw, &in) != nil || in.SellerID == 0 || in.CustomerID == 0 {
		return nil, fail(sm.CodeBadRequest, "Не указаны seller_id и customer_id")
	}
	if q.General.Method == sm.MethodBillUpdate {
		i, err := s.findBill(q)
		if err != nil {
			return nil, err
		}
		in.ID, in.BillID, in.Created, in.Status = g.bills[i].ID, g.bills[i].BillID, g.bills[i].Created, g.bills[i].Status
		g.bills[i] = in
		return map[string]any{"id": in.ID, "bill_id": in.BillID}, nil
	}
	in.ID = fmt.Sprintf("%09d", g.nextBill)
	if in.BillID == "" {
		in.BillID = fmt.Sprintf("9a1b2c3d-0000-4000-8000-%012d", g.nextBill)
	}
	g.nextBill++
	in.Created = "2024-03-01T10:00:00"
	in.Status = &sm.BillStatus{Name: sm.BillWaitPayment}
	g.bills = append(g.bills, in)
	return map[string]any{"id": in.ID, "bill_id": in.BillID}, nil
}

// serveTaskInfo serves sm.MethodTaskInfo and sm.MethodTaskExecute.
func (s *Server) serveTaskInfo(q *request) (map[string]any, *apiError) {
	g := &s.groups
	if _, err := s.target(q, false); err != nil {
		return nil, err
	}
	id, err := s.stringParam(q, "id")
	if err != nil {
		return nil, err
	}
	info, ok := g.taskInfo[id]
	if !ok {
		return nil, fail(sm.CodeNotFound, "Задача '%s' не найдена.", id)
	}
	if q.General.Method == sm.MethodTaskInfo {
		return map[string]any{"task": info}, nil
	}
	delete(g.tasks, id)
	delete(g.taskInfo, id)
	return nil, nil
}

// findBill finds the bill q names by id or bill_id.
func (s *Server) findBill(q *request) (int, *apiError) {
	var ref sm.BillRef
	q.param("id", &ref.ID)
	q.param("bill_id", &ref.BillID)
	for i, b := range s.groups.bills {
		if (ref.ID != "" && b.ID == ref.ID) || (ref.BillID != "" && b.BillID == ref.BillID) {
			return i, nil
		}
	}
	return 0, fail(sm.CodeNotFound, "Счет не найден.")
}
