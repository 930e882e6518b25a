package servicemanager_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// TestCredentialShape: a bearer token given in the shape of a header value
// ("Bearer abc") would only earn a bare 401: NewClient refuses it with a
// hint, without quoting the secret.
func TestCredentialShape(t *testing.T) {
	const secret = "test-secret-not-real"
	for name, tc := range map[string]struct {
		token, hint string
	}{
		"bearer prefix":   {"Bearer " + secret, `starts with "Bearer "`},
		"basic as bearer": {"Basic " + secret, `starts with "Basic "`},
		"space inside":    {secret + " x", "space"},
	} {
		c, err := sm.NewClient("", sm.WithBearerToken(tc.token))
		assert.Nil(t, c, name)
		require.ErrorIs(t, err, sm.ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), tc.hint, name)
		assert.NotContains(t, err.Error(), secret, name)
	}
	// What is right stays right: a plain token, a login and a password
	// with spaces and colons.
	for name, opt := range map[string]sm.Option{
		"bearer": sm.WithBearerToken(secret),
		"basic":  sm.WithBasicAuth("Иван Петров", "a:b "+secret),
	} {
		_, err := sm.NewClient("", opt)
		assert.NoError(t, err, name)
	}
}

// With the method in the body every request is POST .../execute: the debug
// log names each record's operation, and an in-band failure (HTTP 200, an
// error code in the general block), which the transport logs as a plain
// 200, gets a record with its operation, status and code.
func TestLogNamesOperationAndInBandCode(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"general":{"response":10404,"error":true,"message":"no such account"}}`)
	}))
	defer srv.Close()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := sm.NewClient(srv.URL, sm.WithBasicAuth("svc", "test-password-not-real"),
		sm.WithMethodInBody(), sm.WithLogger(log))
	require.NoError(t, err)
	_, err = c.Accounts.Info(context.Background(), 7)
	require.ErrorIs(t, err, sm.ErrNotFound)

	var records []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		var rec map[string]any
		require.NoError(t, json.Unmarshal(line, &rec))
		records = append(records, rec)
	}
	require.NotEmpty(t, records)
	var inBand map[string]any
	for _, rec := range records {
		assert.Equal(t, "account/info", rec["operation"], "%v", rec)
		if rec["msg"] == "in-band error" {
			inBand = rec
		}
	}
	require.NotNil(t, inBand, "an in-band error record: %s", buf.String())
	assert.Equal(t, "10404", inBand["code"])
	assert.EqualValues(t, 200, inBand["status"])
	assert.Contains(t, inBand["error"], "no such account")
	assert.NotContains(t, buf.String(), "test-password-not-real")
}

// A params member named "general" or "auth" in another case (or spelled
// with escapes) is refused too: a server that matches member names without
// case — encoding/json does, so does a 1C Структура — takes the last of two
// same-named blocks, so {"auth":{"account":5},"AUTH":{"account":1}} would run
// the call for subscriber 1.
func TestParamsCannotSmuggleReservedBlockInAnotherCase(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, okBody) })
	c := s.client(t)

	// What a case-folding server makes of such a body.
	var seen struct {
		Auth struct{ Account int64 } `json:"auth"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"auth":{"account":5},"AUTH":{"account":1}}`), &seen))
	require.Equal(t, int64(1), seen.Auth.Account, "the smuggled block wins")

	for name, params := range map[string]any{
		"map General":    map[string]any{"General": map[string]any{"type": "srv", "method": "account/delete"}},
		"map AUTH":       map[string]any{"AUTH": map[string]any{"account": 1}},
		"struct field":   struct{ Auth struct{ Account int64 } }{},
		"escaped, cased": json.RawMessage(`{"Gen\u0065ral":{}}`),
		"escaped Auth":   json.RawMessage(`{"\u0041uth":{"account":1}}`),
		"after a string": json.RawMessage(`{"x":"a\"b","aUtH":1}`),
	} {
		_, err := c.Call(context.Background(), "tenant/list", 5, params, nil)
		require.ErrorIs(t, err, sm.ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), "servicemanager: tenant/list: params must not set", name)
	}
	assert.Equal(t, int32(0), s.n.Load(), "nothing is sent")

	// Members that only contain the words are fine.
	_, err := c.Call(context.Background(), "tenant/list", 5, map[string]any{"authx": 1, "general_id": 2, "x": map[string]any{"AUTH": 1}}, nil)
	require.NoError(t, err)
}

// A result Call cannot decode into (not a pointer, or a nil one) is refused
// before sending: it was sent, so a tenant/create made an application, and
// then its answer was thrown away as ErrDecode, with no general block.
func TestCallResultMustBePointer(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"general":{"response":10200},"tenant":{"id":7}}`)
	})
	c := s.client(t)
	var out struct{ Tenant struct{ ID int64 } }
	var nilPtr *struct{}
	for _, o := range []any{out, nilPtr, 5, map[string]any{}} {
		_, err := c.Call(context.Background(), "tenant/create", 5, nil, o)
		require.ErrorIs(t, err, sm.ErrInvalidArgument, "%T", o)
		assert.Contains(t, err.Error(), "servicemanager: tenant/create: result ")
		_, err = c.CallReadOnly(context.Background(), "tenant/list", 5, nil, o)
		require.ErrorIs(t, err, sm.ErrInvalidArgument, "%T", o)
		_, err = c.CallUntilDone(context.Background(), "tenant/get_demo", 5, nil, o, sm.Poll{})
		require.ErrorIs(t, err, sm.ErrInvalidArgument, "%T", o)
	}
	assert.Equal(t, int32(0), s.n.Load(), "nothing is sent")

	g, err := c.Call(context.Background(), "tenant/create", 5, nil, &out)
	require.NoError(t, err)
	assert.Equal(t, sm.CodeOK, g.Response)
	assert.Equal(t, int64(7), out.Tenant.ID)
}

