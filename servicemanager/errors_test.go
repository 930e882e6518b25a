package servicemanager_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/internal/transport"
	sm "github.com/ruapi/ruapi-go/servicemanager"

	"github.com/ruapi/ruapi-go/internal/inputtest"
)

// An in-band code is checked with a typed constant (CodeOf) or, for the
// classes that have one, a sentinel with errors.Is: no strconv needed.
func TestCodeSentinelsAndCodeOf(t *testing.T) {
	cases := []struct {
		code sm.Code
		kind error
	}{
		{sm.CodeAlreadyExists, sm.ErrCodeAlreadyExists},
		{sm.CodeUnknownAttribute, sm.ErrCodeInvalidParams},
		{sm.CodeBadRequest, sm.ErrCodeInvalidParams},
		{sm.CodeNotFound, sm.ErrNotFound},
		{sm.CodeForbidden, sm.ErrForbidden},
		{sm.CodeUnauthorized, sm.ErrUnauthorized},
		{10500, nil},
	}
	kinds := []error{sm.ErrCodeAlreadyExists, sm.ErrCodeInvalidParams, sm.ErrNotFound, sm.ErrForbidden, sm.ErrUnauthorized}
	for _, tc := range cases {
		s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `{"general":{"response":%d,"error":true,"message":"m"}}`, int(tc.code))
		})
		err := s.client(t).Users.Create(context.Background(), 1010, sm.CreateUser{Login: "Nestor"})
		require.Error(t, err)
		code, ok := sm.CodeOf(err)
		require.True(t, ok, tc.code)
		assert.Equal(t, tc.code, code)
		var e *sm.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, tc.code.String(), e.Code, "Code.String is the text of Error.Code")
		for _, k := range kinds {
			assert.Equal(t, errors.Is(tc.kind, k), errors.Is(err, k), "%d is %v", tc.code, k)
		}
		assert.False(t, code.Success())
	}

	// No code: not an in-band error, or not the Service Manager's.
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
	})
	_, err := s.client(t, sm.WithRetry(sm.RetryPolicy{})).Users.List(context.Background(), 1010)
	require.ErrorIs(t, err, sm.ErrServer)
	_, ok := sm.CodeOf(err)
	assert.False(t, ok, "a 503 without a general block has no code")
	_, ok = sm.CodeOf(nil)
	assert.False(t, ok)
	_, ok = sm.CodeOf(sm.ErrInvalidArgument)
	assert.False(t, ok)
	_, ok = sm.CodeOf(&transport.Error{Service: "ati", Code: "10409"})
	assert.False(t, ok, "another package's numeric code is not a Service Manager code")
	_, ok = sm.CodeOf(fmt.Errorf("wrapped: %w", &sm.Error{Service: "servicemanager", Code: "10409"}))
	assert.True(t, ok)
}

func TestCodeValues(t *testing.T) {
	for _, c := range []sm.Code{sm.CodeOK, sm.CodeCreated, sm.CodeAccepted, sm.CodeOKWithWarnings} {
		assert.True(t, c.Success(), c)
	}
	assert.False(t, sm.Code(0).Success(), "no code is not success")
	assert.Equal(t, "10406", sm.CodeUnknownAttribute.String())
	assert.Equal(t, "10409", sm.CodeAlreadyExists.String())
	assert.Equal(t, sm.Code(10200), sm.CodeOK)
}

// The general block's code is typed, so it compares with the constants.
func TestGeneralResponseIsCode(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, okBody) })
	g, err := s.client(t).Call(context.Background(), "tenant/list", 1010, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, sm.CodeOK, g.Response)
}

// stub is an httptest server that answers with fn and counts requests.
type stub struct {
	*httptest.Server
	n    atomic.Int32
	last atomic.Value // []byte: the last request body
}

