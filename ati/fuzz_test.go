package ati

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
)

func fixtureBodies(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, p := range files {
		b, err := os.ReadFile(p) //nolint:gosec // test fixtures
		if err != nil {
			continue
		}
		var fx struct {
			Response struct {
				Body json.RawMessage `json:"body"`
			} `json:"response"`
		}
		if json.Unmarshal(b, &fx) == nil && len(fx.Response.Body) > 0 {
			f.Add([]byte(fx.Response.Body))
		}
	}
	f.Add([]byte(`{"residency":"1","docs_address":"x"}`))
	f.Add([]byte(`{"residency":{"prop0":200},"docs_address":[1]}`))
}

func FuzzDecodeModels(f *testing.F) {
	fixtureBodies(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var o Organization
		if json.Unmarshal(b, &o) == nil {
			if _, err := json.Marshal(o); err != nil {
				t.Fatalf("re-encode organization: %v", err)
			}
		}
		var l []Organization
		_ = json.Unmarshal(b, &l)
		var a []Address
		_ = json.Unmarshal(b, &a)
		var cp ContactPerson
		_ = json.Unmarshal(b, &cp)
		var bal Balance
		_ = json.Unmarshal(b, &bal)
		var ty []AddressTypeInfo
		_ = json.Unmarshal(b, &ty)
		var r ResidencyField
		if json.Unmarshal(b, &r) == nil {
			_ = r.String()
			if _, err := json.Marshal(r); err != nil {
				t.Fatalf("re-encode residency: %v", err)
			}
		}
		var d DocsAddress
		if json.Unmarshal(b, &d) == nil {
			if _, err := json.Marshal(d); err != nil {
				t.Fatalf("re-encode docs address: %v", err)
			}
		}
	})
}

// FuzzTokenAnswer feeds the token endpoint's readers any body: they never
// panic, and a token they accept always has an access token and an expiry.
func FuzzTokenAnswer(f *testing.F) {
	for _, s := range []string{
		`{"access_token":"a","refresh_token":"r","expires_in":7200,"firm_id":1,"contact_id":2}`,
		`{"access_token":"a","expire_time":"2026-12-06T10:00:00+03:00"}`,
		`{"access_token":"a","expire_time":1765000000}`,
		`{"access_token":"a","expire_time":"1765000000000"}`,
		`{"access_token":"a","expires_in":"1e400"}`,
		`{"error":"invalid_grant","reason":"expired"}`,
		`<html>502</html>`, ``, `[]`, `null`,
	} {
		f.Add([]byte(s), 200)
		f.Add([]byte(s), 400)
	}
	f.Fuzz(func(t *testing.T, b []byte, status int) {
		resp := &transport.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: b}
		var e Error
		if decodeTokenError(resp, &e) || status < 200 || status > 299 {
			return
		}
		now := time.Now()
		tok, err := parseToken(resp, now)
		if err != nil {
			return
		}
		if tok.AccessToken == "" || tok.Expiry.IsZero() {
			t.Fatalf("accepted token without access token or expiry: %+v", tok)
		}
	})
}
