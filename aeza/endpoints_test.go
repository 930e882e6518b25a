package aeza

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/internal/fixture"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/internal/inputtest"
)

const testKey = "test-token-not-real"

func replay(t *testing.T, files ...string) *Client {
	t.Helper()
	return replayWith(t, nil, files...)
}

// replayWith is replay with more client options.
func replayWith(t *testing.T, opts []Option, files ...string) *Client {
	t.Helper()
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = "testdata/" + f + ".json"
	}
	hc := fixture.Replay(t, DefaultBaseURL, paths...)
	c, err := NewClient(testKey, append([]Option{WithHTTPClient(hc),
		WithRetry(RetryPolicy{MaxRetries: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond})}, opts...)...)
	require.NoError(t, err)
	return c
}

func TestAccountCurrent(t *testing.T) {
	c := replay(t, "account_current")
	a, err := c.Account.Current(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(42), a.ID)
	assert.Equal(t, "user@example.com", a.Email)
	assert.Equal(t, "1234.56", a.Balance.String())
	assert.Equal(t, int64(1700000000), a.CreatedAt.Unix())
	assert.True(t, a.IsOnline)
}

func TestProductsList(t *testing.T) {
	c := replay(t, "products_list")
	l, err := c.Products.List(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, l.Items, 2)
	assert.Equal(t, 2, l.Total)
	assert.JSONEq(t, "false", string(l.Edit))
	p := l.Items[0]
	assert.Equal(t, ProductVPS, p.Type)
	assert.Equal(t, "0.66", p.Prices[TermHour].Value.String())
	assert.False(t, p.Prices[TermHour].Object)
	assert.Equal(t, "369", p.Prices[TermMonth].String())
	assert.True(t, p.Prices[TermYear].Object)
	assert.Equal(t, "3542.4", p.Prices[TermYear].Value.String())
	assert.Equal(t, "RUB", p.Prices[TermYear].DefaultCurrency)
	assert.Empty(t, p.IndividualPrices)
	assert.Equal(t, "de", p.Group.Payload.Code)
	assert.Equal(t, "2", p.SummaryConfiguration.RAM.Count.String())
	assert.Equal(t, ProductType("hicpu"), l.Items[1].Type)
	assert.Equal(t, "100.50", l.Items[1].InstallPrice.String())
	// prices round-trip in the form they came in
	b, err := json.Marshal(p.Prices)
	require.NoError(t, err)
	assert.JSONEq(t, `{"hour":0.66,"month":369,"year":{"value":3542.4,"suffix":"₽","defaultCurrency":"RUB","slug":"year"}}`, string(b))
}

func TestProductGet(t *testing.T) {
	c := replay(t, "product_get")
	p, err := c.Products.Get(context.Background(), 3)
	require.NoError(t, err)
	assert.Equal(t, "DE-MINI", p.Name)
}

func TestServiceTypesGroupsOS(t *testing.T) {
	c := replay(t, "service_types", "groups_list", "os_list")
	ctx := context.Background()
	st, err := c.ServiceTypes.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, ProductVPS, st.Items[0].Slug)
	assert.Equal(t, ProductType("quantum"), st.Items[1].Slug, "unknown type kept")
	g, err := c.Groups.List(ctx, &GroupListOptions{Type: ProductVPS})
	require.NoError(t, err)
	assert.Equal(t, "nl", g.Items[1].Payload.Code)
	assert.True(t, g.Items[1].Payload.IsHide)
	o, err := c.OS.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, "ubuntu_2404", o.Items[0].Slug)
}

func TestServicesListParameters(t *testing.T) {
	c := replay(t, "services_list")
	l, err := c.Services.List(context.Background(), &ListOptions{Lang: "en", Extra: true, Edit: true,
		Sort: SortBy(Asc("id"), Desc("balance")), Offset: 10, Count: 2})
	require.NoError(t, err)
	assert.Equal(t, 12, l.Total)
	assert.JSONEq(t, `{"name":{"type":"string","required":true},"autoProlong":{"type":"boolean"}}`, string(l.Edit))
	s := l.Items[0]
	assert.Equal(t, StatusActive, s.Status)
	assert.True(t, s.Status.Known())
	assert.Equal(t, int64(1702592000), s.Timestamps.ExpiresAt.Unix(), "string timestamp")
	assert.Equal(t, int64(1700000000), s.Timestamps.CreatedAt.Unix(), "integer timestamp")
	assert.Equal(t, "192.0.2.1", s.IPs[0].Gateway)
	assert.Equal(t, ServiceStatus("migrating"), l.Items[1].Status, "unknown status kept")
	assert.False(t, l.Items[1].Status.Known())
	assert.True(t, l.Items[1].Timestamps.ExpiresAt.IsZero())
	// secureParameters never print
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(f, s), "fake-secret-password", f)
	}
	var sp struct{ Password string }
	require.NoError(t, s.SecureParameters.Decode(&sp))
	assert.Equal(t, "fake-secret-password", sp.Password)
}

