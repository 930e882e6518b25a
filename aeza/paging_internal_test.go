package aeza

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listing serves items 0..total-1, at most serverMax a page whatever is asked.
func listing(total, serverMax int, calls *int) offsetFetch[int] {
	return func(_ context.Context, offset, count int) (offsetPage[int], error) {
		*calls++
		if count <= 0 || count > serverMax {
			count = serverMax
		}
		var items []int
		for i := offset; i < total && len(items) < count; i++ {
			items = append(items, i)
		}
		return offsetPage[int]{Items: items, Total: total}, nil
	}
}

func collect(t *testing.T, seq func(func(int, error) bool)) []int {
	t.Helper()
	var out []int
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func seqInts(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func TestOffsetWalksToTotal(t *testing.T) {
	t.Parallel()
	calls := 0
	got := collect(t, walkOffset(context.Background(), 0, 10, listing(25, 100, &calls)))
	assert.Equal(t, seqInts(25), got)
	assert.Equal(t, 3, calls)
}

// The upstream's page is smaller than asked for: no loop, no dropped item.
func TestOffsetShortDefaultPage(t *testing.T) {
	t.Parallel()
	calls := 0
	got := collect(t, walkOffset(context.Background(), 0, 100, listing(23, 5, &calls)))
	assert.Equal(t, seqInts(23), got)
	assert.Equal(t, 5, calls)
}

func TestOffsetStartsAtOffset(t *testing.T) {
	t.Parallel()
	calls := 0
	got := collect(t, walkOffset(context.Background(), 20, 0, listing(23, 2, &calls)))
	assert.Equal(t, []int{20, 21, 22}, got)
}

func TestOffsetStopsOnPageThatDoesNotAdvance(t *testing.T) {
	t.Parallel()
	calls := 0
	// The upstream claims 50 items but stops answering after 7.
	fetch := func(ctx context.Context, offset, count int) (offsetPage[int], error) {
		p, err := listing(7, 3, &calls)(ctx, offset, count)
		p.Total = 50
		return p, err
	}
	got := collect(t, walkOffset(context.Background(), 0, 3, fetch))
	assert.Equal(t, seqInts(7), got)
	assert.Equal(t, 4, calls)
}

func TestOffsetWithoutTotal(t *testing.T) {
	t.Parallel()
	calls := 0
	fetch := func(ctx context.Context, offset, count int) (offsetPage[int], error) {
		p, err := listing(12, 100, &calls)(ctx, offset, count)
		p.Total = 0
		return p, err
	}
	assert.Equal(t, seqInts(12), collect(t, walkOffset(context.Background(), 0, 5, fetch)))
	assert.Equal(t, 3, calls)
}

func TestOffsetYieldsErrorOnce(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	n := 0
	fetch := func(_ context.Context, offset, _ int) (offsetPage[int], error) {
		if offset > 0 {
			return offsetPage[int]{}, boom
		}
		return offsetPage[int]{Items: []int{1, 2}, Total: 10}, nil
	}
	var errs []error
	for _, err := range walkOffset(context.Background(), 0, 2, fetch) {
		n++
		if err != nil {
			errs = append(errs, err)
		}
	}
	assert.Equal(t, 3, n)
	assert.Equal(t, []error{boom}, errs)
}

func TestOffsetEarlyBreakAndContext(t *testing.T) {
	t.Parallel()
	calls := 0
	for v, err := range walkOffset(context.Background(), 0, 10, listing(1000, 10, &calls)) {
		require.NoError(t, err)
		if v == 14 {
			break
		}
	}
	assert.Equal(t, 2, calls, "breaking stops the fetching")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, err := range walkOffset(ctx, 0, 10, listing(1000, 10, &calls)) {
		assert.ErrorIs(t, err, context.Canceled)
	}
}

// The guard shared by all and v2All: an empty page is not compared, a new
// first item passes, the same first item again is ErrPageRepeated naming op.
func TestRepeatGuard(t *testing.T) {
	t.Parallel()
	var g repeatGuard
	require.NoError(t, g.check("x.list", nil))
	require.NoError(t, g.check("x.list", []byte(`{"id":1}`)))
	require.NoError(t, g.check("x.list", nil))
	require.NoError(t, g.check("x.list", []byte(`{"id":2}`)))
	err := g.check("x.list", []byte(`{"id":2}`))
	require.ErrorIs(t, err, ErrPageRepeated)
	assert.Contains(t, err.Error(), "aeza: x.list: ")
}

// guardedWalk: a set invalid is yielded alone (nothing fetched); a page whose
// first item repeats the previous one's ends the walk with ErrPageRepeated.
func TestGuardedWalk(t *testing.T) {
	t.Parallel()
	calls := 0
	fetch := func(_ context.Context, offset, _ int) (offsetPage[int], []byte, error) {
		calls++
		return offsetPage[int]{Items: []int{offset, offset + 1}, Total: 10}, []byte("same"), nil
	}
	bad := errors.New("bad options")
	var errs []error
	for _, err := range guardedWalk(context.Background(), "x.list", bad, 0, 2, fetch) {
		errs = append(errs, err)
	}
	assert.Equal(t, []error{bad}, errs)
	assert.Equal(t, 0, calls)

	var got []int
	var last error
	for v, err := range guardedWalk(context.Background(), "x.list", nil, 0, 2, fetch) {
		if err != nil {
			last = err
			break
		}
		got = append(got, v)
	}
	assert.Equal(t, []int{0, 1}, got)
	require.ErrorIs(t, last, ErrPageRepeated)
	assert.Equal(t, 2, calls)
}
