package ati_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/internal/fixture"
)

const benchToken = "test-token-not-real"

// benchOrganizations is the body of GET organizations with n organizations:
// the seed's example organization (testdata/organizations_list.json, from
// seeds/ati-catalogs-organizations.txt) repeated with distinct ids and names.
func benchOrganizations(b *testing.B, n int) []byte {
	b.Helper()
	f, err := fixture.Load("testdata/organizations_list.json")
	if err != nil {
		b.Fatal(err)
	}
	var seed []map[string]json.RawMessage
	if err := json.Unmarshal(f.Response.Body, &seed); err != nil || len(seed) == 0 {
		b.Fatalf("seed organization: %v", err)
	}
	orgs := make([]map[string]json.RawMessage, n)
	for i := range orgs {
		o := make(map[string]json.RawMessage, len(seed[0]))
		for k, v := range seed[0] {
			o[k] = v
		}
		o["id"], _ = json.Marshal(fmt.Sprintf("3fa85f64-5717-4562-b3fc-%012x", i+1))
		o["name"], _ = json.Marshal(fmt.Sprintf("ООО Организация %d", i+1))
		orgs[i] = o
	}
	body, err := json.Marshal(orgs)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkOrganizationsList: Organizations.List of 20 organizations through
// the SDK with its defaults (sdk) and by hand (raw), on one server and body.
func BenchmarkOrganizationsList(b *testing.B) {
	const n = 20
	srv := fixture.Server(b, benchOrganizations(b, n))
	ctx := context.Background()

	b.Run("sdk", func(b *testing.B) {
		// The raw side does not pace itself either: compare the calls, not
		// ATI's default 9-a-second client-side limit.
		c, err := ati.NewClient(benchToken, ati.WithBaseURL(srv.URL), ati.WithRateLimit(0, 0))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			orgs, err := c.Organizations.List(ctx)
			if err != nil || len(orgs) != n {
				b.Fatal(len(orgs), err)
			}
		}
	})
	b.Run("raw", func(b *testing.B) {
		hc := fixture.RawClient(b)
		url := srv.URL + "/v1.2/catalogs/organizations"
		b.ReportAllocs()
		for b.Loop() {
			var orgs []ati.Organization
			if err := fixture.GetJSON(ctx, hc, url, "Authorization", "Bearer "+benchToken, &orgs); err != nil || len(orgs) != n {
				b.Fatal(len(orgs), err)
			}
		}
	})
}

// The decoders of the ONE-OF members were made cheaper for speed (no second
// decode of a residency number or {}, no separate validity scan of a docs
// address object). FuzzOneOfDecodersUnchanged checks that they still decode
// every input exactly like the decoders they replaced, kept here as
// oldResidency and oldDocsAddress: same error text, same Value, same Raw,
// same postal fields, and nothing written on an error.
func FuzzOneOfDecodersUnchanged(f *testing.F) {
	for _, s := range []string{`1`, `3`, ` 200 `, `-0`, `1.0`, `1e2`, `1.5`, `2147483648`, `-2147483649`, `1e400`, `-1e400`,
		`"2"`, `"x"`, `{}`, `{ }`, "{\n}", `{"prop0":3}`, `{"a":"10"}`, `{"a":1,"b":2}`, `null`, `true`, `[1]`, `[]`, ``, ` `,
		`{`, `}`, `nul`, `01`, `1 2`, `{} x`, `"Москва, ул. Примерная, 1"`,
		`{"postcode":"101000","city_id":1,"street_name":"s","house_no":"1","office_no":"2"}`, `{"postcode":5}`,
		`{"city_id":1.5}`, `{"city_id":4294967296}`, `{"POSTCODE":"x"}`, `{"postcode":null}`, `{"other":[1,{"a":2}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, direct := range []bool{false, true} {
			got := ati.ResidencyField{Value: 7, Raw: json.RawMessage(`7`)}
			want := oldResidencyField{got}
			var gotErr, wantErr error
			if direct {
				gotErr, wantErr = got.UnmarshalJSON(b), want.UnmarshalJSON(b)
			} else {
				gotErr, wantErr = json.Unmarshal(b, &got), json.Unmarshal(b, &want)
			}
			if errText(gotErr) != errText(wantErr) || got.Value != want.Value || string(got.Raw) != string(want.Raw) {
				t.Fatalf("residency %q (direct %v): got %v %q %v, want %v %q %v", b, direct, got.Value, got.Raw, gotErr, want.Value, want.Raw, wantErr)
			}

			pc := "seed"
			dgot := ati.DocsAddress{Postcode: &pc, Raw: json.RawMessage(`"seed"`)}
			dwant := oldDocsAddress{dgot}
			if direct {
				gotErr, wantErr = dgot.UnmarshalJSON(b), dwant.UnmarshalJSON(b)
			} else {
				gotErr, wantErr = json.Unmarshal(b, &dgot), json.Unmarshal(b, &dwant)
			}
			if errText(gotErr) != errText(wantErr) || docsText(dgot) != docsText(dwant.DocsAddress) {
				t.Fatalf("docs address %q (direct %v): got %s %v, want %s %v", b, direct, docsText(dgot), gotErr, docsText(dwant.DocsAddress), wantErr)
			}
		}
	})
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func docsText(a ati.DocsAddress) string {
	s := func(p *string) string {
		if p == nil {
			return "<nil>"
		}
		return *p
	}
	c := "<nil>"
	if a.CityID != nil {
		c = fmt.Sprint(*a.CityID)
	}
	return fmt.Sprintf("%s|%s|%s|%s|%s|%q", s(a.Postcode), c, s(a.StreetName), s(a.HouseNo), s(a.OfficeNo), a.Raw)
}

// oldResidencyField decodes like ResidencyField did before the speed change.
type oldResidencyField struct{ ati.ResidencyField }

func (f *oldResidencyField) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	f.Raw = append(json.RawMessage(nil), b...)
	f.Value = 0
	if n, ok := oldAsInt32(v); ok {
		f.Value = ati.Residency(n)
		return nil
	}
	if m, ok := v.(map[string]any); ok && len(m) == 1 {
		for _, x := range m {
			if n, ok := oldAsInt32(x); ok {
				f.Value = ati.Residency(n)
			}
		}
	}
	return nil
}

func oldAsInt32(v any) (int32, bool) {
	var s string
	switch x := v.(type) {
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		s = x
	default:
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return 0, false
	}
	return int32(n), true
}

// oldDocsAddress decodes like DocsAddress did before the speed change.
type oldDocsAddress struct{ ati.DocsAddress }

func (a *oldDocsAddress) UnmarshalJSON(b []byte) error {
	if !json.Valid(b) {
		var v any
		return json.Unmarshal(b, &v)
	}
	a.DocsAddress = ati.DocsAddress{Raw: append(json.RawMessage(nil), b...)}
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		var p struct {
			Postcode   *string `json:"postcode,omitempty"`
			CityID     *int32  `json:"city_id,omitempty"`
			StreetName *string `json:"street_name,omitempty"`
			HouseNo    *string `json:"house_no,omitempty"`
			OfficeNo   *string `json:"office_no,omitempty"`
		}
		if err := json.Unmarshal(b, &p); err == nil {
			a.Postcode, a.CityID, a.StreetName, a.HouseNo, a.OfficeNo = p.Postcode, p.CityID, p.StreetName, p.HouseNo, p.OfficeNo
		}
	}
	return nil
}