// A Password in Call's params is scrubbed from errors and logs wherever it
// sits, not only under a secret-sounding member name: the body is sent
// pre-encoded, so the transport only saw member names, and a *Password, a
// []Password or a Password under "p" came back in clear in an echoed error.
func TestCallParamsPasswordScrubbedUnderAnyName(t *testing.T) {
	var s *stub
	s = newStub(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		b := s.last.Load().([]byte)
		if n%2 == 1 {
			fmt.Fprintf(w, `{"general":{"response":10400,"error":true,"message":%q}}`, string(b))
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write(b)
	})
	var logs strings.Builder
	c := s.client(t, sm.WithRetry(sm.RetryPolicy{}),
		sm.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	p := sm.Password("s3cr3t-ptr")
	for _, params := range []any{
		struct {
			P *sm.Password `json:"p"`
		}{&p},
		map[string]any{"list": []sm.Password{"s3cr3t-list"}},
		map[string]any{"x": sm.Password("s3cr3t-x")},
	} {
		for range 2 { // in-band, then HTTP 400
			_, err := c.Call(context.Background(), "x/y", 5, params, nil)
			require.Error(t, err)
			var e *sm.Error
			require.ErrorAs(t, err, &e)
			for _, secret := range []string{"s3cr3t-ptr", "s3cr3t-list", "s3cr3t-x"} {
				assert.NotContains(t, err.Error(), secret)
				assert.NotContains(t, string(e.Details), secret)
				assert.NotContains(t, e.Message, secret)
			}
		}
	}
	assert.Contains(t, err2str(s.last.Load()), "s3cr3t-x", "sent as is")
	for _, secret := range []string{"s3cr3t-ptr", "s3cr3t-list", "s3cr3t-x"} {
		assert.NotContains(t, logs.String(), secret)
	}
}

func err2str(v any) string { b, _ := v.([]byte); return string(b) }

// A server or proxy that echoes a password with JSON escapes (\u043f...,
// \/) in the general block does not leak it through Error.Details: the
// message was scrubbed, the raw block beside it was not.
func TestEscapedPasswordEchoScrubbedFromDetails(t *testing.T) {
	const pw = "пароль-Секрет/1<"
	for _, status := range []int{http.StatusOK, http.StatusBadRequest} {
		s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
			esc := strings.ReplaceAll(strconv.QuoteToASCII(pw), "/", `\/`) // "\u043f...\/1<"
			w.WriteHeader(status)
			_, _ = io.WriteString(w, `{"general":{"response":10400,"error":true,"message":"bad password `+esc[1:len(esc)-1]+`"}}`)
		})
		c := s.client(t, sm.WithRetry(sm.RetryPolicy{}))
		err := c.Users.Create(context.Background(), 1010, sm.CreateUser{Login: "N", Password: pw})
		var e *sm.Error
		require.ErrorAs(t, err, &e)
		require.ErrorIs(t, err, sm.ErrCodeInvalidParams)
		assert.Equal(t, "bad password [REDACTED]", e.Message, status)
		var g sm.General
		require.NoError(t, json.Unmarshal(e.Details, &g), "%s", e.Details)
		assert.Equal(t, "bad password [REDACTED]", g.Message, status)
		assert.Equal(t, sm.CodeBadRequest, g.Response)
		assert.NotContains(t, string(e.Details), `\u043f`)
	}
}

