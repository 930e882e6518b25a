package aeza_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
)

const benchItems = 10000

func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// walk iterates over every service and samples the live heap after the 10th
// and the 90th page: the difference is what paging keeps from pages already
// consumed.
func walk(tb testing.TB, c *aeza.Client, sample bool) (n int, early, late uint64) {
	for _, err := range c.Services.All(context.Background(), &aeza.ListOptions{Count: 100}) {
		if err != nil {
			tb.Fatal(err)
		}
		n++
		if sample && n == 1000 {
			early = heapAfterGC()
		}
		if sample && n == 9000 {
			late = heapAfterGC()
		}
	}
	return n, early, late
}

func fake10k(tb testing.TB) (*aezatest.Server, *aeza.Client) {
	srv := aezatest.NewServer()
	srv.AddServices(benchItems - srv.Services())
	c, err := srv.Client()
	if err != nil {
		tb.Fatal(err)
	}
	return srv, c
}

// TestAllMemoryFlat checks that the live heap does not grow with the number
// of pages consumed.
func TestAllMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 10,000 items")
	}
	srv, c := fake10k(t)
	defer srv.Close()
	n, early, late := walk(t, c, true)
	if n != benchItems {
		t.Fatalf("got %d items, want %d", n, benchItems)
	}
	growth := int64(late) - int64(early)
	t.Logf("live heap after page 10: %d B, after page 90: %d B, growth %d B", early, late, growth)
	if growth > 1<<20 {
		t.Errorf("heap grew by %d bytes over 80 pages", growth)
	}
}

// BenchmarkAll walks a 10,000-item listing (100 pages of 100) from the fake.
func BenchmarkAll(b *testing.B) {
	srv, c := fake10k(b)
	defer srv.Close()
	b.ReportAllocs()
	b.ResetTimer()
	var growth int64
	for i := 0; i < b.N; i++ {
		n, early, late := walk(b, c, i == 0)
		if n != benchItems {
			b.Fatalf("got %d items", n)
		}
		if i == 0 {
			growth = int64(late) - int64(early)
		}
	}
	b.ReportMetric(float64(growth), "heap-growth-B")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchItems), "ns/item")
}
