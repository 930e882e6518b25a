package dataprovider_test

import (
	"context"
	"encoding/json"
	"fmt"
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

// BenchmarkContractsByUser: Contracts.ByUser answering 3 contracts through
// the SDK with its defaults (sdk) and by hand (raw), on one server and body.
func BenchmarkContractsByUser(b *testing.B) {
	const n = 3
	srv := fixture.Server(b, benchContracts(b, n))
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
		hc := fixture.RawClient(b)
		userID := "58208891"
		b.ReportAllocs()
		for b.Loop() {
			// The user id is a parameter: the URL is built per call.
			var cs []dataprovider.Contract
			if err := fixture.GetJSON(ctx, hc, srv.URL+"/api/contracts?user_id="+url.QueryEscape(userID), "Authorization", "Bearer "+benchToken, &cs); err != nil || len(cs) != n {
				b.Fatal(len(cs), err)
			}
		}
	})
}
