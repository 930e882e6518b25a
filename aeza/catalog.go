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