func newStub(t *testing.T, fn func(n int32, w http.ResponseWriter, r *http.Request)) *stub {
	t.Helper()
	s := &stub{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.last.Store(b)
		fn(s.n.Add(1), w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *stub) client(t *testing.T, opts ...sm.Option) *sm.Client {
	t.Helper()
	all := append([]sm.Option{
		sm.WithBasicAuth(testLogin, testPassword),
		sm.WithMethodInBody(), // the stub answers every path alike: no version discovery
		sm.WithRetry(sm.RetryPolicy{MaxRetries: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond, MaxRetryAfter: 2 * time.Second}),
	}, opts...)
	c, err := sm.NewClient(s.URL+"/a/adm", all...)
	require.NoError(t, err)
	return c
}

const okBody = `{"user":[],"servants":[],"general":{"response":10200,"error":false,"message":"","version":19,"sm_version":"1.1.9.1","sm_timezone":"Europe/Moscow"}}`

func TestReadRetriedOn503(t *testing.T) {
	s := newStub(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, okBody)
	})
	_, err := s.client(t).Users.List(context.Background(), 1010)
	require.NoError(t, err)
	assert.Equal(t, int32(2), s.n.Load())
}

func TestChangeNotRetriedOn503(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
	})
	c := s.client(t)
	ctx := context.Background()
	changes := map[string]func() error{
		"set_role":    func() error { return c.Users.SetRole(ctx, 1010, "Abramov", sm.RoleUser) },
		"create":      func() error { return c.Users.Create(ctx, 1010, sm.CreateUser{Login: "X", Password: "p"}) },
		"add":         func() error { return c.Users.Add(ctx, 1010, sm.AddUser{Login: "X"}) },
		"delete":      func() error { return c.Users.Delete(ctx, 1010, "X") },
		"update_info": func() error { return c.Accounts.UpdateInfo(ctx, 1010, sm.AccountUpdate{Name: "n"}) },
		"attached":    func() error { return c.Accounts.UpdateAttachedInfo(ctx, 1010, sm.AttachedInfo{}) },
		"call": func() error {
			_, err := c.Call(ctx, "tenant/create", 1010, nil, nil)
			return err
		},
	}
	for name, fn := range changes {
		before := s.n.Load()
		err := fn()
		require.ErrorIs(t, err, sm.ErrServer, name)
		assert.Equal(t, before+1, s.n.Load(), "%s must be sent once", name)
	}
}

func TestRateLimitedRetryAfter(t *testing.T) {
	s := newStub(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = io.WriteString(w, okBody)
	})
	_, err := s.client(t).Servants.List(context.Background(), 1010)
	require.NoError(t, err)
	assert.Equal(t, int32(2), s.n.Load())

	// A Retry-After above the cap fails at once with RetryAfter set.
	s2 := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	_, err = s2.client(t).Servants.List(context.Background(), 1010)
	require.ErrorIs(t, err, sm.ErrRateLimited)
	var e *sm.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 120*time.Second, e.RetryAfter)
	assert.Equal(t, int32(1), s2.n.Load())
}

func TestInBandErrors(t *testing.T) {
	cases := []struct {
		body string
		code string
		kind error
		msg  string
	}{
		{`{"general":{"response":10404,"error":true,"message":"Абонент не найден"}}`, "10404", sm.ErrNotFound, "Абонент не найден"},
		{`{"general":{"response":10406,"error":true,"message":"Свойство 'ИНН' не найдено."}}`, "10406", sm.ErrCodeInvalidParams, "Свойство 'ИНН' не найдено."},
		{`{"general":{"response":10500,"error":false,"message":"внутренняя ошибка"}}`, "10500", nil, "внутренняя ошибка"},
		{`{"general":{"error":true,"message":"без кода"}}`, "", nil, "без кода"},
		{`{"general":{"response":10403,"error":true,"message":"нет прав"}}`, "10403", sm.ErrForbidden, "нет прав"},
		{`{"general":{"response":10401,"error":true,"message":"auth"}}`, "10401", sm.ErrUnauthorized, "auth"},
	}
	for _, tc := range cases {
		s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, tc.body) })
		_, err := s.client(t).Accounts.Info(context.Background(), 1010)
		var e *sm.Error
		require.ErrorAs(t, err, &e, tc.body)
		assert.Equal(t, tc.code, e.Code)
		assert.Equal(t, tc.msg, e.Message)
		assert.Equal(t, "account/info", e.Operation)
		assert.Equal(t, 200, e.StatusCode)
		assert.Equal(t, int32(1), s.n.Load(), "an in-band error is not retried")
		if tc.kind != nil {
			assert.ErrorIs(t, err, tc.kind)
		}
		assert.NotErrorIs(t, err, sm.ErrDecode)
		assert.JSONEq(t, tc.body, fmt.Sprintf(`{"general":%s}`, e.Details))
	}
}

