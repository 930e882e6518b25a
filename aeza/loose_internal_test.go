package aeza

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// oddValues are the JSON types a field whose type no captured payload
// settles may turn up with.
var oddValues = map[string]any{
	"bool":   true,
	"string": "odd",
	"number": json.Number("12.5"),
	"null":   nil,
	"object": map[string]any{"odd": []any{1, "x"}},
	"array":  []any{"odd", 1, false},
}

// fixtureItem returns the first item of a recorded list answer, decoded with
// numbers kept as written.
func fixtureItem(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name + ".json")
	require.NoError(t, err)
	var f struct {
		Response struct {
			Body json.RawMessage `json:"body"`
		} `json:"response"`
	}
	require.NoError(t, json.Unmarshal(b, &f))
	d := json.NewDecoder(bytes.NewReader(f.Response.Body))
	d.UseNumber()
	var body map[string]any
	require.NoError(t, d.Decode(&body))
	return body["data"].(map[string]any)["items"].([]any)[0].(map[string]any)
}

// tolerantProduct is a product in the real legacy shape (products_real)
// with prices in both the number and the object form.
func tolerantProduct(t *testing.T) map[string]any {
	p := fixtureItem(t, "products_real")
	p["prices"].(map[string]any)["year"] = map[string]any{"value": json.Number("4935"), "suffix": "€",
		"defaultCurrency": "EUR", "slug": "year"}
	return p
}

// tolerantService is a service in the real legacy shape (service_get_real)
// that embeds tolerantProduct.
func tolerantService(t *testing.T) map[string]any {
	s := fixtureItem(t, "service_get_real")
	s["product"] = tolerantProduct(t)
	s["rawPrices"].(map[string]any)["year"] = map[string]any{"value": json.Number("4935"),
		"defaultCurrency": "EUR"}
	return s
}

// setPath returns a deep copy of v with the member at path (dot-separated;
// a number indexes an array) set to val.
func setPath(v any, path []string, val any) any {
	b, _ := json.Marshal(v)
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var c any
	_ = d.Decode(&c)
	cur := c
	for i, k := range path {
		last := i == len(path)-1
		switch node := cur.(type) {
		case map[string]any:
			if last {
				node[k] = val
				return c
			}
			cur = node[k]
		case []any:
			n, _ := strconv.Atoi(k)
			if last {
				node[n] = val
				return c
			}
			cur = node[n]
		}
	}
	return c
}

// memberPaths lists the path of every member at every depth of v (the
// first element of each array stands for all of them).
func memberPaths(v any, prefix []string, out *[][]string) {
	switch node := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(node))
		for k := range node {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := append(append([]string(nil), prefix...), k)
			*out = append(*out, p)
			memberPaths(node[k], p, out)
		}
	case []any:
		if len(node) > 0 {
			p := append(append([]string(nil), prefix...), "0")
			*out = append(*out, p)
			memberPaths(node[0], p, out)
		}
	}
}

type bodyTransport struct{ body []byte }

func (bt *bodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(bt.body)), Request: r}, nil
}

// listBody wraps items in Aeza's list envelope.
func listBody(t *testing.T, items ...any) []byte {
	b, err := json.Marshal(map[string]any{"data": map[string]any{"items": items, "total": len(items), "edit": false}})
	require.NoError(t, err)
	return b
}

