package aeza

import (
	"bytes"
	"context"
	"fmt"
	"iter"
)

// offsetPage is one page of an offset/count listing: its items and the
// upstream's count of all items (zero or negative when the upstream does not
// say).
type offsetPage[T any] struct {
	Items []T
	Total int
}

// offsetFetch fetches the page that starts at offset with at most count items.
type offsetFetch[T any] func(ctx context.Context, offset, count int) (offsetPage[T], error)

// walkOffset returns an iterator over every item of an offset/count listing,
// starting at offset, asking for pageSize items a page (zero or less lets the
// upstream choose). It advances by the number of items each page actually
// holds, so a shorter page than asked for neither loops nor drops items, and it
// stops when the upstream's total is reached, on an empty page, on an error
// (yielded once, with the zero T), when the context ends, or when the caller
// stops ranging. Only one page is held in memory at a time.
func walkOffset[T any](ctx context.Context, offset, pageSize int, fetch offsetFetch[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if offset < 0 {
			offset = 0
		}
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			page, err := fetch(ctx, offset, pageSize)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range page.Items {
				if !yield(it, nil) {
					return
				}
			}
			n := len(page.Items)
			if n == 0 {
				return // a page that does not advance ends the walk
			}
			offset += n
			if page.Total > 0 && offset >= page.Total {
				return
			}
			if page.Total <= 0 && pageSize > 0 && n < pageSize {
				return // no total: a short page is the last one
			}
		}
	}
}

// repeatGuard catches an upstream that ignores offset: it keeps the raw first
// item of the previous page and refuses a page that starts with it again.
// The legacy and the v2 All iterators share it.
type repeatGuard struct {
	prev []byte
}

// check records first (the raw first item of a page; nil for an empty page,
// which is not compared) and returns ErrPageRepeated, naming the list op,
// when it equals the previous page's first item.
func (g *repeatGuard) check(op string, first []byte) error {
	if first == nil {
		return nil
	}
	if g.prev != nil && bytes.Equal(g.prev, first) {
		return fmt.Errorf("aeza: %s: %w", op, ErrPageRepeated)
	}
	g.prev = append(g.prev[:0], first...)
	return nil
}

// guardedWalk is what the legacy and the v2 All iterators share: invalid
// (the copied options' check) is yielded alone when set, and otherwise the
// listing is walked with [walkOffset], each page checked by one
// [repeatGuard] per ranging. fetch returns a page and its raw first item
// (nil for an empty page).
func guardedWalk[T any](ctx context.Context, op string, invalid error, offset, pageSize int,
	fetch func(ctx context.Context, offset, count int) (offsetPage[T], []byte, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		if invalid != nil {
			var zero T
			yield(zero, invalid)
			return
		}
		var seen repeatGuard
		walkOffset(ctx, offset, pageSize, func(ctx context.Context, offset, count int) (offsetPage[T], error) {
			page, first, err := fetch(ctx, offset, count)
			if err == nil {
				err = seen.check(op, first)
			}
			if err != nil {
				return offsetPage[T]{}, err
			}
			return page, nil
		})(yield)
	}
}