func TestServiceGetUpdateDelete(t *testing.T) {
	c := replay(t, "service_get", "service_update", "service_delete")
	ctx := context.Background()
	s, err := c.Services.Get(ctx, 101)
	require.NoError(t, err)
	assert.Equal(t, "web-1", s.Name)
	id, ok := s.Parameters.OS.ID()
	assert.True(t, ok)
	assert.Equal(t, int64(25), id, "an integer os (older servers) reads as an id")
	name, off := "web-2", false
	u, err := c.Services.Update(ctx, 101, ServiceUpdate{Name: &name, AutoProlong: &off})
	require.NoError(t, err)
	assert.Equal(t, "web-2", u.Name)
	assert.False(t, u.AutoProlong)
	require.NoError(t, c.Services.Delete(ctx, 101))
}

func TestServiceControl(t *testing.T) {
	c := replay(t, "service_ctl", "service_reinstall", "service_password", "service_tasks")
	ctx := context.Background()
	require.NoError(t, c.Services.Reboot(ctx, 101))
	require.NoError(t, c.Services.Reinstall(ctx, 101, ReinstallRequest{OS: OSID(25), Password: "fake-pass-not-real"}))
	require.NoError(t, c.Services.ChangePassword(ctx, 101, "fake-pass-not-real"))
	tasks, err := c.Services.Tasks(ctx, 101, nil)
	require.NoError(t, err)
	assert.Equal(t, "reinstall", tasks.Items[0].Type)
	assert.Equal(t, int64(1700000200), tasks.Items[0].CreatedAt.Unix())
}

func TestServiceProlong(t *testing.T) {
	c := replay(t, "service_prolong", "service_prolong_403")
	ctx := context.Background()
	tx, err := c.Services.Prolong(ctx, 101, ProlongRequest{Method: "balance", Term: TermMonth, Count: 1})
	require.NoError(t, err)
	assert.Equal(t, "-369", tx.Amount.String())
	assert.Equal(t, "prolong", tx.Type)
	assert.Equal(t, int64(101), tx.ServiceID)

	_, err = c.Services.Prolong(ctx, 101, ProlongRequest{Method: "balance", Term: TermYear, Count: 3})
	require.ErrorIs(t, err, ErrForbidden)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "insufficient_funds", e.Code)
	assert.Equal(t, "Not enough money on the balance", e.Message)
	assert.JSONEq(t, `{"need":10627.2}`, string(e.Details))
	assert.Equal(t, 1, e.Attempts)
	rl, ok := RateLimitOf(err)
	require.True(t, ok)
	assert.Equal(t, RateLimit{Limit: 60, Remaining: 59, Reset: 30 * time.Second}, rl)
	assert.NotContains(t, err.Error(), testKey)
}

// legacyOrders sends orders in the legacy form, which these fixtures record.
var legacyOrders = []Option{WithOrderForm(OrderFormLegacy)}

func TestOrders(t *testing.T) {
	c := replayWith(t, legacyOrders, "order_create", "order_get")
	ctx := context.Background()
	res, err := c.Orders.Create(ctx, OrderRequest{Method: "balance", Count: 1, Term: TermHour, Name: "test-vps", ProductID: 3,
		Parameters: &OrderParameters{OS: OSID(25)}})
	require.NoError(t, err)
	require.Len(t, res.Items, 1)
	assert.Equal(t, int64(777), res.Items[0].ID)
	assert.False(t, res.Items[0].Done())
	assert.Equal(t, "-0.66", res.Transaction.Amount.String())
	o, err := c.Orders.Wait(ctx, 777, time.Millisecond)
	require.NoError(t, err)
	assert.Equal(t, []int64{1001}, o.CreatedServiceIDs)
	assert.Equal(t, StatusPerformed, o.Status)
}

