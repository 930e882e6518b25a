package servicemanager

import (
	"context"
	"fmt"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// TenantsService holds the application (tenant, data area) methods
// (tenant/*). The fields come from 1C's own ext_api client (BTS, the rename
// map ПереименованияПриложение); the methods known by name only
// (get_demo, delete, set_name, backup_settings/*, ...; see [Methods]) go
// through [Client.Call] with the Method* constants.
type TenantsService struct{ c *Client }

// TenantStatus is an application's state. Only "used" (in use, ready) is
// seen in a source (a public script); BTS knows more states (new, preparing
// for use, converting, copying, to delete, deleted, preparation error, ...)
// whose JSON spellings are not verified. Unknown values keep their text.
type TenantStatus string

// TenantUsed is the status of an application in use: the end of
// tenant/create's preparation (a public backup script waits for it).
const TenantUsed TenantStatus = "used"

// String returns the wire value.
func (s TenantStatus) String() string { return string(s) }

// Failed reports whether an application in this status can no longer become
// ready ("used"): it is deleted, marked for deletion, missing, or its
// preparation failed. BTS names these states (Удалена, К удалению,
// Отсутствует, Ошибка подготовки) but no source shows their JSON spelling,
// so this is a guess that reads the usual spellings, in any case and with
// "-", " " or "_" between words: "deleted", "to_delete",
// "marked_for_deletion", "missing", "preparation_error", "error", "failed",
// and any status containing "error", "fail" or "delet". [TenantsService.Wait]
// ends at once on such a status.
func (s TenantStatus) Failed() bool {
	n := strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(strings.TrimSpace(string(s))))
	switch n {
	case "missing", "absent", "not_found", "canceled", "cancelled": //nolint:misspell // both spellings reach the wire
		return true
	}
	return strings.Contains(n, "error") || strings.Contains(n, "fail") || strings.Contains(n, "delet")
}

// Tenant is an application (data area). tenant/create fills ID, Status and
// URL only.
type Tenant struct {
	// ID is the application number.
	ID int64 `json:"id"`
	// Name is the application's name.
	Name string `json:"name,omitempty"`
	// Owner is the owning subscriber's code.
	Owner int64 `json:"owner,omitempty"`
	// Application is the configuration code.
	Application string `json:"application,omitempty"`
	// AppVersion is the configuration's version.
	AppVersion string `json:"app_version,omitempty"`
	// AppName is the configuration's name.
	AppName string `json:"app_name,omitempty"`
	// AppTypeID, AppTypeName and AppTypePresentation describe the
	// application type (newer servers only).
	AppTypeID           string `json:"apptype_id,omitempty"`
	AppTypeName         string `json:"apptype_name,omitempty"`
	AppTypePresentation string `json:"apptype_presentation,omitempty"`
	// Status is the application's state ("used" when ready).
	Status TenantStatus `json:"status,omitempty"`
	// URL is the application's address.
	URL string `json:"url,omitempty"`
	// Timezone is the application's time zone.
	Timezone string `json:"timezone,omitempty"`
}

// NewTenant is a tenant/create request (the fields BTS sends).
type NewTenant struct {
	// Application is the configuration code (required).
	Application string `json:"application"`
	// Name is the new application's name.
	Name string `json:"name,omitempty"`
	// Timezone is its time zone ("Europe/Moscow").
	Timezone string `json:"timezone,omitempty"`
}

// TenantCreation is the answer of tenant/create.
type TenantCreation struct {
	// Tenant holds the new application's ID, Status and URL.
	Tenant Tenant
	// Pending is true when the server answered 10202 ([CodeAccepted]): the
	// application is still being prepared; wait for it with
	// [TenantsService.Wait], never by sending tenant/create again.
	Pending bool
}

// TenantUserRole is a user's right in an application (BTS's enum of
// application user rights). Its JSON spellings are not documented: it keeps
// the server's text.
type TenantUserRole string

// String returns the wire value.
func (r TenantUserRole) String() string { return string(r) }

