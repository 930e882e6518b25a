package aeza

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/ruapi/ruapi-go/internal/fixture"
	"github.com/ruapi/ruapi-go/internal/transport"
)

func fixtureBodies(f *testing.F) [][]byte {
	files, _ := filepath.Glob("testdata/*.json")
	var out [][]byte
	for _, file := range files {
		fx, err := fixture.Load(file)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, fx.Response.BodyBytes())
	}
	return out
}

// FuzzEnvelope runs the error decoder and every success decoder over any body.
func FuzzEnvelope(f *testing.F) {
	for _, b := range fixtureBodies(f) {
		f.Add(b, 200)
		f.Add(b, 500)
	}
	f.Add([]byte(`{"error":null}`), 200)
	f.Add([]byte(`{"error":"x"}`), 404)
	f.Fuzz(func(t *testing.T, body []byte, status int) {
		if status < 100 || status > 599 {
			status = 200
		}
		resp := &transport.Response{StatusCode: status, Header: http.Header{}, Body: body, Method: "GET", Path: "/api/x"}
		e := resp.NewError()
		failed := decodeError(resp, e)
		if (status < 200 || status > 299) && !failed {
			t.Fatalf("status %d not a failure", status)
		}
		_ = e.Error()
		var env envelope
		if json.Unmarshal(body, &env) != nil {
			return
		}
		var l List[Service]
		_ = json.Unmarshal(env.Data, &l)
		var lp List[Product]
		_ = json.Unmarshal(env.Data, &lp)
		_, _, _ = oneOf[Account](env.Data)
		_, _, _ = oneOf[Order](env.Data)
		_, _ = decodeCurrencies(env.Data)
		var lg List[Group]
		if json.Unmarshal(env.Data, &lg) == nil {
			tree := Groups(lg.Items)
			for _, g := range tree {
				_, _ = tree.Location(g.ID)
			}
		}
		// A services page decodes as Service.UnmarshalJSON would decode it.
		if status >= 200 && status <= 299 && !failed && len(env.Data) > 0 {
			var fast, plain List[Service]
			okResp := &transport.Response{StatusCode: 200, Header: http.Header{}, Body: body}
			ferr := decodeServiceList(okResp, &fast)
			perr := okResp.DecodeJSON(&into{Data: &plain})
			if (ferr == nil) != (perr == nil) {
				t.Fatalf("decodeServiceList error %v, plain decode %v", ferr, perr)
			}
			if ferr == nil && perr == nil && !reflect.DeepEqual(fast, plain) {
				t.Fatalf("decodeServiceList %#v, plain decode %#v", fast, plain)
			}
		}
		// The scans that replace a second decode agree with encoding/json.
		data, ok := member(body, "data")
		if ok != (len(env.Data) > 0) {
			t.Fatalf("member found data %v, encoding/json %q", ok, env.Data)
		}
		if ok && !bytes.HasPrefix(data, bytes.TrimSpace(env.Data)) && bytes.Count(body, []byte("ata")) < 2 {
			t.Fatalf("member data %q, encoding/json %q", data, env.Data)
		}
		var items struct {
			Items []json.RawMessage `json:"items"`
		}
		if json.Unmarshal(env.Data, &items) == nil && len(items.Items) > 0 && bytes.Count(body, []byte("tems")) < 2 {
			if first := firstItem(body); !bytes.Equal(first, items.Items[0]) {
				t.Fatalf("firstItem %q, encoding/json %q", first, items.Items[0])
			}
		}
	})
}

// FuzzFlexible covers Decimal, Timestamp, Price and Prices on any JSON value.
func FuzzFlexible(f *testing.F) {
	for _, s := range []string{`1`, `"1700000000"`, `1.5e3`, `{"value": 1.5, "suffix": "x"}`, `"2023-11-14T22:13:20Z"`,
		`null`, `[]`, `{"month": 369, "year": {"value": "1"}}`, `"-0.000"`, `1e1000`, `"abc"`,
		`"ubuntu_2404"`, `25`, `{"cpu": {"count": 2}, "ip": {"count": 1}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Decimal
		if d.UnmarshalJSON(b) == nil {
			out, _ := d.MarshalJSON()
			var d2 Decimal
			if err := d2.UnmarshalJSON(out); err != nil || !d2.Equal(d) {
				t.Fatalf("decimal %q -> %q does not round-trip: %v", b, out, err)
			}
			if c, err := d.Ceil(2); err == nil && c.Cmp(d) < 0 {
				t.Fatalf("ceil(%s) = %s is below", d, c)
			}
		}
		var ts Timestamp
		if json.Unmarshal(b, &ts) == nil {
			_, _ = json.Marshal(ts)
		}
		var p Price
		if json.Unmarshal(b, &p) == nil {
			_, _ = json.Marshal(p)
		}
		var ps Prices
		_ = json.Unmarshal(b, &ps)
		var n flexInt
		_ = json.Unmarshal(b, &n)
		var s SecretJSON
		_ = json.Unmarshal(b, &s)
		var r OSRef
		if json.Unmarshal(b, &r) == nil {
			out, err := json.Marshal(r)
			var r2 OSRef
			if err != nil || json.Unmarshal(out, &r2) != nil || r2 != r {
				t.Fatalf("os ref %q -> %q does not round-trip: %v", b, out, err)
			}
		}
		var rr RecipeRef
		if json.Unmarshal(b, &rr) == nil {
			out, err := json.Marshal(rr)
			var rr2 RecipeRef
			if err != nil || json.Unmarshal(out, &rr2) != nil || rr2 != rr {
				t.Fatalf("recipe ref %q -> %q does not round-trip: %v", b, out, err)
			}
		}
		var sc SummaryConfiguration
		if json.Unmarshal(b, &sc) == nil {
			_, _ = json.Marshal(sc)
		}
	})
}

func TestFixturesAreValid(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		if _, err := fixture.Load(f); err != nil {
			t.Error(err)
		}
		b, _ := os.ReadFile(f)
		var v struct{ Source string }
		_ = json.Unmarshal(b, &v)
		if v.Source == "" {
			t.Errorf("%s: no source", f)
		}
	}
}
