package aeza

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// ProductType is a kind of product or service.
type ProductType string

// Known product types; others decode as they are.
const (
	ProductVPS       ProductType = "vps"
	ProductDedicated ProductType = "dedicated"
	ProductHiCPU     ProductType = "hicpu"
	ProductStorage   ProductType = "storage"
	ProductS3        ProductType = "s3"
	ProductVPN       ProductType = "vpn"
	ProductWAF       ProductType = "waf"
	ProductSoft      ProductType = "soft"
	ProductDomain    ProductType = "domain"
)

// String returns the type's slug.
func (t ProductType) String() string { return string(t) }

// Product is an entry of the catalog.
type Product struct {
	ID      int64       `json:"id"`
	Name    string      `json:"name"`
	Type    ProductType `json:"type"`
	GroupID int64       `json:"groupId"`
	Order   int         `json:"order"`
	// Prices are the current prices per term, in roubles.
	Prices Prices `json:"prices"`
	// RawPrices, IndividualPrices and FirstPrices are other price lists.
	RawPrices        Prices `json:"rawPrices,omitempty"`
	IndividualPrices Prices `json:"individualPrices,omitempty"`
	FirstPrices      Prices `json:"firstPrices,omitempty"`
	// InstallPrice is the one-off setup price.
	InstallPrice         Decimal              `json:"installPrice"`
	Configuration        json.RawMessage      `json:"configuration,omitempty"`
	SummaryConfiguration SummaryConfiguration `json:"summaryConfiguration"`
	Group                *Group               `json:"group,omitempty"`
	IsPrivate            bool                 `json:"isPrivate"`
}

// SummaryConfiguration is a product's main resources.
type SummaryConfiguration struct {
	CPU ResourceCount `json:"cpu"`
	RAM ResourceCount `json:"ram"`
	ROM ResourceCount `json:"rom"`
}

// ResourceCount is an amount of one resource.
type ResourceCount struct {
	Count Decimal `json:"count"`
}

// Group is a product group, usually a location.
type Group struct {
	ID      int64        `json:"id"`
	Type    ProductType  `json:"type"`
	Name    string       `json:"name"`
	Order   int          `json:"order,omitempty"`
	Payload GroupPayload `json:"payload"`
}

// GroupPayload describes a group's location.
type GroupPayload struct {
	// Code is the location code (ru, de, fr, nl, fi, se, us, gb, ...).
	Code       string `json:"code"`
	Label      string `json:"label"`
	IsDisabled bool   `json:"isDisabled"`
	IsHide     bool   `json:"isHide"`
}

// ServiceType is a kind of service with its localized names.
type ServiceType struct {
	Slug  ProductType       `json:"slug"`
	Order int               `json:"order"`
	Names map[string]string `json:"names,omitempty"`
	Name  string            `json:"name"`
}

// OS is an installable operating system.
type OS struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Group    string `json:"group"`
	Enabled  bool   `json:"enabled"`
	Slug     string `json:"slug"`
	Username string `json:"username"`
}

// ProductsService reads the product catalog.
type ProductsService struct{ c *Client }

// List returns one page of products (GET services/products).
func (s *ProductsService) List(ctx context.Context, opts *ListOptions) (*List[Product], error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	return getList[Product](ctx, s.c, "services/products", opts)
}

// All iterates over every product, page by page.
func (s *ProductsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Product, error] {
	return all[Product](ctx, s.c, "services/products", opts, plain)
}

// Get returns one product (GET services/products/{id}).
func (s *ProductsService) Get(ctx context.Context, id int64) (*Product, error) {
	p, err := idPath("services/products", id, "")
	if err != nil {
		return nil, err
	}
	return getOne[Product](ctx, s.c, &transport.Request{Method: http.MethodGet, Path: p})
}

// ServiceTypesService lists the kinds of service.
type ServiceTypesService struct{ c *Client }

// List returns one page of service types (GET services/types).
func (s *ServiceTypesService) List(ctx context.Context, opts *ListOptions) (*List[ServiceType], error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	return getList[ServiceType](ctx, s.c, "services/types", opts)
}

// All iterates over every service type.
func (s *ServiceTypesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[ServiceType, error] {
	return all[ServiceType](ctx, s.c, "services/types", opts, plain)
}

// GroupsService lists product groups.
type GroupsService struct{ c *Client }

// GroupListOptions filters groups by product type.
type GroupListOptions struct {
	ListOptions
	// Type keeps the groups of one product type (type=vps).
	Type ProductType `url:"type,omitempty"`
}

func (o *GroupListOptions) list() *ListOptions {
	if o == nil {
		return nil
	}
	return &o.ListOptions
}

// List returns one page of groups (GET services/groups?type=...).
func (s *GroupsService) List(ctx context.Context, opts *GroupListOptions) (*List[Group], error) {
	if err := opts.list().validate(); err != nil {
		return nil, err
	}
	var q any
	if opts != nil {
		q = opts
	}
	return getList[Group](ctx, s.c, "services/groups", q)
}

// All iterates over every group.
func (s *GroupsService) All(ctx context.Context, opts *GroupListOptions) iter.Seq2[Group, error] {
	var typ ProductType
	if opts != nil {
		typ = opts.Type
	}
	return all[Group](ctx, s.c, "services/groups", opts.list(), func(o ListOptions) any {
		return &GroupListOptions{ListOptions: o, Type: typ}
	})
}

// OSService lists operating systems.
type OSService struct{ c *Client }

// List returns one page of operating systems (GET os).
func (s *OSService) List(ctx context.Context, opts *ListOptions) (*List[OS], error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	return getList[OS](ctx, s.c, "os", opts)
}

// All iterates over every operating system.
func (s *OSService) All(ctx context.Context, opts *ListOptions) iter.Seq2[OS, error] {
	return all[OS](ctx, s.c, "os", opts, plain)
}
