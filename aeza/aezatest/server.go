// Package aezatest is an in-memory Aeza billing API for tests and examples:
// products under a group tree (location groups with server groups below
// them), services with status transitions on ctl, orders that create
// services (optionally after a delay) and take the OS by slug or id, in the
// v2 form (POST /api/v2/services/orders) and the legacy one (POST
// /api/services/orders), with the answer shape of your choice
// ([Server.SetOrderAnswer]), a balance that orders and prolongation debit
// (403 when too low), currencies in the reported {"slug":"usd","name":"USD"}
// shape, and paging that honors offset/count with a configurable default
// page. A wrong API key gets an error envelope; an unknown route or a body
// of the wrong form gets Aeza's gateway error, HTTP 500 "Proxy internal
// server error (see traceId)", and a v2 order it refuses a v2 (NestJS) error
// body.
//
// The newer API (/api/v2, see v2.go) is served over the same services: a
// power state machine whose actions run as tasks ([WithTaskDuration],
// [Server.FinishTasks]) and answer NestJS errors (400
// service.invalid_status with payload.allow, 409 while a task runs), SSH
// keys, backups, DNS zones and records, addresses, notifications and a
// ledger in minor units. [V2Path] aims a fault at one of its paths.
//
// Its amounts on the wire are what Aeza sends: minor units (here kopecks,
// the fake's base currency being the rouble of Aeza's usage page), for
// prices, the balance and transactions alike. Its Go methods
// ([WithBalance], [Server.Balance], [Server.SetBalance]) take and give
// whole roubles.
//
// It needs no testing.TB, so a plain main can use it too:
//
//	srv := aezatest.NewServer()
//	defer srv.Close()
//	c, _ := srv.Client()
package aezatest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/internal/fakeserver"
)

// DefaultAPIKey is the key the fake accepts unless told otherwise.
const DefaultAPIKey = "test-api-key-not-real"

// Server is a fake Aeza. It is safe for concurrent use.
type Server struct {
	// URL is the base URL to give aeza.WithBaseURL (it ends in /api).
	URL string
	// APIKey is the key the server accepts.
	APIKey string

	srv    *httptest.Server
	faults fakeserver.Faults

	mu         sync.Mutex
	pageSize   int
	orderDelay time.Duration
	now        func() time.Time
	balance    int64 // kopecks
	account    aeza.Account
	products   []aeza.Product
	types      []aeza.ServiceType
	groups     []aeza.Group
	oses       []aeza.OS
	services   map[int64]*aeza.Service
	tasks      map[int64][]aeza.Task
	orders     map[int64]*order
	currencies []any
	methods    []map[string]any
	answer     OrderAnswer
	orderPaths []string
	traces     int
	nextID     int64
	txID       int64
	rateLimit  int
	rateWindow time.Duration
	windows    map[string]*rateWindow
	v2         v2State // the newer API's state (v2.go)
}

// rateWindow counts one endpoint's requests in the current window.
type rateWindow struct {
	start time.Time
	used  int
}

type order struct {
	aeza.Order
	req     aeza.OrderRequest
	params  aeza.ServiceParameters
	created time.Time
}

// ServerOption configures a Server.
type ServerOption func(*Server)

// WithAPIKey sets the accepted API key.
func WithAPIKey(key string) ServerOption { return func(s *Server) { s.APIKey = key } }

// WithPageSize sets the page size used when a request gives no count
// (Aeza's is 100; smaller ones have been seen).
func WithPageSize(n int) ServerOption { return func(s *Server) { s.pageSize = n } }

// WithOrderDelay makes orders create their services only after d, so that
// polling (aeza.OrdersService.Wait) is exercised.
func WithOrderDelay(d time.Duration) ServerOption { return func(s *Server) { s.orderDelay = d } }

// WithBalance sets the starting balance in roubles (default 1000.00).
func WithBalance(rub aeza.Decimal) ServerOption {
	return func(s *Server) { s.balance = kopecks(rub) }
}

// WithRateLimit makes the server count requests per endpoint (method and
// path) in windows of window, send the X-Ratelimit-Limit, -Remaining and
// -Reset (seconds) headers on every answer, and answer HTTP 429 once an
// endpoint has had limit requests in the window. The one published
// description of Aeza's limit says 10 requests a minute per endpoint
// (unverified); by default the fake sends no counters and limits nothing.
func WithRateLimit(limit int, window time.Duration) ServerOption {
	return func(s *Server) { s.rateLimit, s.rateWindow = limit, window }
}

