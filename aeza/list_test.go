package aeza_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
)

func TestAllShortDefaultPage(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, aezatest.WithPageSize(7))
	srv.AddServices(248) // 250 in all
	before := srv.Requests()
	opts := &aeza.ListOptions{Lang: "en"}
	got := collect(t, c.Services.All(context.Background(), opts))
	require.Len(t, got, 250)
	seen := map[int64]bool{}
	for i, s := range got {
		assert.False(t, seen[s.ID], "duplicate %d", s.ID)
		seen[s.ID] = true
		if i > 0 {
			assert.Greater(t, s.ID, got[i-1].ID)
		}
	}
	assert.Equal(t, 36, srv.Requests()-before, "ceil(250/7) pages, none extra")
	assert.Equal(t, aeza.ListOptions{Lang: "en"}, *opts, "caller's options untouched")
}

func TestAllCountOffsetAndBreak(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.AddServices(98) // 100 in all
	got := collect(t, c.Services.All(context.Background(), &aeza.ListOptions{Offset: 5, Count: 10}))
	assert.Len(t, got, 95)

	before := srv.Requests()
	n := 0
	for _, err := range c.Services.All(context.Background(), &aeza.ListOptions{Count: 10}) {
		require.NoError(t, err)
		n++
		if n == 15 {
			break
		}
	}
	assert.Equal(t, 2, srv.Requests()-before, "break stops paging")

	// Count larger than total: one request.
	before = srv.Requests()
	assert.Len(t, collect(t, c.Services.All(context.Background(), &aeza.ListOptions{Count: 500})), 100)
	assert.Equal(t, 1, srv.Requests()-before)

	// Other lists page the same way.
	assert.Len(t, collect(t, c.Products.All(context.Background(), &aeza.ListOptions{Count: 1})), 2)
	assert.Len(t, collect(t, c.OS.All(context.Background(), nil)), 2)
	assert.Len(t, collect(t, c.ServiceTypes.All(context.Background(), nil)), 2)
	assert.Len(t, collect(t, c.Groups.All(context.Background(), &aeza.GroupListOptions{Type: aeza.ProductVPS,
		ListOptions: aeza.ListOptions{Count: 1}})), 4, "two vps locations, a server group under each")
}

// pagingServer serves a list of n items with a broken behavior.
func pagingServer(t *testing.T, n int, ignoreOffset bool, totalLie int) (*aeza.Client, *atomic.Int64) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		if ignoreOffset {
			off = 0
		}
		items := []map[string]int{}
		for i := off; i < n && len(items) < 3; i++ {
			items = append(items, map[string]int{"id": i + 1})
		}
		d := map[string]any{"items": items, "total": n, "edit": false}
		switch {
		case totalLie > 0:
			d["total"] = totalLie
		case totalLie < 0:
			delete(d, "total")
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"data": d})
	}))
	t.Cleanup(srv.Close)
	c, err := aeza.NewClient("test-token-not-real", aeza.WithBaseURL(srv.URL))
	require.NoError(t, err)
	return c, &hits
}

func TestAllStopsOnPageThatDoesNotAdvance(t *testing.T) {
	t.Parallel()
	c, hits := pagingServer(t, 10, true, 0)
	var n int
	var last error
	for _, err := range c.Services.All(context.Background(), nil) {
		if err != nil {
			last = err
			continue
		}
		n++
	}
	assert.Equal(t, 3, n)
	assert.ErrorIs(t, last, aeza.ErrPageRepeated)
	assert.Equal(t, int64(2), hits.Load())

	// total claims more than there is: the first empty page ends it.
	c, hits = pagingServer(t, 7, false, 1000)
	assert.Len(t, collect(t, c.Services.All(context.Background(), nil)), 7)
	assert.Equal(t, int64(4), hits.Load())

	// no total at all: page until an empty page, or a short one when Count is set.
	c, hits = pagingServer(t, 7, false, -1)
	assert.Len(t, collect(t, c.Services.All(context.Background(), nil)), 7)
	assert.Equal(t, int64(4), hits.Load())
	c, hits = pagingServer(t, 7, false, -1)
	assert.Len(t, collect(t, c.Services.All(context.Background(), &aeza.ListOptions{Count: 3})), 7)
	assert.Equal(t, int64(3), hits.Load())
}

func TestAllYieldsErrors(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(1, aezatest.Fault{Status: http.StatusForbidden, Body: []byte(`{"error":{"slug":"forbidden","message":"no"}}`)})
	var errs []error
	for _, err := range c.Services.All(context.Background(), nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], aeza.ErrForbidden)
	for _, err := range c.Services.All(context.Background(), &aeza.ListOptions{Offset: -1}) {
		assert.ErrorIs(t, err, aeza.ErrInvalidArgument)
	}
}

// Issue 22 (sentinel messages): ErrPageRepeated's text has no package
// prefix, and the error an iterator yields names the package and the list,
// legacy and v2 alike. Before, the bare sentinel was yielded
// ("aeza: the server returned ...", no operation).
func TestPageRepeatedNamesTheList(t *testing.T) {
	assert.Equal(t, "the server returned the same page for a new offset", aeza.ErrPageRepeated.Error())

	c, _ := pagingServer(t, 10, true, 0)
	var last error
	for _, err := range c.Services.All(context.Background(), nil) {
		if err != nil {
			last = err
		}
	}
	require.ErrorIs(t, last, aeza.ErrPageRepeated)
	assert.Equal(t, "aeza: services.list: the server returned the same page for a new offset", last.Error())

	c, _ = pagedV2(t, 7, "ignores offset")
	last = nil
	for _, err := range c.Notifications.All(context.Background(), &aeza.PageOptions{Limit: 3}) {
		if err != nil {
			last = err
			break
		}
	}
	require.ErrorIs(t, last, aeza.ErrPageRepeated)
	assert.Equal(t, "aeza: notifications.list: the server returned the same page for a new offset", last.Error())
}
