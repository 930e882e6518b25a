package dataprovider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/internal/fixture"
)

const benchToken = "test-token-not-real"

// benchContracts is the body of GET /api/contracts?user_id= with n contracts:
// the document's example contract (testdata/contracts_user.json, from
// seeds/dataprovider-ocr.txt) repeated with distinct ids, accounts and
// contract numbers.
func benchContracts(b *testing.B, n int) []byte {
	b.Helper()
	f, err := fixture.Load("testdata/contracts_user.json")
	if err != nil {
		b.Fatal(err)
	}
	var seed []map[string]json.RawMessage
	if err := json.Unmarshal(f.Response.Body, &seed); err != nil || len(seed) == 0 {
		b.Fatalf("seed contract: %v", err)
	}
	cs := make([]map[string]json.RawMessage, n)
	for i := range cs {
		c := make(map[string]json.RawMessage, len(seed[0]))
		for k, v := range seed[0] {
			c[k] = v
		}
		c["ext_id"], _ = json.Marshal(fmt.Sprint(12331231 + i))
		c["account"], _ = json.Marshal(fmt.Sprintf("1595-%d", i+1))
		c["contract"], _ = json.Marshal(fmt.Sprintf("1595-%dN", i+1))
		cs[i] = c
	}
	body, err := json.Marshal(cs)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// benchServer serves body as JSON to every request.
func benchServer(b *testing.B, body []byte) *httptest.Server {
	b.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
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
func rawGetJSON(ctx context.Context, hc *http.Client, u string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
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

// BenchmarkContractsByUser: Contracts.ByUser answering 3 contracts through
// the SDK with its defaults (sdk) and by hand (raw), on one server and body.
func BenchmarkContractsByUser(b *testing.B) {
	const n = 3
	srv := benchServer(b, benchContracts(b, n))
	ctx := context.Background()

	b.Run("sdk", func(b *testing.B) {
		c, err := dataprovider.NewClient(srv.URL, dataprovider.WithBearerToken(benchToken))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			cs, err := c.Contracts.ByUser(ctx, "58208891")
			if err != nil || len(cs) != n {
				b.Fatal(len(cs), err)
			}
		}
	})
	b.Run("raw", func(b *testing.B) {
		hc := rawClient(b)
		userID := "58208891"
		b.ReportAllocs()
		for b.Loop() {
			// The user id is a parameter: the URL is built per call.
			var cs []dataprovider.Contract
			if err := rawGetJSON(ctx, hc, srv.URL+"/api/contracts?user_id="+url.QueryEscape(userID), &cs); err != nil || len(cs) != n {
				b.Fatal(len(cs), err)
			}
		}
	})
}
