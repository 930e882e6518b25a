// Package atitest is an in-memory ATI.SU server for tests and examples: the
// billing balance and a stateful organizations catalog (organizations,
// addresses, contact persons) with GUIDs, served under both /v1.2/catalogs
// and the OAuth2 gateway prefix /gw/oauth2/catalogs/v1.2. Unknown ids answer
// 404 with the catalog envelope {"error_code","reason"}; a wrong token answers
// 401; InjectFault queues 429s or 5xxs for the next requests, or for the
// next requests to one path (Fault.Path) or that a func selects (Fault.Match).
// AddOrganization, AddAddress and AddContactPerson seed the catalog.
//
// It also plays ATI's OAuth 2.0 side: the authorize page (GET /oauth2/, which
// grants at once and redirects to redirect_uri with a code and the state) and
// the token endpoint (POST /oauth2/token: the authorization_code and
// refresh_token grants, as JSON or as a form, rotating the refresh token on
// every refresh, telling the lifetime as expires_in or as one of the
// expire_time spellings ([WithTokenExpiry]), and answering ATI's
// {"error","reason"} body: invalid_client, invalid_grant, ...). The access
// tokens it issues are accepted by its API until they expire, so the whole
// flow runs against it:
//
//	conf := srv.OAuthConfig("https://example.com/callback")
//	tok, _ := conf.Exchange(ctx, srv.NewAuthCode(""))
//	c, _ := ati.NewClient("", ati.WithBaseURL(srv.URL), ati.WithTokenSource(conf.TokenSource(ctx, tok)))
//
// It needs no testing.TB, so a plain main can use it too:
//
//	srv := atitest.NewServer()
//	defer srv.Close()
//	c, _ := srv.Client()
package atitest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/internal/fakeserver"
)

// DefaultToken is the bearer token the fake accepts unless told otherwise.
const DefaultToken = "test-token-not-real" //nolint:gosec // an obviously fake token

// Seeded GUIDs (the seed pages' example GUID is the organization's).
const (
	SeedOrganizationID  = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	SeedAddressID       = "3fa85f64-5717-4562-b3fc-2c963f66afa7"
	SeedContactPersonID = "3fa85f64-5717-4562-b3fc-2c963f66afa8"
)

// Server is a fake ATI. It is safe for concurrent use.
type Server struct {
	// URL is the base URL to give ati.WithBaseURL.
	URL string
	// Token is the fixed bearer token the server accepts (besides the
	// access tokens its /oauth2/token endpoint issued, until they expire).
	Token string

	srv    *httptest.Server
	faults fakeserver.Faults

	mu       sync.Mutex
	balance  ati.Balance
	orgs     map[string]*org
	addrs    map[string]*addr
	contacts map[string]*ati.ContactPerson

	// OAuth: the client, issued codes (to their redirect URI), live access
	// tokens (to their expiry) and refresh tokens.
	clientID, clientSecret string // "" accepts any client
	lifetime               time.Duration
	expiry                 ExpiryStyle
	noRotation             bool
	codes                  map[string]grant
	access                 map[string]time.Time
	refresh                map[string]string // to the client id it was issued to
	tokenRequests          int
}

type org struct {
	ati.Organization
	addressIDs, contactIDs []string
}

type addr struct {
	ati.Address
	contactIDs []string
}

// ServerOption configures a Server.
type ServerOption func(*Server)

// WithBearerToken sets the accepted bearer token (the token ati.NewClient
// takes, which it sends as "Authorization: Bearer <token>").
func WithBearerToken(token string) ServerOption { return func(s *Server) { s.Token = token } }

// WithToken is the older name of [WithBearerToken].
func WithToken(tok string) ServerOption { return WithBearerToken(tok) }

// WithBalance sets the initial balance answer.
func WithBalance(b ati.Balance) ServerOption { return func(s *Server) { s.balance = b } }

