package aeza

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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
	// Prices are the current prices per term, in minor units of the
	// account's currency, as sent (see the package documentation, Money
	// and units).
	Prices Prices `json:"prices"`
	// RawPrices, IndividualPrices and FirstPrices are other price lists.
	RawPrices        Prices `json:"rawPrices,omitempty"`
	IndividualPrices Prices `json:"individualPrices,omitempty"`
	FirstPrices      Prices `json:"firstPrices,omitempty"`
	// InstallPrice is the one-off setup price, in minor units, as sent.
	InstallPrice         Decimal              `json:"installPrice"`
	Configuration        json.RawMessage      `json:"configuration,omitempty"`
	SummaryConfiguration SummaryConfiguration `json:"summaryConfiguration"`
	// Group is the product's group as sent: a server group (see
	// [Groups.Location] for its country), or a location on older answers.
	Group     *Group `json:"group,omitempty"`
	IsPrivate bool   `json:"isPrivate"`
	// ServiceHandler is the backend that runs the product's services (vm6, ...).
	ServiceHandler string `json:"serviceHandler,omitempty"`
	// Raw is the product as Aeza sent it (payload, typeObject,
	// defaultParameters and every field not decoded here).
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes a product and keeps it raw. It is tolerant: a
// member of an unexpected JSON type reads as zero (and stays in Raw) rather
// than failing the product, and with it a whole list.
func (p *Product) UnmarshalJSON(b []byte) error {
	type plain Product
	var v plain
	if err := unmarshalEntity(b, &v); err != nil {
		return err
	}
	*p = Product(v)
	p.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// SummaryConfiguration is the main resources of a product or a service:
// {"cpu": {...}, "ram": {...}, "rom": {...}, ...}. ROM is the disk. Other
// resources (an "ip" count, ...) are kept in Other by name.
type SummaryConfiguration struct {
	CPU ResourceCount
	RAM ResourceCount
	ROM ResourceCount
	// Other holds the resources besides cpu, ram and rom, by name.
	Other map[string]ResourceCount
}

// IsZero reports whether no resource was sent.
func (c SummaryConfiguration) IsZero() bool {
	return c.CPU.IsZero() && c.RAM.IsZero() && c.ROM.IsZero() && len(c.Other) == 0
}

// UnmarshalJSON decodes the {name: resource} object; null, an empty array
// or any other value that is not an object decode as empty, and a resource
// member of an unexpected type reads as zero.
func (c *SummaryConfiguration) UnmarshalJSON(b []byte) error {
	*c = SummaryConfiguration{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		if !json.Valid(b) {
			return fmt.Errorf("aeza: summaryConfiguration: invalid JSON %s", truncate(string(b), 40))
		}
		return nil
	}
	var m map[string]ResourceCount
	if err := unmarshalTolerant(b, &m); err != nil {
		return err
	}
	for k, v := range m {
		switch k {
		case "cpu":
			c.CPU = v
		case "ram":
			c.RAM = v
		case "rom":
			c.ROM = v
		default:
			if c.Other == nil {
				c.Other = map[string]ResourceCount{}
			}
			c.Other[k] = v
		}
	}
	return nil
}

// MarshalJSON encodes the resources back into one object.
func (c SummaryConfiguration) MarshalJSON() ([]byte, error) {
	m := make(map[string]ResourceCount, len(c.Other)+3)
	for k, v := range c.Other {
		m[k] = v
	}
	for k, v := range map[string]ResourceCount{"cpu": c.CPU, "ram": c.RAM, "rom": c.ROM} {
		if !v.IsZero() {
			m[k] = v
		}
	}
	return json.Marshal(m)
}

// ResourceCount is an amount of one resource (cores, GB of RAM or disk).
type ResourceCount struct {
	// Count is the amount the service or product has.
	Count Decimal `json:"count"`
	// Base is the amount included in the product; Additionally what was added to it.
	Base         Decimal `json:"base,omitzero"`
	Additionally Decimal `json:"additionally,omitzero"`
	// Prices are the resource's prices as sent.
	Prices json.RawMessage `json:"prices,omitempty"`
}

// IsZero reports whether nothing was sent for the resource.
func (r ResourceCount) IsZero() bool {
	return r.Count.IsZero() && r.Base.IsZero() && r.Additionally.IsZero() && len(r.Prices) == 0
}

// ServiceType is a kind of service with its localized names.
type ServiceType struct {
	Slug  ProductType       `json:"slug"`
	Order int               `json:"order"`
	Names map[string]string `json:"names,omitempty"`
	Name  string            `json:"name"`
}

// OS is an installable operating system. Give it to an order or a
// reinstall with [OS.Ref].
type OS struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Group is the OS family (ubuntu, debian, alma, windows_server, ...).
	Group   string `json:"group"`
	Enabled bool   `json:"enabled"`
	// Slug names the OS in orders and reinstalls ("ubuntu_2404").
	Slug string `json:"slug"`
	// Username is the login the installed system gets ("root").
	Username string `json:"username"`
	// Repository is the image source, when sent ("" for null).
	Repository string `json:"repository,omitempty"`
	// Targets maps product types the OS installs on to a number Aeza sends
	// beside them (its meaning is not documented).
	Targets map[string]int64 `json:"targets,omitempty"`
}

// ProductsService reads the product catalog.
type ProductsService struct{ c *Client }

// List returns one page of products (GET services/products).
func (s *ProductsService) List(ctx context.Context, list *ListOptions, opts ...CallOption) (*List[Product], error) {
	if err := list.validate(); err != nil {
		return nil, err
	}
	return getList[Product](ctx, s.c, "services/products", list, "products.list", opts)
}

// All iterates over every product, page by page.
func (s *ProductsService) All(ctx context.Context, list *ListOptions, opts ...CallOption) iter.Seq2[Product, error] {
	return all[Product](ctx, s.c, "services/products", "products.list", list, plain, opts)
}

// Get returns one product (GET services/products/{id}).
func (s *ProductsService) Get(ctx context.Context, id int64, opts ...CallOption) (*Product, error) {
	p, err := idPath("services/products", id, "")
	if err != nil {
		return nil, err
	}
	return getOne[Product](ctx, s.c, &transport.Request{Method: http.MethodGet, Path: p, Operation: "products.get", Options: opts})
}

// ServiceTypesService lists the kinds of service.
type ServiceTypesService struct{ c *Client }

// List returns one page of service types (GET services/types).
func (s *ServiceTypesService) List(ctx context.Context, list *ListOptions, opts ...CallOption) (*List[ServiceType], error) {
	if err := list.validate(); err != nil {
		return nil, err
	}
	return getList[ServiceType](ctx, s.c, "services/types", list, "serviceTypes.list", opts)
}

// All iterates over every service type.
func (s *ServiceTypesService) All(ctx context.Context, list *ListOptions, opts ...CallOption) iter.Seq2[ServiceType, error] {
	return all[ServiceType](ctx, s.c, "services/types", "serviceTypes.list", list, plain, opts)
}

// OSService lists operating systems.
type OSService struct{ c *Client }

// List returns one page of operating systems (GET os).
func (s *OSService) List(ctx context.Context, list *ListOptions, opts ...CallOption) (*List[OS], error) {
	if err := list.validate(); err != nil {
		return nil, err
	}
	return getList[OS](ctx, s.c, "os", list, "os.list", opts)
}

// All iterates over every operating system.
func (s *OSService) All(ctx context.Context, list *ListOptions, opts ...CallOption) iter.Seq2[OS, error] {
	return all[OS](ctx, s.c, "os", "os.list", list, plain, opts)
}