// NewServer starts a fake Aeza on 127.0.0.1, seeded with a small catalog,
// two services and a few currencies. Close it when done.
func NewServer(opts ...ServerOption) *Server {
	s := &Server{
		APIKey:   DefaultAPIKey,
		pageSize: 100,
		now:      time.Now,
		balance:  100000,
		services: map[int64]*aeza.Service{},
		tasks:    map[int64][]aeza.Task{},
		orders:   map[int64]*order{},
		nextID:   1000,
		txID:     5000,
		windows:  map[string]*rateWindow{},
	}
	s.seed()
	for _, o := range opts {
		o(s)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.handle))
	s.URL = s.srv.URL + "/api"
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Client returns an aeza.Client for this server with its key; opts come after
// the base URL option.
func (s *Server) Client(opts ...aeza.Option) (*aeza.Client, error) {
	return aeza.NewClient(s.APIKey, append([]aeza.Option{aeza.WithBaseURL(s.URL)}, opts...)...)
}

// InjectFault answers the next n requests f is aimed at with f, before the
// API key is checked. A Fault with neither Path nor Match is aimed at every
// request. Path aims it at one URL path, compared exactly with the request's
// (unescaped) path, which includes the /api prefix: "/api/payment/currencies"
// (an aeza.net account has been seen answering 500 there), or
// "/api/services/101". Match aims it at the requests it reports true for (a
// method, a query value), checked after Path. Requests a fault is not aimed
// at pass it by and are handled normally; it stays queued for its own.
//
//	srv.InjectFault(1, aezatest.Fault{Status: 500, Path: "/api/payment/currencies"})
func (s *Server) InjectFault(n int, f Fault) { s.faults.Inject(n, f) }

// ClearFaults drops queued faults.
func (s *Server) ClearFaults() { s.faults.Clear() }

// RequestCount returns how many requests the server has received, faults
// included.
func (s *Server) RequestCount() int { return s.faults.Requests() }

// Requests is the older name of [Server.RequestCount].
func (s *Server) Requests() int { return s.RequestCount() }

// Balance returns the account balance in roubles.
func (s *Server) Balance() aeza.Decimal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return aeza.NewDecimal(s.balance, 2)
}

// SetBalance sets the account balance in roubles.
func (s *Server) SetBalance(rub aeza.Decimal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.balance = kopecks(rub)
}

// SetCurrencies replaces what payment/currencies answers. Each entry is
// served as its Raw JSON when set, else as {"slug": lower-case Code, "name":
// Code, "multiplier", "round"}, the shape reported for the real answer; a
// zero Multiplier is left out, as an entry without one.
func (s *Server) SetCurrencies(cs ...aeza.Currency) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.currencies = make([]any, 0, len(cs))
	for _, c := range cs {
		if len(c.Raw) > 0 {
			s.currencies = append(s.currencies, c.Raw)
			continue
		}
		e := map[string]any{"slug": strings.ToLower(c.Code), "name": c.Code, "round": c.Round}
		if c.Slug != "" {
			e["slug"] = c.Slug
		}
		if c.Name != "" {
			e["name"] = c.Name
		}
		if c.Multiplier.Sign() != 0 {
			e["multiplier"] = c.Multiplier
		}
		s.currencies = append(s.currencies, e)
	}
}

// AddGroup adds a group to the tree GET services/groups serves (its ID is
// assigned when zero) and returns its id: a location (Role
// aeza.GroupRoleLocation, Payload.Code) or a server group under one
// (ParentID). The parent is not checked, so a tree with a missing parent can
// be served on purpose.
func (s *Server) AddGroup(g aeza.Group) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	g.ID = s.idLocked(g.ID)
	g.Raw = nil
	s.groups = append(s.groups, g)
	return g.ID
}

// idLocked returns id, or the next free id when id is zero, and keeps later
// free ids above any id given explicitly; s.mu is held.
func (s *Server) idLocked(id int64) int64 {
	if id == 0 {
		s.nextID++
		return s.nextID
	}
	s.nextID = max(s.nextID, id)
	return id
}

// AddProduct adds a product to the catalog (its ID is assigned when zero)
// and returns its id; point GroupID at a server group added with AddGroup.
// Orders and prolongation charge its Prices.
func (s *Server) AddProduct(p aeza.Product) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	p.ID = s.idLocked(p.ID)
	s.products = append(s.products, p)
	return p.ID
}

// AddOS adds an installable operating system to the list GET os serves (its
// ID is assigned when zero) and returns its id. Orders and reinstalls accept
// it by slug, in any case, or by id; services then carry its slug.
func (s *Server) AddOS(os aeza.OS) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	os.ID = s.idLocked(os.ID)
	s.oses = append(s.oses, os)
	return os.ID
}

// SetPageSize sets the default page size.
func (s *Server) SetPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pageSize = n
}

// AddService stores svc (its ID is assigned when zero) and returns its id.
func (s *Server) AddService(svc aeza.Service) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addServiceLocked(svc)
}