func TestPayments(t *testing.T) {
	c := replay(t, "currencies", "payment_methods", "invoice_create")
	ctx := context.Background()
	cs, err := c.Payments.Currencies(ctx)
	require.NoError(t, err)
	require.Len(t, cs, 3)
	usd, ok := cs.Find("USD")
	require.True(t, ok)
	assert.Equal(t, "0.0112", usd.Multiplier.String())
	assert.Equal(t, 2, usd.Round)
	assert.JSONEq(t, `{"slug":"USD","multiplier":0.0112,"round":2,"symbol":"$"}`, string(usd.Raw))
	v, err := usd.Convert(MustDecimal("369"))
	require.NoError(t, err)
	assert.Equal(t, "4.14", v.String())
	btc, _ := cs.Find("BTC")
	assert.Equal(t, 8, btc.Round, "string round")
	v, err = btc.Convert(MustDecimal("369"))
	require.NoError(t, err)
	assert.Equal(t, "0.00004059", v.String())

	ms, err := c.Payments.Methods(ctx)
	require.NoError(t, err)
	assert.Equal(t, "unitpay:card", ms[0].ID)
	assert.Contains(t, string(ms[0].Raw), `"min"`)

	tx, err := c.Payments.CreateInvoice(ctx, InvoiceRequest{Method: "unitpay:card", Amount: MustDecimal("500")})
	require.NoError(t, err)
	assert.Equal(t, "https://pay.example.invalid/i/5003", tx.Invoice.Link)
}

func TestErrorEnvelopeOn200(t *testing.T) {
	c := replay(t, "error_200")
	_, err := c.Services.Get(context.Background(), 999)
	require.ErrorIs(t, err, ErrNotFound)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 200, e.StatusCode)
	assert.Equal(t, "not_found", e.Code)
	assert.JSONEq(t, `{"id":999}`, string(e.Details))
}

func TestProxyError500(t *testing.T) {
	c := replay(t, "proxy_500", "proxy_500", "proxy_500")
	_, err := c.Products.List(context.Background(), nil)
	require.ErrorIs(t, err, ErrServer)
	assert.True(t, IsProxyError(err))
	assert.Contains(t, err.Error(), "Proxy internal server error")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 1, e.Attempts, "500 is not retried")
	_, _ = c.Products.List(context.Background(), nil)
	_, _ = c.Products.List(context.Background(), nil)
}

func TestHTMLAndTruncated(t *testing.T) {
	c := replay(t, "html_502", "html_502", "html_502", "truncated")
	_, err := c.OS.List(context.Background(), nil)
	require.ErrorIs(t, err, ErrServer)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 3, e.Attempts, "502 on a read is retried")
	assert.Contains(t, e.Message, "502 Bad Gateway")
	assert.False(t, IsProxyError(err))
	_, err = c.OS.List(context.Background(), nil)
	require.ErrorIs(t, err, ErrDecode)
}

func TestInvalidArguments(t *testing.T) {
	c, err := NewClient(testKey, WithBaseURL("http://127.0.0.1:1/api"))
	require.NoError(t, err)
	ctx := context.Background()
	inputtest.Refused(t, ErrInvalidArgument, "aeza: ", map[string]error{
		"service get":    inputtest.Err(c.Services.Get(ctx, 0)),
		"product get":    inputtest.Err(c.Products.Get(ctx, -1)),
		"control":        c.Services.Control(ctx, 1, ""),
		"reinstall":      c.Services.Reinstall(ctx, 1, ReinstallRequest{OS: OSID(1)}),
		"update":         inputtest.Err(c.Services.Update(ctx, 1, ServiceUpdate{})),
		"order":          inputtest.Err(c.Orders.Create(ctx, OrderRequest{})),
		"invoice":        inputtest.Err(c.Payments.CreateInvoice(ctx, InvoiceRequest{Method: "x"})),
		"list count":     inputtest.Err(c.Services.List(ctx, &ListOptions{Count: -1})),
		"all tasks":      inputtest.First(c.Services.AllTasks(ctx, 0, nil)),
		"empty key":      inputtest.Err(NewClient("")),
		"do nil request": c.Do(ctx, nil, nil),
	})
	_, err = NewClient(testKey, WithBaseURL("ftp://x"))
	assert.Error(t, err)
	_, err = NewClient(testKey, WithTimeout(-1))
	assert.Error(t, err)
}

