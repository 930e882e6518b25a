package servicemanager_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sm "github.com/ruapi/ruapi-go/servicemanager"
)

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

// Callers that arrive while a discovery is in flight share its outcome, a
// failure included: a server that is down gets one version request per burst
// (not one per waiting caller, each after the other, the last caller waiting
// for all of them), every caller gets the error, and the next call asks again.
func TestVersionFailureSharedByWaiters(t *testing.T) {
	release := make(chan struct{})
	var versions atomic.Int32
	s := newStub(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		versions.Add(1)
		<-release
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	c, err := sm.NewClient(s.URL+"/a/adm", sm.WithBasicAuth(testLogin, testPassword), sm.WithRetry(sm.RetryPolicy{}))
	require.NoError(t, err)
	const n = 8
	errs := make(chan error, n)
	for range n {
		go func() { _, err := c.ServerVersion(context.Background()); errs <- err }()
	}
	time.Sleep(50 * time.Millisecond) // let every caller arrive
	close(release)
	for range n {
		require.ErrorIs(t, <-errs, sm.ErrServer)
	}
	assert.Equal(t, int32(1), versions.Load(), "one request for the burst")
	_, err = c.ServerVersion(context.Background())
	require.ErrorIs(t, err, sm.ErrServer)
	assert.Equal(t, int32(2), versions.Load(), "a failure is not kept")
}

// A caller whose context ends during the discovery it started does not hand
// its context's error to the callers waiting for it: one of them asks again.
func TestVersionCanceledFirstCallerDoesNotPoisonOthers(t *testing.T) {
	first := make(chan struct{})
	var versions atomic.Int32
	s := newStub(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		if versions.Add(1) == 1 {
			close(first)
			<-r.Context().Done() // the first caller gives up
			return
		}
		_, _ = io.WriteString(w, `{"version":19}`)
	})
	c, err := sm.NewClient(s.URL+"/a/adm", sm.WithBasicAuth(testLogin, testPassword), sm.WithRetry(sm.RetryPolicy{}))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	firstErr := make(chan error, 1)
	go func() { _, err := c.ServerVersion(ctx); firstErr <- err }()
	<-first
	const n = 4
	got := make(chan error, n)
	for range n {
		go func() {
			v, err := c.ServerVersion(context.Background())
			if err == nil && v != 19 {
				err = fmt.Errorf("version %d", v)
			}
			got <- err
		}()
	}
	time.Sleep(30 * time.Millisecond)
	cancel()
	require.ErrorIs(t, <-firstErr, context.Canceled)
	for range n {
		require.NoError(t, <-got)
	}
	assert.Equal(t, int32(2), versions.Load())
}