// AddServices adds n simple active VPS services (for paging tests).
func (s *Server) AddServices(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < n; i++ {
		s.addServiceLocked(aeza.Service{Name: "bulk-" + strconv.Itoa(i), ProductID: 3, Status: aeza.StatusActive,
			PaymentTerm: aeza.TermHour, LocationCode: "de"})
	}
}

// Service returns a copy of a stored service.
func (s *Server) Service(id int64) (aeza.Service, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	svc, ok := s.services[id]
	if !ok {
		return aeza.Service{}, false
	}
	return *svc, true
}

// Services is the older name of [Server.ServiceCount].
func (s *Server) Services() int { return s.ServiceCount() }

// ServiceCount returns the number of stored services.
func (s *Server) ServiceCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.services)
}

// OrderAnswer is the shape the fake answers a new order with (see
// [Server.SetOrderAnswer]).
type OrderAnswer string

// Order answer shapes.
const (
	// OrderAnswerDefault answers the legacy path with OrderAnswerItems and
	// the v2 path with OrderAnswerV2.
	OrderAnswerDefault OrderAnswer = ""
	// OrderAnswerItems is the legacy answer: {"data": {"items": [order],
	// "transaction": {...}}}.
	OrderAnswerItems OrderAnswer = "items"
	// OrderAnswerObject is one order object: {"data": {"id": N}}, the shape
	// Aeza's docs describe as "an Order object".
	OrderAnswerObject OrderAnswer = "object"
	// OrderAnswerCreatedServiceIDs names only the new services:
	// {"data": {"createdServiceIds": [...]}} (empty while an order delay
	// runs).
	OrderAnswerCreatedServiceIDs OrderAnswer = "createdServiceIds"
	// OrderAnswerV2 is a guess at the v2 answer, which has not been seen in
	// public: the v2 list convention, {"items": [order], "total": N}, bare.
	OrderAnswerV2 OrderAnswer = "v2"
	// OrderAnswerEmpty is 201 with an empty body.
	OrderAnswerEmpty OrderAnswer = "empty"
	// OrderAnswerUnknown is a shape that names no id: {"data": {"ok": true}}.
	OrderAnswerUnknown OrderAnswer = "unknown"
)

// SetOrderAnswer makes the fake answer every new order (in either form)
// with shape a; the order is placed and charged whatever the shape.
func (s *Server) SetOrderAnswer(a OrderAnswer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answer = a
}

// OrderPaths returns the URL path of every order request received, in
// order ("/api/v2/services/orders" or "/api/services/orders"), whether it
// placed an order or not.
func (s *Server) OrderPaths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.orderPaths...)
}

// Orders is the older name of [Server.OrderCount].
func (s *Server) Orders() int { return s.OrderCount() }

// OrderCount returns the number of orders placed.
func (s *Server) OrderCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.orders)
}

func (s *Server) addServiceLocked(svc aeza.Service) int64 {
	svc.ID = s.idLocked(svc.ID)
	if svc.OwnerID == 0 {
		svc.OwnerID = s.account.ID
	}
	if svc.Timestamps.CreatedAt.IsZero() {
		svc.Timestamps.CreatedAt = aeza.Timestamp{Time: s.now().Truncate(time.Second)}
	}
	s.services[svc.ID] = &svc
	return svc.ID
}

func kopecks(rub aeza.Decimal) int64 {
	k, err := rub.Mul(aeza.NewDecimal(100, 0)).Ceil(0)
	if err != nil {
		return 0
	}
	n, _ := k.Int64()
	return n
}