func TestSortBy(t *testing.T) {
	assert.Equal(t, "id,~balance", SortBy(Asc("id"), Desc("balance")))
	assert.Equal(t, "", SortBy())
	assert.Equal(t, "~a", SortBy(Asc(" "), Desc("a")))
}

// payment/currencies names a currency by a lower-case slug and an upper-case
// name; Find matches either in any case, and a currency with no multiplier
// (a missing entry, or one sent without it) never converts to a silent 0.
func TestCurrenciesFindBySlugOrNameAnyCase(t *testing.T) {
	c := replay(t, "currencies_slug")
	cs, err := c.Payments.Currencies(context.Background())
	require.NoError(t, err)
	for _, q := range []string{"USD", "usd", "Usd", " usd "} {
		usd, ok := cs.Find(q)
		require.True(t, ok, q)
		assert.Equal(t, "USD", usd.Code, q)
		assert.Equal(t, "usd", usd.Slug)
		assert.Equal(t, "USD", usd.Name)
		v, err := usd.Convert(MustDecimal("369"))
		require.NoError(t, err)
		assert.Equal(t, "4.14", v.String())
	}
	_, ok := cs.Find("EUR")
	assert.False(t, ok)
	_, ok = cs.Find("")
	assert.False(t, ok)

	missing, _ := cs.Find("EUR")
	_, err = missing.Convert(MustDecimal("369"))
	require.ErrorIs(t, err, ErrInvalidArgument, "the zero Currency converts nothing")
	assert.ErrorIs(t, err, ErrNoMultiplier)

	kzt, ok := cs.Find("kzt")
	require.True(t, ok)
	_, err = kzt.Convert(MustDecimal("369"))
	require.ErrorIs(t, err, ErrNoMultiplier, "an entry without a multiplier")
	assert.Contains(t, err.Error(), "KZT")
}

// Current servers take the OS as a slug; older docs as an integer id. One
// OSRef holds either, sends what it holds and reads either.
func TestOSRefOnTheWire(t *testing.T) {
	c := replayWith(t, legacyOrders, "order_create_slug", "service_reinstall_slug", "service_reinstall")
	ctx := context.Background()
	res, err := c.Orders.Create(ctx, OrderRequest{Method: "balance", Count: 1, Term: TermHour, Name: "my-server", ProductID: 153,
		Parameters: &OrderParameters{OS: OSSlug("ubuntu_2404")}})
	require.NoError(t, err)
	assert.Equal(t, int64(777), res.Items[0].ID)
	require.NoError(t, c.Services.Reinstall(ctx, 101, ReinstallRequest{OS: OSSlug("debian_12"), Password: "fake-pass-not-real"}))
	require.NoError(t, c.Services.Reinstall(ctx, 101, ReinstallRequest{OS: OSID(25), Password: "fake-pass-not-real"}))
}

func TestOSRefDecodesEither(t *testing.T) {
	for _, tc := range []struct {
		body, slug, str string
		id              int64
		isID            bool
	}{
		{`{"os":"ubuntu_2404"}`, "ubuntu_2404", "ubuntu_2404", 0, false},
		{`{"os":25}`, "", "25", 25, true},
		{`{"os":null}`, "", "", 0, false},
		{`{}`, "", "", 0, false},
	} {
		var p OrderParameters
		require.NoError(t, json.Unmarshal([]byte(tc.body), &p), tc.body)
		assert.Equal(t, tc.slug, p.OS.Slug(), tc.body)
		id, ok := p.OS.ID()
		assert.Equal(t, tc.isID, ok, tc.body)
		assert.Equal(t, tc.id, id, tc.body)
		assert.Equal(t, tc.str, p.OS.String(), tc.body)
		b, err := json.Marshal(p)
		require.NoError(t, err)
		assert.JSONEq(t, map[bool]string{true: tc.body, false: `{}`}[tc.body != `{"os":null}`], string(b), "sends what it holds")
	}
	// a real order body, as servers and other clients write it, decodes
	var r OrderRequest
	require.NoError(t, json.Unmarshal([]byte(`{"method":"balance","count":1,"term":"hour","name":"my-server","productId":153,`+
		`"parameters":{"os":"ubuntu_2404"},"autoProlong":false,"backups":false}`), &r))
	assert.Equal(t, OSSlug("ubuntu_2404"), r.Parameters.OS)
	var whole OSRef
	require.NoError(t, json.Unmarshal([]byte(`25.0`), &whole), "an integral number is an id")
	assert.Equal(t, OSID(25), whole)
	var bad OSRef
	assert.Error(t, json.Unmarshal([]byte(`25.5`), &bad))
	assert.Error(t, json.Unmarshal([]byte(`true`), &bad))
	assert.Error(t, json.Unmarshal([]byte(`{"id":25}`), &bad))

	// matching a reference with the OS list, whichever form it holds
	ubuntu := OS{ID: 25, Slug: "ubuntu_2404"}
	assert.Equal(t, OSSlug("ubuntu_2404"), ubuntu.Ref(), "the slug, which current servers expect")
	assert.Equal(t, OSID(7), OS{ID: 7}.Ref(), "an id when the list gives no slug")
	assert.True(t, OSSlug("ubuntu_2404").Matches(ubuntu))
	assert.True(t, OSSlug("Ubuntu_2404").Matches(ubuntu), "slugs compare in any case")
	assert.True(t, OSID(25).Matches(ubuntu))
	assert.True(t, OSSlug("25").Matches(ubuntu), "a numeric string names the id")
	assert.False(t, OSSlug("debian_12").Matches(ubuntu))
	assert.False(t, OSRef{}.Matches(OS{}))
}

