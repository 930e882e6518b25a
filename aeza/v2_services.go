package aeza

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// TaskStatus is the state of a service's task.
type TaskStatus string

// Known task statuses; unknown ones decode as they are.
const (
	TaskQueued    TaskStatus = "queued"
	TaskRunning   TaskStatus = "running"
	TaskFailed    TaskStatus = "failed"
	TaskSuccess   TaskStatus = "success"
	TaskCanceled  TaskStatus = "cancelled" //nolint:misspell // Aeza's spelling on the wire
	TaskWaitChild TaskStatus = "wait_child"
	TaskManual    TaskStatus = "manual"
)

// String returns the status as Aeza names it.
func (s TaskStatus) String() string { return string(s) }

// Finished reports whether the task has ended (success, failed or canceled).
func (s TaskStatus) Finished() bool {
	return s == TaskSuccess || s == TaskFailed || s == TaskCanceled
}

// CurrentTask is the task a service is running (an installation, a power
// action, a backup, ...).
type CurrentTask struct {
	// ID is the task's id: a string (a number is accepted).
	ID TaskID `json:"id"`
	// Slug names the kind of task; Name is its human name.
	Slug      Text       `json:"slug"`
	Name      Text       `json:"name"`
	CreatedAt Timestamp  `json:"createdAt"`
	Status    TaskStatus `json:"status"`
}

// ServiceProduct is the product a service was ordered from, as a service
// carries it.
type ServiceProduct struct {
	ID       int64       `json:"id"`
	Name     string      `json:"name"`
	TypeSlug ProductType `json:"typeSlug"`
	TypeName string      `json:"typeName"`
	GroupID  int64       `json:"groupId"`
	// Payload and LocaledPayload are kept as sent.
	Payload        json.RawMessage `json:"payload,omitempty"`
	LocaledPayload json.RawMessage `json:"localedPayload,omitempty"`
}

// ServiceInfo is a service as [ServicesService.Info] and
// [ServicesService.ListInfo] return it: its state (status and running task),
// its capabilities, its price in minor units and ISO dates. The list leaves
// the fields marked "detail" empty.
type ServiceInfo struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// IP is the main IPv4 address ("" when none).
	IP string `json:"ip"`
	// Price is the price per PaymentTerm, in minor units of the account's
	// currency.
	Price       Minor         `json:"price"`
	PaymentTerm Term          `json:"paymentTerm"`
	AutoProlong bool          `json:"autoProlong"`
	Status      ServiceStatus `json:"status"`
	CreatedAt   Timestamp     `json:"createdAt"`
	ExpiresAt   Timestamp     `json:"expiresAt"`
	// TypeSlug is the kind of service (vps, vpn, domain, ...).
	TypeSlug    ProductType     `json:"typeSlug"`
	ProductName string          `json:"productName"`
	Product     *ServiceProduct `json:"product,omitempty"`
	// LocationCode is the country code, lower-case ("de"); "" when none.
	LocationCode string `json:"locationCode"`
	// CurrentTask is the running task, nil when none. A service with a
	// task answers power actions with HTTP 409.
	CurrentTask *CurrentTask `json:"currentTask,omitempty"`
	// Capabilities are the actions the service supports.
	Capabilities Capabilities `json:"capabilities,omitempty"`
	// Payload is free-form, kept as sent.
	Payload json.RawMessage `json:"payload,omitempty"`

	// OwnerID and ProductID (detail).
	OwnerID   int64 `json:"ownerId,omitempty"`
	ProductID int64 `json:"productId,omitempty"`
	// Backups reports whether paid backups are on (detail).
	Backups bool `json:"backups,omitempty"`
	// Schedule is the backup schedule as sent (detail; its keys are not
	// settled: snake_case has been read from it).
	Schedule json.RawMessage `json:"schedule,omitempty"`
	// Parameters are the order's parameters as sent (detail).
	Parameters json.RawMessage `json:"parameters,omitempty"`
	// SecureParameters may hold the root password (detail): it never prints.
	SecureParameters SecretJSON `json:"secureParameters,omitempty"`
	// Raw is the whole service as sent. It may hold secureParameters:
	// treat it as secret (it never prints).
	Raw SecretJSON `json:"-"`
}

// Busy reports whether the service is running a task that has not finished.
func (s *ServiceInfo) Busy() bool {
	return s.CurrentTask != nil && !s.CurrentTask.Status.Finished()
}

// Ready reports whether the service is active with no task running: the
// state in which it takes power actions, a restart and a backup.
func (s *ServiceInfo) Ready() bool { return s.Status == StatusActive && !s.Busy() }

// UnmarshalJSON decodes a service and keeps it raw. A field of an odd JSON
// type never fails the whole answer when the field is one no capture
// settles (schedule, parameters, payload are kept raw).
func (s *ServiceInfo) UnmarshalJSON(b []byte) error {
	type plain ServiceInfo
	*s = ServiceInfo{}
	if err := json.Unmarshal(b, (*plain)(s)); err != nil {
		*s = ServiceInfo{}
		return err
	}
	s.Raw = append(make(SecretJSON, 0, len(b)), b...)
	return nil
}

// ListInfo returns one page of the account's services with their state,
// capabilities and minor-unit prices (GET v2/services). Prefer it to
// [ServicesService.List] to watch services (status, running task); List
// carries what only the older answer has (IPs, raw prices per term,
// resources). It is a read, retried.
func (s *ServicesService) ListInfo(ctx context.Context, page *PageOptions, opts ...CallOption) (*List[ServiceInfo], error) {
	if err := page.validate(); err != nil {
		return nil, err
	}
	return v2List[ServiceInfo](ctx, s.c, v2Read("services", "services.listInfo", page, opts))
}

