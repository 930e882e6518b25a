package servicemanager

import (
	"encoding/json"
	"testing"
)

// The tolerant decoder never panics and never fails on valid JSON, whatever
// the shape, for every kind of result it reads (structs, embedded structs,
// pointers, slices, maps, Unmarshalers).
func FuzzDecodeLenient(f *testing.F) {
	for _, s := range []string{
		`{"tenant":{"id":"1","name":5,"status":{"a":1}},"general":{"response":10200}}`,
		`{"bill":{"paid":"1","tariffs":[{"cost":"x"},3],"fields":[{"value":[1]}],"status":"s"},"general":{"response":"10200"}}`,
		`{"id":[],"bill_id":{},"general":null}`, `[]`, `"x"`, `null`, `{"General":{"Response":10200},"TENANT":[]}`,
		`{"accounting_system":[{"response_processing_rules":[{"response_codes":["1",2.5,true]}],"export_rules":{"x":1}}]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		valid := json.Valid(b)
		for _, v := range []any{&tenantResult{}, &billResult{}, &accountListResult{}, &struct {
			answer
			BillRef
		}{}, &struct {
			answer
			AccountingSystem []AccountingSystem `json:"accounting_system"`
		}{}, &tariffListResult{}, &map[string]any{}} {
			err := decodeLenient(b, v)
			if valid && err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			if !valid && err == nil {
				t.Fatalf("%s: invalid JSON accepted", s)
			}
		}
	})
}