func TestOSRefInvalid(t *testing.T) {
	c, err := NewClient(testKey, WithBaseURL("http://127.0.0.1:1/api"))
	require.NoError(t, err)
	ctx := context.Background()
	for _, os := range []OSRef{{}, OSSlug(""), OSSlug("  "), OSID(0), OSID(-3)} {
		err := c.Services.Reinstall(ctx, 1, ReinstallRequest{OS: os, Password: "x"})
		assert.ErrorIs(t, err, ErrInvalidArgument, os.String())
		_, err = c.Orders.Create(ctx, OrderRequest{Method: "balance", Count: 1, Term: TermHour, ProductID: 3,
			Parameters: &OrderParameters{OS: os}})
		if os.IsZero() {
			continue // no OS: the order installs none (an ISO, a non-VPS product)
		}
		assert.ErrorIs(t, err, ErrInvalidArgument, os.String())
	}
}

// Groups form a tree: location groups (role "location", payload.code) and
// server groups under them (parentId). A product's groupId names a server
// group; its location is found by walking up.
func TestGroupsTree(t *testing.T) {
	c := replay(t, "groups_tree")
	tree, err := c.Groups.Tree(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, tree, 7)

	shared, ok := tree.Find(24)
	require.True(t, ok)
	require.NotNil(t, shared.ParentID)
	assert.Equal(t, int64(23), *shared.ParentID)
	assert.Equal(t, GroupRole(""), shared.Role, "role null: a server group")
	assert.False(t, shared.IsLocation())
	assert.Equal(t, "shared", shared.Payload.Mode)
	assert.Equal(t, "DE-SHARED", shared.Payload.Label)
	assert.Empty(t, shared.Payload.Code, "server groups carry no code")
	assert.Contains(t, string(shared.Raw), `"prettyLocaledPayload"`, "unknown fields stay reachable")

	loc, ok := tree.Location(24)
	require.True(t, ok)
	assert.Equal(t, int64(23), loc.ID)
	assert.Equal(t, GroupRoleLocation, loc.Role)
	assert.Equal(t, "de", loc.Payload.Code)
	parent, ok := tree.Parent(shared)
	require.True(t, ok)
	assert.Equal(t, loc.ID, parent.ID)

	loc, ok = tree.Location(33)
	require.True(t, ok)
	assert.Equal(t, int64(32), loc.ID, "one location group per type")
	assert.Equal(t, ProductHiCPU, loc.Type)
	loc, ok = tree.Location(17)
	require.True(t, ok, "a location is its own location")
	assert.Equal(t, "ru", loc.Payload.Code)

	_, ok = tree.Location(16)
	assert.False(t, ok, "a special group has no location")
	_, ok = tree.Location(999)
	assert.False(t, ok, "an unknown group")
	kids := tree.Children(23)
	require.Len(t, kids, 2)
	assert.Equal(t, []int64{24, 25}, []int64{kids[0].ID, kids[1].ID})
	assert.Len(t, tree.Locations(), 3)
}