func TestSuccessCodes(t *testing.T) {
	for _, code := range []int{10200, 10201, 10202, 10240} {
		s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `{"general":{"response":%d,"error":false,"message":""}}`, code)
		})
		g, err := s.client(t).Call(context.Background(), "tenant/backup/create", 1010, map[string]int{"id": 1}, nil)
		require.NoError(t, err, code)
		assert.Equal(t, sm.Code(code), g.Response)
	}
}

func TestUndecodableBodies(t *testing.T) {
	bodies := map[string]string{
		"truncated": `{"user":[{"login":"Abr`,
		"html":      "<html><body>Service Manager is updating</body></html>",
		"shape":     `{"user":{"login":1}}`,
	}
	for name, body := range bodies {
		s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, body) })
		_, err := s.client(t).Users.List(context.Background(), 1010)
		require.ErrorIs(t, err, sm.ErrDecode, name)
		assert.Equal(t, int32(1), s.n.Load())
	}
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {})
	_, err := s.client(t).Users.List(context.Background(), 1010)
	require.ErrorIs(t, err, sm.ErrDecode)
	// Issue 11: a 2xx without the general block is not a success, even for a
	// change that returns nothing else (it used to be).
	require.ErrorIs(t, s.client(t).Users.Delete(context.Background(), 1010, "x"), sm.ErrDecode, "an empty 200 to a change is no answer")
}

func TestNon200WithGeneral(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, `{"general":{"response":10500,"error":true,"message":"Ошибка выполнения"}}`)
	})
	err := s.client(t, sm.WithRetry(sm.RetryPolicy{})).Users.Delete(context.Background(), 1010, "x")
	require.ErrorIs(t, err, sm.ErrServer)
	var e *sm.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "10500", e.Code)
	assert.Equal(t, "Ошибка выполнения", e.Message)
}

