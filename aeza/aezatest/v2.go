package aezatest

// The newer API (/api/v2/...), served statefully over the same services as
// the legacy routes: a power state machine with tasks, SSH keys, backups,
// DNS zones and records, addresses, notifications and a ledger. Its answers
// follow specs/aeza-v2.md: bare {items,total} lists, bare objects, empty
// 201/204 answers to actions, ISO dates, money in minor units, string task
// ids, and NestJS error bodies.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/internal/fakeserver"
)

// V2Path returns the URL path the fake serves a v2 call on, to aim a
// [Fault] at it: V2Path("services/101/ctl/restart") is
// "/api/v2/services/101/ctl/restart".
func V2Path(p string) string { return "/api/v2/" + strings.TrimLeft(p, "/") }

// v2State is the fake's state for the newer API; its zero value is ready
// (maps are made on first use) and it is guarded by Server.mu.
type v2State struct {
	taskDuration time.Duration
	taskSeq      int64
	tasks        map[int64]*v2Task
	keys         map[int64]*aeza.SSHKey
	backups      map[int64][]*aeza.Backup
	schedules    map[int64]*aeza.BackupSchedule
	domains      map[int64]*aeza.Domain
	records      map[int64][]*aeza.DNSRecord
	notes        []*aeza.Notification
	ledger       []map[string]any
	ptr          map[string]string
	vnc          map[int64]string
	seeded       bool
}

// v2Task is a running task of a service: when it ends, apply runs.
type v2Task struct {
	id      string
	slug    string
	created time.Time
	ends    time.Time
	apply   func()
}

// WithTaskDuration makes power actions, rescue, reinstall, backups and
// restores run as tasks for d: while one runs, the service shows it as its
// currentTask and answers further actions with HTTP 409. By default (0) a
// task ends at once. See also [Server.FinishTasks].
func WithTaskDuration(d time.Duration) ServerOption {
	return func(s *Server) { s.v2.taskDuration = d }
}

// SetTaskDuration changes how long tasks run from now on (see [WithTaskDuration]).
func (s *Server) SetTaskDuration(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.v2.taskDuration = d
}

// FinishTasks ends every running task now, applying its effect.
func (s *Server) FinishTasks() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, t := range s.v2.tasks {
		t.apply()
		delete(s.v2.tasks, id)
	}
}

// SSHKeys is the older name of [Server.SSHKeyCount].
func (s *Server) SSHKeys() int { return s.SSHKeyCount() }

// SSHKeyCount returns the number of SSH keys the account holds.
func (s *Server) SSHKeyCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.v2seed()
	return len(s.v2.keys)
}

// Backups returns the backups of a service.
func (s *Server) Backups(serviceID int64) []aeza.Backup {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.v2seed()
	out := make([]aeza.Backup, 0, len(s.v2.backups[serviceID]))
	for _, b := range s.v2.backups[serviceID] {
		out = append(out, *b)
	}
	return out
}

// DNSRecords returns the records of a zone.
func (s *Server) DNSRecords(domainID int64) []aeza.DNSRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.v2seed()
	out := make([]aeza.DNSRecord, 0, len(s.v2.records[domainID]))
	for _, r := range s.v2.records[domainID] {
		out = append(out, *r)
	}
	return out
}

// AddLedgerEntry appends a transaction to what v2/billing/transactions
// answers; its ID is assigned when zero. Amounts are minor units.
func (s *Server) AddLedgerEntry(e aeza.LedgerEntry) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.v2seed()
	if e.ID == 0 {
		s.txID++
		e.ID = s.txID
	}
	s.v2.ledger = append(s.v2.ledger, ledgerJSON(e))
	return e.ID
}

func ledgerJSON(e aeza.LedgerEntry) map[string]any {
	var inv any
	if e.Invoice != nil {
		inv = map[string]any{"id": e.Invoice.ID, "flowType": e.Invoice.FlowType, "status": e.Invoice.Status}
	}
	var performed any
	if !e.PerformedAt.IsZero() {
		performed = iso(e.PerformedAt.Time)
	}
	return map[string]any{"id": e.ID, "amount": int64(e.Amount), "bonusAmount": int64(e.BonusAmount),
		"status": e.Status, "type": e.Type, "performedAt": performed, "createdAt": iso(e.CreatedAt.Time),
		"serviceId": e.ServiceID, "payload": map[string]any{}, "invoiceId": e.InvoiceID, "invoice": inv}
}

// isoTS is t as a Timestamp that re-encodes as an ISO-8601 string, the
// newer API's date form (a Timestamp built in code encodes as unix seconds).
func isoTS(t time.Time) aeza.Timestamp {
	var ts aeza.Timestamp
	_ = ts.UnmarshalJSON([]byte(`"` + iso(t) + `"`))
	return ts
}

