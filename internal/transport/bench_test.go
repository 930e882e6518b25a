package transport_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ruapi/ruapi-go/internal/fixture"
	"github.com/ruapi/ruapi-go/internal/transport"
)

type benchItem struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Balance  int64  `json:"balance"`
	Active   bool   `json:"active"`
	Address  string `json:"address"`
	Region   int    `json:"region"`
	Contract string `json:"contract"`
}

func benchServer(b *testing.B) *httptest.Server {
	b.Helper()
	items := make([]benchItem, 50)
	for i := range items {
		items[i] = benchItem{ID: fmt.Sprintf("3fa85f64-5717-4562-b3fc-%012d", i), Name: "ООО Ромашка " + strings.Repeat("x", i%7),
			Balance: int64(i) * 36900, Active: i%2 == 0, Address: "г. Челябинск, ул Ленина 1", Region: 74, Contract: fmt.Sprintf("1595-%dN", i)}
	}
	body, _ := json.Marshal(items)
	return fixture.Server(b, body)
}

// BenchmarkTransportGet: a GET through the transport (auth, retry loop, capped
// read, error hook) decoding a 50-item JSON list.
func BenchmarkTransportGet(b *testing.B) {
	srv := benchServer(b)
	c, err := transport.New(transport.Config{Service: "bench", BaseURL: srv.URL, Auth: transport.Bearer(testToken),
		DecodeError: func(*transport.Response, *transport.Error) bool { return false }})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		resp, err := c.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "items"})
		if err != nil {
			b.Fatal(err)
		}
		var items []benchItem
		if err := resp.DecodeJSON(&items); err != nil || len(items) != 50 {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawGet is the floor: the same exchange with plain net/http and
// encoding/json.
func BenchmarkRawGet(b *testing.B) {
	srv := benchServer(b)
	hc := fixture.RawClient(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var items []benchItem
		err := fixture.GetJSON(ctx, hc, srv.URL+"/items", "Authorization", "Bearer "+testToken, &items)
		if err != nil || len(items) != 50 {
			b.Fatal(err)
		}
	}
}