// Money is sent only as a JSON number: an Amount holding other JSON (an
// object, a string, true) was sent as is in a money field, and one holding
// text that is not JSON ("12,50") failed without ErrInvalidArgument. Both
// are refused before sending, like params that cannot be encoded at all.
func TestAmountSentOnlyAsNumber(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"general":{"response":10200},"id":"1"}`)
	})
	c := s.client(t)
	for _, a := range []sm.Amount{`{"x":1}`, `"1500"`, `true`, `[1]`, `12,50`, `1500 руб`, ` 1500`, `0x10`, `1e99999`} {
		_, err := c.Bills.Create(context.Background(), 1010, sm.NewBill{SellerID: 1, CustomerID: 2, TotalCost: a})
		require.ErrorIs(t, err, sm.ErrInvalidArgument, "%q", a)
		assert.Contains(t, err.Error(), "servicemanager: bill/create: ", "%q", a)
	}
	_, err := c.Call(context.Background(), "tenant/list", 5, map[string]any{"f": func() {}}, nil)
	require.ErrorIs(t, err, sm.ErrInvalidArgument, "params json cannot encode")
	assert.Equal(t, int32(0), s.n.Load(), "nothing is sent")

	for _, a := range []sm.Amount{"1500", "8040.50", "-1", "0", "1.5e3"} {
		_, err := c.Bills.Create(context.Background(), 1010, sm.NewBill{SellerID: 1, CustomerID: 2, TotalCost: a})
		require.NoError(t, err, "%q", a)
		assert.JSONEq(t, `{"general":{"type":"usr","method":"bill/create"},"auth":{"account":1010},"seller_id":1,"customer_id":2,"total_cost":`+string(a)+`}`,
			string(s.last.Load().([]byte)))
	}
}

// WithCallTimeout bounds the whole call, the version discovery it starts on
// a fresh client included: a version address that hangs must not hold the
// call for the client's timeout.
func TestCallTimeoutBoundsVersionDiscovery(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	c, err := sm.NewClient(s.URL+"/a/adm", sm.WithBasicAuth(testLogin, testPassword), sm.WithRetry(sm.RetryPolicy{}),
		sm.WithTimeout(3*time.Second))
	require.NoError(t, err)
	start := time.Now()
	_, err = c.Users.List(context.Background(), 1010, sm.WithCallTimeout(100*time.Millisecond))
	require.Error(t, err)
	assert.Less(t, time.Since(start), time.Second, "the call's own timeout, not the client's")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

// ServerVersion's errors carry the package prefix like every other error.
func TestServerVersionErrorPrefix(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "<html>") })
	c, err := sm.NewClient(s.URL+"/a/adm", sm.WithBasicAuth(testLogin, testPassword), sm.WithRetry(sm.RetryPolicy{}))
	require.NoError(t, err)
	_, err = c.ServerVersion(context.Background())
	require.ErrorIs(t, err, sm.ErrDecode)
	assert.Regexp(t, `^servicemanager: discovering the ExtAPI version: `, err.Error())
	_, err = c.Users.List(context.Background(), 1010)
	require.ErrorIs(t, err, sm.ErrDecode)
	assert.Regexp(t, `^servicemanager: account/users/list: discovering the ExtAPI version: POST `, err.Error())
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

// Waits against a server that answers 10202 forever or loses the object:
// the deadline ends the wait with a typed error, Interval 0 or negative is
// the default (no busy loop), MaxAttempts bounds the calls and a negative one
// is refused, and an in-band error (10404) ends the wait at once. (Checked
// fine; kept as a guard.)
func TestWaitsAgainstHostileServer(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"general":{"response":10202}}`)
	})
	c := s.client(t)
	for _, interval := range []time.Duration{0, -time.Second} {
		s.n.Store(0)
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_, err := c.CallUntilDone(ctx, sm.MethodTenantGetDemo, 5, nil, nil, sm.Poll{Interval: interval})
		cancel()
		var we *sm.WaitError
		require.ErrorAs(t, err, &we)
		require.ErrorIs(t, err, sm.ErrStillRunning)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, int32(1), s.n.Load(), "one check, then the default 2 s interval")
		assert.Equal(t, 1, we.Attempts)
	}
	s.n.Store(0)
	_, err := c.CallUntilDone(context.Background(), sm.MethodTenantGetDemo, 5, nil, nil, sm.Poll{Interval: time.Millisecond, MaxAttempts: 3})
	require.ErrorIs(t, err, sm.ErrStillRunning)
	assert.Equal(t, int32(3), s.n.Load())
	_, err = c.CallUntilDone(context.Background(), sm.MethodTenantGetDemo, 5, nil, nil, sm.Poll{MaxAttempts: -1})
	require.ErrorIs(t, err, sm.ErrInvalidArgument)

	gone := newStub(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n < 3 {
			_, _ = io.WriteString(w, `{"general":{"response":10200},"tenant":{"id":2,"status":"prepare"}}`)
			return
		}
		_, _ = io.WriteString(w, `{"general":{"response":10404,"error":true,"message":"Приложение не найдено"}}`)
	})
	_, err = gone.client(t).Tenants.Wait(context.Background(), 1010, 2, sm.Poll{Interval: time.Millisecond})
	require.ErrorIs(t, err, sm.ErrNotFound)
	assert.NotErrorIs(t, err, sm.ErrStillRunning)
	assert.Equal(t, int32(3), gone.n.Load())
}