// TenantUser is a user of an application (tenant/users/list).
type TenantUser struct {
	// Login is the user's login.
	Login string `json:"login"`
	// Role is the user's right in the application.
	Role TenantUserRole `json:"role,omitempty"`
}

// Backup is a backup copy of an application.
type Backup struct {
	// ID is the backup's identifier (a UUID).
	ID string `json:"id"`
	// Tenant is the application's number (backup/list only).
	Tenant int64 `json:"tenant,omitempty"`
	// Timestamp is when the copy was made.
	Timestamp DateTime `json:"timestamp,omitempty"`
	// ForSupport marks a copy made for 1C's support (tenant/backup/list).
	ForSupport bool `json:"for_support,omitempty"`
	// AppVersion is the configuration version of the copy (backup/list).
	AppVersion string `json:"app_version,omitempty"`
}

type tenantIDParams struct {
	ID int64 `json:"id"`
}

type tenantListResult struct {
	answer
	Tenant []Tenant `json:"tenant"`
}

func (r *tenantListResult) missing(body []byte) string { return missingList(r.Tenant, body, "tenant") }

type tenantResult struct {
	answer
	Tenant *Tenant `json:"tenant"`
}

func (r *tenantResult) missing([]byte) string { return missingObject(r.Tenant, "tenant") }

func checkTenant(method string, id int64) error {
	if id <= 0 {
		return fmt.Errorf("servicemanager: %s: tenant %d: must be positive: %w", method, id, ErrInvalidArgument)
	}
	return nil
}

