package aeza

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// ServiceStatus is a service's state.
type ServiceStatus string

// Known statuses; unknown ones decode as they are.
const (
	StatusActivationWait ServiceStatus = "activation_wait"
	StatusActive         ServiceStatus = "active"
	StatusProlongWait    ServiceStatus = "prolong_wait"
	StatusPerformed      ServiceStatus = "performed"
	StatusSuspended      ServiceStatus = "suspended"
	StatusDeleted        ServiceStatus = "deleted"
)

// String returns the status slug.
func (s ServiceStatus) String() string { return string(s) }

// Known reports whether s is one of the statuses this package knows.
func (s ServiceStatus) Known() bool {
	switch s {
	case StatusActivationWait, StatusActive, StatusProlongWait, StatusPerformed, StatusSuspended, StatusDeleted,
		StatusBlocked, StatusRescue:
		return true
	}
	return false
}

// Service is one of the account's services (a VPS, a server, a domain, ...).
// Fields are those public clients read from real answers; Raw keeps the
// whole object for the rest.
type Service struct {
	ID            int64         `json:"id"`
	OwnerID       int64         `json:"ownerId"`
	ProductID     int64         `json:"productId"`
	Name          string        `json:"name"`
	IP            string        `json:"ip"`
	PaymentTerm   Term          `json:"paymentTerm"`
	AutoProlong   bool          `json:"autoProlong"`
	Backups       bool          `json:"backups"`
	Status        ServiceStatus `json:"status"`
	LastStatus    ServiceStatus `json:"lastStatus,omitempty"`
	CurrentStatus ServiceStatus `json:"currentStatus,omitempty"`
	// LocationCode is the service's country code, lower-case ("de").
	LocationCode string            `json:"locationCode"`
	Product      *Product          `json:"product,omitempty"`
	Parameters   ServiceParameters `json:"parameters"`
	// SecureParameters may hold a password: it never prints.
	SecureParameters SecretJSON  `json:"secureParameters,omitempty"`
	IPs              []IPAddress `json:"ips,omitempty"`
	// IPv6 are the IPv6 networks as sent ([{key, value, prefix, gateway, ips}]).
	IPv6 json.RawMessage `json:"ipv6,omitempty"`
	// SummaryConfiguration is the service's resources (CPU, RAM, disk).
	SummaryConfiguration SummaryConfiguration `json:"summaryConfiguration,omitzero"`
	// RawPrices and IndividualPrices are the service's prices per term, in
	// minor units (euro cents on aeza.net), as sent (see the package
	// documentation, Money and units).
	RawPrices        Prices `json:"rawPrices,omitempty"`
	IndividualPrices Prices `json:"individualPrices,omitempty"`
	// PaymentTermRatio is sent beside the prices; its meaning is not documented.
	PaymentTermRatio Decimal    `json:"paymentTermRatio,omitzero"`
	Timestamps       Timestamps `json:"timestamps"`
	// Capabilities are the actions the service supports ("ctl",
	// "ctl.restart", "reinstall", ...); unknown values are kept.
	Capabilities []string `json:"capabilities,omitempty"`
	// Opportunities are sent beside the capabilities, as strings.
	Opportunities []string `json:"opportunities,omitempty"`
	// CurrentTask is the running task as sent (null when none).
	CurrentTask json.RawMessage `json:"currentTask,omitempty"`
	// Raw is the service as Aeza sent it (payload, configuration and every
	// field not decoded here). It may hold secureParameters: treat it as secret.
	Raw SecretJSON `json:"-"`
}

// UnmarshalJSON decodes a service in one pass and keeps a copy of its JSON
// in Raw (the bytes handed to UnmarshalJSON may be reused by the caller, so a
// copy is the price of Raw: one allocation the size of the object).
//
// It is tolerant: a member of an unexpected JSON type (a field only one
// public client's code describes) reads as zero and stays in Raw, rather
// than failing the service and the list it is in.
func (s *Service) UnmarshalJSON(b []byte) error {
	type plain Service
	*s = Service{}
	if err := unmarshalEntity(b, (*plain)(s)); err != nil {
		*s = Service{}
		return err
	}
	s.Raw = append(make(SecretJSON, 0, len(b)), b...)
	return nil
}

// serviceFields is Service without its UnmarshalJSON method, so that a page
// of services decodes in one json pass (see decodeServiceList).
type serviceFields Service