func (s *Server) seed() {
	s.account = aeza.Account{ID: 42, Email: "user@example.com", BonusState: "none",
		CreatedAt: aeza.Timestamp{Time: time.Unix(1700000000, 0).UTC()}, IsOnline: true}
	// The group tree as real servers send it: location groups (role
	// "location", payload.code) and server groups under them (parentId);
	// products point at server groups.
	loc := func(id int64, typ aeza.ProductType, name, code string) aeza.Group {
		return aeza.Group{ID: id, Type: typ, Name: name, Role: aeza.GroupRoleLocation,
			Payload: aeza.GroupPayload{Code: code, Label: strings.ToUpper(code)}}
	}
	under := func(id, parent int64, typ aeza.ProductType, name, mode, label string) aeza.Group {
		return aeza.Group{ID: id, Type: typ, Name: name, ParentID: &parent, HasProducts: true,
			Payload: aeza.GroupPayload{Mode: mode, Label: label}}
	}
	deShared := under(11, 1, aeza.ProductVPS, "Shared", "shared", "DE-SHARED")
	nlShared := under(21, 2, aeza.ProductVPS, "Shared", "shared", "NL-SHARED")
	s.groups = []aeza.Group{loc(1, aeza.ProductVPS, "Germany", "de"), deShared,
		loc(2, aeza.ProductVPS, "Netherlands", "nl"), nlShared,
		loc(3, aeza.ProductDedicated, "Russia", "ru"), under(31, 3, aeza.ProductDedicated, "Intel", "intel", "RU-DEDICATED")}
	resources := func(cpu, ram, rom string) aeza.SummaryConfiguration {
		return aeza.SummaryConfiguration{CPU: aeza.ResourceCount{Count: aeza.MustDecimal(cpu)},
			RAM: aeza.ResourceCount{Count: aeza.MustDecimal(ram)}, ROM: aeza.ResourceCount{Count: aeza.MustDecimal(rom)}}
	}
	// Prices in kopecks, as Aeza sends minor units (specs/aeza-v2.md B1).
	price := func(v string) aeza.Price { return aeza.Price{Value: aeza.MustDecimal(v)} }
	s.products = []aeza.Product{
		{ID: 3, Name: "DE-MINI", Type: aeza.ProductVPS, GroupID: deShared.ID, Group: &deShared,
			SummaryConfiguration: resources("1", "2", "30"),
			Prices:               aeza.Prices{aeza.TermHour: price("66"), aeza.TermMonth: price("36900"), aeza.TermYear: price("354240")}},
		{ID: 4, Name: "NL-PRO", Type: aeza.ProductVPS, GroupID: nlShared.ID, Group: &nlShared,
			SummaryConfiguration: resources("4", "8", "120"),
			Prices: aeza.Prices{aeza.TermHour: {Value: aeza.MustDecimal("150"), Suffix: "₽/h", DefaultCurrency: "RUB", Slug: "hour", Object: true},
				aeza.TermMonth: {Value: aeza.MustDecimal("99000"), Suffix: "₽/mo", DefaultCurrency: "RUB", Slug: "month", Object: true}}},
	}
	s.types = []aeza.ServiceType{{Slug: aeza.ProductVPS, Order: 1, Name: "VPS", Names: map[string]string{"en": "VPS", "ru": "VPS"}},
		{Slug: aeza.ProductDedicated, Order: 2, Name: "Dedicated", Names: map[string]string{"en": "Dedicated", "ru": "Выделенный сервер"}}}
	s.oses = []aeza.OS{{ID: 25, Name: "Ubuntu 24.04", Group: "ubuntu", Enabled: true, Slug: "ubuntu_2404", Username: "root"},
		{ID: 26, Name: "Debian 12", Group: "debian", Enabled: true, Slug: "debian_12", Username: "root"}}
	// The shape reported for the real answer: a lower-case slug and an
	// upper-case name (no public capture exists; see specs/aeza-v2.md B5).
	s.currencies = []any{
		map[string]any{"slug": "rub", "name": "RUB", "multiplier": aeza.MustDecimal("1"), "round": 2, "symbol": "₽"},
		map[string]any{"slug": "usd", "name": "USD", "multiplier": aeza.MustDecimal("0.0112"), "round": 2, "symbol": "$"},
		map[string]any{"slug": "eur", "name": "EUR", "multiplier": aeza.MustDecimal("0.0103"), "round": 2, "symbol": "€"},
	}
	s.methods = []map[string]any{{"id": "balance", "name": "Balance"}, {"id": "unitpay:card", "name": "Bank card"}}
	s.addServiceLocked(aeza.Service{ID: 101, Name: "web-1", ProductID: 3, IP: "192.0.2.10", PaymentTerm: aeza.TermMonth,
		AutoProlong: true, Status: aeza.StatusActive, LocationCode: "de",
		Parameters: aeza.ServiceParameters{OS: aeza.OSSlug("ubuntu_2404"), Username: "root"}, IPs: []aeza.IPAddress{{Value: "192.0.2.10", Mask: "24", Gateway: "192.0.2.1"}},
		SecureParameters: aeza.SecretJSON(`{"password":"fake-root-password"}`),
		Timestamps:       aeza.Timestamps{CreatedAt: aeza.Timestamp{Time: time.Unix(1700000000, 0)}, ExpiresAt: aeza.Timestamp{Time: time.Unix(1702592000, 0)}}})
	s.addServiceLocked(aeza.Service{ID: 102, Name: "db-1", ProductID: 4, IP: "192.0.2.11", PaymentTerm: aeza.TermHour,
		Status: aeza.StatusSuspended, LocationCode: "nl",
		Timestamps: aeza.Timestamps{CreatedAt: aeza.Timestamp{Time: time.Unix(1700000100, 0)}}})
}