// readAll runs every call that decodes the entity (Products.List and Get,
// or Services.List, All and Get) on body and returns the first item of each.
func readAll(t *testing.T, c *Client, bt *bodyTransport, body []byte, services bool) (ids []int64, names []string, err error) {
	bt.body = body
	ctx := context.Background()
	if !services {
		l, err := c.Products.List(ctx, nil)
		if err != nil {
			return nil, nil, err
		}
		p, err := c.Products.Get(ctx, 153)
		if err != nil {
			return nil, nil, err
		}
		return []int64{l.Items[0].ID, p.ID}, []string{l.Items[0].Name, p.Name}, nil
	}
	l, err := c.Services.List(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	ids, names = append(ids, l.Items[0].ID), append(names, l.Items[0].Name)
	for s, err := range c.Services.All(ctx, nil) {
		if err != nil {
			return nil, nil, err
		}
		ids, names = append(ids, s.ID), append(names, s.Name)
	}
	s, err := c.Services.Get(ctx, 1577409)
	if err != nil {
		return nil, nil, err
	}
	return append(ids, s.ID), append(names, s.Name), nil
}

// inferredFields are the members the specs know only from one client's
// code, an illustrative document or a second-hand report (specs/aeza.md,
// specs/aeza-v2.md A7, B1, B3, A10): each must take any JSON type without
// failing the answer. The sweep below feeds every other member too.
var inferredFields = []string{
	// Prices: the number-or-object form, its members (defaultCurrency is a
	// string in one source and a bool in carlsmei/go-aeza-sdk), fractional
	// installPrice (TF's document only).
	"prices", "prices.hour", "prices.year", "prices.year.value", "prices.year.suffix",
	"prices.year.defaultCurrency", "prices.year.slug", "rawPrices", "rawPrices.month",
	"individualPrices", "firstPrices", "installPrice",
	// Product members from one client's model.
	"type", "groupId", "order", "isPrivate", "serviceHandler", "configuration",
	"summaryConfiguration", "summaryConfiguration.cpu", "summaryConfiguration.cpu.count",
	"group", "group.type", "group.role", "group.parentId", "group.names", "group.hasProducts",
	"group.payload", "group.payload.code", "group.payload.label", "group.payload.isDisabled",
}

// inferredServiceFields are the service members known from one client's
// model or marked I in specs/aeza-v2.md A7.2 (schedule, parameters),
// timestamps that come as numbers or strings, capabilities that one client
// also reads as a single string, and the undocumented paymentTermRatio.
var inferredServiceFields = []string{
	"ownerId", "productId", "ip", "paymentTerm", "autoProlong", "backups", "status", "lastStatus",
	"currentStatus", "locationCode", "parameters", "parameters.os", "parameters.recipe",
	"parameters.isoUrl", "parameters.username", "parameters.panelUsername", "secureParameters",
	"ips", "ips.0.value", "ips.0.extendedProtection", "ipv6", "timestamps", "timestamps.createdAt",
	"timestamps.expiresAt", "timestamps.purchasedAt", "paymentTermRatio", "opportunities",
	"capabilities", "capabilities.0", "currentTask", "schedule", "summaryConfiguration",
	"summaryConfiguration.rom.count", "rawPrices", "rawPrices.year.defaultCurrency",
	"individualPrices", "product", "product.prices.year.defaultCurrency", "product.installPrice",
	"product.group.payload.code",
}

// TestOddFieldTypesNeverBreakAnswer feeds each inferred field every other
// JSON type (bool, string, number, null, object, array), and then every
// member of the real-shaped product and service at every depth, and checks
// that Products.List and Get, Services.List, All and Get still decode the
// answer with the entity's id and name.
func TestOddFieldTypesNeverBreakAnswer(t *testing.T) {
	bt := &bodyTransport{}
	c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: bt}), WithRetry(RetryPolicy{}))
	require.NoError(t, err)
	for _, tc := range []struct {
		kind     string
		item     map[string]any
		named    []string
		services bool
	}{
		{"product", tolerantProduct(t), inferredFields, false},
		{"service", tolerantService(t), append(append([]string(nil), inferredServiceFields...), prefixed("product.", inferredFields)...), true},
	} {
		var all [][]string
		memberPaths(tc.item, nil, &all)
		paths := make([][]string, 0, len(tc.named)+len(all))
		for _, p := range tc.named {
			paths = append(paths, strings.Split(p, "."))
		}
		paths = append(paths, all...)
		for _, path := range paths {
			key := strings.Join(path, ".")
			if key == "id" || key == "name" {
				continue // the entity's own id must be an integer; name is checked below
			}
			for typ, val := range oddValues {
				body := listBody(t, setPath(tc.item, path, val))
				ids, names, err := readAll(t, c, bt, body, tc.services)
				if !assert.NoError(t, err, "%s %s = %s", tc.kind, key, typ) {
					continue
				}
				for i := range ids {
					want := int64(153)
					if tc.services {
						want = 1577409
					}
					assert.Equal(t, want, ids[i], "%s %s = %s", tc.kind, key, typ)
					assert.NotEmpty(t, names[i], "%s %s = %s", tc.kind, key, typ)
				}
			}
		}
		// The name itself may be odd too: it reads as "".
		for typ, val := range oddValues {
			_, _, err := readAll(t, c, bt, listBody(t, setPath(tc.item, []string{"name"}, val)), tc.services)
			assert.NoError(t, err, "%s name = %s", tc.kind, typ)
		}
	}
}

