package ati_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
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

// benchServer serves body as JSON to every request.
func benchServer(b *testing.B, body []byte) *httptest.Server {
	b.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// rawClient is what a careful user builds by hand: its own pooled transport,
// sized like the SDK's shared one.
func rawClient(b *testing.B) *http.Client {
	b.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: 128, ForceAttemptHTTP2: true}
	b.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// rawGetJSON is the raw side of every benchmark: the same GET written with
// net/http and encoding/json.
func rawGetJSON(ctx context.Context, hc *http.Client, url string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+benchToken)
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.Unmarshal(body, out)
}

// BenchmarkOrganizationsList: Organizations.List of 20 organizations through
// the SDK with its defaults (sdk) and by hand (raw), on one server and body.
func BenchmarkOrganizationsList(b *testing.B) {
	const n = 20
	srv := benchServer(b, benchOrganizations(b, n))
	ctx := context.Background()

	b.Run("sdk", func(b *testing.B) {
		c, err := ati.NewClient(benchToken, ati.WithBaseURL(srv.URL))
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
		hc := rawClient(b)
		url := srv.URL + "/v1.2/catalogs/organizations"
		b.ReportAllocs()
		for b.Loop() {
			var orgs []ati.Organization
			if err := rawGetJSON(ctx, hc, url, &orgs); err != nil || len(orgs) != n {
				b.Fatal(len(orgs), err)
			}
		}
	})
}
