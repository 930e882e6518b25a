package aeza_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/internal/fixture"
)

// The speed benchmarks compare a typed call with the same exchange written
// by hand (net/http + encoding/json into the same types), against one
// server answering the same bytes: pages of services shaped like the real
// GET services/{id} answer (testdata/service_get_real.json).

const (
	benchKey      = "bench-key-not-real"
	listPageItems = 20
	allPageItems  = 100
)

// benchServer answers GET /api/services?offset=&count= from pages built once
// out of the real-shaped service, with ids numbered from 1.
type benchServer struct {
	*httptest.Server
	total int
	mu    sync.Mutex
	pages map[[2]int][]byte
	item  map[string]any
}

func newBenchServer(tb testing.TB, total int) *benchServer {
	tb.Helper()
	b, err := os.ReadFile("testdata/service_get_real.json")
	if err != nil {
		tb.Fatal(err)
	}
	var fx struct {
		Response struct {
			Body struct {
				Data struct {
					Items []map[string]any `json:"items"`
				} `json:"data"`
			} `json:"body"`
		} `json:"response"`
	}
	if err := json.Unmarshal(b, &fx); err != nil || len(fx.Response.Body.Data.Items) != 1 {
		tb.Fatalf("fixture: %v", err)
	}
	s := &benchServer{total: total, pages: map[[2]int][]byte{}, item: fx.Response.Body.Data.Items[0]}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

func (s *benchServer) page(offset, count int) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := [2]int{offset, count}
	if p, ok := s.pages[k]; ok {
		return p
	}
	items := make([]json.RawMessage, 0, count)
	for i := offset; i < s.total && len(items) < count; i++ {
		s.item["id"] = i + 1
		s.item["name"] = "server-" + strconv.Itoa(i+1)
		b, err := json.Marshal(s.item)
		if err != nil {
			panic(err)
		}
		items = append(items, b)
	}
	p, err := json.Marshal(map[string]any{"data": map[string]any{"selectorMode": "all", "filter": nil,
		"items": items, "total": s.total, "edit": false}})
	if err != nil {
		panic(err)
	}
	s.pages[k] = p
	return p
}

func (s *benchServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-API-Key") != benchKey || r.URL.Path != "/api/services" {
		http.Error(w, `{"error":{"message":"Proxy internal server error"}}`, http.StatusInternalServerError)
		return
	}
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	count, err := strconv.Atoi(q.Get("count"))
	if err != nil || count <= 0 {
		count = 100
	}
	p := s.page(offset, count)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(p)))
	_, _ = w.Write(p)
}

func (s *benchServer) sdk(tb testing.TB) *aeza.Client {
	c, err := aeza.NewClient(benchKey, aeza.WithBaseURL(s.URL+"/api"))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// rawClient is the hand-written side: its own transport, the same headers,
// the same envelope and types.
type rawClient struct {
	hc   *http.Client
	base string
}

func newRawClient(tb testing.TB, s *benchServer) *rawClient {
	return &rawClient{hc: fixture.RawClient(tb), base: s.URL + "/api/services"}
}

func (rc *rawClient) list(ctx context.Context, offset, count int) (*aeza.List[aeza.Service], error) {
	q := url.Values{}
	if offset > 0 {
		q.Set("offset", strconv.Itoa(offset))
	}
	q.Set("count", strconv.Itoa(count))
	var env struct {
		Data *aeza.List[aeza.Service] `json:"data"`
	}
	if err := fixture.GetJSON(ctx, rc.hc, rc.base+"?"+q.Encode(), "X-API-Key", benchKey, &env); err != nil {
		return nil, err
	}
	if env.Data == nil {
		return nil, fmt.Errorf("no data")
	}
	return env.Data, nil
}

// BenchmarkServicesList reads one page of 20 services.
func BenchmarkServicesList(b *testing.B) {
	srv := newBenchServer(b, listPageItems)
	ctx := context.Background()
	b.Run("sdk", func(b *testing.B) {
		c := srv.sdk(b)
		opts := &aeza.ListOptions{Count: listPageItems}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			l, err := c.Services.List(ctx, opts)
			if err != nil || len(l.Items) != listPageItems {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw", func(b *testing.B) {
		rc := newRawClient(b, srv)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			l, err := rc.list(ctx, 0, listPageItems)
			if err != nil || len(l.Items) != listPageItems {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkServicesAll walks 10,000 services in pages of 100; ns/item is
// the time per service.
func BenchmarkServicesAll(b *testing.B) {
	srv := newBenchServer(b, benchItems)
	for off := 0; off < benchItems; off += allPageItems {
		srv.page(off, allPageItems)
	}
	ctx := context.Background()
	perItem := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchItems), "ns/item")
	}
	b.Run("sdk", func(b *testing.B) {
		c := srv.sdk(b)
		opts := &aeza.ListOptions{Count: allPageItems}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			n := 0
			for _, err := range c.Services.All(ctx, opts) {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != benchItems {
				b.Fatalf("got %d items", n)
			}
		}
		perItem(b)
	})
	b.Run("raw", func(b *testing.B) {
		rc := newRawClient(b, srv)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			n := 0
			for offset := 0; ; {
				l, err := rc.list(ctx, offset, allPageItems)
				if err != nil {
					b.Fatal(err)
				}
				n += len(l.Items)
				offset += len(l.Items)
				if len(l.Items) == 0 || offset >= l.Total {
					break
				}
			}
			if n != benchItems {
				b.Fatalf("got %d items", n)
			}
		}
		perItem(b)
	})
}