// CallUntilDone's result holds the final answer only, not members left over
// from a 10202 answer before it (json.Unmarshal merges into a struct).
func TestCallUntilDoneResultIsFinalAnswerOnly(t *testing.T) {
	s := newStub(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			_, _ = io.WriteString(w, `{"general":{"response":10202},"tenant":{"id":5,"status":"prepare","url":"https://tmp/x"},"note":"wait"}`)
			return
		}
		_, _ = io.WriteString(w, `{"general":{"response":10200},"tenant":{"id":5,"status":"used"}}`)
	})
	var out struct {
		Tenant struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
			URL    string `json:"url"`
		} `json:"tenant"`
		Note string `json:"note"`
	}
	g, err := s.client(t).CallUntilDone(context.Background(), sm.MethodTenantGetDemo, 5, nil, &out, sm.Poll{Interval: time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, sm.CodeOK, g.Response)
	assert.Equal(t, int32(2), s.n.Load())
	assert.Equal(t, int64(5), out.Tenant.ID)
	assert.Equal(t, "used", out.Tenant.Status)
	assert.Empty(t, out.Tenant.URL, "left over from the 10202 answer")
	assert.Empty(t, out.Note, "left over from the 10202 answer")
}

// No method string reaches another path in the URL form: dots, escapes,
// empty segments, Cyrillic look-alikes, a query, a fragment or a trailing
// newline are refused before anything is sent. (Checked fine; kept as a
// guard.)
func TestURLFormMethodCannotLeaveExecute(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, okBody) })
	c := s.client(t)
	u, err := sm.NewClient(s.URL+"/a/adm", sm.WithBasicAuth(testLogin, testPassword), sm.WithMethodInURL())
	require.NoError(t, err)
	for _, m := range []string{"..", "../version", "tenant/../../version", "%2e%2e/version", "tenant//list", "/tenant/list",
		"tenant/list/", "\u0430ccount/list", "tenant/list?x=1", "tenant/list#x", "tenant/list\n", "tenant\\list", "tenant/list ", ""} {
		for _, cl := range []*sm.Client{c, u} {
			_, err := cl.Call(context.Background(), m, 5, nil, nil)
			require.ErrorIs(t, err, sm.ErrInvalidArgument, "%q", m)
		}
	}
	assert.Equal(t, int32(0), s.n.Load(), "nothing is sent")
}

// A login pasted as "login:password" is refused without quoting it.
func TestBasicLoginWithColonNotQuoted(t *testing.T) {
	_, err := sm.NewClient("https://sm.example.test/sm", sm.WithBasicAuth("admin:hunter2-not-real", "pw"))
	if !errors.Is(err, sm.ErrInvalidArgument) {
		t.Fatalf("err = %v, want ErrInvalidArgument", err)
	}
	if strings.Contains(err.Error(), "hunter2-not-real") {
		t.Fatalf("error quotes the password after the colon: %v", err)
	}
}

