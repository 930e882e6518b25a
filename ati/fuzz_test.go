package ati

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
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