// AllInfo iterates over every service as [ServicesService.ListInfo] pages them.
func (s *ServicesService) AllInfo(ctx context.Context, page *PageOptions, opts ...CallOption) iter.Seq2[ServiceInfo, error] {
	return v2All[ServiceInfo](ctx, s.c, "services", "services.listInfo", page, opts)
}

// Info returns one service with its state, running task and capabilities
// (GET v2/services/{id}). Prefer it to [ServicesService.Get] before a power
// action or to wait for a task ([ServicesService.WaitReady]). It is a read,
// retried.
func (s *ServicesService) Info(ctx context.Context, id int64, opts ...CallOption) (*ServiceInfo, error) {
	p, err := servicePath(id, "")
	if err != nil {
		return nil, err
	}
	return v2Get[ServiceInfo](ctx, s.c, v2Read(p, "services.info", nil, opts))
}

// SetAutoProlong switches a service's automatic prolongation (PATCH
// v2/services/{id} {"autoProlong": on}). Prefer it to [ServicesService.Update]
// for this one switch (the newer API takes only the field that changes);
// Update also renames. It is sent once.
func (s *ServicesService) SetAutoProlong(ctx context.Context, id int64, on bool, opts ...CallOption) error {
	p, err := servicePath(id, "")
	if err != nil {
		return err
	}
	return s.c.v2Do(ctx, v2Change(http.MethodPatch, p, "services.setAutoProlong", map[string]bool{"autoProlong": on}, opts), nil, false)
}

// RequestDeletion asks Aeza to delete a service (DELETE v2/services/{id}).
// Destructive: whether the deletion is immediate or a request that Aeza
// carries out later is not published, and no refund is known. It is sent
// exactly once, never retried: on [ErrOutcomeUnknown] it may have gone
// through, so read the service ([ServicesService.Info]) before repeating it. The legacy
// [ServicesService.Delete] deletes at once and is retried as a DELETE;
// prefer RequestDeletion, which cannot act twice.
func (s *ServicesService) RequestDeletion(ctx context.Context, id int64, opts ...CallOption) error {
	p, err := servicePath(id, "")
	if err != nil {
		return err
	}
	return s.c.v2Do(ctx, v2Change(http.MethodDelete, p, "services.requestDeletion", nil, opts), nil, false)
}

// WaitReady polls a service ([ServicesService.Info]) every interval until it
// is active with no task running ([ServiceInfo.Ready]), and returns it. It
// has the shape of every wait ([OrdersService.Wait]): interval <= 0 means
// [DefaultPollInterval], and a shorter one than [MinPollInterval] is raised to
// it; the wait ends at its deadline (the context's, or WithCallTimeout among
// opts, which bounds the whole wait, or else the client's WithTimeout) with an
// error matching [ErrStillRunning] and the context's error; a deleted service
// ends it at once with [ErrWaitFailed]; the first error of a poll ends it with
// that error. On every error it also returns the last service it saw (nil if
// none).
func (s *ServicesService) WaitReady(ctx context.Context, id int64, interval time.Duration, opts ...CallOption) (*ServiceInfo, error) {
	return waitFor(ctx, s.c, fmt.Sprintf("service %d", id), interval, opts,
		func(ctx context.Context) (*ServiceInfo, error) { return s.Info(ctx, id, opts...) },
		(*ServiceInfo).Ready,
		func(svc *ServiceInfo) bool { return svc.Status == StatusDeleted },
		func(svc *ServiceInfo) string { return string(svc.Status) })
}

// serviceInfoFields is ServiceInfo without its UnmarshalJSON method, so that
// a page of services decodes in one json pass (see decodeServiceInfoPage).
type serviceInfoFields ServiceInfo

// decodeServiceInfoPage decodes a bare {"items": [...], ...} page of services
// in one json pass and fills each service's Raw from its bytes in the body,
// found by one scan; that spares the two extra scans encoding/json makes of
// an Unmarshaler's bytes. It reports false, having decoded nothing, for any
// other shape (a data wrapper, a bare array, repeated "items" members), which
// the generic decoder then reads.
func decodeServiceInfoPage(resp *transport.Response, l *List[ServiceInfo]) (bool, error) {
	body := resp.Body
	i := skipSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return false, nil
	}
	var spans [][2]int
	lists, hasData := 0, false
	end := objectMembers(body, i, func(name []byte, vs int) int {
		switch {
		case keyMatch(name, "items"):
			lists++
			spans = spans[:0]
			return arrayElements(body, vs, func(s, e int) { spans = append(spans, [2]int{s, e}) })
		case keyMatch(name, "data"):
			hasData = true
		}
		return skipValue(body, vs)
	})
	if end < 0 || lists != 1 || hasData {
		return false, nil
	}
	var fl struct {
		Items []serviceInfoFields `json:"items"`
		Total int                 `json:"total"`
	}
	fl.Items = make([]serviceInfoFields, 0, len(spans))
	if err := resp.DecodeJSON(&fl); err != nil {
		return true, err
	}
	if len(fl.Items) != len(spans) {
		return false, nil
	}
	items := make([]ServiceInfo, len(fl.Items))
	for k := range fl.Items {
		items[k] = ServiceInfo(fl.Items[k])
		sp := spans[k]
		items[k].Raw = append(make(SecretJSON, 0, sp[1]-sp[0]), body[sp[0]:sp[1]]...)
	}
	l.Items, l.Total = items, fl.Total
	return true, nil
}