// decodeServiceList decodes a services page answer into l in one json pass,
// then fills each service's Raw with a copy of its bytes in the body, found by
// one scan that reads members as encoding/json does. That spares what
// UnmarshalJSON costs per service (encoding/json scans an Unmarshaler's bytes
// twice more and builds a decoder for them). An answer whose scan does not
// line up with the decoded items is decoded again the plain way.
func decodeServiceList(resp *transport.Response, l *List[Service]) error {
	// The scan runs first so that the page's items are allocated once, at
	// their final size; it reads a body that encoding/json then validates.
	spans, scanned := listItemSpans(resp.Body, make([][2]int, 0, 100))
	var fl List[serviceFields]
	if scanned && len(spans) > 0 {
		fl.Items = make([]serviceFields, 0, len(spans))
	}
	env := into{Data: &fl}
	if err := json.Unmarshal(resp.Body, &env); err != nil {
		if !json.Valid(resp.Body) {
			return resp.DecodeFailure(err)
		}
		// A member of an unexpected type: decode the page again, each
		// service tolerantly (see Service.UnmarshalJSON).
		*l = List[Service]{}
		return resp.DecodeJSON(&into{Data: l})
	}
	if env.Data == nil { // {"data": null}
		return nil
	}
	if _, ok := member(resp.Body, "data"); !ok {
		return resp.DecodeFailure(errors.New(`no "data" member`))
	}
	if len(fl.Items) > 0 && (!scanned || len(spans) != len(fl.Items)) {
		return resp.DecodeJSON(&into{Data: l})
	}
	var items []Service
	if fl.Items != nil {
		items = make([]Service, len(fl.Items))
	}
	for i := range fl.Items {
		items[i] = Service(fl.Items[i])
		sp := spans[i]
		items[i].Raw = append(make(SecretJSON, 0, sp[1]-sp[0]), resp.Body[sp[0]:sp[1]]...)
	}
	l.Items, l.Total, l.Edit = items, fl.Total, fl.Edit
	return nil
}

// ServiceParameters are the parameters a service was ordered with.
type ServiceParameters struct {
	// OS is the installed operating system as the server sent it: a slug
	// ("ubuntu_2404") on current servers, an integer id on older ones.
	OS OSRef `json:"os,omitzero"`
	// Recipe is the recipe as sent (an id, a slug or null).
	Recipe json.RawMessage `json:"recipe,omitempty"`
	ISOURL string          `json:"isoUrl,omitempty"`
	// Username is the login of the installed system ("root").
	Username string `json:"username,omitempty"`
	// PanelUsername is the login of a control panel installed with the
	// service, when there is one.
	PanelUsername string `json:"panelUsername,omitempty"`
}

// IPAddress is an address of a service.
type IPAddress struct {
	// Key identifies the address in Aeza's network calls.
	Key                string `json:"key,omitempty"`
	Value              string `json:"value"`
	Mask               string `json:"mask,omitempty"`
	Gateway            string `json:"gateway,omitempty"`
	Status             string `json:"status,omitempty"`
	ExtendedProtection bool   `json:"extendedProtection,omitempty"`
}

// Timestamps are a service's dates.
type Timestamps struct {
	CreatedAt   Timestamp `json:"createdAt"`
	ExpiresAt   Timestamp `json:"expiresAt"`
	PurchasedAt Timestamp `json:"purchasedAt"`
}

// Task is a service task (an installation, a reboot, ...). No source shows
// the legacy task list's members, so a task decodes tolerantly: a member of
// an unexpected type reads as zero, and an id that is not an integer (v2
// task ids are strings) is kept in IDText.
type Task struct {
	ID        int64           `json:"id"`
	Type      string          `json:"type,omitempty"`
	Status    string          `json:"status,omitempty"`
	CreatedAt Timestamp       `json:"createdAt"`
	Payload   json.RawMessage `json:"payload,omitempty"`
	// IDText is the id as sent (the digits of an integer id, or a string id).
	IDText string `json:"-"`
}

// UnmarshalJSON decodes a task tolerantly (see [Task]).
func (t *Task) UnmarshalJSON(b []byte) error {
	type plain Task
	var w struct {
		plain
		ID json.RawMessage `json:"id"`
	}
	if err := unmarshalTolerant(b, &w); err != nil {
		return err
	}
	*t = Task(w.plain)
	t.ID, t.IDText = readID(w.ID)
	return nil
}

