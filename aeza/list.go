package aeza

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// List is one page of an Aeza list: {"items": [...], "total": N, "edit": ...}.
type List[T any] struct {
	// Items are the entities of this page.
	Items []T `json:"items"`
	// Total is the number of entities in the whole list.
	Total int `json:"total"`
	// Edit is the raw description of the editable fields (false unless
	// ListOptions.Edit was set).
	Edit json.RawMessage `json:"edit,omitempty"`
}

// ListOptions are Aeza's common GET parameters.
type ListOptions struct {
	// Lang is the localization: "en" or "ru" (default: the account setting).
	Lang string `url:"lang,omitempty"`
	// Extra asks for extended information in lists (extra=1).
	Extra bool `url:"extra,omitempty,int"`
	// Current asks for the current active entity (current=1).
	Current bool `url:"current,omitempty,int"`
	// Edit asks for the edit field, a description of the editable fields (edit=1).
	Edit bool `url:"edit,omitempty,int"`
	// Sort is a comma-separated list of keys, "~" before a key for descending
	// order; build it with [SortBy].
	Sort string `url:"sort,omitempty"`
	// Offset is the number of entities to skip.
	Offset int `url:"offset,omitempty"`
	// Count is the page size (Aeza's default is 100, sometimes less).
	Count int `url:"count,omitempty"`
}

// SortKey is one key of a sort order; see [Asc] and [Desc].
type SortKey struct {
	// Key is the field name ("id", "balance").
	Key string
	// Descending sorts from the largest value.
	Descending bool
}

// Asc sorts by key in ascending order.
func Asc(key string) SortKey { return SortKey{Key: key} }

// Desc sorts by key in descending order.
func Desc(key string) SortKey { return SortKey{Key: key, Descending: true} }

// SortBy builds the sort parameter: SortBy(Asc("id"), Desc("balance")) is
// "id,~balance". Empty keys are skipped.
func SortBy(keys ...SortKey) string {
	return joinSort(keys, func(name string, desc bool) string {
		if desc {
			return "~" + name
		}
		return name
	})
}

// joinSort joins the keys that are not blank, each trimmed and written by
// key, with commas: what [SortBy] and [SortClause] share.
func joinSort(keys []SortKey, key func(name string, desc bool) string) string {
	var b strings.Builder
	for _, k := range keys {
		name := strings.TrimSpace(k.Key)
		if name == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(key(name, k.Descending))
	}
	return b.String()
}

func (o *ListOptions) validate() error {
	if o == nil {
		return nil
	}
	if o.Offset < 0 || o.Count < 0 {
		return fmt.Errorf("aeza: negative offset or count: %w", ErrInvalidArgument)
	}
	return nil
}

// ErrPageRepeated is yielded by All iterators when the server answered a
// later offset with the same page again (it ignores offset): paging stops
// rather than loop or yield duplicates. The error yielded names the list
// ("aeza: services.list: the server returned ...").
var ErrPageRepeated = errors.New("the server returned the same page for a new offset")

// firstItem returns the raw first item of a list answer
// ({"data": {"items": [...]}}), found without decoding anything.
func firstItem(body []byte) []byte {
	data, ok := member(body, "data")
	if !ok {
		return nil
	}
	items, ok := member(data, "items")
	if !ok {
		return nil
	}
	first, _ := firstElement(items)
	return first
}

// all pages through a list with [walkOffset]. opts is copied; query builds
// the request query from the copy (with Offset and Count set) so that
// list-specific parameters ride along.
//
// It walks offset by the number of items each page returned (so a server page
// shorter than Count, or a short default page, neither loops nor drops items)
// and stops when offset reaches total, on an empty page, or with
// ErrPageRepeated on a page whose first item repeats the previous page's first
// item. Each page is decoded straight into its items in one pass; only the
// previous page's first item is kept raw, to compare with.
func all[T any](ctx context.Context, c *Client, path, op string, opts *ListOptions, query func(ListOptions) any, callOpts []CallOption) iter.Seq2[T, error] {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	return guardedWalk(ctx, op, o.validate(), o.Offset, o.Count, func(ctx context.Context, offset, count int) (offsetPage[T], []byte, error) {
		page := o
		page.Offset, page.Count = offset, count
		var p List[T]
		resp, err := c.callResp(ctx, &transport.Request{Method: http.MethodGet, Path: path, Query: query(page),
			Operation: op, Options: callOpts}, &p)
		if err != nil || len(p.Items) == 0 {
			return offsetPage[T]{}, nil, err
		}
		return offsetPage[T]{Items: p.Items, Total: p.Total}, firstItem(resp.Body), nil
	})
}

// plain is the query builder for lists that take only ListOptions.
func plain(o ListOptions) any { return &o }