func prefixed(prefix string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = prefix + p
	}
	return out
}

// TestDefaultCurrencyBool is the reported case: a price object whose
// defaultCurrency is a bool (as carlsmei/go-aeza-sdk declares it) keeps its
// value, and the price re-encodes as it came.
func TestDefaultCurrencyBool(t *testing.T) {
	p := tolerantProduct(t)
	p["prices"].(map[string]any)["month"] = map[string]any{"value": json.Number("457"), "suffix": "€",
		"defaultCurrency": true, "slug": "month"}
	bt := &bodyTransport{}
	c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: bt}))
	require.NoError(t, err)
	bt.body = listBody(t, p)
	l, err := c.Products.List(context.Background(), nil)
	require.NoError(t, err)
	month := l.Items[0].Prices[TermMonth]
	assert.Equal(t, "457", month.Value.String())
	assert.True(t, month.Object)
	assert.Equal(t, "", month.DefaultCurrency)
	in, ok := month.InDefaultCurrency()
	assert.True(t, ok)
	assert.True(t, in)
	assert.Equal(t, "EUR", l.Items[0].Prices[TermYear].DefaultCurrency)
	_, ok = l.Items[0].Prices[TermYear].InDefaultCurrency()
	assert.False(t, ok, "a string is no flag")
	b, err := json.Marshal(month)
	require.NoError(t, err)
	assert.JSONEq(t, `{"value":457,"suffix":"€","defaultCurrency":true,"slug":"month"}`, string(b))

	s := tolerantService(t)
	s["product"] = p
	bt.body = listBody(t, s)
	sl, err := c.Services.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, "457", sl.Items[0].Product.Prices[TermMonth].Value.String())
	got, err := c.Services.Get(context.Background(), 1577409)
	require.NoError(t, err)
	assert.Equal(t, "457", got.Product.Prices[TermMonth].Value.String())
}

// TestOddValuesKeptRaw: an odd value reads as zero in its field and stays
// reachable in Raw.
func TestOddValuesKeptRaw(t *testing.T) {
	s := tolerantService(t)
	s["paymentTermRatio"] = map[string]any{"hour": 1}
	s["capabilities"] = "ctl"
	s["timestamps"].(map[string]any)["expiresAt"] = true
	bt := &bodyTransport{body: listBody(t, s)}
	c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: bt}))
	require.NoError(t, err)
	l, err := c.Services.List(context.Background(), nil)
	require.NoError(t, err)
	svc := l.Items[0]
	assert.True(t, svc.PaymentTermRatio.IsZero())
	assert.Equal(t, []string{"ctl"}, svc.Capabilities, "a single string reads as a one-item list")
	assert.True(t, svc.Timestamps.ExpiresAt.IsZero())
	assert.Equal(t, int64(1764000000), svc.Timestamps.CreatedAt.Unix())
	assert.Equal(t, "ubuntu_2404", svc.Parameters.OS.Slug())
	var raw map[string]any
	require.NoError(t, svc.Raw.Decode(&raw))
	assert.Equal(t, map[string]any{"hour": float64(1)}, raw["paymentTermRatio"])
}

