package aeza_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"github.com/ruapi/ruapi-go/aeza"
)

// v2BenchPage is one page of 20 services in the newer API's list shape,
// each built from the spec's fields (the detail fields included, as the
// heaviest case).
func v2BenchPage(tb testing.TB) []byte {
	tb.Helper()
	var item map[string]any
	if err := json.Unmarshal([]byte(serviceDetailJSON), &item); err != nil {
		tb.Fatal(err)
	}
	items := make([]json.RawMessage, 0, listPageItems)
	for i := 0; i < listPageItems; i++ {
		item["id"], item["name"] = i+1, "server-"+strconv.Itoa(i+1)
		b, err := json.Marshal(item)
		if err != nil {
			tb.Fatal(err)
		}
		items = append(items, b)
	}
	p, err := json.Marshal(map[string]any{"items": items, "total": listPageItems})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func v2BenchServer(tb testing.TB) *httptest.Server {
	page := v2BenchPage(tb)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-API-Key") != benchKey || r.URL.Path != "/api/v2/services" {
			http.Error(w, `{"statusCode":404,"message":"Not Found","error":"Not Found"}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(page)))
		_, _ = w.Write(page)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// BenchmarkV2ServicesList reads one page of 20 services from GET v2/services.
func BenchmarkV2ServicesList(b *testing.B) {
	srv := v2BenchServer(b)
	ctx := context.Background()
	b.Run("sdk", func(b *testing.B) {
		c, err := aeza.NewClient(benchKey, aeza.WithBaseURL(srv.URL+"/api"))
		if err != nil {
			b.Fatal(err)
		}
		opts := &aeza.PageOptions{Limit: listPageItems}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			l, err := c.Services.ListInfo(ctx, opts)
			if err != nil || len(l.Items) != listPageItems {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw", func(b *testing.B) {
		hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128, ForceAttemptHTTP2: true}}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			q := url.Values{"limit": {strconv.Itoa(listPageItems)}}
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/v2/services?"+q.Encode(), nil)
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("X-API-Key", benchKey)
			req.Header.Set("Accept", "application/json")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK {
				b.Fatal(err, resp.StatusCode)
			}
			var l aeza.List[aeza.ServiceInfo]
			if err := json.Unmarshal(body, &l); err != nil || len(l.Items) != listPageItems {
				b.Fatal(fmt.Errorf("decode: %w", err))
			}
		}
	})
}