// NewServer starts a fake seeded with one organization, one address and one
// contact person, and a balance of 100.50 atis. Close it when done.
func NewServer(opts ...ServerOption) *Server {
	s := &Server{
		Token:    DefaultToken,
		orgs:     map[string]*org{},
		addrs:    map[string]*addr{},
		contacts: map[string]*ati.ContactPerson{},
		lifetime: 7200 * time.Second,
		codes:    map[string]grant{},
		access:   map[string]time.Time{},
		refresh:  map[string]string{},
		balance: ati.Balance{Balance: ati.MustDecimal("100.50"), ContactID: 1, DepartmentID: 0, FirmID: 12345,
			IsCommonWallet: true, WalletID: 777},
	}
	s.seed()
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1.0/balance", s.getBalance)
	mux.HandleFunc("GET /oauth2/{$}", s.authorize)
	mux.HandleFunc("POST /oauth2/token", s.token)
	for _, p := range []string{"/v1.2/catalogs/organizations", "/gw/oauth2/catalogs/v1.2/organizations"} {
		mux.HandleFunc("GET "+p, s.listOrgs)
		mux.HandleFunc("POST "+p+"/filter", s.filterOrgs)
		mux.HandleFunc("GET "+p+"/addresses", s.listAddrs)
		mux.HandleFunc("GET "+p+"/addresses/types", s.addrTypes)
		mux.HandleFunc("GET "+p+"/contactPersons", s.listContacts)
		s.organizations().routes(s, mux, p)
		s.addresses().routes(s, mux, p+"/addresses")
		s.contactPersons().routes(s, mux, p+"/contactPersons")
	}
	s.srv = httptest.NewServer(s.wrap(mux))
	s.URL = s.srv.URL
	return s
}

func (s *Server) seed() {
	str := func(v string) *string { return &v }
	zero := int32(0)
	city := int32(1)
	lat, lon := 55.7558, 37.6173
	s.contacts[SeedContactPersonID] = &ati.ContactPerson{ID: SeedContactPersonID, Name: str("Иван Петров"),
		Phone: str("+7 900 000-00-00"), ExtraPhone: &zero, Email: str("ivan@example.com")}
	s.addrs[SeedAddressID] = &addr{Address: ati.Address{ID: SeedAddressID, Address: str("Москва, ул. Примерная, 1"),
		CityID: 1, Latitude: &lat, Longitude: &lon, Note: str("ворота 3"), ScheduleSummary: str("пн-пт 9-18"),
		Type: ati.AddressWarehouse}, contactIDs: []string{SeedContactPersonID}}
	s.orgs[SeedOrganizationID] = &org{Organization: ati.Organization{ID: SeedOrganizationID, Name: "ООО Пример",
		Ownership: 1, Residency: ati.Ptr(ati.ResidencyField{Value: ati.ResidencyRussia}), INN: str("7700000000"), Phone: str("+7 495 000-00-00"),
		ExtraPhone: &zero, DocsAddress: &ati.DocsAddress{Postcode: str("101000"), CityID: &city,
			StreetName: str("ул. Примерная"), HouseNo: str("1"), OfficeNo: str("10")},
		AllDepartmentsAllowed: true, DepartmentIDs: []int32{}},
		addressIDs: []string{SeedAddressID}, contactIDs: []string{SeedContactPersonID}}
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Client returns an ati.Client for this server with its token; opts come after
// the base URL, so they may override it. The client is not paced like
// production's (9 calls a second, which would make a test of 30 calls take
// 3 s): pass ati.WithRateLimit or ati.WithRateLimiter in opts to pace it.
func (s *Server) Client(opts ...ati.Option) (*ati.Client, error) {
	return ati.NewClient(s.Token, append([]ati.Option{ati.WithBaseURL(s.URL), ati.WithRateLimit(0, 0)}, opts...)...)
}

// InjectFault answers the next n requests f is aimed at with f, before auth
// is checked. A Fault with neither Path nor Match is aimed at every request.
// Path aims it at one URL path, compared exactly with the request's
// (unescaped) path: "/v1.0/balance", or
// "/v1.2/catalogs/organizations/"+SeedOrganizationID — a client built with
// ati.WithOAuth2Gateway asks for "/gw/oauth2/catalogs/v1.2/..." instead, so
// aim at that path for it. Match aims it at the requests it reports true for
// (a method, a query value), checked after Path. Requests a fault is not aimed
// at pass it by and are handled normally; it stays queued for its own.
//
//	srv.InjectFault(1, atitest.Fault{Status: 503, Path: "/v1.0/balance"})
func (s *Server) InjectFault(n int, f Fault) { s.faults.Inject(n, f) }

// ClearFaults drops queued faults.
func (s *Server) ClearFaults() { s.faults.Clear() }

// RequestCount returns how many requests the server has received, faults
// included.
func (s *Server) RequestCount() int { return s.faults.Requests() }

// Requests is the older name of [Server.RequestCount].
func (s *Server) Requests() int { return s.RequestCount() }

// SetBalance replaces the balance answer.
func (s *Server) SetBalance(b ati.Balance) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.balance = b
}