func TestPasswordNeverInErrors(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"general":{"response":10400,"error":true,"message":"Пароль 's3cret-pw' слишком простой"}}`)
	})
	err := s.client(t).Users.Create(context.Background(), 1010, sm.CreateUser{Login: "N", Password: "s3cret-pw"})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret-pw")
	var e *sm.Error
	require.ErrorAs(t, err, &e)
	assert.NotContains(t, string(e.Details), "s3cret-pw")
	// The password did go over the wire.
	assert.Contains(t, string(s.last.Load().([]byte)), `"password":"s3cret-pw"`)
}

func TestBearerAndEnvelope(t *testing.T) {
	var auth atomic.Value
	s := newStub(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		auth.Store(r.Header.Get("Authorization") + " " + r.URL.Path)
		_, _ = io.WriteString(w, okBody)
	})
	c, err := sm.NewClient(s.URL+"/a/adm", sm.WithBearerToken("test-token-not-real"), sm.WithMethodInBody())
	require.NoError(t, err)
	var raw json.RawMessage
	_, err = c.CallReadOnly(context.Background(), "tenant/list", 0, struct {
		Filter string `json:"filter"`
	}{"x"}, &raw)
	require.NoError(t, err)
	assert.Equal(t, "Bearer test-token-not-real /a/adm/hs/ext_api/execute", auth.Load())
	assert.JSONEq(t, `{"general":{"type":"usr","method":"tenant/list"},"filter":"x"}`, string(s.last.Load().([]byte)))
	assert.JSONEq(t, okBody, string(raw))
}

func TestInvalidArguments(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, okBody) })
	c := s.client(t)
	ctx := context.Background()
	inputtest.Refused(t, sm.ErrInvalidArgument, "servicemanager: ", map[string]error{
		"account/info":              inputtest.Err(c.Accounts.Info(ctx, 0)),
		"users/info":                inputtest.Err(c.Users.Info(ctx, 1010, "")),
		"users/delete":              c.Users.Delete(ctx, 1010, " "),
		"users/set_role":            c.Users.SetRole(ctx, 1010, "a", ""),
		"users/session":             c.Users.SetSessionRestriction(ctx, 1010, "a", -1),
		"users/add":                 c.Users.Add(ctx, 1010, sm.AddUser{}),
		"users/create":              c.Users.Create(ctx, 1010, sm.CreateUser{}),
		"tariff selection":          inputtest.Err(c.Servants.TariffSelectionPage(ctx, 1010, 0)),
		"servant tariff no id":      inputtest.Err(c.ServantTariffs.Info(ctx, 1010, sm.ServantTariffRef{Servant: 1000})),
		"servant tariff no servant": inputtest.Err(c.ServantTariffs.Info(ctx, 1010, sm.ServantTariffRef{ID: "099"})),
		"servant tariff negative":   inputtest.Err(c.ServantTariffs.Info(ctx, 1010, sm.ServantTariffRef{Servant: -1000, ID: "099"})),
		"servant tariffs list":      inputtest.Err(c.ServantTariffs.List(ctx, 1010, -5, nil)),
		"call ../etc":               inputtest.Err(c.Call(ctx, "../etc", 1, nil, nil)),
		"call empty":                inputtest.Err(c.Call(ctx, "", 1, nil, nil)),
		"call negative account":     inputtest.Err(c.Call(ctx, "tenant/list", -2, nil, nil)),
		"call params not object":    inputtest.Err(c.Call(ctx, "tenant/list", 1, []int{1}, nil)),
		"call params general":       inputtest.Err(c.Call(ctx, "tenant/list", 1, map[string]any{"general": 1}, nil)),
	})
	assert.Equal(t, int32(0), s.n.Load(), "nothing is sent")
}

func TestNewClientValidation(t *testing.T) {
	_, err := sm.NewClient("")
	require.ErrorIs(t, err, sm.ErrInvalidArgument, "credentials are required")
	c, err := sm.NewClient("", sm.WithBasicAuth("u", "p"))
	require.NoError(t, err)
	assert.Equal(t, sm.DefaultBaseURL, c.BaseURL())
	for _, o := range []sm.Option{
		sm.WithBaseURL("ftp://x"), sm.WithBasicAuth("", "p"), sm.WithBasicAuth("a:b", "p"), sm.WithBearerToken(""),
		sm.WithInterfaceVersion(0), sm.WithTimeout(0), sm.WithHTTPClient(nil), sm.WithUserAgent("a\nb"),
		sm.WithRetry(sm.RetryPolicy{MaxRetries: -1}),
	} {
		_, err := sm.NewClient("", sm.WithBasicAuth("u", "p"), o)
		assert.Error(t, err)
	}
	_, err = sm.NewClient("https://user:pw@example.com/a/adm", sm.WithBasicAuth("u", "p"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "pw@")
	_, err = sm.NewClient("", sm.WithBasicAuth("u", "p"), sm.WithLogger(nil), sm.WithUserAgent("x/1"),
		sm.WithTimeout(time.Second), sm.WithBaseURL("http://127.0.0.1:1/a/adm"), nil)
	require.NoError(t, err)
}

func TestContextCanceled(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, okBody) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.client(t).Users.List(ctx, 1010)
	require.True(t, errors.Is(err, context.Canceled), "%v", err)
}

func TestStatusSentinels(t *testing.T) {
	cases := map[int]error{401: sm.ErrUnauthorized, 402: sm.ErrPaymentRequired, 403: sm.ErrForbidden, 404: sm.ErrNotFound,
		429: sm.ErrRateLimited, 500: sm.ErrServer, 502: sm.ErrServer, 503: sm.ErrServer, 504: sm.ErrServer}
	for status, kind := range cases {
		s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, "<html><body><h1>Ошибка</h1>"+strings.Repeat("x", 5000)+"</body></html>")
		})
		_, err := s.client(t, sm.WithRetry(sm.RetryPolicy{})).Accounts.Info(context.Background(), 1010)
		require.ErrorIs(t, err, kind, status)
		var e *sm.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, status, e.StatusCode)
		assert.Equal(t, "account/info", e.Operation)
		assert.Less(t, len(e.Message), 1000, "only a short excerpt of the body")
		assert.NotContains(t, err.Error(), testPassword)
	}
}

func TestLoggerRedacts(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, "bad request for "+testPassword)
	})
	var buf strings.Builder
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	err := s.client(t, sm.WithLogger(logger)).Users.Create(context.Background(), 1010, sm.CreateUser{Login: "N", Password: "pw-secret-1"})
	require.Error(t, err)
	assert.NotEmpty(t, buf.String())
	for _, secret := range []string{testPassword, "pw-secret-1"} {
		assert.NotContains(t, buf.String(), secret)
		assert.NotContains(t, err.Error(), secret)
	}
}