// TestOddTypesStillFailOnBrokenJSON: tolerance is about types, not syntax,
// and the entity's own id must be an integer.
func TestOddTypesStillFailOnBrokenJSON(t *testing.T) {
	bt := &bodyTransport{}
	c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: bt}), WithRetry(RetryPolicy{}))
	require.NoError(t, err)
	for _, body := range []string{
		`{"data":{"items":[{"id":1,"prices":{"hour":tru}}],"total":1}}`,
		`{"data":{"items":[{"id":"x","name":"a"}],"total":1}}`,
		`{"data":{"items":[{"id":1,"capabilities":[1,}],"total":1}}`,
	} {
		bt.body = []byte(body)
		_, err := c.Services.List(context.Background(), nil)
		assert.ErrorIs(t, err, ErrDecode, body)
		_, err = c.Products.List(context.Background(), nil)
		assert.ErrorIs(t, err, ErrDecode, body)
	}
}

// payment/currencies and payment/methods have no published shape: odd
// member types read as empty, never fail the list.
func TestCurrenciesAndMethodsTolerant(t *testing.T) {
	for typ, val := range oddValues {
		v, _ := json.Marshal(val)
		for _, member := range []string{"slug", "name", "code", "multiplier", "round", "symbol"} {
			entry := map[string]json.RawMessage{"slug": json.RawMessage(`"usd"`), "name": json.RawMessage(`"USD"`),
				"multiplier": json.RawMessage(`0.0112`), "round": json.RawMessage(`2`)}
			entry[member] = v
			e, _ := json.Marshal(entry)
			cs, err := decodeCurrencies([]byte(`{"items":[` + string(e) + `,{"slug":"eur","multiplier":0.0103,"round":2}]}`))
			require.NoError(t, err, "%s = %s", member, typ)
			require.Len(t, cs, 2)
			eur, ok := cs.Find("EUR")
			require.True(t, ok)
			got, err := eur.ConvertMinor(MustDecimal("36900"))
			require.NoError(t, err)
			assert.Equal(t, "3.81", got.String())
		}
		var m PaymentMethod
		require.NoError(t, json.Unmarshal([]byte(`{"id":"unitpay:card","name":`+string(v)+`}`), &m), typ)
		assert.Equal(t, "unitpay:card", m.ID)
	}
}

// Tasks: no source shows their members; a string id (as v2 sends task ids)
// is kept, odd members read as zero.
func TestTasksTolerant(t *testing.T) {
	var l List[Task]
	require.NoError(t, json.Unmarshal([]byte(`{"items":[{"id":"5f1c-task","type":7,"status":"running","createdAt":"2025-11-20T13:12:12.733Z"},`+
		`{"id":12,"type":"reboot","status":["x"],"createdAt":true,"payload":{"a":1}}],"total":2}`), &l))
	require.Len(t, l.Items, 2)
	assert.Equal(t, "5f1c-task", l.Items[0].IDText)
	assert.Equal(t, int64(0), l.Items[0].ID)
	assert.Equal(t, "running", l.Items[0].Status)
	assert.Equal(t, 2025, l.Items[0].CreatedAt.Year())
	assert.Equal(t, int64(12), l.Items[1].ID)
	assert.Equal(t, "reboot", l.Items[1].Type)
	assert.True(t, l.Items[1].CreatedAt.IsZero())
}

// The fast services page decode falls back to the tolerant one on an odd
// member, and then agrees with Service.UnmarshalJSON item by item (Raw
// included).
func TestDecodeServiceListTolerantFallback(t *testing.T) {
	s := tolerantService(t)
	odd := setPath(s, []string{"rawPrices", "year", "defaultCurrency"}, true)
	odd = setPath(odd, []string{"timestamps", "createdAt"}, map[string]any{"x": 1})
	body := listBody(t, s, odd, setPath(s, []string{"id"}, json.Number("7")))
	resp := &transport.Response{StatusCode: 200, Header: http.Header{}, Body: body}
	var fast, plain List[Service]
	require.NoError(t, decodeServiceList(resp, &fast))
	require.NoError(t, json.Unmarshal(body, &into{Data: &plain}))
	assert.Equal(t, plain, fast)
	require.Len(t, fast.Items, 3)
	assert.True(t, fast.Items[1].Timestamps.CreatedAt.IsZero())
	in, ok := fast.Items[1].RawPrices[TermYear].InDefaultCurrency()
	assert.True(t, ok && in)
	assert.Equal(t, int64(7), fast.Items[2].ID)
	assert.Equal(t, 3, fast.Total)
}