// Organizations returns the stored organizations, ordered by id.
func (s *Server) Organizations() []ati.Organization {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ati.Organization, 0, len(s.orgs))
	for _, id := range sortedKeys(s.orgs) {
		out = append(out, s.renderOrg(s.orgs[id]))
	}
	return out
}

// Addresses returns the stored addresses, ordered by id.
func (s *Server) Addresses() []ati.Address {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ati.Address, 0, len(s.addrs))
	for _, id := range sortedKeys(s.addrs) {
		out = append(out, s.renderAddr(s.addrs[id]))
	}
	return out
}

// ContactPersons returns the stored contact persons, ordered by id.
func (s *Server) ContactPersons() []ati.ContactPerson {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ati.ContactPerson, 0, len(s.contacts))
	for _, id := range sortedKeys(s.contacts) {
		out = append(out, deepCopy(*s.contacts[id]))
	}
	return out
}

// AddContactPerson stores cp (a new GUID when cp.ID is empty; an existing id
// is replaced) and returns its id.
func (s *Server) AddContactPerson(cp ati.ContactPerson) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addContact(cp)
}

// AddAddress stores a (a new GUID when a.ID is empty; an existing id is
// replaced) and returns its id. a.ContactPersons are linked to it by id; the
// ones the server does not hold yet (or that have no id) are stored too, as
// with AddContactPerson.
func (s *Server) AddAddress(a ati.Address) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addAddr(a)
}

// AddOrganization stores o (a new GUID when o.ID is empty; an existing id is
// replaced) and returns its id. o.Addresses and o.ContactPersons are linked to
// it by id; the ones the server does not hold yet (or that have no id) are
// stored too, as with AddAddress and AddContactPerson. A nil DepartmentIDs is
// served as [].
func (s *Server) AddOrganization(o ati.Organization) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	o = deepCopy(o)
	if o.ID == "" {
		o.ID = newGUID()
	}
	stored := &org{}
	for _, a := range o.Addresses {
		stored.addressIDs = append(stored.addressIDs, s.linkAddr(a))
	}
	for _, cp := range o.ContactPersons {
		stored.contactIDs = append(stored.contactIDs, s.linkContact(cp))
	}
	o.Addresses, o.ContactPersons = nil, nil
	stored.Organization = o
	s.orgs[o.ID] = stored
	return o.ID
}

// addContact stores a copy of cp; s.mu is held.
func (s *Server) addContact(cp ati.ContactPerson) string {
	cp = deepCopy(cp)
	if cp.ID == "" {
		cp.ID = newGUID()
	}
	s.contacts[cp.ID] = &cp
	return cp.ID
}

// addAddr stores a copy of a, linking (and storing when new) its contact
// persons; s.mu is held.
func (s *Server) addAddr(a ati.Address) string {
	a = deepCopy(a)
	if a.ID == "" {
		a.ID = newGUID()
	}
	stored := &addr{}
	for _, cp := range a.ContactPersons {
		stored.contactIDs = append(stored.contactIDs, s.linkContact(cp))
	}
	a.ContactPersons = nil
	stored.Address = a
	s.addrs[a.ID] = stored
	return a.ID
}

// linkContact returns cp's id, storing cp when the server does not hold it; s.mu is held.
func (s *Server) linkContact(cp ati.ContactPerson) string {
	if _, ok := s.contacts[cp.ID]; ok && cp.ID != "" {
		return cp.ID
	}
	return s.addContact(cp)
}

// linkAddr returns a's id, storing a when the server does not hold it; s.mu is held.
func (s *Server) linkAddr(a ati.Address) string {
	if _, ok := s.addrs[a.ID]; ok && a.ID != "" {
		return a.ID
	}
	return s.addAddr(a)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func newGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func (s *Server) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.faults.Serve(w, r) {
			return
		}
		if isOAuthPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || !s.bearerOK(tok) {
			if strings.HasPrefix(r.URL.Path, "/v1.0/") {
				fakeserver.WriteJSON(w, http.StatusUnauthorized, map[string]string{"error": "unauthorized", "reason": "invalid token"})
			} else {
				catalogError(w, http.StatusUnauthorized, "unauthorized", "invalid token")
			}
			return
		}
		next.ServeHTTP(w, r)
	})
}