// A base URL copied from 1C's documentation (the ext_api address rather than
// the publication) is reduced to the publication: the request goes to exactly
// /<publication>/hs/ext_api/execute, never .../execute/hs/ext_api/execute.
func TestBaseURLWithExtAPISuffix(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := newStub(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/version") {
			_, _ = io.WriteString(w, `{"version":19,"sm_version":"1.1.9.1","sm_timezone":"Europe/Moscow"}`)
			return
		}
		_, _ = io.WriteString(w, okBody)
	})
	pub := srv.URL + "/a/adm"
	check := func(c *sm.Client, what string) {
		t.Helper()
		assert.Equal(t, pub, c.BaseURL(), what)
		mu.Lock()
		paths = nil
		mu.Unlock()
		_, err := c.Users.List(context.Background(), 1010)
		require.NoError(t, err, what)
		_, err = c.Version(context.Background())
		require.NoError(t, err, what)
		mu.Lock()
		assert.Equal(t, []string{"/a/adm/hs/ext_api/execute", "/a/adm/hs/ext_api/version"}, paths, what)
		mu.Unlock()
	}
	for _, suffix := range []string{
		"", "/", "/hs/ext_api/execute", "/hs/ext_api/execute/", "/hs/ext_api", "/hs/ext_api/", "/hs/ext_api/version",
		"/hs/ext_api/version/", "/HS/EXT_API/EXECUTE", "/Hs/Ext_Api", "/hs/ext_api/execute//",
	} {
		c, err := sm.NewClient(pub+suffix, sm.WithBasicAuth(testLogin, testPassword), sm.WithMethodInBody())
		require.NoError(t, err, suffix)
		check(c, "NewClient "+suffix)
		c, err = sm.NewClient("", sm.WithBasicAuth(testLogin, testPassword), sm.WithBaseURL(pub+suffix), sm.WithMethodInBody())
		require.NoError(t, err, suffix)
		check(c, "WithBaseURL "+suffix)
	}
	// Blanks around the URL: accepted as the publication or refused as not a
	// URL, never kept in the path.
	for _, base := range []string{pub + "/hs/ext_api/execute  ", pub + "/hs/ext_api/execute\n", "  " + pub + "/hs/ext_api/execute"} {
		for _, how := range []string{"NewClient", "WithBaseURL"} {
			var c *sm.Client
			var err error
			if how == "NewClient" {
				c, err = sm.NewClient(base, sm.WithBasicAuth(testLogin, testPassword), sm.WithMethodInBody())
			} else {
				c, err = sm.NewClient("", sm.WithBasicAuth(testLogin, testPassword), sm.WithBaseURL(base), sm.WithMethodInBody())
			}
			if err != nil {
				assert.True(t, strings.HasPrefix(err.Error(), "servicemanager: "), err.Error())
				continue
			}
			check(c, fmt.Sprintf("%s %q", how, base))
		}
	}
	// A host that happens to be called "hs" is not a path suffix.
	c, err := sm.NewClient("https://hs/ext_api", sm.WithBasicAuth("u", "p"))
	require.NoError(t, err)
	assert.Equal(t, "https://hs/ext_api", c.BaseURL())
	// Escapes in the publication's path are kept.
	c, err = sm.NewClient("https://sm.example.com/a%20b/adm/hs/ext_api/execute", sm.WithBasicAuth("u", "p"))
	require.NoError(t, err)
	assert.Equal(t, "https://sm.example.com/a%20b/adm", c.BaseURL())

	// With the method in the URL the suffix is not doubled either.
	c, err = sm.NewClient(pub+"/hs/ext_api/execute", sm.WithBasicAuth(testLogin, testPassword), sm.WithMethodInURL())
	require.NoError(t, err)
	mu.Lock()
	paths = nil
	mu.Unlock()
	_, err = c.Users.List(context.Background(), 1010)
	require.NoError(t, err)
	assert.Equal(t, []string{"/a/adm/hs/ext_api/execute/usr/account/users/list"}, paths)
}

// Any other address inside a publication's HTTP services (/hs/...) is
// refused with a message that says what to pass.
func TestBaseURLInsideHTTPServicesRefused(t *testing.T) {
	for _, base := range []string{
		"https://1cfresh.com/a/adm/hs/ext_api/execute/usr/account/list",
		"https://1cfresh.com/a/adm/hs/ext_api/execute/usr",
		"https://1cfresh.com/a/adm/hs/dt",
		"https://1cfresh.com/a/adm/HS/",
	} {
		_, err := sm.NewClient(base, sm.WithBasicAuth("u", "p"))
		require.ErrorIs(t, err, sm.ErrInvalidArgument, base)
		assert.True(t, strings.HasPrefix(err.Error(), "servicemanager: "), err.Error())
		assert.Contains(t, err.Error(), "https://1cfresh.com/a/adm", "the message shows what to pass")
		_, err = sm.NewClient("", sm.WithBasicAuth("u", "p"), sm.WithBaseURL(base))
		require.ErrorIs(t, err, sm.ErrInvalidArgument, base)
	}
	// A publication whose name merely contains "hs" is fine.
	c, err := sm.NewClient("https://sm.example.com/hsm/adm", sm.WithBasicAuth("u", "p"))
	require.NoError(t, err)
	assert.Equal(t, "https://sm.example.com/hsm/adm", c.BaseURL())
}

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