func iso(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// v2seed makes the maps and seeds the collections once (with s.mu held).
func (s *Server) v2seed() {
	st := &s.v2
	if st.seeded {
		return
	}
	st.seeded = true
	st.tasks = map[int64]*v2Task{}
	st.keys = map[int64]*aeza.SSHKey{}
	st.backups = map[int64][]*aeza.Backup{}
	st.schedules = map[int64]*aeza.BackupSchedule{}
	st.domains = map[int64]*aeza.Domain{}
	st.records = map[int64][]*aeza.DNSRecord{}
	st.ptr = map[string]string{}
	st.vnc = map[int64]string{}
	t0 := time.Date(2025, 11, 20, 13, 12, 12, 733e6, time.UTC)
	st.keys[301] = &aeza.SSHKey{ID: 301, OwnerID: s.account.ID, Name: "laptop",
		PublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyNotReal laptop", AutoAssign: true, CreatedAt: isoTS(t0)}
	st.domains[501] = &aeza.Domain{ID: 501, Name: "example.com", Status: "active",
		ObservedNameservers: []string{"ns1.aeza.net", "ns2.aeza.net"}, CreatedAt: isoTS(t0), UpdatedAt: isoTS(t0)}
	ttl := 3600
	st.records[501] = []*aeza.DNSRecord{{ID: 601, Type: "A", Name: "@", Content: "192.0.2.10", TTL: ttl, IsEnabled: true,
		CreatedAt: isoTS(t0), UpdatedAt: isoTS(t0)}}
	st.notes = []*aeza.Notification{
		{ID: 701, Text: "Welcome to Aeza", CreatedAt: isoTS(t0)},
		{ID: 702, Text: "Service web-1 was prolonged", CreatedAt: isoTS(t0.Add(time.Hour))},
	}
	st.ledger = append([]map[string]any{
		ledgerJSON(aeza.LedgerEntry{ID: 4001, Amount: 100000, Status: "performed", Type: "replenishment",
			CreatedAt: isoTS(t0), PerformedAt: isoTS(t0)}),
		ledgerJSON(aeza.LedgerEntry{ID: 4002, Amount: -36900, Status: "performed", Type: "prolong", ServiceID: 101,
			CreatedAt: isoTS(t0.Add(time.Hour)), PerformedAt: isoTS(t0.Add(time.Hour))}),
	}, st.ledger...)
}

// settleTasks ends the tasks whose time is up.
func (s *Server) settleTasks() {
	now := s.now()
	for id, t := range s.v2.tasks {
		if !now.Before(t.ends) {
			t.apply()
			delete(s.v2.tasks, id)
		}
	}
}

// startTask runs apply now (no task duration) or when the task ends.
func (s *Server) startTask(svcID int64, slug string, apply func()) {
	if s.v2.taskDuration <= 0 {
		apply()
		return
	}
	s.v2.taskSeq++
	now := s.now()
	s.v2.tasks[svcID] = &v2Task{id: fmt.Sprintf("task-%d", s.v2.taskSeq), slug: slug, created: now,
		ends: now.Add(s.v2.taskDuration), apply: apply}
}

// nestError writes a NestJS error body, as the newer API sends them.
func nestError(w http.ResponseWriter, r *http.Request, status int, slug string, msg, payload any) {
	body := map[string]any{"statusCode": status, "message": msg, "error": slug,
		"timestamp": iso(time.Now()), "path": strings.TrimPrefix(r.URL.Path, "/api/v2"),
		"requestId": "00000000-0000-4000-8000-000000000000"}
	if payload != nil {
		body["payload"] = payload
	}
	fakeserver.WriteJSON(w, status, body)
}

// readBody decodes an optional JSON body (an empty body leaves v as it is).
func readBody(r *http.Request, v any) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, fakeserver.MaxRequestBody+1))
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	return json.Unmarshal(b, v)
}

// v2Page answers one page of items with limit/offset.
func v2Page[T any](w http.ResponseWriter, r *http.Request, items []T) {
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 100
	}
	offset = max(offset, 0)
	out := make([]T, 0, min(limit, max(len(items)-offset, 0)))
	for i := offset; i < len(items) && len(out) < limit; i++ {
		out = append(out, items[i])
	}
	fakeserver.WriteJSON(w, http.StatusOK, map[string]any{"items": out, "total": len(items)})
}

func created(w http.ResponseWriter, v any) { fakeserver.WriteJSON(w, http.StatusCreated, v) }

func noContent(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }

// emptyCreated is how ctl actions answer: 201 with an empty body.
func emptyCreated(w http.ResponseWriter) { w.WriteHeader(http.StatusCreated) }

