// Package dptest is the test kit of package dataprovider: an in-memory
// Provider seeded with the document's sample data, a running provider server
// with fault injection, a fake platform that records callbacks, and a
// conformance check any operator can run against its own provider.
package dptest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/internal/fakeserver"
)

// Sample identifiers and credentials from the document.
const (
	SampleUserID     = "58208891"
	SampleLogin      = "1595"
	SamplePassword   = "58208891"
	SampleContractID = "12331231"
)

func kop(v int64) *dataprovider.Kopecks { k := dataprovider.Kopecks(v); return &k }

// Memory is an in-memory dataprovider.Provider, safe for concurrent use.
type Memory struct {
	mu        sync.RWMutex
	users     map[string]dataprovider.User
	contracts map[string][]dataprovider.Contract // by user
	services  []dataprovider.Service
	tariffs   []dataprovider.Tariff
	charges   map[string][]dataprovider.Charge // by user
}

// NewMemory returns a provider seeded with the document's sample data.
func NewMemory() *Memory {
	m := &Memory{users: map[string]dataprovider.User{}, contracts: map[string][]dataprovider.Contract{}, charges: map[string][]dataprovider.Charge{}}
	m.AddUser(dataprovider.User{ExtUserID: SampleUserID, Login: SampleLogin, Password: SamplePassword, IsBlocked: true,
		FullName: "Жанна Владимировна", Phones: []dataprovider.Phone{{Number: "9090909090"}}})
	m.AddContract(SampleUserID, dataprovider.Contract{ExtID: SampleContractID, Account: "1595-1", Contract: "1595-1N",
		State: dataprovider.StateConnected, Balance: 36900, RequiredPayment: kop(1000), //nolint:staticcheck // the sample answer still carries it
		Address:      "г. Челябинск, ул Ленина 1",
		BuildingCode: "08213690-eb4c-47a1-a509-bd9c3d5d65d8", Region: 74, BuildingNum: "1", Flat: "92",
		Options: []dataprovider.ContractItem{
			{CategoryName: "Скидка", Name: "Скидка пенсионерам", Value: -1000},
			{CategoryName: "Доплата", Hidden: true, Name: "Доплата за труднодоступный/удаленный регион", Value: 2000},
		},
		Tariffs: []dataprovider.ContractTariff{{ID: "52082301", Options: []dataprovider.ContractItem{
			{CategoryName: "Скидка", Name: "Скидка за регулярную оплату", Value: -1000}}}}})
	m.services = []dataprovider.Service{{ID: "40216201", Name: "Интернет"}, {ID: "40216202", Name: "Видеонаблюдение"}, {ID: "40216203", Name: "Телефония"}}
	m.tariffs = []dataprovider.Tariff{
		{ID: "52081501", Name: "Космос", Services: []dataprovider.ServiceRef{{ID: "40216201"}, {ID: "40216203"}}, Description: "Описание тарифа", Cost: kop(1200), Link: "https://your-domain.ru/tariff/kosmos"},
		{ID: "1081664501", Name: "Снежный", Services: []dataprovider.ServiceRef{{ID: "40216201"}}, Description: "Описание тарифа", WithoutCost: true, Link: "https://your-domain.ru/tariff/snow"},
	}
	m.AddCharge(SampleUserID, dataprovider.Charge{Account: "1595-1", Cost: 20000, Period: dataprovider.MustPeriod(2022, 1), Description: "Оплата услуг связи январь 2022"})
	m.AddCharge(SampleUserID, dataprovider.Charge{Account: "1595-1", Cost: 20000, Period: dataprovider.MustPeriod(2022, 2), Description: "Оплата услуг связи сентябрь 2022"})
	return m
}

// PutUser is the older name of [Memory.AddUser].
func (m *Memory) PutUser(u dataprovider.User) { m.AddUser(u) }

// AddUser adds a user, or replaces the one with the same ExtUserID.
func (m *Memory) AddUser(u dataprovider.User) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.users[u.ExtUserID] = u
}

// PutContract is the older name of [Memory.AddContract].
func (m *Memory) PutContract(userID string, c dataprovider.Contract) { m.AddContract(userID, c) }

// AddContract adds a contract of a user, or replaces the user's one with the
// same ExtID.
func (m *Memory) AddContract(userID string, c dataprovider.Contract) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.contracts[userID]
	for i := range cs {
		if cs[i].ExtID == c.ExtID {
			cs[i] = c
			return
		}
	}
	m.contracts[userID] = append(cs, c)
}

// AddCharge records a charge of a user.
func (m *Memory) AddCharge(userID string, c dataprovider.Charge) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.charges[userID] = append(m.charges[userID], c)
}

// PutService is the older name of [Memory.AddService].
func (m *Memory) PutService(sv dataprovider.Service) { m.AddService(sv) }

// AddService adds a service, or replaces the one with the same ID.
func (m *Memory) AddService(sv dataprovider.Service) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.services {
		if m.services[i].ID == sv.ID {
			m.services[i] = sv
			return
		}
	}
	m.services = append(m.services, sv)
}