// countRequest sends the rate-limit counters of r's endpoint and answers
// HTTP 429 (reporting false) when the endpoint's window is used up.
func (s *Server) countRequest(w http.ResponseWriter, r *http.Request) bool {
	if s.rateLimit <= 0 || s.rateWindow <= 0 {
		return true
	}
	s.mu.Lock()
	key := r.Method + " " + r.URL.Path
	now := s.now()
	win := s.windows[key]
	if win == nil || now.Sub(win.start) >= s.rateWindow {
		win = &rateWindow{start: now}
		s.windows[key] = win
	}
	win.used++
	remaining := max(s.rateLimit-win.used, 0)
	reset := int((s.rateWindow - now.Sub(win.start) + time.Second - 1) / time.Second)
	over := win.used > s.rateLimit
	s.mu.Unlock()
	h := w.Header()
	h.Set("X-Ratelimit-Limit", strconv.Itoa(s.rateLimit))
	h.Set("X-Ratelimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-Ratelimit-Reset", strconv.Itoa(reset))
	if over {
		s.fail(w, http.StatusTooManyRequests, "too_many_requests", "Too many requests")
		return false
	}
	return true
}

func (s *Server) fail(w http.ResponseWriter, status int, slug, msg string) {
	fakeserver.WriteJSON(w, status, map[string]any{"error": map[string]any{"slug": slug, "message": msg, "data": nil}})
}

// proxyErrorMessage is the text of Aeza's gateway error, as a production
// order failing with it was quoted; apiKeyHeader carries the API key.
const (
	proxyErrorMessage = "Proxy internal server error (see traceId)"
	apiKeyHeader      = "X-API-Key" //nolint:gosec // a header name, not a credential
)

// proxyError is Aeza's gateway answer to an unknown route or a malformed
// body: HTTP 500 with the text a production order was quoted failing with.
// Where Aeza puts the trace id the text points at is not known; the fake
// puts one in the error object's traceId.
func (s *Server) proxyError(w http.ResponseWriter) {
	s.traces++
	fakeserver.WriteJSON(w, http.StatusInternalServerError, map[string]any{"error": map[string]any{
		"message": proxyErrorMessage, "traceId": fmt.Sprintf("%032x", 0xae2a0000+s.traces)}})
}

// failNest writes a v2 (NestJS) error body (specs/aeza-v2.md A4).
func (s *Server) failNest(w http.ResponseWriter, r *http.Request, status int, slug string, message any, payload any) {
	s.traces++
	body := map[string]any{"statusCode": status, "message": message, "error": slug,
		"timestamp": s.now().UTC().Format(time.RFC3339Nano), "path": strings.TrimPrefix(r.URL.Path, "/api/v2"),
		"requestId": fmt.Sprintf("00000000-0000-4000-8000-%012x", s.traces)}
	if payload != nil {
		body["payload"] = payload
	}
	fakeserver.WriteJSON(w, status, body)
}