// handleV2 serves /api/v2/<p>; it takes s.mu.
func (s *Server) handleV2(w http.ResponseWriter, r *http.Request, p string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.v2seed()
	s.settleTasks()
	seg := strings.Split(strings.Trim(p, "/"), "/")
	id := func(i int) (int64, bool) {
		if len(seg) <= i {
			return 0, false
		}
		n, err := strconv.ParseInt(seg[i], 10, 64)
		return n, err == nil && n > 0
	}
	m := r.Method
	switch {
	case p == "accounts/me" && m == http.MethodGet:
		fakeserver.WriteJSON(w, http.StatusOK, s.v2Account())
	case p == "services" && m == http.MethodGet:
		ids := make([]int64, 0, len(s.services))
		for id := range s.services {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		items := make([]map[string]any, 0, len(ids))
		for _, id := range ids {
			items = append(items, s.v2Service(s.services[id], false))
		}
		v2Page(w, r, items)
	case p == "services/groups" && m == http.MethodGet:
		typ := r.URL.Query().Get("type")
		var gs []aeza.Group
		for _, g := range s.groups {
			if typ == "" || string(g.Type) == typ {
				gs = append(gs, g)
			}
		}
		fakeserver.WriteJSON(w, http.StatusOK, map[string]any{"items": gs, "total": len(gs)})
	case p == "services/operating-systems" && m == http.MethodGet:
		fakeserver.WriteJSON(w, http.StatusOK, s.oses)
	case p == "services/products" && m == http.MethodGet:
		s.v2Products(w, r)
	case p == "services/orders" && m == http.MethodPost:
		s.createOrder(w, r, true) // the order route shared with the legacy form (server.go)
	case len(seg) >= 2 && seg[0] == "services" && seg[1] == "orders":
		s.proxyError(w) // no other v2 order route is known
	case p == "services/ssh-keys" || (len(seg) == 3 && seg[0] == "services" && seg[1] == "ssh-keys"):
		s.v2Keys(w, r, seg)
	case len(seg) >= 2 && seg[0] == "services":
		sid, ok := id(1)
		svc := s.services[sid]
		if !ok || svc == nil {
			nestError(w, r, http.StatusNotFound, "service.not_found", "Service not found", nil)
			return
		}
		s.v2ServiceRoute(w, r, svc, strings.Join(seg[2:], "/"))
	case p == "billing/transactions" && m == http.MethodGet:
		items := s.v2.ledger
		if f := r.URL.Query().Get("filter"); f != "" {
			var pairs [][2]any
			if json.Unmarshal([]byte(f), &pairs) != nil {
				nestError(w, r, http.StatusBadRequest, "validation", "filter must be a JSON array of pairs", nil)
				return
			}
			items = filterMaps(items, pairs)
		}
		if sortKey := r.URL.Query().Get("sort"); strings.EqualFold(sortKey, "id DESC") {
			rev := make([]map[string]any, len(items))
			for i, it := range items {
				rev[len(items)-1-i] = it
			}
			items = rev
		}
		v2Page(w, r, items)
	case p == "notifications" && m == http.MethodGet:
		v2Page(w, r, s.v2.notes)
	case p == "notifications/read" && m == http.MethodPost:
		for _, n := range s.v2.notes {
			n.IsRead = true
		}
		noContent(w)
	case len(seg) >= 2 && seg[0] == "notifications":
		nid, _ := id(1)
		for _, n := range s.v2.notes {
			if n.ID != nid {
				continue
			}
			switch {
			case len(seg) == 2 && m == http.MethodGet:
				fakeserver.WriteJSON(w, http.StatusOK, n)
			case len(seg) == 3 && seg[2] == "read" && m == http.MethodPost:
				n.IsRead = true
				noContent(w)
			default:
				s.proxyError(w)
			}
			return
		}
		nestError(w, r, http.StatusNotFound, "notification.not_found", "Notification not found", nil)
	case seg[0] == "domains":
		s.v2Domains(w, r, seg)
	default:
		s.proxyError(w)
	}
}

// filterMaps keeps the items whose fields equal every pair's value.
func filterMaps(items []map[string]any, pairs [][2]any) []map[string]any {
	var out []map[string]any
	for _, it := range items {
		ok := true
		for _, p := range pairs {
			k, _ := p[0].(string)
			if fmt.Sprint(it[k]) != fmt.Sprint(p[1]) {
				ok = false
			}
		}
		if ok {
			out = append(out, it)
		}
	}
	return out
}

func (s *Server) v2Account() map[string]any {
	a := s.account
	return map[string]any{"id": a.ID, "email": a.Email, "photo": nil, "balance": s.balance,
		"withdrawBalance": 0, "totalReplenished": 100000, "bonusBalance": 0, "permittedDebt": 0,
		"referrerProgramId": nil, "bonusState": "not_used", "tfaEnabled": false,
		"interface": map[string]any{"lang": "en", "currency": "rub", "theme": "dark"}, "legal": nil,
		"profile": map[string]any{"name": "Test User", "names": []string{"Test", "User"}, "phone": nil, "type": "person", "phoneConfirmed": false},
		"roles":   []string{"user"}, "region": "ru", "currency": "rub"}
}

func (s *Server) product(id int64) *aeza.Product {
	for i := range s.products {
		if s.products[i].ID == id {
			return &s.products[i]
		}
	}
	return nil
}

// v2Service renders a service in the newer API's shape.
func (s *Server) v2Service(svc *aeza.Service, detail bool) map[string]any {
	var price int64
	typ, productName := aeza.ProductVPS, ""
	var product any
	if p := s.product(svc.ProductID); p != nil {
		if pr, ok := p.Prices[svc.PaymentTerm]; ok {
			price = minorUnits(pr.Value) // the products' prices are minor units already
		}
		typ, productName = p.Type, p.Name
		product = map[string]any{"id": p.ID, "name": p.Name, "typeSlug": p.Type, "typeName": strings.ToUpper(string(p.Type)),
			"groupId": p.GroupID, "payload": map[string]any{}, "localedPayload": map[string]any{}}
	}
	var task any
	if t := s.v2.tasks[svc.ID]; t != nil {
		task = map[string]any{"id": t.id, "slug": t.slug, "name": t.slug, "createdAt": iso(t.created), "status": "running"}
	}
	var expires any
	if !svc.Timestamps.ExpiresAt.IsZero() {
		expires = iso(svc.Timestamps.ExpiresAt.Time)
	}
	out := map[string]any{"id": svc.ID, "name": svc.Name, "ip": svc.IP, "payload": map[string]any{}, "price": price,
		"paymentTerm": svc.PaymentTerm, "autoProlong": svc.AutoProlong, "createdAt": iso(svc.Timestamps.CreatedAt.Time),
		"expiresAt": expires, "status": svc.Status, "typeSlug": typ, "productName": productName, "product": product,
		"locationCode": svc.LocationCode, "currentTask": task,
		"capabilities": []string{"ctl", "ctl.restart", "ctl.force_off", "ip", "manual_delete", "change_password",
			"reinstall", "backups", "remote", "remote.vnc", "rescue", "ssh_keys"}}
	if detail {
		out["ownerId"], out["productId"], out["backups"] = svc.OwnerID, svc.ProductID, svc.Backups
		var sch any
		if sc := s.v2.schedules[svc.ID]; sc != nil {
			sch = sc
		}
		out["schedule"] = sch
		out["parameters"] = map[string]any{"os": svc.Parameters.OS, "login": svc.Parameters.Username}
		sp := json.RawMessage(`{}`)
		if len(svc.SecureParameters) > 0 {
			sp = json.RawMessage(svc.SecureParameters)
		}
		out["secureParameters"] = sp
	}
	return out
}

// invalidStatus answers an action the service's status does not allow.
func invalidStatus(w http.ResponseWriter, r *http.Request, svc *aeza.Service, allow ...aeza.ServiceStatus) {
	nestError(w, r, http.StatusBadRequest, "service.invalid_status", "Service is in an invalid status",
		map[string]any{"id": svc.Status, "allow": allow, "current": svc.Status})
}

// busy answers an action on a service that runs a task (reporting true).
func (s *Server) busy(w http.ResponseWriter, r *http.Request, svc *aeza.Service) bool {
	if t := s.v2.tasks[svc.ID]; t != nil {
		nestError(w, r, http.StatusConflict, "service.active_task", "Service has an active task",
			map[string]any{"taskId": t.id})
		return true
	}
	return false
}

func (s *Server) v2ServiceRoute(w http.ResponseWriter, r *http.Request, svc *aeza.Service, rest string) {
	m := r.Method
	// action runs a state change that needs the service in one of allow and idle.
	action := func(slug string, allow []aeza.ServiceStatus, apply func()) bool {
		if s.busy(w, r, svc) {
			return false
		}
		okStatus := false
		for _, a := range allow {
			okStatus = okStatus || svc.Status == a
		}
		if !okStatus {
			invalidStatus(w, r, svc, allow...)
			return false
		}
		s.addTask(svc.ID, slug)
		s.startTask(svc.ID, slug, apply)
		return true
	}
	active := []aeza.ServiceStatus{aeza.StatusActive}
	switch {
	case rest == "" && m == http.MethodGet:
		fakeserver.WriteJSON(w, http.StatusOK, s.v2Service(svc, true))
	case rest == "" && m == http.MethodPatch:
		var u struct {
			AutoProlong *bool `json:"autoProlong"`
		}
		if readBody(r, &u) != nil {
			nestError(w, r, http.StatusBadRequest, "validation", "malformed body", nil)
			return
		}
		if u.AutoProlong != nil {
			svc.AutoProlong = *u.AutoProlong
		}
		noContent(w)
	case rest == "" && m == http.MethodDelete:
		delete(s.services, svc.ID)
		delete(s.v2.tasks, svc.ID)
		noContent(w)
	case strings.HasPrefix(rest, "ctl/") && m == http.MethodPost:
		var body struct {
			Force bool `json:"force"`
		}
		if readBody(r, &body) != nil {
			nestError(w, r, http.StatusBadRequest, "validation", "malformed body", nil)
			return
		}
		var ok bool
		switch strings.TrimPrefix(rest, "ctl/") {
		case "suspend":
			ok = action("suspend", active, func() { svc.LastStatus, svc.Status = svc.Status, aeza.StatusSuspended })
		case "resume":
			ok = action("resume", []aeza.ServiceStatus{aeza.StatusSuspended}, func() {
				svc.LastStatus, svc.Status = svc.Status, aeza.StatusActive
			})
		case "restart":
			ok = action("restart", active, func() {})
		default:
			s.proxyError(w)
			return
		}
		if ok {
			emptyCreated(w)
		}
	case rest == "rescue" && m == http.MethodPost:
		if action("rescue", active, func() { svc.LastStatus, svc.Status = svc.Status, aeza.StatusRescue }) {
			noContent(w)
		}
	case rest == "rescue/leave" && m == http.MethodPost:
		if action("rescue_leave", []aeza.ServiceStatus{aeza.StatusRescue}, func() {
			svc.LastStatus, svc.Status = svc.Status, aeza.StatusActive
		}) {
			noContent(w)
		}
	case rest == "remote/vnc" && m == http.MethodPost:
		if s.busy(w, r, svc) {
			return
		}
		if svc.Status != aeza.StatusActive && svc.Status != aeza.StatusRescue {
			invalidStatus(w, r, svc, aeza.StatusActive, aeza.StatusRescue)
			return
		}
		pw := fmt.Sprintf("vnc-%d-fake-pass", svc.ID)
		s.v2.vnc[svc.ID] = pw
		created(w, map[string]any{"address": fmt.Sprintf("vnc.example.invalid:%d", 5900+svc.ID%100), "password": pw})
	case rest == "change-password" && m == http.MethodPost:
		var req struct {
			Password string `json:"password"`
		}
		if readBody(r, &req) != nil || req.Password == "" {
			nestError(w, r, http.StatusBadRequest, "validation", []string{"password should not be empty"}, nil)
			return
		}
		if s.busy(w, r, svc) {
			return
		}
		svc.SecureParameters = aeza.SecretJSON(fmt.Sprintf(`{"password":%q}`, req.Password))
		s.addTask(svc.ID, "change_password")
		noContent(w)
	case rest == "reinstall" && m == http.MethodPost:
		var req struct {
			OS        aeza.OSRef `json:"os"`
			Password  string     `json:"password"`
			SSHKeyIDs []int64    `json:"sshKeyIds"`
		}
		if readBody(r, &req) != nil || req.OS.IsZero() {
			nestError(w, r, http.StatusBadRequest, "validation", []string{"os should not be empty"}, nil)
			return
		}
		os, ok := s.findOS(req.OS)
		if !ok {
			nestError(w, r, http.StatusBadRequest, "os.not_found", "Unknown operating system", nil)
			return
		}
		for _, k := range req.SSHKeyIDs {
			if s.v2.keys[k] == nil {
				nestError(w, r, http.StatusBadRequest, "ssh_key.not_found", "Unknown SSH key", nil)
				return
			}
		}
		if action("reinstall", []aeza.ServiceStatus{aeza.StatusActive, aeza.StatusSuspended}, func() {
			svc.Parameters.OS = os.Ref()
			svc.Status = aeza.StatusActive
			if req.Password != "" {
				svc.SecureParameters = aeza.SecretJSON(fmt.Sprintf(`{"password":%q}`, req.Password))
			}
		}) {
			noContent(w)
		}
	case strings.HasPrefix(rest, "stats/") && m == http.MethodGet:
		fakeserver.WriteJSON(w, http.StatusOK, map[string]any{"data": []string{"0.5", "0.7", "1.2"}})
	case strings.HasPrefix(rest, "networks/"):
		s.v2Networks(w, r, svc, strings.TrimPrefix(rest, "networks/"))
	case rest == "backups" || strings.HasPrefix(rest, "backups/"):
		s.v2Backups(w, r, svc, strings.TrimPrefix(strings.TrimPrefix(rest, "backups"), "/"), action)
	default:
		s.proxyError(w)
	}
}

func (s *Server) v2Networks(w http.ResponseWriter, r *http.Request, svc *aeza.Service, rest string) {
	addrs := []string{}
	if svc.IP != "" {
		addrs = append(addrs, svc.IP)
	}
	for _, ip := range svc.IPs {
		if ip.Value != svc.IP {
			addrs = append(addrs, ip.Value)
		}
	}
	sort.Strings(addrs[min(1, len(addrs)):])
	key := func(ip string) string { return "ip-" + strings.ReplaceAll(ip, ".", "-") }
	switch {
	case rest == "ipv4" && r.Method == http.MethodGet:
		items := make([]map[string]any, 0, len(addrs))
		for _, a := range addrs {
			items = append(items, map[string]any{"key": key(a), "value": a, "gateway": "192.0.2.1", "mask": "255.255.255.0",
				"domain": s.v2.ptr[key(a)]})
		}
		fakeserver.WriteJSON(w, http.StatusOK, map[string]any{"total": len(items), "items": items})
	case rest == "ipv6" && r.Method == http.MethodGet:
		items := []map[string]any{{"key": "v6-1", "value": "2001:db8::", "prefix": 64, "gateway": "2001:db8::1", "ips": []string{"2001:db8::10"}}}
		fakeserver.WriteJSON(w, http.StatusOK, map[string]any{"total": 1, "items": items})
	case strings.HasPrefix(rest, "ipv4/") && r.Method == http.MethodPost:
		parts := strings.Split(strings.TrimPrefix(rest, "ipv4/"), "/")
		if len(parts) != 2 {
			s.proxyError(w)
			return
		}
		found := ""
		for _, a := range addrs {
			if key(a) == parts[0] {
				found = a
			}
		}
		if found == "" {
			nestError(w, r, http.StatusNotFound, "ip.not_found", "Address not found", nil)
			return
		}
		switch parts[1] {
		case "edit-ptr":
			var req struct {
				Domain string `json:"domain"`
			}
			if readBody(r, &req) != nil || req.Domain == "" {
				nestError(w, r, http.StatusBadRequest, "validation", []string{"domain should not be empty"}, nil)
				return
			}
			s.v2.ptr[parts[0]] = req.Domain
		case "make-main":
			if found != svc.IP {
				svc.IPs = append(svc.IPs, aeza.IPAddress{Value: svc.IP})
				svc.IP = found
			}
		default:
			s.proxyError(w)
			return
		}
		noContent(w)
	default:
		s.proxyError(w)
	}
}

func (s *Server) v2Backups(w http.ResponseWriter, r *http.Request, svc *aeza.Service, rest string,
	action func(string, []aeza.ServiceStatus, func()) bool) {
	m := r.Method
	list := s.v2.backups[svc.ID]
	switch {
	case rest == "" && m == http.MethodGet:
		v2Page(w, r, list)
	case rest == "" && m == http.MethodPost:
		var req struct {
			Name string `json:"name"`
		}
		if readBody(r, &req) != nil || req.Name == "" {
			nestError(w, r, http.StatusBadRequest, "validation", []string{"name should not be empty"}, nil)
			return
		}
		s.nextID++
		size := int64(2 << 30)
		b := &aeza.Backup{ID: s.nextID, Name: req.Name, CreatedAt: isoTS(s.now().UTC()),
			Source: aeza.BackupSourceManual, Status: aeza.BackupStatusCreating}
		if !action("backup", []aeza.ServiceStatus{aeza.StatusActive, aeza.StatusSuspended}, func() {
			b.Status, b.Size = aeza.BackupStatusActive, &size
		}) {
			return
		}
		s.v2.backups[svc.ID] = append(list, b)
		created(w, b)
	case rest == "schedule" && m == http.MethodPost:
		var sch aeza.BackupSchedule
		if readBody(r, &sch) != nil || sch.Limit <= 0 ||
			(sch.Type != aeza.ScheduleDaily && sch.Type != aeza.ScheduleWeekly && sch.Type != aeza.ScheduleMonthly) {
			nestError(w, r, http.StatusBadRequest, "validation", []string{"type must be daily, weekly or monthly", "limit must be positive"}, nil)
			return
		}
		s.v2.schedules[svc.ID] = &sch
		noContent(w)
	case rest == "schedule" && m == http.MethodDelete:
		delete(s.v2.schedules, svc.ID)
		noContent(w)
	default:
		parts := strings.Split(rest, "/")
		bid, err := strconv.ParseInt(parts[0], 10, 64)
		idx := -1
		for i, b := range list {
			if err == nil && b.ID == bid {
				idx = i
			}
		}
		if idx < 0 {
			nestError(w, r, http.StatusNotFound, "backup.not_found", "Backup not found", nil)
			return
		}
		switch {
		case len(parts) == 1 && m == http.MethodDelete:
			s.v2.backups[svc.ID] = append(list[:idx:idx], list[idx+1:]...)
			noContent(w)
		case len(parts) == 2 && parts[1] == "restore" && m == http.MethodPost:
			if action("restore", []aeza.ServiceStatus{aeza.StatusActive, aeza.StatusSuspended}, func() { svc.Status = aeza.StatusActive }) {
				noContent(w)
			}
		default:
			s.proxyError(w)
		}
	}
}

func (s *Server) v2Keys(w http.ResponseWriter, r *http.Request, seg []string) {
	m := r.Method
	if len(seg) == 2 {
		switch m {
		case http.MethodGet:
			ids := make([]int64, 0, len(s.v2.keys))
			for id := range s.v2.keys {
				ids = append(ids, id)
			}
			sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
			items := make([]*aeza.SSHKey, 0, len(ids))
			for _, id := range ids {
				items = append(items, s.v2.keys[id])
			}
			v2Page(w, r, items)
		case http.MethodPost:
			var req aeza.NewSSHKey
			if readBody(r, &req) != nil || req.Name == "" || !strings.HasPrefix(req.PublicKey, "ssh-") {
				nestError(w, r, http.StatusBadRequest, "validation", []string{"publicKey must be an SSH public key"}, nil)
				return
			}
			s.nextID++
			k := &aeza.SSHKey{ID: s.nextID, OwnerID: s.account.ID, Name: req.Name, PublicKey: req.PublicKey,
				AutoAssign: req.AutoAssign, CreatedAt: isoTS(s.now().UTC())}
			s.v2.keys[k.ID] = k
			created(w, k)
		default:
			s.proxyError(w)
		}
		return
	}
	kid, _ := strconv.ParseInt(seg[2], 10, 64)
	k := s.v2.keys[kid]
	if k == nil {
		nestError(w, r, http.StatusNotFound, "ssh_key.not_found", "SSH key not found", nil)
		return
	}
	switch m {
	case http.MethodGet:
		fakeserver.WriteJSON(w, http.StatusOK, k)
	case http.MethodPatch:
		var u aeza.SSHKeyUpdate
		if readBody(r, &u) != nil {
			nestError(w, r, http.StatusBadRequest, "validation", "malformed body", nil)
			return
		}
		if u.Name != nil {
			k.Name = *u.Name
		}
		if u.PublicKey != nil {
			k.PublicKey = *u.PublicKey
		}
		if u.AutoAssign != nil {
			k.AutoAssign = *u.AutoAssign
		}
		fakeserver.WriteJSON(w, http.StatusOK, k)
	case http.MethodDelete:
		delete(s.v2.keys, kid)
		noContent(w)
	default:
		s.proxyError(w)
	}
}

func (s *Server) v2Products(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	group, _ := strconv.ParseInt(q.Get("group"), 10, 64)
	var items []map[string]any
	for _, p := range s.products {
		if (q.Get("type") != "" && string(p.Type) != q.Get("type")) || (group > 0 && p.GroupID != group) {
			continue
		}
		var g any
		if p.Group != nil {
			g = map[string]any{"id": p.Group.ID, "name": p.Group.Name}
		}
		items = append(items, map[string]any{"id": p.ID, "name": p.Name, "typeSlug": p.Type, "typeName": strings.ToUpper(string(p.Type)),
			"groupId": p.GroupID, "group": g, "isPublic": !p.IsPrivate, "isAvailable": true, "tags": []string{}})
	}
	fakeserver.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "total": len(items)})
}

