// Package paging walks offset/count listings as Go iterators, for every
// ruapi-go package whose upstream pages that way.
package paging

import (
	"context"
	"iter"
)

// Page is one page of a listing: its items and the upstream's count of all
// items (zero or negative when the upstream does not say).
type Page[T any] struct {
	Items []T
	Total int
}

// FetchFunc fetches the page that starts at offset with at most count items.
type FetchFunc[T any] func(ctx context.Context, offset, count int) (Page[T], error)

// Offset returns an iterator over every item of an offset/count listing,
// starting at offset, asking for pageSize items a page (zero or less lets the
// upstream choose). It advances by the number of items each page actually
// holds, so a shorter page than asked for neither loops nor drops items, and it
// stops when the upstream's total is reached, on an empty page, on an error
// (yielded once, with the zero T), when the context ends, or when the caller
// stops ranging. Only one page is held in memory at a time.
func Offset[T any](ctx context.Context, offset, pageSize int, fetch FetchFunc[T]) iter.Seq2[T, error] {
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
