package servicemanager

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// UsersService holds the methods on a subscriber's users (account/users/*).
type UsersService struct{ c *Client }

// User is a user of a subscriber.
type User struct {
	// Login is the user's login.
	Login string `json:"login"`
	// Name is the user's full name.
	Name string `json:"name,omitempty"`
	// Email is the user's e-mail address.
	Email string `json:"email,omitempty"`
	// Role is the user's role in the subscriber.
	Role Role `json:"role,omitempty"`
	// SessionRestriction is the number of sessions allowed (0 = unlimited).
	SessionRestriction int `json:"session_restriction"`
	// IsTemporary is true for a user with temporary access only.
	IsTemporary bool `json:"is_temporary"`
	// Description describes the user (users/info only).
	Description string `json:"description,omitempty"`
	// Fields are the user's additional requisites (users/info only).
	Fields []Attribute `json:"fields,omitempty"`
}

// AddUser attaches an existing service user to a subscriber (account/users/add).
type AddUser struct {
	// Login is the existing user's login (required).
	Login string `json:"login"`
	// Role is the role in the subscriber.
	Role Role `json:"role,omitempty"`
	// Description describes the user.
	Description string `json:"description,omitempty"`
	// Force carries on despite warnings.
	Force bool `json:"force"`
	// Fields are additional requisites.
	Fields []Attribute `json:"fields,omitempty"`
}

// CreateUser creates a service user and attaches it to a subscriber
// (account/users/create).
type CreateUser struct {
	// Login is the new login (required).
	Login string `json:"login"`
	// Role is the role in the subscriber.
	Role Role `json:"role,omitempty"`
	// Password is sent as is but never printed.
	Password Password `json:"password,omitempty"`
	// Email is the user's e-mail address.
	Email string `json:"email,omitempty"`
	// EmailRequired says an e-mail address is given.
	EmailRequired bool `json:"email_required"`
	// Name is the user's full name.
	Name string `json:"name,omitempty"`
	// Phone is the user's phone.
	Phone string `json:"phone,omitempty"`
	// Timezone is the user's time zone ("Europe/Moscow").
	Timezone string `json:"timezone,omitempty"`
	// Description describes the user.
	Description string `json:"description,omitempty"`
	// Fields are additional requisites.
	Fields []Attribute `json:"fields,omitempty"`
}

type userListResult struct {
	answer
	User []User `json:"user"`
}

func (r *userListResult) missing(body []byte) string { return missingList(r.User, body, "user") }

type userResult struct {
	answer
	User *User `json:"user"`
}

func (r *userResult) missing(body []byte) string { return missingObject(r.User, "user") }

type loginParams struct {
	ID    int64  `json:"id"`
	Login string `json:"login"`
}

// List returns the subscriber's users (account/users/list).
func (s *UsersService) List(ctx context.Context, account int64, opts ...CallOption) ([]User, error) {
	var out userListResult
	if _, err := s.c.call(ctx, "account/users/list", account, idParams{ID: account}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.User, nil
}

// Info returns one user of the subscriber (account/users/info).
func (s *UsersService) Info(ctx context.Context, account int64, login string, opts ...CallOption) (*User, error) {
	const m = "account/users/info"
	if err := checkLogin(m, login); err != nil {
		return nil, err
	}
	var out userResult
	if _, err := s.c.call(ctx, m, account, loginParams{account, login}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.User, nil
}

// Add attaches an existing service user to the subscriber (account/users/add).
// On [ErrOutcomeUnknown] the login settles it: [UsersService.Info] by u.Login.
func (s *UsersService) Add(ctx context.Context, account int64, u AddUser, opts ...CallOption) error {
	const m = "account/users/add"
	if err := checkLogin(m, u.Login); err != nil {
		return err
	}
	params := struct {
		ID int64 `json:"id"`
		AddUser
	}{account, u}
	_, err := s.c.call(ctx, m, account, params, transport.RetryNever, nil, opts)
	return err
}

// Create creates a service user and attaches it to the subscriber
// (account/users/create). The password never appears in the returned error.
// On [ErrOutcomeUnknown] the login settles it: [UsersService.Info] by u.Login
// ([ErrNotFound]: not created, safe to create again).
func (s *UsersService) Create(ctx context.Context, account int64, u CreateUser, opts ...CallOption) error {
	const m = "account/users/create"
	if err := checkLogin(m, u.Login); err != nil {
		return err
	}
	params := struct {
		ID int64 `json:"id"`
		CreateUser
	}{account, u}
	// The transport finds the Password in params and scrubs it from errors.
	_, err := s.c.call(ctx, m, account, params, transport.RetryNever, nil, opts)
	return err
}

// Delete detaches a user from the subscriber; the service user itself is
// kept (account/users/delete).
func (s *UsersService) Delete(ctx context.Context, account int64, login string, opts ...CallOption) error {
	const m = "account/users/delete"
	if err := checkLogin(m, login); err != nil {
		return err
	}
	_, err := s.c.call(ctx, m, account, loginParams{account, login}, transport.RetryNever, nil, opts)
	return err
}

// SetRole sets a user's role in the subscriber (account/users/set_role).
func (s *UsersService) SetRole(ctx context.Context, account int64, login string, role Role, opts ...CallOption) error {
	const m = "account/users/set_role"
	if err := checkLogin(m, login); err != nil {
		return err
	}
	if role == "" {
		return fmt.Errorf("servicemanager: %s: role is empty: %w", m, ErrInvalidArgument)
	}
	params := struct {
		loginParams
		Role Role `json:"role"`
	}{loginParams{account, login}, role}
	_, err := s.c.call(ctx, m, account, params, transport.RetryNever, nil, opts)
	return err
}

// SetSessionRestriction sets how many sessions the user may run at once, 0
// meaning unlimited (account/users/set_session_restriction).
func (s *UsersService) SetSessionRestriction(ctx context.Context, account int64, login string, restriction int, opts ...CallOption) error {
	const m = "account/users/set_session_restriction"
	if err := checkLogin(m, login); err != nil {
		return err
	}
	if restriction < 0 {
		return fmt.Errorf("servicemanager: %s: restriction %d: %w", m, restriction, ErrInvalidArgument)
	}
	params := struct {
		loginParams
		Restriction int `json:"restriction"`
	}{loginParams{account, login}, restriction}
	_, err := s.c.call(ctx, m, account, params, transport.RetryNever, nil, opts)
	return err
}

// UpdateAttachedInfo writes a user's additional requisites
// (account/users/update_attached_info).
func (s *UsersService) UpdateAttachedInfo(ctx context.Context, account int64, login string, fields []Attribute, opts ...CallOption) error {
	const m = "account/users/update_attached_info"
	if err := checkLogin(m, login); err != nil {
		return err
	}
	params := struct {
		loginParams
		Fields []Attribute `json:"fields"`
	}{loginParams{account, login}, fields}
	if params.Fields == nil {
		params.Fields = []Attribute{}
	}
	_, err := s.c.call(ctx, m, account, params, transport.RetryNever, nil, opts)
	return err
}

// LogValue makes slog print the request without its password.
func (u CreateUser) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("login", u.Login), slog.String("role", string(u.Role)), slog.String("password", u.Password.String()),
		slog.String("email", u.Email), slog.String("name", u.Name),
	)
}