// Transaction is a movement of money (an order, a prolongation, an invoice).
type Transaction struct {
	ID int64 `json:"id"`
	// Amount is in minor units, as sent (negative for a debit; see the
	// package documentation, Money and units).
	Amount    Decimal         `json:"amount"`
	Status    string          `json:"status"`
	Type      string          `json:"type"`
	ServiceID int64           `json:"serviceId,omitempty"`
	CreatedAt Timestamp       `json:"createdAt"`
	Invoice   *Invoice        `json:"invoice,omitempty"`
	Payload   json.RawMessage `json:"payload,omitempty"`
}

// UnmarshalJSON decodes a transaction tolerantly: the prolong and order
// answers that carry it are known from one document's example, so a member
// of an unexpected JSON type reads as zero rather than failing a money
// call's answer. Only an id that is not an integer fails.
func (t *Transaction) UnmarshalJSON(b []byte) error {
	type plain Transaction
	*t = Transaction{}
	return unmarshalEntity(b, (*plain)(t))
}

// Invoice is the payment part of an invoice transaction.
type Invoice struct {
	// Link is the payment page.
	Link string `json:"link"`
}

// ServicesService manages the account's services.
type ServicesService struct{ c *Client }

// List returns one page of services (GET services).
func (s *ServicesService) List(ctx context.Context, list *ListOptions, opts ...CallOption) (*List[Service], error) {
	if err := list.validate(); err != nil {
		return nil, err
	}
	return getList[Service](ctx, s.c, "services", list, "services.list", opts)
}

// All iterates over every service, page by page.
func (s *ServicesService) All(ctx context.Context, list *ListOptions, opts ...CallOption) iter.Seq2[Service, error] {
	return all[Service](ctx, s.c, "services", "services.list", list, plain, opts)
}

// Get returns one service (GET services/{id}).
func (s *ServicesService) Get(ctx context.Context, id int64, opts ...CallOption) (*Service, error) {
	p, err := idPath("services", id, "")
	if err != nil {
		return nil, err
	}
	return getOne[Service](ctx, s.c, &transport.Request{Method: http.MethodGet, Path: p, Operation: "services.get", Options: opts})
}

// ServiceUpdate changes a service; nil fields are left as they are.
type ServiceUpdate struct {
	Name        *string `json:"name,omitempty"`
	AutoProlong *bool   `json:"autoProlong,omitempty"`
}

// Update renames a service or switches its auto-prolongation (PUT services/{id}).
func (s *ServicesService) Update(ctx context.Context, id int64, u ServiceUpdate, opts ...CallOption) (*Service, error) {
	p, err := idPath("services", id, "")
	if err != nil {
		return nil, err
	}
	if u.Name == nil && u.AutoProlong == nil {
		return nil, fmt.Errorf("aeza: empty service update: %w", ErrInvalidArgument)
	}
	return getOne[Service](ctx, s.c, &transport.Request{Method: http.MethodPut, Path: p, Body: u,
		Operation: "services.update", Options: opts})
}

// Delete deletes a service (DELETE services/{id}). There is no refund. Like
// every DELETE it is retried on 502/503/504 and dropped connections, so a
// retry whose first attempt went through may answer ErrNotFound.
func (s *ServicesService) Delete(ctx context.Context, id int64, opts ...CallOption) error {
	p, err := idPath("services", id, "")
	if err != nil {
		return err
	}
	var out json.RawMessage
	return s.c.call(ctx, &transport.Request{Method: http.MethodDelete, Path: p, Operation: "services.delete", Options: opts}, &out)
}

// Action is a service control action.
type Action string

// Control actions.
const (
	ActionSuspend Action = "suspend"
	ActionResume  Action = "resume"
	ActionReboot  Action = "reboot"
)

// String returns the action name.
func (a Action) String() string { return string(a) }

// Control sends a control action (POST services/{id}/ctl). It is not retried.
func (s *ServicesService) Control(ctx context.Context, id int64, action Action, opts ...CallOption) error {
	p, err := idPath("services", id, "/ctl")
	if err != nil {
		return err
	}
	if action == "" {
		return fmt.Errorf("aeza: empty action: %w", ErrInvalidArgument)
	}
	var out json.RawMessage
	return s.c.call(ctx, &transport.Request{Method: http.MethodPost, Path: p,
		Body: map[string]Action{"action": action}, Retry: transport.RetryNever, Operation: "services.control", Options: opts}, &out)
}

// Suspend suspends a service.
func (s *ServicesService) Suspend(ctx context.Context, id int64, opts ...CallOption) error {
	return s.Control(ctx, id, ActionSuspend, opts...)
}

// Resume resumes a suspended service.
func (s *ServicesService) Resume(ctx context.Context, id int64, opts ...CallOption) error {
	return s.Control(ctx, id, ActionResume, opts...)
}

