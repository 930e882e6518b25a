package servicemanager_test

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// everyMethod calls each wrapped method (and the generic calls) once for
// subscriber account; the key is the ext_api method name.
func everyMethod(c *sm.Client, account int64) map[string]func(context.Context) error {
	return map[string]func(context.Context) error{
		"account/list": func(ctx context.Context) error { _, err := c.Accounts.List(ctx); return err },
		"account/info": func(ctx context.Context) error { _, err := c.Accounts.Info(ctx, account); return err },
		"account/update_info": func(ctx context.Context) error {
			return c.Accounts.UpdateInfo(ctx, account, sm.AccountUpdate{Name: "n"})
		},
		"account/servant_info": func(ctx context.Context) error {
			_, err := c.Accounts.ServantInfo(ctx, account) //nolint:staticcheck // still wrapped
			return err
		},
		"account/attached_info": func(ctx context.Context) error { _, err := c.Accounts.AttachedInfo(ctx, account); return err },
		"account/update_attached_info": func(ctx context.Context) error {
			return c.Accounts.UpdateAttachedInfo(ctx, account, sm.AttachedInfo{})
		},
		"account/users/list": func(ctx context.Context) error { _, err := c.Users.List(ctx, account); return err },
		"account/users/info": func(ctx context.Context) error { _, err := c.Users.Info(ctx, account, "Abramov"); return err },
		"account/users/add":  func(ctx context.Context) error { return c.Users.Add(ctx, account, sm.AddUser{Login: "Larionova"}) },
		"account/users/create": func(ctx context.Context) error {
			return c.Users.Create(ctx, account, sm.CreateUser{Login: "Nestor", Password: "w13p-3q"})
		},
		"account/users/delete":   func(ctx context.Context) error { return c.Users.Delete(ctx, account, "Abramov") },
		"account/users/set_role": func(ctx context.Context) error { return c.Users.SetRole(ctx, account, "Abramov", sm.RoleUser) },
		"account/users/set_session_restriction": func(ctx context.Context) error {
			return c.Users.SetSessionRestriction(ctx, account, "Abramov", 2)
		},
		"account/users/update_attached_info": func(ctx context.Context) error {
			return c.Users.UpdateAttachedInfo(ctx, account, "Abramov", nil)
		},
		"account/servants/list": func(ctx context.Context) error { _, err := c.Servants.List(ctx, account); return err },
		"account/servants/tariff_selection_page": func(ctx context.Context) error {
			_, err := c.Servants.TariffSelectionPage(ctx, account, 1000)
			return err
		},
		"account/servant_tariffs/info": func(ctx context.Context) error {
			_, err := c.ServantTariffs.Info(ctx, account, sm.ServantTariffRef{Servant: 1000, ID: "099"})
			return err
		},
		"account/servant_tariffs/list": func(ctx context.Context) error {
			_, err := c.ServantTariffs.List(ctx, account, 1000, nil)
			return err
		},
		"tenant/create": func(ctx context.Context) error { _, err := c.Call(ctx, "tenant/create", account, nil, nil); return err },
		"tenant/list": func(ctx context.Context) error {
			_, err := c.CallReadOnly(ctx, "tenant/list", account, nil, nil)
			return err
		},
	}
}

// A 2xx whose body has no usable general block is not a success, whatever the
// method: it is an ErrDecode *Error naming the status, request and method.
func TestSuccessNeedsGeneralBlock(t *testing.T) {
	bodies := map[string]string{
		"empty object":    `{}`,
		"empty body":      ``,
		"general null":    `{"general":null}`,
		"general no code": `{"general":{"error":false,"message":""}}`,
		"result only":     `{"user":[],"account":{"id":1010},"servants":[],"servant_tariff":[],"html":""}`,
	}
	for name, body := range bodies {
		s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, body) })
		c := s.client(t)
		for method, call := range everyMethod(c, 1010) {
			err := call(context.Background())
			require.ErrorIs(t, err, sm.ErrDecode, "%s: %s", name, method)
			var e *sm.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, http.StatusOK, e.StatusCode, method)
			assert.Equal(t, http.MethodPost, e.Method, method)
			assert.Equal(t, "/a/adm/hs/ext_api/execute", e.Path, method)
			assert.Equal(t, method, e.Operation)
		}
	}
}