func catalogError(w http.ResponseWriter, status int, code, reason string) {
	fakeserver.WriteJSON(w, status, map[string]string{"error_code": code, "reason": reason})
}

func notFound(w http.ResponseWriter, what string) {
	catalogError(w, http.StatusNotFound, what+"_not_found", what+" not found")
}

func (s *Server) getBalance(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	b := s.balance
	s.mu.Unlock()
	fakeserver.WriteJSON(w, http.StatusOK, b)
}

// renderOrg resolves linked addresses and contacts; s.mu is held.
func (s *Server) renderOrg(o *org) ati.Organization {
	out := o.Organization
	out.Addresses = []ati.Address{}
	for _, id := range o.addressIDs {
		if a, ok := s.addrs[id]; ok {
			out.Addresses = append(out.Addresses, s.renderAddr(a))
		}
	}
	out.ContactPersons = []ati.ContactPerson{}
	for _, id := range o.contactIDs {
		if c, ok := s.contacts[id]; ok {
			out.ContactPersons = append(out.ContactPersons, *c)
		}
	}
	if out.DepartmentIDs == nil {
		out.DepartmentIDs = []int32{}
	}
	return deepCopy(out)
}

// deepCopy returns v with no pointer shared with the store, so callers may
// modify what accessors return.
func deepCopy[T any](v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		return v
	}
	return out
}

// renderAddr resolves linked contacts; s.mu is held.
func (s *Server) renderAddr(a *addr) ati.Address {
	out := a.Address
	out.ContactPersons = []ati.ContactPerson{}
	for _, id := range a.contactIDs {
		if c, ok := s.contacts[id]; ok {
			out.ContactPersons = append(out.ContactPersons, *c)
		}
	}
	return deepCopy(out)
}

func (s *Server) listOrgs(w http.ResponseWriter, _ *http.Request) {
	fakeserver.WriteJSON(w, http.StatusOK, s.Organizations())
}

