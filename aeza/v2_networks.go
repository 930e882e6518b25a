package aeza

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// NetworksService reads a server's addresses and sets their reverse DNS.
type NetworksService struct{ c *Client }

// IPv4Address is one of a server's IPv4 addresses.
type IPv4Address struct {
	// Key identifies the address in [NetworksService.SetPTR] and
	// [NetworksService.MakeMain] (a number is kept in decimal).
	Key     Text `json:"key"`
	Value   Text `json:"value"`
	Gateway Text `json:"gateway"`
	Mask    Text `json:"mask"`
	// Domain is the address's reverse DNS name (PTR), "" when none.
	Domain Text `json:"domain"`
}

// IPv6Network is one of a server's IPv6 networks.
type IPv6Network struct {
	Key     Text `json:"key"`
	Value   Text `json:"value"`
	Prefix  int  `json:"prefix"`
	Gateway Text `json:"gateway"`
	// IPs are the addresses in use in the network.
	IPs []string `json:"ips"`
}

// IPv4 returns a server's IPv4 addresses (GET v2/services/{id}/networks/ipv4).
// It is a read, retried.
func (s *NetworksService) IPv4(ctx context.Context, serviceID int64, opts ...CallOption) (*List[IPv4Address], error) {
	p, err := servicePath(serviceID, "/networks/ipv4")
	if err != nil {
		return nil, err
	}
	return v2List[IPv4Address](ctx, s.c, v2Read(p, "networks.ipv4", nil, opts))
}

// IPv6 returns a server's IPv6 networks (GET v2/services/{id}/networks/ipv6).
// It is a read, retried.
func (s *NetworksService) IPv6(ctx context.Context, serviceID int64, opts ...CallOption) (*List[IPv6Network], error) {
	p, err := servicePath(serviceID, "/networks/ipv6")
	if err != nil {
		return nil, err
	}
	return v2List[IPv6Network](ctx, s.c, v2Read(p, "networks.ipv6", nil, opts))
}

func ipv4Path(serviceID int64, key, action string) (string, error) {
	if key == "" {
		return "", fmt.Errorf("aeza: empty address key: %w", ErrInvalidArgument)
	}
	seg, err := transport.Path("%s", key)
	if err != nil {
		return "", fmt.Errorf("aeza: address key: %w", err)
	}
	return servicePath(serviceID, "/networks/ipv4/"+seg+"/"+action)
}

// SetPTR sets the reverse DNS name of an address (POST
// v2/services/{id}/networks/ipv4/{key}/edit-ptr {"domain": domain}); key is
// the address's [IPv4Address].Key. Sent exactly once.
func (s *NetworksService) SetPTR(ctx context.Context, serviceID int64, key, domain string, opts ...CallOption) error {
	p, err := ipv4Path(serviceID, key, "edit-ptr")
	if err != nil {
		return err
	}
	if domain == "" {
		return fmt.Errorf("aeza: empty PTR domain: %w", ErrInvalidArgument)
	}
	return s.c.v2Do(ctx, v2Change(http.MethodPost, p, "networks.setPTR", map[string]string{"domain": domain}, opts), nil, false)
}

// MakeMain makes an address the server's main one (POST
// v2/services/{id}/networks/ipv4/{key}/make-main). Sent exactly once.
func (s *NetworksService) MakeMain(ctx context.Context, serviceID int64, key string, opts ...CallOption) error {
	p, err := ipv4Path(serviceID, key, "make-main")
	if err != nil {
		return err
	}
	return s.c.v2Do(ctx, v2Change(http.MethodPost, p, "networks.makeMain", nil, opts), nil, false)
}
