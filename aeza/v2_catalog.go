package aeza

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
)

// ByType returns every product group of one type in a single request (GET
// v2/services/groups?type=...; an empty type asks for all), as [Groups] to
// walk the tree. Prefer it to [GroupsService.Tree], which pages through the
// older list, when you need the tree (roles, parents, location codes); Tree
// also has the localized names and hasProducts. A read, retried.
func (s *GroupsService) ByType(ctx context.Context, typ ProductType, opts ...CallOption) (Groups, error) {
	var q url.Values
	if typ != "" {
		q = url.Values{"type": {string(typ)}}
	}
	l, err := v2List[Group](ctx, s.c, v2Read("services/groups", "groups.byType", q, opts))
	if err != nil {
		return nil, err
	}
	return Groups(l.Items), nil
}

// Installable returns every operating system in a single request (GET
// v2/services/operating-systems, a bare array), with Repository and Targets.
// Prefer it to [OSService.List], which pages; both carry the slug an order or
// a rebuild takes ([OS.Ref]). A read, retried.
func (s *OSService) Installable(ctx context.Context, opts ...CallOption) ([]OS, error) {
	l, err := v2List[OS](ctx, s.c, v2Read("services/operating-systems", "os.installable", nil, opts))
	if err != nil {
		return nil, err
	}
	return l.Items, nil
}

// ProductGroupRef is the group a product is in, as [ProductAvailability] carries it.
type ProductGroupRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// ProductAvailability is a product with whether it can be ordered now. It
// carries no price: prices are in [ProductsService.List].
type ProductAvailability struct {
	ID       int64            `json:"id"`
	Name     string           `json:"name"`
	TypeSlug ProductType      `json:"typeSlug"`
	TypeName string           `json:"typeName"`
	GroupID  int64            `json:"groupId"`
	Group    *ProductGroupRef `json:"group"`
	IsPublic bool             `json:"isPublic"`
	// IsAvailable reports whether the product is in stock.
	IsAvailable bool     `json:"isAvailable"`
	Tags        []string `json:"tags"`
}

// AvailabilityOptions filter [ProductsService.Availability].
type AvailabilityOptions struct {
	// Type keeps one product type (vps, hicpu, ...).
	Type ProductType
	// GroupID keeps the products of one group.
	GroupID int64
}

// Availability returns the products with whether each is in stock (GET
// v2/services/products?type=&group=). o may be nil. Use it to watch stock;
// [ProductsService.List] has the prices, which this answer lacks. A read,
// retried.
func (s *ProductsService) Availability(ctx context.Context, o *AvailabilityOptions, opts ...CallOption) (*List[ProductAvailability], error) {
	q := url.Values{}
	if o != nil {
		if o.GroupID < 0 {
			return nil, fmt.Errorf("aeza: negative group id: %w", ErrInvalidArgument)
		}
		if o.Type != "" {
			q.Set("type", string(o.Type))
		}
		if o.GroupID > 0 {
			q.Set("group", strconv.FormatInt(o.GroupID, 10))
		}
	}
	return v2List[ProductAvailability](ctx, s.c, v2Read("services/products", "products.availability", q, opts))
}