// Reboot reboots a service.
func (s *ServicesService) Reboot(ctx context.Context, id int64, opts ...CallOption) error {
	return s.Control(ctx, id, ActionReboot, opts...)
}

// ReinstallRequest reinstalls a service's operating system.
type ReinstallRequest struct {
	// OS is the operating system to install: [OSSlug]("ubuntu_2404"), the
	// form current servers expect, or [OSID] (older docs); see [OS.Ref].
	OS OSRef `json:"os"`
	// Recipe is an optional recipe: [RecipeSlug] or [RecipeID], in the form
	// the recipe came to you in; the zero RecipeRef sends null.
	Recipe RecipeRef `json:"recipe"`
	// Password is the new root password.
	Password Password `json:"password"`
}

// Reinstall reinstalls a service (POST services/{id}/reinstall). It is not retried.
func (s *ServicesService) Reinstall(ctx context.Context, id int64, r ReinstallRequest, opts ...CallOption) error {
	p, err := idPath("services", id, "/reinstall")
	if err != nil {
		return err
	}
	if err := r.OS.validate("reinstall"); err != nil {
		return err
	}
	if err := r.Recipe.validate("reinstall"); err != nil {
		return err
	}
	if r.Password == "" {
		return fmt.Errorf("aeza: reinstall needs a password: %w", ErrInvalidArgument)
	}
	var out json.RawMessage
	return s.c.call(ctx, &transport.Request{Method: http.MethodPost, Path: p, Body: r, Retry: transport.RetryNever,
		Operation: "services.reinstall", Options: opts}, &out)
}

// ChangePassword sets a service's root password (PUT services/{id}/changePassword).
func (s *ServicesService) ChangePassword(ctx context.Context, id int64, password Password, opts ...CallOption) error {
	p, err := idPath("services", id, "/changePassword")
	if err != nil {
		return err
	}
	if password == "" {
		return fmt.Errorf("aeza: empty password: %w", ErrInvalidArgument)
	}
	var out json.RawMessage
	return s.c.call(ctx, &transport.Request{Method: http.MethodPut, Path: p,
		Body: map[string]Password{"password": password}, Operation: "services.changePassword", Options: opts}, &out)
}

// ProlongRequest pays for more time.
type ProlongRequest struct {
	// Method is the payment method ("balance").
	Method string `json:"method"`
	// Term is the payment term.
	Term Term `json:"term"`
	// Count is how many terms to pay for.
	Count int `json:"count"`
}

// Prolong extends a service (POST services/{id}/prolong). It spends money and
// is sent exactly once, never retried. A balance too low answers ErrForbidden.
// On [ErrOutcomeUnknown] it may be paid: compare the service's Timestamps.ExpiresAt
// ([ServicesService.Get]) with its value before the attempt before paying again.
func (s *ServicesService) Prolong(ctx context.Context, id int64, r ProlongRequest, opts ...CallOption) (*Transaction, error) {
	p, err := idPath("services", id, "/prolong")
	if err != nil {
		return nil, err
	}
	if r.Method == "" || r.Term == "" || r.Count <= 0 {
		return nil, fmt.Errorf("aeza: prolong needs a method, a term and a positive count: %w", ErrInvalidArgument)
	}
	var out struct {
		Transaction *Transaction `json:"transaction"`
	}
	if err := s.c.call(ctx, &transport.Request{Method: http.MethodPost, Path: p, Body: r, Retry: transport.RetryNever,
		Operation: "services.prolong", Options: opts}, &out); err != nil {
		return nil, err
	}
	if out.Transaction == nil {
		return &Transaction{}, nil
	}
	return out.Transaction, nil
}

// Tasks returns one page of a service's tasks (GET services/{id}/tasks).
func (s *ServicesService) Tasks(ctx context.Context, id int64, list *ListOptions, opts ...CallOption) (*List[Task], error) {
	p, err := idPath("services", id, "/tasks")
	if err != nil {
		return nil, err
	}
	if err := list.validate(); err != nil {
		return nil, err
	}
	return getList[Task](ctx, s.c, p, list, "services.tasks", opts)
}

// AllTasks iterates over every task of a service.
func (s *ServicesService) AllTasks(ctx context.Context, id int64, list *ListOptions, opts ...CallOption) iter.Seq2[Task, error] {
	p, err := idPath("services", id, "/tasks")
	if err != nil {
		return func(yield func(Task, error) bool) { yield(Task{}, err) }
	}
	return all[Task](ctx, s.c, p, "services.tasks", list, plain, opts)
}