// PutTariff is the older name of [Memory.AddTariff].
func (m *Memory) PutTariff(t dataprovider.Tariff) { m.AddTariff(t) }

// AddTariff adds a tariff, or replaces the one with the same ID.
func (m *Memory) AddTariff(t dataprovider.Tariff) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.tariffs {
		if m.tariffs[i].ID == t.ID {
			m.tariffs[i] = t
			return
		}
	}
	m.tariffs = append(m.tariffs, t)
}

// Auth implements dataprovider.Provider.
func (m *Memory) Auth(_ context.Context, login string, password dataprovider.Password) (string, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, u := range m.users {
		if fakeserver.Equal(u.Login, login) && fakeserver.Equal(u.Password.Reveal(), password.Reveal()) {
			return u.ExtUserID, nil
		}
	}
	return "", dataprovider.ErrBadCredentials
}

// User implements dataprovider.Provider.
func (m *Memory) User(_ context.Context, id string) (*dataprovider.User, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	u, ok := m.users[id]
	if !ok {
		return nil, dataprovider.ErrNotFound
	}
	return &u, nil
}

// ContractsByUser implements dataprovider.Provider.
func (m *Memory) ContractsByUser(_ context.Context, id string) ([]dataprovider.Contract, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	cs := m.contracts[id]
	if len(cs) == 0 {
		return nil, dataprovider.ErrNotFound
	}
	out := make([]dataprovider.Contract, len(cs))
	for i, c := range cs {
		out[i] = c
		out[i].RequiredPayment = nil //nolint:staticcheck // only the one-contract answer carries it
	}
	return out, nil
}

// Contract implements dataprovider.Provider.
func (m *Memory) Contract(_ context.Context, id string) (*dataprovider.Contract, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, cs := range m.contracts {
		for _, c := range cs {
			if c.ExtID == id {
				return &c, nil
			}
		}
	}
	return nil, dataprovider.ErrNotFound
}

// Services implements dataprovider.Provider.
func (m *Memory) Services(context.Context) ([]dataprovider.Service, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return append([]dataprovider.Service(nil), m.services...), nil
}

// Tariffs implements dataprovider.Provider.
func (m *Memory) Tariffs(context.Context) ([]dataprovider.Tariff, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return append([]dataprovider.Tariff(nil), m.tariffs...), nil
}

// Charges implements dataprovider.Provider: most recent first, cut by limit.
func (m *Memory) Charges(_ context.Context, id string, limit int) ([]dataprovider.Charge, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if _, ok := m.users[id]; !ok {
		return nil, dataprovider.ErrNotFound
	}
	cs := append([]dataprovider.Charge{}, m.charges[id]...)
	sort.SliceStable(cs, func(i, j int) bool { return cs[j].Period.Before(cs[i].Period) })
	if limit > 0 && len(cs) > limit {
		cs = cs[:limit]
	}
	return cs, nil
}

// ServerOption configures NewServer.
type ServerOption func(*serverConfig)

type serverConfig struct {
	mem              *Memory
	hopt             []dataprovider.HandlerOption
	basicUser, basic string
	bearer           string
}

// WithMemory serves m instead of a fresh NewMemory.
func WithMemory(m *Memory) ServerOption { return func(c *serverConfig) { c.mem = m } }

// WithBasicAuth makes the server demand HTTP Basic credentials
// (dataprovider.RequireBasicAuth); Server.Client sends them.
func WithBasicAuth(user, password string) ServerOption {
	return func(c *serverConfig) { c.basicUser, c.basic = user, password }
}

// WithBearerToken makes the server demand a bearer token
// (dataprovider.RequireBearer); Server.Client sends it.
func WithBearerToken(token string) ServerOption {
	return func(c *serverConfig) { c.bearer = token }
}

// WithHandlerOptions passes options to dataprovider.NewHandler (a logger,
// limits). Give credentials with WithBasicAuth or WithBearerToken instead of
// an auth option here: without them the fake serves everyone
// (dataprovider.AllowUnauthenticated).
func WithHandlerOptions(o ...dataprovider.HandlerOption) ServerOption {
	return func(c *serverConfig) { c.hopt = append(c.hopt, o...) }
}

// Server is a running provider on 127.0.0.1 backed by a Memory.
type Server struct {
	// URL is the server's base URL.
	URL string
	// Memory is the data served; seed it with its Put and Add methods.
	Memory *Memory
	srv    *httptest.Server
	faults fakeserver.Faults
	auth   []dataprovider.Option
}