func data(w http.ResponseWriter, v any) {
	fakeserver.WriteJSON(w, http.StatusOK, map[string]any{"data": v})
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	if s.faults.Serve(w, r) {
		return
	}
	if !fakeserver.Equal(r.Header.Get(apiKeyHeader), s.APIKey) {
		s.fail(w, http.StatusUnauthorized, "unauthorized", "Invalid API key")
		return
	}
	p, ok := strings.CutPrefix(r.URL.Path, "/api/")
	if !ok {
		s.mu.Lock()
		s.proxyError(w)
		s.mu.Unlock()
		return
	}
	if !s.countRequest(w, r) {
		return
	}
	if rest, ok := strings.CutPrefix(p, "v2/"); ok {
		s.handleV2(w, r, rest)
		return
	}
	seg := strings.Split(strings.Trim(p, "/"), "/")
	s.mu.Lock()
	defer s.mu.Unlock()
	id := func(i int) (int64, bool) {
		if len(seg) <= i {
			return 0, false
		}
		n, err := strconv.ParseInt(seg[i], 10, 64)
		return n, err == nil && n > 0
	}
	m := r.Method
	switch {
	case p == "accounts" && m == http.MethodGet:
		a := s.account
		a.Balance = aeza.NewDecimal(s.balance, 0) // kopecks, as Aeza sends minor units
		s.page(w, r, []aeza.Account{a})
	case p == "services/products" && m == http.MethodGet:
		s.page(w, r, s.products)
	case len(seg) == 3 && seg[0] == "services" && seg[1] == "products" && m == http.MethodGet:
		n, _ := id(2)
		for _, pr := range s.products {
			if pr.ID == n {
				s.one(w, pr)
				return
			}
		}
		s.fail(w, http.StatusNotFound, "not_found", "Product not found")
	case p == "services/types" && m == http.MethodGet:
		s.page(w, r, s.types)
	case p == "services/groups" && m == http.MethodGet:
		typ := r.URL.Query().Get("type")
		var gs []aeza.Group
		for _, g := range s.groups {
			if typ == "" || string(g.Type) == typ {
				gs = append(gs, g)
			}
		}
		s.page(w, r, gs)
	case p == "os" && m == http.MethodGet:
		s.page(w, r, s.oses)
	case p == "services" && m == http.MethodGet:
		ids := make([]int64, 0, len(s.services))
		for k := range s.services {
			ids = append(ids, k)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		s.pageFunc(w, r, len(ids), func(i int) any { return s.services[ids[i]] })
	case p == "services/orders" && m == http.MethodPost:
		s.createOrder(w, r, false)
	case len(seg) == 3 && seg[0] == "services" && seg[1] == "orders" && m == http.MethodGet:
		n, _ := id(2)
		o, ok := s.orders[n]
		if !ok {
			s.fail(w, http.StatusNotFound, "not_found", "Order not found")
			return
		}
		s.settle(o)
		s.one(w, o.Order)
	case len(seg) >= 2 && seg[0] == "services":
		n, ok := id(1)
		svc := s.services[n]
		if !ok || svc == nil {
			s.fail(w, http.StatusNotFound, "not_found", "Service not found")
			return
		}
		s.serviceRoute(w, r, svc, strings.Join(seg[2:], "/"))
	case p == "payment/currencies" && m == http.MethodGet:
		data(w, map[string]any{"items": s.currencies, "total": len(s.currencies), "edit": false})
	case p == "payment/methods" && m == http.MethodGet:
		s.page(w, r, s.methods)
	case p == "payment/invoices" && m == http.MethodPost:
		var req struct {
			Method string       `json:"method"`
			Amount aeza.Decimal `json:"amount"`
		}
		if fakeserver.ReadJSON(r, &req) != nil {
			s.proxyError(w)
			return
		}
		if req.Method == "" || req.Amount.Sign() <= 0 {
			s.fail(w, http.StatusBadRequest, "validation_error", "method and a positive amount are required")
			return
		}
		s.txID++
		data(w, map[string]any{"transaction": map[string]any{"id": s.txID, "amount": req.Amount, "status": "wait",
			"type": "invoice", "invoice": map[string]any{"link": fmt.Sprintf("https://pay.example.invalid/invoice/%d", s.txID)}}})
	default:
		s.proxyError(w)
	}
}

func (s *Server) serviceRoute(w http.ResponseWriter, r *http.Request, svc *aeza.Service, rest string) {
	m := r.Method
	switch {
	case rest == "" && m == http.MethodGet:
		s.one(w, svc)
	case rest == "" && m == http.MethodPut:
		var u struct {
			Name        *string `json:"name"`
			AutoProlong *bool   `json:"autoProlong"`
		}
		if fakeserver.ReadJSON(r, &u) != nil {
			s.proxyError(w)
			return
		}
		if u.Name != nil {
			svc.Name = *u.Name
		}
		if u.AutoProlong != nil {
			svc.AutoProlong = *u.AutoProlong
		}
		s.one(w, svc)
	case rest == "" && m == http.MethodDelete:
		delete(s.services, svc.ID)
		data(w, "ok")
	case rest == "ctl" && m == http.MethodPost:
		var req struct {
			Action string `json:"action"`
		}
		if fakeserver.ReadJSON(r, &req) != nil {
			s.proxyError(w)
			return
		}
		switch {
		case req.Action == "suspend" && svc.Status == aeza.StatusActive:
			svc.LastStatus, svc.Status = svc.Status, aeza.StatusSuspended
		case req.Action == "resume" && svc.Status == aeza.StatusSuspended:
			svc.LastStatus, svc.Status = svc.Status, aeza.StatusActive
		case req.Action == "reboot" && svc.Status == aeza.StatusActive:
		default:
			s.fail(w, http.StatusBadRequest, "invalid_action", fmt.Sprintf("cannot %s a service that is %s", req.Action, svc.Status))
			return
		}
		s.addTask(svc.ID, req.Action)
		data(w, "ok")
	case rest == "reinstall" && m == http.MethodPost:
		var req struct {
			OS       aeza.OSRef `json:"os"`
			Password string     `json:"password"`
		}
		if fakeserver.ReadJSON(r, &req) != nil {
			s.proxyError(w)
			return
		}
		if req.OS.IsZero() || req.Password == "" {
			s.fail(w, http.StatusBadRequest, "validation_error", "os and password are required")
			return
		}
		os, ok := s.findOS(req.OS)
		if !ok {
			s.fail(w, http.StatusBadRequest, "validation_error", "unknown os "+req.OS.String())
			return
		}
		svc.Parameters.OS = os.Ref()
		svc.SecureParameters = aeza.SecretJSON(fmt.Sprintf(`{"password":%q}`, req.Password))
		s.addTask(svc.ID, "reinstall")
		data(w, "ok")
	case rest == "changePassword" && (m == http.MethodPut || m == http.MethodPost):
		var req struct {
			Password string `json:"password"`
		}
		if fakeserver.ReadJSON(r, &req) != nil || req.Password == "" {
			s.fail(w, http.StatusBadRequest, "validation_error", "password is required")
			return
		}
		svc.SecureParameters = aeza.SecretJSON(fmt.Sprintf(`{"password":%q}`, req.Password))
		s.addTask(svc.ID, "changePassword")
		data(w, "ok")
	case rest == "prolong" && m == http.MethodPost:
		var req aeza.ProlongRequest
		if fakeserver.ReadJSON(r, &req) != nil {
			s.proxyError(w)
			return
		}
		cost, ok := s.price(svc.ProductID, req.Term, req.Count)
		if !ok {
			s.fail(w, http.StatusBadRequest, "validation_error", "unknown term or count")
			return
		}
		if !s.debit(w, cost) {
			return
		}
		if svc.Timestamps.ExpiresAt.IsZero() {
			svc.Timestamps.ExpiresAt = aeza.Timestamp{Time: s.now().Truncate(time.Second)}
		}
		svc.Timestamps.ExpiresAt = aeza.Timestamp{Time: svc.Timestamps.ExpiresAt.Add(termLength(req.Term) * time.Duration(req.Count))}
		s.txID++
		data(w, map[string]any{"transaction": map[string]any{"id": s.txID, "amount": -cost,
			"status": "performed", "type": "prolong", "serviceId": svc.ID}})
	case rest == "tasks" && m == http.MethodGet:
		s.page(w, r, s.tasks[svc.ID])
	default:
		s.proxyError(w)
	}
}

func termLength(t aeza.Term) time.Duration {
	switch t {
	case aeza.TermHour:
		return time.Hour
	case aeza.TermQuarterYear:
		return 90 * 24 * time.Hour
	case aeza.TermHalfYear:
		return 182 * 24 * time.Hour
	case aeza.TermYear:
		return 365 * 24 * time.Hour
	}
	return 30 * 24 * time.Hour
}

func (s *Server) addTask(svcID int64, typ string) {
	s.nextID++
	s.tasks[svcID] = append(s.tasks[svcID], aeza.Task{ID: s.nextID, Type: typ, Status: "performed",
		CreatedAt: aeza.Timestamp{Time: s.now().Truncate(time.Second)}})
}

// price returns the cost in kopecks of count terms of a product (prices
// are kopecks already; a fraction of one is rounded up).
func (s *Server) price(productID int64, term aeza.Term, count int) (int64, bool) {
	if count <= 0 || count > 1000 {
		return 0, false
	}
	for _, p := range s.products {
		if p.ID == productID {
			pr, ok := p.Prices[term]
			if !ok {
				return 0, false
			}
			k, err := pr.Value.Ceil(0)
			if err != nil {
				return 0, false
			}
			n, _ := k.Int64()
			return n * int64(count), true
		}
	}
	return 0, false
}

func (s *Server) debit(w http.ResponseWriter, cost int64) bool {
	if cost > s.balance {
		s.fail(w, http.StatusForbidden, "insufficient_funds", "Not enough money on the balance")
		return false
	}
	s.balance -= cost
	return true
}

func (s *Server) createOrder(w http.ResponseWriter, r *http.Request, v2 bool) {
	s.orderPaths = append(s.orderPaths, r.URL.Path)
	var body struct {
		aeza.OrderRequest
		Orders []aeza.OrderRequest `json:"orders"`
	}
	if fakeserver.ReadJSON(r, &body) != nil {
		s.proxyError(w)
		return
	}
	var reqs []aeza.OrderRequest
	switch {
	case v2 && body.Orders == nil:
		// the flat legacy body on the v2 path: NestJS validation
		s.failNest(w, r, http.StatusBadRequest, "Bad Request", []string{"orders must be an array", "orders should not be empty"}, nil)
		return
	case v2:
		for _, o := range body.Orders {
			o.Method = body.Method
			reqs = append(reqs, o)
		}
	case body.Orders != nil:
		// the v2 body on the legacy path: Aeza's gateway error
		s.proxyError(w)
		return
	default:
		reqs = []aeza.OrderRequest{body.OrderRequest}
	}
	fail := func(status int, slug, msg string) {
		if v2 {
			s.failNest(w, r, status, slug, msg, nil)
			return
		}
		s.fail(w, status, slug, msg)
	}
	if body.Method != "balance" {
		fail(http.StatusBadRequest, "validation_error", "only the balance method is supported")
		return
	}
	var total int64
	params := make([]aeza.ServiceParameters, len(reqs))
	for i, req := range reqs {
		cost, ok := s.price(req.ProductID, req.Term, req.Count)
		if !ok {
			fail(http.StatusBadRequest, "validation_error", "unknown product, term or count")
			return
		}
		total += cost
		if req.Parameters != nil && !req.Parameters.OS.IsZero() {
			os, ok := s.findOS(req.Parameters.OS)
			if !ok {
				fail(http.StatusBadRequest, "validation_error", "unknown os "+req.Parameters.OS.String())
				return
			}
			params[i].OS = os.Ref() // services carry the slug, whichever form was ordered
			params[i].Username = os.Username
		}
	}
	if total > s.balance {
		fail(http.StatusForbidden, "insufficient_funds", "Not enough money on the balance")
		return
	}
	s.balance -= total
	var placed []aeza.Order
	var created []int64
	for i, req := range reqs {
		s.nextID++
		o := &order{Order: aeza.Order{ID: s.nextID, Status: aeza.StatusActivationWait, CreatedServiceIDs: []int64{},
			ProductID: req.ProductID, Term: req.Term, Count: req.Count}, req: req, params: params[i], created: s.now()}
		s.orders[o.ID] = o
		s.settle(o)
		placed = append(placed, o.Order)
		created = append(created, o.CreatedServiceIDs...)
	}
	s.txID++
	tx := map[string]any{"id": s.txID, "amount": -total, "status": "performed", "type": "order"}
	shape := s.answer
	if shape == OrderAnswerDefault {
		shape = OrderAnswerItems
		if v2 {
			shape = OrderAnswerV2
		}
	}
	switch shape {
	case OrderAnswerObject:
		data(w, map[string]any{"id": placed[0].ID})
	case OrderAnswerCreatedServiceIDs:
		data(w, map[string]any{"createdServiceIds": append([]int64{}, created...)})
	case OrderAnswerV2:
		fakeserver.WriteJSON(w, http.StatusCreated, map[string]any{"items": placed, "total": len(placed)})
	case OrderAnswerEmpty:
		w.WriteHeader(http.StatusCreated)
	case OrderAnswerUnknown:
		data(w, map[string]any{"ok": true})
	default:
		data(w, map[string]any{"items": placed, "transaction": tx})
	}
}

// settle creates an order's services once its delay has passed.
func (s *Server) settle(o *order) {
	if o.Done() || s.now().Sub(o.created) < s.orderDelay {
		return
	}
	var loc string
	var summary aeza.SummaryConfiguration
	for _, p := range s.products {
		if p.ID == o.ProductID {
			if g, ok := aeza.Groups(s.groups).Location(p.GroupID); ok {
				loc = g.Payload.Code
			}
			summary = p.SummaryConfiguration
		}
	}
	for i := 0; i < o.Count; i++ {
		id := s.addServiceLocked(aeza.Service{Name: o.req.Name, ProductID: o.ProductID, PaymentTerm: o.Term,
			AutoProlong: o.req.AutoProlong, Backups: o.req.Backups, Status: aeza.StatusActive, LocationCode: loc,
			Parameters: o.params, SummaryConfiguration: summary})
		o.CreatedServiceIDs = append(o.CreatedServiceIDs, id)
	}
	o.Status = aeza.StatusPerformed
}

// findOS resolves a reference, slug (any case) or id, against the OS list.
func (s *Server) findOS(ref aeza.OSRef) (aeza.OS, bool) {
	for _, os := range s.oses {
		if ref.Matches(os) {
			return os, true
		}
	}
	return aeza.OS{}, false
}

func (s *Server) one(w http.ResponseWriter, v any) {
	data(w, map[string]any{"items": []any{v}, "total": 1, "edit": false})
}

func page[T any](s *Server, w http.ResponseWriter, r *http.Request, items []T) {
	s.pageFunc(w, r, len(items), func(i int) any { return items[i] })
}

func (s *Server) page(w http.ResponseWriter, r *http.Request, items any) {
	switch v := items.(type) {
	case []aeza.Account:
		page(s, w, r, v)
	case []aeza.Product:
		page(s, w, r, v)
	case []aeza.ServiceType:
		page(s, w, r, v)
	case []aeza.Group:
		page(s, w, r, v)
	case []aeza.OS:
		page(s, w, r, v)
	case []aeza.Task:
		page(s, w, r, v)
	case []map[string]any:
		page(s, w, r, v)
	}
}

// pageFunc answers one page of n items with offset/count.
func (s *Server) pageFunc(w http.ResponseWriter, r *http.Request, n int, at func(int) any) {
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	count := s.pageSize
	if c, err := strconv.Atoi(q.Get("count")); err == nil && c > 0 {
		count = c
	}
	if offset < 0 {
		offset = 0
	}
	items := make([]any, 0, min(count, max(n-offset, 0)))
	for i := offset; i < n && len(items) < count; i++ {
		items = append(items, at(i))
	}
	var edit any = false
	if q.Get("edit") == "1" {
		edit = map[string]any{"name": map[string]any{"type": "string"}}
	}
	data(w, map[string]any{"selectorMode": "all", "filter": nil, "items": items, "total": n, "edit": edit})
}