// List returns the subscriber's applications (tenant/list; fields: BTS, a
// public backup script).
func (s *TenantsService) List(ctx context.Context, account int64, opts ...CallOption) ([]Tenant, error) {
	var out tenantListResult
	if _, err := s.c.call(ctx, MethodTenantList, account, nil, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Tenant, nil
}

// Info returns one application (tenant/info; fields: BTS).
func (s *TenantsService) Info(ctx context.Context, account, id int64, opts ...CallOption) (*Tenant, error) {
	if err := checkTenant(MethodTenantInfo, id); err != nil {
		return nil, err
	}
	var out tenantResult
	if _, err := s.c.call(ctx, MethodTenantInfo, account, tenantIDParams{id}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Tenant, nil
}

// Account returns the subscriber owning an application, with the calling
// user's role in it (tenant/account; fields: BTS's cached module).
func (s *TenantsService) Account(ctx context.Context, account, id int64, opts ...CallOption) (*Account, error) {
	if err := checkTenant(MethodTenantAccount, id); err != nil {
		return nil, err
	}
	var out accountResult
	if _, err := s.c.call(ctx, MethodTenantAccount, account, tenantIDParams{id}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Account, nil
}

// Create creates an application (tenant/create; fields: BTS, which accepts
// 10200 or 10202 and reads tenant.id, status and url). It is sent once: a
// second tenant/create would make a second application. When the answer is
// 10202 the result is Pending; wait with [TenantsService.Wait]:
//
//	tc, err := c.Tenants.Create(ctx, 1010, servicemanager.NewTenant{Application: "buh", Name: "Бухгалтерия"})
//	if err != nil { ... }
//	t, err := c.Tenants.Wait(ctx, 1010, tc.Tenant.ID, servicemanager.Poll{})
//
// On [ErrOutcomeUnknown] look for the tenant by its name in [TenantsService.List] before
// creating it again (a second one would be a second application).
func (s *TenantsService) Create(ctx context.Context, account int64, t NewTenant, opts ...CallOption) (*TenantCreation, error) {
	if strings.TrimSpace(t.Application) == "" {
		return nil, fmt.Errorf("servicemanager: %s: application (configuration code) is empty: %w", MethodTenantCreate, ErrInvalidArgument)
	}
	var out tenantResult
	g, err := s.c.call(ctx, MethodTenantCreate, account, t, transport.RetryNever, &out, opts)
	if err != nil {
		return nil, err
	}
	return &TenantCreation{Tenant: *out.Tenant, Pending: g.Response == CodeAccepted}, nil
}

// Wait polls tenant/info every p.Interval until the application is in use
// (status "used", [TenantUsed]) and returns it. It never re-sends
// tenant/create. It ends with a [*WaitError] matching [ErrStillRunning]
// (and the context's error) at the wait's deadline — the context, or
// [WithCallTimeout] among opts, which bounds the whole wait, or else the
// client's [WithTimeout] (see [Poll]) — or after p.MaxAttempts checks that saw
// another status. A status from which the application can no longer become
// ready ([TenantStatus.Failed]: deleted, marked for deletion, missing, a
// preparation error) ends it at once with a [*WaitError] matching
// [ErrWaitFailed]; an error of tenant/info ends it at once with that error.
// "used" as the ready state comes from a public script; the other statuses'
// spellings are not verified (see [TenantStatus.Failed]).
func (s *TenantsService) Wait(ctx context.Context, account, id int64, p Poll, opts ...CallOption) (*Tenant, error) {
	if err := checkTenant(MethodTenantInfo, id); err != nil {
		return nil, err
	}
	var t *Tenant
	err := s.c.poll(ctx, MethodTenantInfo, p, opts, func(ctx context.Context) (string, bool, error) {
		var err error
		if t, err = s.Info(ctx, account, id, opts...); err != nil {
			return "", false, err
		}
		state := "status " + string(t.Status)
		if t.Status.Failed() {
			return state, false, ErrWaitFailed
		}
		return state, t.Status == TenantUsed, nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

type tenantUserListResult struct {
	answer
	User []TenantUser `json:"user"`
}

func (r *tenantUserListResult) missing(body []byte) string { return missingList(r.User, body, "user") }

// Users returns an application's users (tenant/users/list; fields: BTS).
func (s *TenantsService) Users(ctx context.Context, account, id int64, opts ...CallOption) ([]TenantUser, error) {
	if err := checkTenant(MethodTenantUsersList, id); err != nil {
		return nil, err
	}
	var out tenantUserListResult
	if _, err := s.c.call(ctx, MethodTenantUsersList, account, tenantIDParams{id}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.User, nil
}

type tenantUserParams struct {
	ID    int64          `json:"id"`
	Login string         `json:"login"`
	Role  TenantUserRole `json:"role,omitempty"`
}

// AddUser gives a user access to an application with a right (role)
// (tenant/users/add; fields: BTS). It is sent once.
func (s *TenantsService) AddUser(ctx context.Context, account, id int64, login string, role TenantUserRole, opts ...CallOption) error {
	if err := checkTenant(MethodTenantUsersAdd, id); err != nil {
		return err
	}
	if err := checkLogin(MethodTenantUsersAdd, login); err != nil {
		return err
	}
	_, err := s.c.call(ctx, MethodTenantUsersAdd, account, tenantUserParams{id, login, role}, transport.RetryNever, nil, opts)
	return err
}

// DeleteUser takes a user's access to an application away
// (tenant/users/delete; fields: BTS). It is sent once.
func (s *TenantsService) DeleteUser(ctx context.Context, account, id int64, login string, opts ...CallOption) error {
	if err := checkTenant(MethodTenantUsersDelete, id); err != nil {
		return err
	}
	if err := checkLogin(MethodTenantUsersDelete, login); err != nil {
		return err
	}
	_, err := s.c.call(ctx, MethodTenantUsersDelete, account, tenantUserParams{ID: id, Login: login}, transport.RetryNever, nil, opts)
	return err
}

type backupListResult struct {
	answer
	Backup []Backup `json:"backup"`
}

func (r *backupListResult) missing(body []byte) string { return missingList(r.Backup, body, "backup") }

// Backups returns an application's backup copies (tenant/backup/list;
// fields: BTS).
func (s *TenantsService) Backups(ctx context.Context, account, id int64, opts ...CallOption) ([]Backup, error) {
	if err := checkTenant(MethodTenantBackupList, id); err != nil {
		return nil, err
	}
	var out backupListResult
	if _, err := s.c.call(ctx, MethodTenantBackupList, account, tenantIDParams{id}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Backup, nil
}
