package aeza

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// realServicePage builds a {"items": [...]} page of n services shaped like
// testdata/service_get_real.json.
func realServicePage(tb testing.TB, n int) []byte {
	tb.Helper()
	b, err := os.ReadFile("testdata/service_get_real.json")
	require.NoError(tb, err)
	var fx struct {
		Response struct {
			Body struct {
				Data struct {
					Items []map[string]any `json:"items"`
				} `json:"data"`
			} `json:"body"`
		} `json:"response"`
	}
	require.NoError(tb, json.Unmarshal(b, &fx))
	item := fx.Response.Body.Data.Items[0]
	items := make([]json.RawMessage, n)
	for i := range items {
		item["id"] = i + 1
		item["name"] = "server-" + strconv.Itoa(i+1)
		items[i], err = json.Marshal(item)
		require.NoError(tb, err)
	}
	page, err := json.Marshal(map[string]any{"items": items, "total": n})
	require.NoError(tb, err)
	return page
}

func TestTimestampCommonFormsAllocateNothing(t *testing.T) {
	for _, in := range []string{`1700000000`, `"1700000000"`, `""`, `null`, `-5`, `0`} {
		var ts Timestamp
		b := []byte(in)
		allocs := testing.AllocsPerRun(100, func() {
			if err := ts.UnmarshalJSON(b); err != nil {
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, in)
		out, err := json.Marshal(ts)
		require.NoError(t, err)
		assert.Equal(t, in, string(out), "re-encodes as it came")
	}
	// Forms that are not written the way they re-encode keep their bytes.
	for in, want := range map[string]int64{`"01700000000"`: 1700000000, `" 1700000000 "`: 1700000000,
		`"+1700000000"`: 1700000000, `1700000000.0`: 1700000000, `"2023-11-14 22:13:20"`: 1700000000} {
		var ts Timestamp
		require.NoError(t, json.Unmarshal([]byte(in), &ts), in)
		assert.Equal(t, want, ts.Unix(), in)
		out, err := json.Marshal(ts)
		require.NoError(t, err)
		assert.Equal(t, in, string(out), "re-encodes as it came")
	}
	var ts Timestamp
	assert.Error(t, json.Unmarshal([]byte(`99999999999999999999`), &ts))
	assert.Error(t, json.Unmarshal([]byte(`"-"`), &ts))
}

func TestServiceRawOneCopy(t *testing.T) {
	page := realServicePage(t, 1)
	var l List[Service]
	require.NoError(t, json.Unmarshal(page, &l))
	require.Len(t, l.Items, 1)
	s := l.Items[0]
	var want map[string]any
	var items struct{ Items []json.RawMessage }
	require.NoError(t, json.Unmarshal(page, &items))
	require.NoError(t, json.Unmarshal(items.Items[0], &want))
	var got map[string]any
	require.NoError(t, s.Raw.Decode(&got))
	assert.Equal(t, want, got, "Raw is the whole object")
	// Raw is a copy: the caller may reuse its buffer.
	for i := range page {
		page[i] = ' '
	}
	require.NoError(t, s.Raw.Decode(&got))
	// A failed decode leaves nothing half set.
	s = Service{Name: "x"}
	assert.Error(t, json.Unmarshal([]byte(`{"id": "nope"}`), &s))
	assert.Equal(t, Service{}, s)
}

func TestMemberScan(t *testing.T) {
	for in, want := range map[string]string{
		`{"data": {"items": []}}`:                              `{"items": []}}`,
		` { "x" : [1, {"data": 2}, "}\"data"] , "data" :null}`: `null}`,
		`{"Data": 1}`:      `1}`,
		`{"d\u0061ta": 1}`: `1}`,
	} {
		got, ok := member([]byte(in), "data")
		assert.True(t, ok, in)
		assert.Equal(t, want, string(got), in)
	}
	for _, in := range []string{`{}`, `[]`, `{"x": {"data": 1}}`, `{"x": `, `"data"`, ``, `{"data":`} {
		_, ok := member([]byte(in), "data")
		assert.False(t, ok, in)
	}
	assert.Equal(t, `{"a": "]"}`, string(firstItem([]byte(`{"data": {"filter": null, "items": [ {"a": "]"}, 2]}}`))))
	assert.Nil(t, firstItem([]byte(`{"data": {"items": []}}`)))
}

// BenchmarkServicePageDecode measures what Service.Raw costs: a page of 100
// real-shaped services decoded with Raw, and without (the same struct
// through a type that has no UnmarshalJSON).
func BenchmarkServicePageDecode(b *testing.B) {
	page := realServicePage(b, 100)
	type noRaw Service
	b.Run("raw-kept", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var l List[Service]
			if err := json.Unmarshal(page, &l); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("no-raw", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var l List[noRaw]
			if err := json.Unmarshal(page, &l); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestDecodeServiceListMatchesUnmarshalJSON(t *testing.T) {
	page := realServicePage(t, 3)
	bodies := []string{
		`{"data": ` + string(page) + `}`,
		// Shapes the scan does not line up: decoded again the plain way.
		`{"data": {"it\u0065ms": [{"id": 1, "name": "a"}, {"id": 2}], "total": 2}}`,
		`{"data": {"items": [{"id": 9}], "items": [{"id": 1, "name": "a"}, {"id": 2}], "total": 2}}`,
		`{"data": {"items": [{"id": 9}], "items": [{"id": 1}]}}`,
		`{"data": {"items": [{"id": 9}]}, "data": {"items": [{"id": 1}]}}`,
		`{"DATA": {"ITEMS": [{"id": 1, "name": "\"]}"}], "total": 1}, "x": [1, {"a": "}"}]}`,
		`{"data": {"items": null, "total": 0}}`,
		`{"data": {"items": [], "total": 0}}`,
		`{"data": null}`,
	}
	for _, body := range bodies {
		resp := &transport.Response{StatusCode: 200, Header: http.Header{}, Body: []byte(body)}
		var fast, plain List[Service]
		require.NoError(t, decodeServiceList(resp, &fast), body)
		require.NoError(t, json.Unmarshal([]byte(body), &into{Data: &plain}), body)
		assert.Equal(t, plain, fast, body)
	}
	resp := &transport.Response{StatusCode: 200, Header: http.Header{}, Body: []byte(`{"items": []}`)}
	var l List[Service]
	assert.ErrorIs(t, decodeServiceList(resp, &l), ErrDecode, "no data member")
	resp.Body = []byte(`{"data": {"items": [{"id": "x"}]}}`)
	assert.ErrorIs(t, decodeServiceList(resp, &l), ErrDecode)
}

// A services answer that does not decode is an ErrDecode that does not
// quote the body: a service carries secureParameters (a root password), and
// the transport's excerpt scrubs only the credentials it knows.
func TestServicesDecodeErrorHidesSecureParameters(t *testing.T) {
	body := `{"data":{"items":[{"id":"x","secureParameters":{"password":"fake-root-pass-not-real"}}],"total":1}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	c, err := NewClient("fake-key-not-real", WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = c.Services.List(context.Background(), nil)
	require.ErrorIs(t, err, ErrDecode)
	assert.NotContains(t, err.Error(), "root-pass")
	_, err = c.Services.Get(context.Background(), 1)
	require.ErrorIs(t, err, ErrDecode)
	assert.NotContains(t, err.Error(), "root-pass")
	for _, err := range c.Services.All(context.Background(), nil) {
		require.ErrorIs(t, err, ErrDecode)
		assert.NotContains(t, err.Error(), "root-pass")
		break
	}
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "/services/1", e.Path)
}