// NewServer starts a provider server: the dataprovider handler over a
// Memory, with no auth unless WithBasicAuth or WithBearerToken is given.
// Like httptest.NewServer it panics when it cannot start, here also when
// dataprovider.NewHandler refuses the options (an empty credential, two auth
// options): that is a mistake in the test, not in the code under test.
func NewServer(opts ...ServerOption) *Server {
	cfg := &serverConfig{}
	for _, o := range opts {
		if o != nil {
			o(cfg)
		}
	}
	if cfg.mem == nil {
		cfg.mem = NewMemory()
	}
	s := &Server{Memory: cfg.mem}
	hopt := append([]dataprovider.HandlerOption(nil), cfg.hopt...)
	switch {
	case cfg.basicUser != "" || cfg.basic != "":
		hopt = append(hopt, dataprovider.RequireBasicAuth(cfg.basicUser, cfg.basic))
		s.auth = append(s.auth, dataprovider.WithBasicAuth(cfg.basicUser, cfg.basic))
	case cfg.bearer != "":
		hopt = append(hopt, dataprovider.RequireBearer(cfg.bearer))
		s.auth = append(s.auth, dataprovider.WithBearerToken(cfg.bearer))
	default:
		hopt = append(hopt, dataprovider.AllowUnauthenticated())
	}
	if cfg.bearer != "" && cfg.basic != "" {
		hopt = append(hopt, dataprovider.RequireBearer(cfg.bearer)) // two auth options: NewHandler says so
	}
	h, err := dataprovider.NewHandler(cfg.mem, hopt...)
	if err != nil {
		panic("dptest: NewServer: " + err.Error())
	}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.faults.Serve(w, r) {
			return
		}
		h.ServeHTTP(w, r)
	}))
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// RequestCount returns how many requests the server has received, faults
// included.
func (s *Server) RequestCount() int { return s.faults.Requests() }

// Requests is the older name of [Server.RequestCount].
func (s *Server) Requests() int { return s.RequestCount() }

// InjectFault answers the next n requests with f, before auth is checked.
// A Fault with Path ("/api/charges") or Match set is aimed: it answers only
// the requests it matches, and the others are served normally.
func (s *Server) InjectFault(n int, f Fault) { s.faults.Inject(n, f) }

// ClearFaults drops the faults not served yet.
func (s *Server) ClearFaults() { s.faults.Clear() }

// Client returns a client of this server, with the server's credentials
// when it has any; opts come after them.
func (s *Server) Client(opts ...dataprovider.Option) (*dataprovider.Client, error) {
	return dataprovider.NewClient(s.URL, append(append([]dataprovider.Option(nil), s.auth...), opts...)...)
}

// Callback is one notification received by a Platform.
type Callback struct {
	Path      string
	ExtID     string `json:"ext_id"`
	UserExtID string `json:"user_ext_id"`
}

// Platform is a fake subscriber platform that records callbacks.
type Platform struct {
	// URL is the platform's base URL.
	URL string
	// Login and Password are the Basic credentials it accepts.
	Login, Password string
	srv             *httptest.Server
	faults          fakeserver.Faults
	mu              sync.Mutex
	calls           []Callback
}

// NewPlatform starts a fake platform accepting login "core" and password
// "test-password-not-real".
func NewPlatform() *Platform {
	p := &Platform{Login: "core", Password: "test-password-not-real"}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = p.srv.URL
	return p
}

func (p *Platform) serve(w http.ResponseWriter, r *http.Request) {
	if p.faults.Serve(w, r) {
		return
	}
	u, pw, ok := r.BasicAuth()
	if !ok || !fakeserver.Equal(u, p.Login) || !fakeserver.Equal(pw, p.Password) {
		fakeserver.WriteJSON(w, http.StatusUnauthorized, map[string]string{"error": "unauthorized"})
		return
	}
	if r.URL.Path != "/api/v1/mb/callback/contract" && r.URL.Path != "/api/v1/mb/callback/charge" {
		fakeserver.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
		return
	}
	if r.Method != http.MethodPost {
		fakeserver.WriteJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method not allowed"})
		return
	}
	var cb Callback
	if err := fakeserver.ReadJSON(r, &cb); err != nil || (cb.ExtID == "" && cb.UserExtID == "") {
		fakeserver.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "bad body"})
		return
	}
	cb.Path = r.URL.Path
	p.mu.Lock()
	p.calls = append(p.calls, cb)
	p.mu.Unlock()
	fakeserver.WriteJSON(w, http.StatusOK, json.RawMessage(`{}`))
}

// Callbacks returns the callbacks received so far.
func (p *Platform) Callbacks() []Callback {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Callback(nil), p.calls...)
}

// InjectFault answers the next n requests with f, before auth is checked.
// A Fault with Path ("/api/v1/mb/callback/charge") or Match set is aimed: it
// answers only the requests it matches, and the others are served normally.
func (p *Platform) InjectFault(n int, f Fault) { p.faults.Inject(n, f) }

// ClearFaults drops the faults not served yet.
func (p *Platform) ClearFaults() { p.faults.Clear() }

// RequestCount returns how many requests the platform has received, faults
// and refused ones included.
func (p *Platform) RequestCount() int { return p.faults.Requests() }

// Requests is the older name of [Platform.RequestCount].
func (p *Platform) Requests() int { return p.RequestCount() }

// Reset forgets the callbacks received so far.
func (p *Platform) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = nil
}

// Close stops the platform.
func (p *Platform) Close() { p.srv.Close() }

// Client returns a callback client of this platform.
func (p *Platform) Client(opts ...dataprovider.Option) (*dataprovider.CallbackClient, error) {
	return dataprovider.NewCallbackClient(p.URL, p.Login, p.Password, opts...)
}
