package aeza

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// FuzzOrderAnswer: any body decodes as an order answer without panicking,
// keeps the body raw, and is understood only when it names an id.
func FuzzOrderAnswer(f *testing.F) {
	for _, b := range fixtureBodies(f) {
		f.Add(b)
	}
	for _, s := range []string{`{"data":{"id":999}}`, `{"items":[{"id":"12","createdServiceIds":["4"]}],"total":1}`,
		`[{"id":3}]`, `{"data":{"createdServiceIds":[5,6]}}`, `{"id":"ord_x"}`, `{"data":{"order":{"id":1}}}`, ``, `{"data":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := decodeOrderAnswer(body)
		if string(r.Raw) != string(body) {
			t.Fatal("raw not kept")
		}
		if r.understood() != (len(r.OrderIDs()) > 0 || len(r.ServiceIDs) > 0 || hasIDText(r)) {
			t.Fatal("understood disagrees with the ids")
		}
		for _, id := range append(r.OrderIDs(), r.ServiceIDs...) {
			if id <= 0 {
				t.Fatalf("id %d", id)
			}
		}
	})
}

func hasIDText(r *OrderResult) bool {
	for _, o := range r.Items {
		if o.IDText != "" {
			return true
		}
	}
	return false
}

// FuzzTolerantDecode: the tolerant decoders never panic, fail only on
// invalid JSON (or a non-integer id), and agree with encoding/json wherever
// encoding/json succeeds.
func FuzzTolerantDecode(f *testing.F) {
	for _, b := range fixtureBodies(f) {
		f.Add(b)
	}
	f.Add([]byte(`{"id":1,"prices":{"month":{"value":457,"defaultCurrency":true}},"capabilities":"ctl"}`))
	f.Add([]byte(`{"statusCode":400,"message":["a","b"],"error":"x.y","payload":{"allow":["z"]},"requestId":"r"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		type plainService Service
		var strictS, looseS plainService
		strictErr := json.Unmarshal(b, &strictS)
		looseErr := decodeLoose(b, &looseS)
		if json.Valid(b) != (looseErr == nil) {
			t.Fatalf("decodeLoose error %v on valid=%v", looseErr, json.Valid(b))
		}
		if strictErr == nil && !reflect.DeepEqual(strictS, looseS) {
			t.Fatalf("loose %+v != strict %+v", looseS, strictS)
		}
		var p Product
		if err := p.UnmarshalJSON(b); err == nil && !json.Valid(b) {
			t.Fatal("invalid JSON accepted")
		}
		resp := &transport.Response{StatusCode: 400, Header: http.Header{}, Body: b, Method: "GET", Path: "/api/x"}
		e := resp.NewError()
		if !decodeError(resp, e) {
			t.Fatal("a 400 must be a failure")
		}
		_ = e.Error()
	})
}
