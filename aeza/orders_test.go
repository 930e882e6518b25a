package aeza_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
)

// orderSeen is one request an orderServer received.
type orderSeen struct {
	method, path, key, contentType string
	body                           []byte
}

// orderServer answers every request with h and records what it received.
type orderServer struct {
	*httptest.Server
	mu   sync.Mutex
	seen []orderSeen
}

func newOrderServer(t *testing.T, h http.HandlerFunc) *orderServer {
	t.Helper()
	s := &orderServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.seen = append(s.seen, orderSeen{r.Method, r.URL.Path, r.Header.Get("X-API-Key"), r.Header.Get("Content-Type"), b})
		s.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *orderServer) requests() []orderSeen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]orderSeen(nil), s.seen...)
}

func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

const orderKey = "order-key-not-real"

func orderClient(t *testing.T, base string, opts ...aeza.Option) *aeza.Client {
	t.Helper()
	c, err := aeza.NewClient(orderKey, append([]aeza.Option{aeza.WithBaseURL(base + "/api"),
		aeza.WithRetry(aeza.RetryPolicy{MaxRetries: 3, WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond,
			MaxRetryAfter: 20 * time.Millisecond})}, opts...)...)
	require.NoError(t, err)
	return c
}

// supportOrder is the order of Aeza support's written example (specs/aeza-v2.md A8).
var supportOrder = aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermHour, Name: "my-server", ProductID: 153,
	Parameters: &aeza.OrderParameters{OS: aeza.OSSlug("ubuntu_2404")}}