func TestGroupsTreeEdges(t *testing.T) {
	id := func(n int64) *int64 { return &n }
	tree := Groups{
		{ID: 1, Role: GroupRoleLocation, Payload: GroupPayload{Code: "nl"}},
		{ID: 2, ParentID: id(1)},
		{ID: 3, ParentID: id(77)},                  // its parent was not listed (filtered out, hidden)
		{ID: 4, ParentID: id(5)},                   // a cycle, never seen but must not hang
		{ID: 5, ParentID: id(4)},                   //
		{ID: 6, Payload: GroupPayload{Code: "fi"}}, // the older flat shape: a code and no role
		{ID: 7, ParentID: id(6)},
	}
	loc, ok := tree.Location(2)
	require.True(t, ok)
	assert.Equal(t, "nl", loc.Payload.Code)
	_, ok = tree.Location(3)
	assert.False(t, ok, "parent missing: no location, no guess")
	_, ok = tree.Parent(tree[2])
	assert.False(t, ok)
	_, ok = tree.Location(4)
	assert.False(t, ok, "a cycle ends")
	loc, ok = tree.Location(7)
	require.True(t, ok, "a top-level group with a code counts as a location")
	assert.Equal(t, "fi", loc.Payload.Code)
	_, ok = Groups(nil).Location(1)
	assert.False(t, ok)
	assert.True(t, Group{Role: "Location", ParentID: id(1)}.IsLocation(), "the role in any case")

	// the v2 shape sends type as an object: its slug is kept
	var g Group
	require.NoError(t, json.Unmarshal([]byte(`{"id":9,"type":{"slug":"vps","name":"VPS"},"role":"location","parentId":null,"payload":{"code":"se"}}`), &g))
	assert.Equal(t, ProductVPS, g.Type)
	assert.True(t, g.IsLocation())
	assert.Nil(t, g.ParentID)
	b, err := json.Marshal(g)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"role":"location"`)
}

// What real clients read from a service: its summary configuration, the OS
// slug, the panel username, the addresses; everything else stays raw.
func TestServiceRealShape(t *testing.T) {
	c := replay(t, "service_get_real")
	s, err := c.Services.Get(context.Background(), 1577409)
	require.NoError(t, err)
	assert.Equal(t, "2", s.SummaryConfiguration.CPU.Count.String())
	assert.Equal(t, "4", s.SummaryConfiguration.RAM.Count.String())
	assert.Equal(t, "60", s.SummaryConfiguration.ROM.Count.String(), "rom is the disk")
	assert.Equal(t, "60", s.SummaryConfiguration.ROM.Base.String())
	assert.Equal(t, "0", s.SummaryConfiguration.ROM.Additionally.String())
	assert.Equal(t, "1", s.SummaryConfiguration.Other["ip"].Count.String(), "other resources kept by name")
	assert.Equal(t, OSSlug("ubuntu_2404"), s.Parameters.OS)
	assert.Equal(t, "admin", s.Parameters.PanelUsername)
	assert.Equal(t, "root", s.Parameters.Username)
	assert.Contains(t, string(s.Raw), `"isoUrl"`)
	assert.Equal(t, "ip-1", s.IPs[0].Key)
	assert.Equal(t, "active", s.IPs[0].Status)
	assert.Equal(t, "457", s.RawPrices[TermMonth].String(), "as sent")
	assert.Equal(t, "1", s.PaymentTermRatio.String())
	assert.Equal(t, []string{"reinstall"}, s.Opportunities)
	assert.Equal(t, []string{"ctl", "ctl.restart", "reinstall", "change_password"}, s.Capabilities)
	require.NotNil(t, s.Product)
	assert.Equal(t, int64(24), s.Product.GroupID)
	assert.Contains(t, string(s.Raw), `"specialPrices"`, "unknown fields stay reachable raw")
	assert.Contains(t, string(s.IPv6), `"2001:db8::1"`)
	assert.NotContains(t, fmt.Sprintf("%+v", s), "fake-secret-password")

	// a service round-trips through JSON with what it decoded
	b, err := json.Marshal(s)
	require.NoError(t, err)
	var back Service
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, s.SummaryConfiguration.Other["ip"].Count.String(), back.SummaryConfiguration.Other["ip"].Count.String())
	assert.Equal(t, s.Parameters.PanelUsername, back.Parameters.PanelUsername)
}

// Amounts stay as sent; converting names its unit (Convert: whole units of
// the base currency, the seed's roubles; ConvertMinor: hundredths, the unit
// public clients read aeza.net amounts in).
func TestUnitsAsSentAndNamedOnConversion(t *testing.T) {
	var p Product
	require.NoError(t, json.Unmarshal([]byte(`{"prices":{"month":{"value":457,"defaultCurrency":"EUR"}},"rawPrices":{"month":457}}`), &p))
	assert.Equal(t, "457", p.Prices[TermMonth].Value.String(), "as sent: no rescaling")
	assert.Equal(t, "EUR", p.Prices[TermMonth].DefaultCurrency, "the currency, where the answer names it")
	usd := Currency{Code: "USD", Multiplier: MustDecimal("1.08"), Round: 2}
	v, err := usd.ConvertMinor(p.RawPrices[TermMonth].Value)
	require.NoError(t, err)
	assert.Equal(t, "4.94", v.String(), "457 hundredths × 1.08 = 4.9356, rounded up")
	v, err = usd.Convert(p.RawPrices[TermMonth].Value)
	require.NoError(t, err)
	assert.Equal(t, "493.56", v.String())
	_, err = Currency{}.ConvertMinor(MustDecimal("457"))
	assert.ErrorIs(t, err, ErrNoMultiplier)

	// the account's currency, where the answer carries it (v2 accounts/me
	// sends "eur"; specs/aeza-v2.md A7.1)
	var a Account
	require.NoError(t, json.Unmarshal([]byte(`{"id":1,"balance":12345,"currency":"eur"}`), &a))
	assert.Equal(t, "eur", a.Currency)
	assert.Equal(t, "12345", a.Balance.String(), "as sent")
	var legacy Account
	require.NoError(t, json.Unmarshal([]byte(`{"id":1,"balance":1234.56}`), &legacy))
	assert.Empty(t, legacy.Currency, "never guessed")
}

// An entry without "round" cannot convert: rounding to whole units would
// change the amount. A round of 0 that was sent is kept.
func TestCurrencyWithoutRound(t *testing.T) {
	cs, err := decodeCurrencies([]byte(`{"items":[{"slug":"usd","multiplier":0.0112},{"slug":"jpy","multiplier":"1.6","round":0},{"slug":"eur","multiplier":0.0103,"round":null}]}`))
	require.NoError(t, err)
	usd, ok := cs.Find("USD")
	require.True(t, ok)
	_, err = usd.Convert(MustDecimal("369"))
	require.ErrorIs(t, err, ErrNoRound)
	assert.ErrorIs(t, err, ErrInvalidArgument)
	eur, _ := cs.Find("eur")
	_, err = eur.Convert(MustDecimal("369"))
	require.ErrorIs(t, err, ErrNoRound, "null is no round either")
	jpy, _ := cs.Find("jpy")
	v, err := jpy.Convert(MustDecimal("369"))
	require.NoError(t, err)
	assert.Equal(t, "591", v.String(), "590.4 rounded up to whole yen")
	// a Currency built in code converts with the Round it was given
	v, err = Currency{Code: "USD", Multiplier: MustDecimal("0.0112")}.Convert(MustDecimal("369"))
	require.NoError(t, err)
	assert.Equal(t, "5", v.String())
}

// A recipe is an integer id in Aeza's docs and a string in current clients:
// RecipeRef sends the form it holds, like OSRef, and a real body with either
// decodes.
func TestRecipeRef(t *testing.T) {
	c := replayWith(t, legacyOrders, "order_create_recipe")
	_, err := c.Orders.Create(context.Background(), OrderRequest{Method: "balance", Count: 1, Term: TermHour, Name: "my-server",
		ProductID: 153, Parameters: &OrderParameters{OS: OSSlug("ubuntu_2404"), Recipe: RecipeSlug("docker")}})
	require.NoError(t, err)

	for body, want := range map[string]string{
		`{"os":"debian_12","recipe":"docker","password":"x"}`: "docker",
		`{"os":25,"recipe":7,"password":"x"}`:                 "7",
		`{"os":25,"recipe":null,"password":"x"}`:              "",
	} {
		var r ReinstallRequest
		require.NoError(t, json.Unmarshal([]byte(body), &r), body)
		assert.Equal(t, want, r.Recipe.String(), body)
		b, err := json.Marshal(r)
		require.NoError(t, err)
		assert.JSONEq(t, body, string(b), "sends what it holds")
	}
	id, ok := RecipeID(7).ID()
	assert.True(t, ok)
	assert.Equal(t, int64(7), id)
	assert.Equal(t, "docker", RecipeSlug("docker").Slug())
	assert.True(t, RecipeSlug("").IsZero())
	b, err := json.Marshal(OrderParameters{OS: OSSlug("ubuntu_2404")})
	require.NoError(t, err)
	assert.JSONEq(t, `{"os":"ubuntu_2404"}`, string(b), "no recipe: left out of an order")

	off, err := NewClient(testKey, WithBaseURL("http://127.0.0.1:1/api"))
	require.NoError(t, err)
	for _, bad := range []RecipeRef{RecipeID(0), RecipeID(-1), RecipeSlug(" ")} {
		err := off.Services.Reinstall(context.Background(), 1, ReinstallRequest{OS: OSSlug("debian_12"), Recipe: bad, Password: "x"})
		assert.ErrorIs(t, err, ErrInvalidArgument, bad.String())
		_, err = off.Orders.Create(context.Background(), OrderRequest{Method: "balance", Count: 1, Term: TermHour, ProductID: 3,
			Parameters: &OrderParameters{Recipe: bad}})
		assert.ErrorIs(t, err, ErrInvalidArgument, bad.String())
	}
}

// Products and operating systems in the shapes working clients decode.
func TestProductsAndOSRealShape(t *testing.T) {
	c := replay(t, "products_real", "os_list_real")
	ctx := context.Background()
	l, err := c.Products.List(ctx, nil)
	require.NoError(t, err)
	p := l.Items[0]
	assert.Equal(t, "457", p.Prices[TermMonth].Value.String(), "as sent")
	assert.Equal(t, "60", p.SummaryConfiguration.ROM.Count.String())
	require.NotNil(t, p.Group)
	assert.Equal(t, p.GroupID, p.Group.ID)
	require.NotNil(t, p.Group.ParentID, "a product's group is a server group under a location")
	assert.Equal(t, int64(23), *p.Group.ParentID)
	assert.Equal(t, "vm6", p.ServiceHandler)
	assert.Contains(t, string(p.Raw), `"individualFirstPrices"`, "unknown fields stay reachable raw")

	oses, err := c.OS.List(ctx, nil)
	require.NoError(t, err)
	u := oses.Items[0]
	assert.Equal(t, OSSlug("ubuntu_2404"), u.Ref())
	assert.Equal(t, map[string]int64{"vps": 1, "hicpu": 1}, u.Targets)
	assert.Empty(t, u.Repository)
	w := oses.Items[1]
	assert.False(t, w.Enabled)
	assert.Equal(t, "https://mirror.example.invalid/win", w.Repository)
	assert.Equal(t, "Administrator", w.Username)
}

// A tree a hostile or broken server sends as one long chain (or a long chain
// into a cycle) is walked in linear time: Location does not search the whole
// list again at every step (that took about 0.5 s per call on 20,000 groups).
func TestGroupsLocationDeepChain(t *testing.T) {
	const n = 50000
	tree := make(Groups, n)
	for i := range tree {
		tree[i].ID = int64(i + 1)
		if i > 0 {
			p := int64(i)
			tree[i].ParentID = &p
		}
	}
	tree[0].Role = GroupRoleLocation
	start := time.Now()
	loc, ok := tree.Location(n)
	require.True(t, ok)
	assert.Equal(t, int64(1), loc.ID)

	self := int64(n / 2)
	tree[n/2-1].ParentID = &self // a self-parent halfway up: no location, no hang
	_, ok = tree.Location(n)
	assert.False(t, ok)
	assert.Less(t, time.Since(start), 2*time.Second, "Location is quadratic in the depth")
}

// A "round" sent as "" is no round (like null), not 0 places; one entry with
// a round out of 0..1000 cannot convert, but the other currencies still decode.
func TestCurrencyBlankOrWildRound(t *testing.T) {
	cs, err := decodeCurrencies([]byte(`[{"slug":"usd","multiplier":0.0112,"round":""},{"slug":"xxx","multiplier":1,"round":1000000000},{"slug":"eur","multiplier":0.0103,"round":"2"}]`))
	require.NoError(t, err)
	require.Len(t, cs, 3)
	usd, _ := cs.Find("usd")
	_, err = usd.Convert(MustDecimal("369"))
	require.ErrorIs(t, err, ErrNoRound)
	xxx, _ := cs.Find("xxx")
	_, err = xxx.Convert(MustDecimal("1"))
	require.ErrorIs(t, err, ErrInvalidArgument)
	eur, _ := cs.Find("eur")
	v, err := eur.Convert(MustDecimal("369"))
	require.NoError(t, err)
	assert.Equal(t, "3.81", v.String())
}