// A single object the method returns must be in the answer: a success
// without it is a decode error, not an empty object.
func TestMissingResultMember(t *testing.T) {
	const general = `"general":{"response":10200,"error":false,"message":""}`
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{`+general+`}`)
	})
	c := s.client(t)
	ctx := context.Background()
	missing := map[string]func() error{
		"account/info": func() error { _, err := c.Accounts.Info(ctx, 1010); return err },
		"account/servant_info": func() error {
			_, err := c.Accounts.ServantInfo(ctx, 1010) //nolint:staticcheck // still wrapped
			return err
		},
		"account/users/info": func() error { _, err := c.Users.Info(ctx, 1010, "Abramov"); return err },
		"account/servant_tariffs/info": func() error {
			_, err := c.ServantTariffs.Info(ctx, 1010, sm.ServantTariffRef{Servant: 1000, ID: "099"})
			return err
		},
		"account/list":                 func() error { _, err := c.Accounts.List(ctx); return err },
		"account/users/list":           func() error { _, err := c.Users.List(ctx, 1010); return err },
		"account/servants/list":        func() error { _, err := c.Servants.List(ctx, 1010); return err },
		"account/servant_tariffs/list": func() error { _, err := c.ServantTariffs.List(ctx, 1010, 1000, nil); return err },
	}
	for method, call := range missing {
		err := call()
		require.ErrorIs(t, err, sm.ErrDecode, method)
		var e *sm.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, method, e.Operation)
		assert.Contains(t, e.Error(), "no ", method)
	}

	// null in place of the object is no object either; null in place of a
	// list is an empty list.
	s2 := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"account":null,"user":null,`+general+`}`)
	})
	c2 := s2.client(t)
	_, err := c2.Accounts.Info(ctx, 1010)
	require.ErrorIs(t, err, sm.ErrDecode)
	_, err = c2.Users.Info(ctx, 1010, "Abramov")
	require.ErrorIs(t, err, sm.ErrDecode)
	users, err := c2.Users.List(ctx, 1010)
	require.NoError(t, err)
	assert.Empty(t, users)

	// Members the seed marks optional stay optional.
	_, err = c.Accounts.AttachedInfo(ctx, 1010)
	require.NoError(t, err)
	_, err = c.Servants.TariffSelectionPage(ctx, 1010, 1000)
	require.NoError(t, err)
}

// /hs/ext_api/version without "version" is not version 0.
func TestVersionNeedsVersion(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, `{}`) })
	_, err := s.client(t).Version(context.Background())
	require.ErrorIs(t, err, sm.ErrDecode)
	var e *sm.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "/a/adm/hs/ext_api/version", e.Path)
}

// Every negative account, -1 included, is refused before anything is sent,
// by every method and by Call and CallReadOnly; none is sent without an auth
// block. (account/list takes no account.)
func TestNegativeAccountRefused(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, okBody) })
	c := s.client(t)
	for _, account := range []int64{-1, -2, math.MinInt64} {
		for method, call := range everyMethod(c, account) {
			if method == "account/list" {
				continue
			}
			err := call(context.Background())
			require.ErrorIs(t, err, sm.ErrInvalidArgument, "%s %d", method, account)
			assert.True(t, strings.HasPrefix(err.Error(), "servicemanager: "), err.Error())
			assert.Contains(t, err.Error(), fmt.Sprintf("account %d", account))
		}
	}
	assert.Equal(t, int32(0), s.n.Load(), "nothing is sent")

	// 0 in the generic calls still means "no auth block".
	_, err := c.Call(context.Background(), "tenant/list", 0, nil, nil)
	require.NoError(t, err)
	assert.JSONEq(t, `{"general":{"type":"usr","method":"tenant/list"}}`, string(s.last.Load().([]byte)))
}