func (s *Server) filterOrgs(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Departments []int32 `json:"departments"`
	}
	if err := fakeserver.ReadJSON(r, &in); err != nil {
		catalogError(w, http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	want := map[int32]bool{}
	for _, d := range in.Departments {
		want[d] = true
	}
	out := []ati.Organization{}
	for _, o := range s.Organizations() {
		match := o.AllDepartmentsAllowed
		for _, d := range o.DepartmentIDs {
			match = match || want[d]
		}
		if match {
			out = append(out, o)
		}
	}
	fakeserver.WriteJSON(w, http.StatusOK, out)
}

func (s *Server) orgFromInput(r *http.Request, id string) (*org, string) {
	var in ati.OrganizationInput
	if err := fakeserver.ReadJSON(r, &in); err != nil {
		return nil, err.Error()
	}
	if in.Name == nil || strings.TrimSpace(*in.Name) == "" {
		return nil, "name is required"
	}
	if !in.AllDepartmentsAllowed && len(in.DepartmentIDs) == 0 {
		return nil, "department_ids is required when all_departments_allowed is false"
	}
	for _, a := range in.AddressIDs {
		if _, ok := s.addrs[a]; !ok {
			return nil, "unknown address " + a
		}
	}
	for _, c := range in.ContactPersonIDs {
		if _, ok := s.contacts[c]; !ok {
			return nil, "unknown contact person " + c
		}
	}
	return &org{Organization: ati.Organization{ID: id, Name: *in.Name, Ownership: in.Ownership, Residency: in.Residency,
		INN: in.INN, Phone: in.Phone, ExtraPhone: in.ExtraPhone, DocsAddress: in.DocsAddress,
		AllDepartmentsAllowed: in.AllDepartmentsAllowed, DepartmentIDs: in.DepartmentIDs},
		addressIDs: in.AddressIDs, contactIDs: in.ContactPersonIDs}, ""
}

func (s *Server) listAddrs(w http.ResponseWriter, _ *http.Request) {
	fakeserver.WriteJSON(w, http.StatusOK, s.Addresses())
}

func (s *Server) addrTypes(w http.ResponseWriter, _ *http.Request) {
	fakeserver.WriteJSON(w, http.StatusOK, []ati.AddressTypeInfo{
		{ID: ati.AddressWarehouse, Name: "Склад", NameEng: "Warehouse"},
		{ID: ati.AddressOffice, Name: "Офис", NameEng: "Office"},
		{ID: ati.AddressShop, Name: "Магазин", NameEng: "Shop"},
	})
}

func (s *Server) addrFromInput(r *http.Request, id string) (*addr, string) {
	var in ati.AddressInput
	if err := fakeserver.ReadJSON(r, &in); err != nil {
		return nil, err.Error()
	}
	for _, c := range in.ContactPersonIDs {
		if _, ok := s.contacts[c]; !ok {
			return nil, "unknown contact person " + c
		}
	}
	return &addr{Address: ati.Address{ID: id, Address: in.Address, CityID: in.CityID, Latitude: in.Latitude,
		Longitude: in.Longitude, Note: in.Note, ScheduleSummary: in.ScheduleSummary, Type: in.Type},
		contactIDs: in.ContactPersonIDs}, ""
}

func (s *Server) listContacts(w http.ResponseWriter, _ *http.Request) {
	fakeserver.WriteJSON(w, http.StatusOK, s.ContactPersons())
}

func readContact(r *http.Request, id string) (*ati.ContactPerson, string) {
	var in ati.ContactPersonInput
	if err := fakeserver.ReadJSON(r, &in); err != nil {
		return nil, err.Error()
	}
	return &ati.ContactPerson{ID: id, Name: in.Name, Phone: in.Phone, ExtraPhone: in.ExtraPhone, Email: in.Email}, ""
}

// collection is one CRUD part of the catalog (organizations, addresses,
// contact persons): where its items are stored, how one is read from a
// request and how it is answered. Its handlers hold s.mu. A deleted item
// needs no unlinking: rendering resolves links and skips ids that are gone.
type collection[T any] struct {
	what   string // "organization": the error code is what + "_not_found"
	items  map[string]*T
	decode func(r *http.Request, id string) (*T, string)
	render func(v *T) any
}

// save decodes the request into the item id, stores it and answers with it.
func (c collection[T]) save(w http.ResponseWriter, r *http.Request, id string) {
	v, msg := c.decode(r, id)
	if v == nil {
		catalogError(w, http.StatusBadRequest, "validation_error", msg)
		return
	}
	c.items[id] = v
	fakeserver.WriteJSON(w, http.StatusOK, c.render(v))
}

// lookup answers 404 with the catalog envelope when id is unknown.
func (c collection[T]) lookup(w http.ResponseWriter, id string) (*T, bool) {
	v, ok := c.items[id]
	if !ok {
		notFound(w, c.what)
	}
	return v, ok
}

func (c collection[T]) create(s *Server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		c.save(w, r, newGUID())
	}
}

func (c collection[T]) get(s *Server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if v, ok := c.lookup(w, r.PathValue("id")); ok {
			fakeserver.WriteJSON(w, http.StatusOK, c.render(v))
		}
	}
}

func (c collection[T]) put(s *Server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		id := r.PathValue("id")
		if _, ok := c.lookup(w, id); ok {
			c.save(w, r, id)
		}
	}
}

func (c collection[T]) remove(s *Server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		id := r.PathValue("id")
		if _, ok := c.lookup(w, id); !ok {
			return
		}
		delete(c.items, id)
		w.WriteHeader(http.StatusOK)
	}
}

// routes serves c's item routes under prefix (create on the prefix itself).
func (c collection[T]) routes(s *Server, mux *http.ServeMux, prefix string) {
	mux.HandleFunc("POST "+prefix, c.create(s))
	mux.HandleFunc("GET "+prefix+"/{id}", c.get(s))
	mux.HandleFunc("PUT "+prefix+"/{id}", c.put(s))
	mux.HandleFunc("DELETE "+prefix+"/{id}", c.remove(s))
}

func (s *Server) organizations() collection[org] {
	return collection[org]{
		what:   "organization",
		items:  s.orgs,
		decode: s.orgFromInput,
		render: func(o *org) any { return s.renderOrg(o) },
	}
}

func (s *Server) addresses() collection[addr] {
	return collection[addr]{
		what:   "address",
		items:  s.addrs,
		decode: s.addrFromInput,
		render: func(a *addr) any { return s.renderAddr(a) },
	}
}

func (s *Server) contactPersons() collection[ati.ContactPerson] {
	return collection[ati.ContactPerson]{
		what:   "contact_person",
		items:  s.contacts,
		decode: readContact,
		render: func(c *ati.ContactPerson) any { return *c },
	}
}