// The default order body is support's v2 form, on the v2 path.
func TestOrderV2Wire(t *testing.T) {
	srv := newOrderServer(t, reply(201, `{"items":[{"id":777,"status":"activation_wait","createdServiceIds":[]}],"total":1}`))
	res, err := orderClient(t, srv.URL).Orders.Create(context.Background(), supportOrder)
	require.NoError(t, err)
	seen := srv.requests()
	require.Len(t, seen, 1)
	assert.Equal(t, http.MethodPost, seen[0].method)
	assert.Equal(t, "/api/v2/services/orders", seen[0].path)
	assert.Equal(t, orderKey, seen[0].key)
	assert.Equal(t, "application/json", seen[0].contentType)
	assert.JSONEq(t, `{"method":"balance","orders":[{"productId":153,"count":1,"name":"my-server","term":"hour",`+
		`"autoProlong":false,"parameters":{"os":"ubuntu_2404"}}]}`, string(seen[0].body))
	assert.Equal(t, []int64{777}, res.OrderIDs())
	assert.Equal(t, aeza.OrderFormV2, res.Form)
	assert.JSONEq(t, `{"items":[{"id":777,"status":"activation_wait","createdServiceIds":[]}],"total":1}`, string(res.Raw))

	// backups and a recipe ride along only when set
	r := supportOrder
	r.Backups, r.AutoProlong = true, true
	r.Parameters = &aeza.OrderParameters{OS: aeza.OSID(25), Recipe: aeza.RecipeSlug("docker")}
	_, err = orderClient(t, srv.URL).Orders.Create(context.Background(), r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"method":"balance","orders":[{"productId":153,"count":1,"name":"my-server","term":"hour",`+
		`"autoProlong":true,"backups":true,"parameters":{"os":25,"recipe":"docker"}}]}`, string(srv.requests()[1].body))
}

// The legacy form is behind WithOrderForm: the flat body on the legacy path.
func TestOrderLegacyWire(t *testing.T) {
	srv := newOrderServer(t, reply(200, `{"data":{"items":[{"id":778,"status":"activation_wait","createdServiceIds":[],"productId":153,"term":"hour","count":1}],`+
		`"transaction":{"id":5001,"amount":-1,"status":"performed","type":"order"}}}`))
	res, err := orderClient(t, srv.URL, aeza.WithOrderForm(aeza.OrderFormLegacy)).Orders.Create(context.Background(), supportOrder)
	require.NoError(t, err)
	seen := srv.requests()
	require.Len(t, seen, 1)
	assert.Equal(t, "/api/services/orders", seen[0].path)
	assert.JSONEq(t, `{"method":"balance","count":1,"term":"hour","name":"my-server","productId":153,`+
		`"parameters":{"os":"ubuntu_2404"},"autoProlong":false,"backups":false}`, string(seen[0].body))
	assert.Equal(t, []int64{778}, res.OrderIDs())
	require.NotNil(t, res.Transaction)
	assert.Equal(t, "-1", res.Transaction.Amount.String())
	assert.Equal(t, aeza.OrderFormLegacy, res.Form)
}

func TestWithOrderFormValidates(t *testing.T) {
	_, err := aeza.NewClient(orderKey, aeza.WithOrderForm(aeza.OrderFormV2), aeza.WithOrderForm(aeza.OrderFormLegacy))
	assert.ErrorIs(t, err, aeza.ErrInvalidArgument, "conflicting forms")
	_, err = aeza.NewClient(orderKey, aeza.WithOrderForm(aeza.OrderForm(7)))
	assert.ErrorIs(t, err, aeza.ErrInvalidArgument)
	_, err = aeza.NewClient(orderKey, aeza.WithOrderForm(aeza.OrderFormLegacy), aeza.WithOrderForm(aeza.OrderFormLegacy))
	assert.NoError(t, err, "the same form twice")
	assert.Equal(t, "v2", aeza.OrderFormV2.String())
	assert.Equal(t, "legacy", aeza.OrderFormLegacy.String())
}

// Every shape an order answer may take yields the ids.
func TestOrderAnswerShapes(t *testing.T) {
	for _, tc := range []struct {
		name, body      string
		orders          []int64
		services        []int64
		idText          string
		withTransaction bool
	}{
		{"one order object (Aeza's docs)", `{"data":{"id":999}}`, []int64{999}, nil, "999", false},
		{"legacy items", `{"data":{"items":[{"id":1,"createdServiceIds":[7,8]}],"transaction":{"id":3,"amount":-66}}}`, []int64{1}, []int64{7, 8}, "1", true},
		{"createdServiceIds only", `{"data":{"createdServiceIds":[5,6]}}`, nil, []int64{5, 6}, "", false},
		{"id beside items (a public driver's fake)", `{"data":{"id":90210,"items":[{"id":90210}]}}`, []int64{90210}, nil, "90210", false},
		{"v2 bare list", `{"items":[{"id":12,"status":"performed","createdServiceIds":["41"]}],"total":1}`, []int64{12}, []int64{41}, "12", false},
		{"v2 bare array", `[{"id":3},{"id":4}]`, []int64{3, 4}, nil, "3", false},
		{"v2 bare object, id as a string of digits", `{"id":"15","status":"activation_wait"}`, []int64{15}, nil, "15", false},
		{"v2 id that is no integer", `{"id":"ord_5f2c"}`, nil, nil, "ord_5f2c", false},
		{"orders array", `{"orders":[{"id":21}]}`, []int64{21}, nil, "21", false},
		{"order object", `{"data":{"order":{"id":22,"createdServiceIds":33}}}`, []int64{22}, []int64{33}, "22", false},
		{"created services at any depth", `{"data":{"result":{"done":[{"createdServiceIds":[9]}]}}}`, nil, []int64{9}, "", false},
		{"odd members", `{"data":{"items":[{"id":23,"status":5,"term":[],"count":"x","createdServiceIds":"44"}]}}`, []int64{23}, []int64{44}, "23", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newOrderServer(t, reply(200, tc.body))
			res, err := orderClient(t, srv.URL).Orders.Create(context.Background(), supportOrder)
			require.NoError(t, err)
			assert.Equal(t, tc.orders, res.OrderIDs())
			if tc.services == nil {
				assert.Empty(t, res.ServiceIDs)
			} else {
				assert.Equal(t, tc.services, res.ServiceIDs)
			}
			if tc.idText != "" {
				require.NotEmpty(t, res.Items)
				assert.Equal(t, tc.idText, res.Items[0].IDText)
				assert.NotEmpty(t, res.Items[0].Raw)
			}
			assert.Equal(t, tc.withTransaction, res.Transaction != nil)
			assert.JSONEq(t, tc.body, string(res.Raw))
			assert.Len(t, srv.requests(), 1)
		})
	}
}

// An answer that names no order and no service is an error matching
// ErrDecode that says so, returned with the raw answer: never an empty
// success on a money call.
func TestOrderAnswerNotUnderstood(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
	}{
		{201, ``}, {204, ``}, {200, `{}`}, {200, `{"data":"ok"}`}, {200, `{"data":{"ok":true}}`}, {200, `{"data":null}`},
		{200, `{"data":{"items":[]}}`}, {200, `{"items":[],"total":0}`}, {200, `[]`}, {200, `{"data":{"items":[{"status":"performed"}]}}`},
		{200, `{"data":{"id":null}}`}, {200, `{"data":{"createdServiceIds":[]}}`}, {201, `OK`}, {200, `{"data":{"items":[{"id":1}`},
	} {
		srv := newOrderServer(t, reply(tc.status, tc.body))
		for _, form := range []aeza.OrderForm{aeza.OrderFormV2, aeza.OrderFormLegacy} {
			res, err := orderClient(t, srv.URL, aeza.WithOrderForm(form)).Orders.Create(context.Background(), supportOrder)
			require.ErrorIs(t, err, aeza.ErrDecode, "%d %q", tc.status, tc.body)
			assert.Contains(t, err.Error(), "order answer not understood", tc.body)
			assert.Contains(t, err.Error(), "may have been placed", tc.body)
			require.NotNil(t, res, "the answer comes back with the error")
			assert.Equal(t, tc.body, string(res.Raw))
			assert.Empty(t, res.OrderIDs())
		}
		assert.Len(t, srv.requests(), 2, "each sent once")
	}
}

// Money call: sent exactly once under every fault, in both forms, and never
// again in the other form.
func TestOrderSentOnceUnderEveryFault(t *testing.T) {
	faults := map[string]http.HandlerFunc{
		"proxy 500": reply(500, `{"error":{"message":"Proxy internal server error (see traceId)"}}`),
		"v2 400":    reply(400, `{"statusCode":400,"message":["orders must be an array"],"error":"Bad Request"}`),
		"502":       reply(502, `<html>Bad Gateway</html>`),
		"503":       reply(503, ``),
		"504":       reply(504, ``),
		"429": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(429)
		},
		"408": reply(408, ``),
		"connection reset": func(w http.ResponseWriter, _ *http.Request) {
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				_ = conn.Close()
			}
		},
		"redirect": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.Path+"?again=1", http.StatusTemporaryRedirect)
		},
		"in-band error on 200": reply(200, `{"error":{"slug":"product_unavailable","message":"Out of stock"}}`),
		"hang": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
		},
	}
	for name, h := range faults {
		for _, form := range []aeza.OrderForm{aeza.OrderFormV2, aeza.OrderFormLegacy} {
			srv := newOrderServer(t, h)
			c := orderClient(t, srv.URL, aeza.WithOrderForm(form))
			_, err := c.Orders.Create(context.Background(), supportOrder, aeza.WithCallTimeout(300*time.Millisecond))
			require.Error(t, err, "%s %s", name, form)
			seen := srv.requests()
			require.Len(t, seen, 1, "%s %s: sent exactly once", name, form)
			want := "/api/v2/services/orders"
			if form == aeza.OrderFormLegacy {
				want = "/api/services/orders"
			}
			assert.Equal(t, want, seen[0].path, "%s %s: no fallback to the other form", name, form)
		}
	}
	// A proxy error on the v2 form is reported as such, not retried in the legacy form.
	srv := newOrderServer(t, reply(500, `{"error":{"message":"Proxy internal server error (see traceId)","traceId":"0af7651916cd43dd8448eb211c80319c"}}`))
	_, err := orderClient(t, srv.URL).Orders.Create(context.Background(), supportOrder)
	assert.True(t, aeza.IsProxyError(err))
	var e *aeza.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "0af7651916cd43dd8448eb211c80319c", e.RequestID)
	assert.Len(t, srv.requests(), 1)
}

// The fake serves both forms, every answer shape on demand, and the errors
// a wrong form gets.
func TestFakeOrderForms(t *testing.T) {
	srv := aezatest.NewServer()
	t.Cleanup(srv.Close)
	v2, err := srv.Client()
	require.NoError(t, err)
	legacy, err := srv.Client(aeza.WithOrderForm(aeza.OrderFormLegacy))
	require.NoError(t, err)
	ctx := context.Background()
	order := aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermHour, Name: "f", ProductID: 3,
		Parameters: &aeza.OrderParameters{OS: aeza.OSSlug("debian_12")}}

	res, err := v2.Orders.Create(ctx, order)
	require.NoError(t, err)
	require.Len(t, res.OrderIDs(), 1)
	assert.Len(t, res.ServiceIDs, 1, "no order delay: the service exists")
	svc, err := v2.Services.Get(ctx, res.ServiceIDs[0])
	require.NoError(t, err)
	assert.Equal(t, "debian_12", svc.Parameters.OS.Slug())
	o, err := v2.Orders.Get(ctx, res.OrderIDs()[0])
	require.NoError(t, err)
	assert.True(t, o.Done())

	res, err = legacy.Orders.Create(ctx, order)
	require.NoError(t, err)
	require.NotNil(t, res.Transaction)
	assert.Equal(t, "-66", res.Transaction.Amount.String(), "kopecks")
	assert.Equal(t, []string{"/api/v2/services/orders", "/api/services/orders"}, srv.OrderPaths())

	for _, shape := range []aezatest.OrderAnswer{aezatest.OrderAnswerItems, aezatest.OrderAnswerObject,
		aezatest.OrderAnswerCreatedServiceIDs, aezatest.OrderAnswerV2} {
		srv.SetOrderAnswer(shape)
		for _, c := range []*aeza.Client{v2, legacy} {
			res, err := c.Orders.Create(ctx, order)
			require.NoError(t, err, shape)
			assert.True(t, len(res.OrderIDs()) > 0 || len(res.ServiceIDs) > 0, shape)
		}
	}
	for _, shape := range []aezatest.OrderAnswer{aezatest.OrderAnswerEmpty, aezatest.OrderAnswerUnknown} {
		srv.SetOrderAnswer(shape)
		before := srv.Orders()
		_, err := v2.Orders.Create(ctx, order)
		require.ErrorIs(t, err, aeza.ErrDecode, shape)
		assert.Equal(t, before+1, srv.Orders(), "%s: the order was placed all the same", shape)
	}
	srv.SetOrderAnswer(aezatest.OrderAnswerDefault)

	// The v2 body on the legacy path gets Aeza's gateway error; the flat body
	// on the v2 path a v2 validation error.
	status, body := postJSON(t, srv, "services/orders", `{"method":"balance","orders":[{"productId":3,"count":1,"term":"hour"}]}`)
	assert.Equal(t, 500, status)
	assert.Contains(t, body, "Proxy internal server error (see traceId)")
	assert.Contains(t, body, `"traceId"`)
	status, body = postJSON(t, srv, "v2/services/orders", `{"method":"balance","productId":3,"count":1,"term":"hour"}`)
	assert.Equal(t, 400, status)
	var nest map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &nest))
	assert.Equal(t, float64(400), nest["statusCode"])
	assert.Equal(t, "Bad Request", nest["error"])
	assert.NotEmpty(t, nest["requestId"])

	// A v2 refusal is a typed v2 error.
	srv.SetBalance(aeza.MustDecimal("0"))
	_, err = v2.Orders.Create(ctx, order)
	require.ErrorIs(t, err, aeza.ErrForbidden)
	var e *aeza.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "insufficient_funds", e.Code)
	assert.Equal(t, "Not enough money on the balance", e.Message)
	assert.True(t, strings.HasPrefix(e.RequestID, "00000000-0000-4000-8000-"), e.RequestID)
}

func postJSON(t *testing.T, srv *aezatest.Server, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/"+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("X-API-Key", srv.APIKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// orderServer answers GET services/orders/7 with status(n) for the n-th
// request and counts requests.
func waitOrderServer(t *testing.T, status func(n int32) string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := n.Add(1)
		if r.Method != http.MethodGet || r.URL.Path != "/api/services/orders/7" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"data":{"items":[{"id":7,"status":%q,"createdServiceIds":[],"productId":3,"term":"hour","count":1}],"total":1}}`, status(k))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func waitOrderClient(t *testing.T, srv *httptest.Server, opts ...aeza.Option) *aeza.Client {
	t.Helper()
	c, err := aeza.NewClient("test-key-not-real", append([]aeza.Option{aeza.WithBaseURL(srv.URL + "/api")}, opts...)...)
	require.NoError(t, err)
	return c
}

// Issue 21: Orders.Wait is bounded by WithCallTimeout (the whole wait) and by
// the client's WithTimeout. Before, with either set to 300 ms it polled
// until the caller's context ended (here a 5 s safety net), and with
// context.Background() it never ended.
func TestOrdersWaitEndsAtItsTimeout(t *testing.T) {
	for _, how := range []string{"WithCallTimeout", "client WithTimeout"} {
		t.Run(how, func(t *testing.T) {
			srv, n := waitOrderServer(t, func(int32) string { return "activation_wait" })
			var (
				c    *aeza.Client
				opts []aeza.CallOption
			)
			if how == "WithCallTimeout" {
				c = waitOrderClient(t, srv)
				opts = append(opts, aeza.WithCallTimeout(300*time.Millisecond))
			} else {
				c = waitOrderClient(t, srv, aeza.WithTimeout(300*time.Millisecond))
			}
			safety, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			start := time.Now()
			o, err := c.Orders.Wait(safety, 7, 50*time.Millisecond, opts...)
			elapsed := time.Since(start)
			require.ErrorIs(t, err, aeza.ErrStillRunning)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			assert.NoError(t, safety.Err(), "its own timeout ended it")
			assert.Less(t, elapsed, 2*time.Second)
			assert.GreaterOrEqual(t, elapsed, 250*time.Millisecond)
			assert.LessOrEqual(t, n.Load(), int32(2), "polls at 0 and 500 ms at most")
			require.NotNil(t, o, "the last order seen")
			assert.Equal(t, aeza.StatusActivationWait, o.Status)
		})
	}
}

// Issue 21: a status from which the order will not complete ends the wait
// at the poll that saw it. Before, a failed order was polled to the deadline.
func TestOrdersWaitEndsOnFailedStatus(t *testing.T) {
	for _, status := range []string{"failed", "cancelled", "canceled", "Rejected", "deleted", "error"} { //nolint:misspell // both spellings reach the wire
		srv, n := waitOrderServer(t, func(k int32) string {
			if k == 1 {
				return "activation_wait"
			}
			return status
		})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		start := time.Now()
		o, err := waitOrderClient(t, srv).Orders.Wait(ctx, 7, time.Millisecond)
		cancel()
		require.ErrorIs(t, err, aeza.ErrWaitFailed, status)
		assert.NotErrorIs(t, err, aeza.ErrStillRunning, status)
		assert.Contains(t, err.Error(), status)
		require.NotNil(t, o)
		assert.Equal(t, aeza.ServiceStatus(status), o.Status)
		assert.Equal(t, int32(2), n.Load(), status)
		assert.Less(t, time.Since(start), 2*time.Second, status)
	}
}

// Issue 21: an interval of 1 (meaning "1 s", read as 1 ns) made thousands of
// requests a second; it is raised to MinPollInterval.
func TestOrdersWaitIntervalFloor(t *testing.T) {
	srv, n := waitOrderServer(t, func(int32) string { return "activation_wait" })
	ctx, cancel := context.WithTimeout(context.Background(), 1200*time.Millisecond)
	defer cancel()
	_, err := waitOrderClient(t, srv).Orders.Wait(ctx, 7, 1)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	t.Logf("interval 1 for 1.2 s: %d requests", n.Load())
	assert.LessOrEqual(t, n.Load(), int32(4))
	assert.Equal(t, 500*time.Millisecond, aeza.MinPollInterval)
}