func (s *Server) v2Domains(w http.ResponseWriter, r *http.Request, seg []string) {
	m := r.Method
	switch {
	case len(seg) == 1 && m == http.MethodGet:
		v2Page(w, r, s.sortedDomains())
		return
	case len(seg) == 1 && m == http.MethodPost:
		var req struct {
			Name string `json:"name"`
		}
		if readBody(r, &req) != nil || !strings.Contains(req.Name, ".") {
			nestError(w, r, http.StatusBadRequest, "validation", []string{"name must be a domain name"}, nil)
			return
		}
		s.nextID++
		now := isoTS(s.now().UTC())
		d := &aeza.Domain{ID: s.nextID, Name: req.Name, Status: "wait_ns", CreatedAt: now, UpdatedAt: now}
		s.v2.domains[d.ID] = d
		created(w, d)
		return
	case len(seg) == 2 && seg[1] == "nameservers" && m == http.MethodGet:
		fakeserver.WriteJSON(w, http.StatusOK, map[string]any{"items": []string{"ns1.aeza.net", "ns2.aeza.net"}})
		return
	case len(seg) == 2 && seg[1] == "record-types" && m == http.MethodGet:
		types := []map[string]any{
			{"name": "A", "description": "IPv4 address", "parts": []map[string]any{{"slug": "ip", "type": "ipv4"}}},
			{"name": "MX", "parts": []map[string]any{{"slug": "priority", "type": "number"}, {"slug": "host", "type": "domain"}}},
		}
		fakeserver.WriteJSON(w, http.StatusOK, map[string]any{"items": types, "total": len(types)})
		return
	}
	did, _ := strconv.ParseInt(seg[1], 10, 64)
	d := s.v2.domains[did]
	if d == nil {
		nestError(w, r, http.StatusNotFound, "domain.not_found", "Domain not found", nil)
		return
	}
	recs := s.v2.records[did]
	switch {
	case len(seg) == 2 && m == http.MethodGet:
		fakeserver.WriteJSON(w, http.StatusOK, d)
	case len(seg) == 3 && seg[2] == "records" && m == http.MethodGet:
		v2Page(w, r, recs)
	case len(seg) == 3 && seg[2] == "records" && m == http.MethodPost:
		var req aeza.NewDNSRecord
		if readBody(r, &req) != nil || req.Type == "" || req.Name == "" || req.Content == "" {
			nestError(w, r, http.StatusBadRequest, "validation", []string{"type, name and content are required"}, nil)
			return
		}
		s.nextID++
		now := isoTS(s.now().UTC())
		rec := &aeza.DNSRecord{ID: s.nextID, Type: req.Type, Name: req.Name, Content: req.Content, TTL: 3600, IsEnabled: true,
			Priority: req.Priority, Weight: req.Weight, Port: req.Port, CreatedAt: now, UpdatedAt: now}
		if req.TTL != nil {
			rec.TTL = *req.TTL
		}
		if req.IsEnabled != nil {
			rec.IsEnabled = *req.IsEnabled
		}
		if req.Note != nil {
			rec.Note = aeza.Text(*req.Note)
		}
		s.v2.records[did] = append(recs, rec)
		created(w, rec)
	case len(seg) == 4 && seg[2] == "records":
		rid, _ := strconv.ParseInt(seg[3], 10, 64)
		idx := -1
		for i, rec := range recs {
			if rec.ID == rid {
				idx = i
			}
		}
		if idx < 0 {
			nestError(w, r, http.StatusNotFound, "record.not_found", "Record not found", nil)
			return
		}
		rec := recs[idx]
		switch m {
		case http.MethodPatch:
			var u aeza.DNSRecordUpdate
			if readBody(r, &u) != nil {
				nestError(w, r, http.StatusBadRequest, "validation", "malformed body", nil)
				return
			}
			applyRecord(rec, u)
			rec.UpdatedAt = isoTS(s.now().UTC())
			fakeserver.WriteJSON(w, http.StatusOK, rec)
		case http.MethodDelete:
			s.v2.records[did] = append(recs[:idx:idx], recs[idx+1:]...)
			noContent(w)
		default:
			nestError(w, r, http.StatusMethodNotAllowed, "method_not_allowed", "Method not allowed", nil)
		}
	default:
		s.proxyError(w)
	}
}

func applyRecord(rec *aeza.DNSRecord, u aeza.DNSRecordUpdate) {
	if u.Type != nil {
		rec.Type = *u.Type
	}
	if u.Name != nil {
		rec.Name = *u.Name
	}
	if u.Content != nil {
		rec.Content = *u.Content
	}
	if u.TTL != nil {
		rec.TTL = *u.TTL
	}
	if u.Priority != nil {
		rec.Priority = u.Priority
	}
	if u.Weight != nil {
		rec.Weight = u.Weight
	}
	if u.Port != nil {
		rec.Port = u.Port
	}
	if u.IsEnabled != nil {
		rec.IsEnabled = *u.IsEnabled
	}
	if u.Note != nil {
		rec.Note = aeza.Text(*u.Note)
	}
}

func (s *Server) sortedDomains() []*aeza.Domain {
	out := make([]*aeza.Domain, 0, len(s.v2.domains))
	for _, d := range s.v2.domains {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// minorUnits is an amount already in minor units as an integer (a fraction
// rounds up, as the legacy order charge does).
func minorUnits(v aeza.Decimal) int64 {
	k, err := v.Ceil(0)
	if err != nil {
		return 0
	}
	n, _ := k.Int64()
	return n
}
