package ati

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// DefaultBaseURL is the ATI.SU API.
const DefaultBaseURL = "https://api.ati.su"

// Client talks to the ATI.SU API. It is safe for concurrent use.
type Client struct {
	tc      *transport.Client
	catalog string // "v1.2/catalogs" or "gw/oauth2/catalogs/v1.2"

	// Billing reads the contact's balance.
	Billing *BillingService
	// Organizations is the organizations catalog.
	Organizations *OrganizationsService
	// Addresses are the organizations' addresses.
	Addresses *AddressesService
	// ContactPersons are the organizations' contact persons.
	ContactPersons *ContactPersonsService
}

type settings struct {
	transport.Config
	integrator string
	gateway    bool
	limitSet   bool
}

// Option configures a Client.
type Option func(*settings) error

// WithIntegratorCode sends ATI's integrator User-Agent: the header becomes
// "ati_integrator_<code> ruapi-go/<version>[ <WithUserAgent text>]", with
// ATI's token first as ATI asks. code is the firm's "Код в ATI.SU".
func WithIntegratorCode(code string) Option {
	return func(s *settings) error {
		code = strings.TrimSpace(code)
		if code == "" || strings.ContainsAny(code, " \t\r\n") {
			return fmt.Errorf("integrator code %q: %w", code, ErrInvalidArgument)
		}
		s.integrator = code
		return nil
	}
}

// WithOAuth2Gateway sends every catalog call to the OAuth2 gateway paths
// (/gw/oauth2/catalogs/v1.2/...) instead of /v1.2/catalogs/.... Billing is
// not affected.
func WithOAuth2Gateway() Option {
	return func(s *settings) error { s.gateway = true; return nil }
}

// NewClient returns a client that authenticates with the bearer token. It does no I/O.
// Give the token alone: one that starts with "Bearer " or holds a space is
// refused with [ErrInvalidArgument] and a hint (the secret is not quoted).
func NewClient(token string, opts ...Option) (*Client, error) {
	if strings.ContainsAny(token, "\r\n") {
		return nil, fmt.Errorf("ati: token contains a line break: %w", ErrInvalidArgument)
	}
	p := DefaultRetryPolicy()
	s := &settings{Config: transport.Config{
		Service:     "ati",
		BaseURL:     DefaultBaseURL,
		Retry:       &p,
		DecodeError: decodeError,
	}}
	if err := transport.ApplyOptions(s, opts); err != nil {
		return nil, fmt.Errorf("ati: %w", err)
	}
	if err := s.applyAuth(strings.TrimSpace(token)); err != nil {
		return nil, fmt.Errorf("ati: %w", err)
	}
	if err := transport.CheckShape(s.Auth); err != nil {
		return nil, fmt.Errorf("ati: %w", err)
	}
	if err := s.defaultLimit(); err != nil {
		return nil, fmt.Errorf("ati: %w", err)
	}
	if s.integrator != "" {
		ua := "ati_integrator_" + s.integrator + " ruapi-go/" + transport.Version
		if s.UserAgent != "" {
			ua += " " + s.UserAgent
		}
		h := s.Header.Clone()
		if h == nil {
			h = http.Header{}
		}
		h.Set("User-Agent", ua)
		s.Header = h
	}
	tc, err := transport.New(s.Config)
	if err != nil {
		return nil, fmt.Errorf("ati: %w", err)
	}
	c := &Client{tc: tc, catalog: "v1.2/catalogs"}
	if s.gateway {
		c.catalog = "gw/oauth2/catalogs/v1.2"
	}
	c.Billing = &BillingService{c: c}
	c.Organizations = &OrganizationsService{c: c}
	c.Addresses = &AddressesService{c: c}
	c.ContactPersons = &ContactPersonsService{c: c}
	return c, nil
}

// BaseURL returns the base URL requests are sent to.
func (c *Client) BaseURL() string { return c.tc.BaseURL() }

// Do sends a request to any ATI endpoint with the client's auth, retries and
// error decoding, and decodes the JSON answer into out (nil discards it).
// With [WithReadOnly] a GET, HEAD or OPTIONS goes through and any other method is refused.
func (c *Client) Do(ctx context.Context, r *Request, out any, opts ...CallOption) error {
	req, err := transport.EscapeCall("ati", r, opts)
	if err != nil {
		return err
	}
	return c.call(ctx, req, out)
}

// call sends req and decodes the JSON answer into out (nil discards it).
func (c *Client) call(ctx context.Context, req *transport.Request, out any) error {
	resp, err := c.tc.Do(ctx, req)
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	if raw, ok := out.(*json.RawMessage); ok {
		*raw = append((*raw)[:0], resp.Body...)
		return nil
	}
	return resp.DecodeJSON(out)
}

// catalogPath builds a catalog path ("organizations/%s") under the
// configured prefix, escaping each id and refusing empty ones.
func (c *Client) catalogPath(format string, ids ...string) (string, error) {
	p, err := transport.Path(c.catalog+"/"+format, ids...)
	if err != nil {
		return "", fmt.Errorf("ati: %w", err)
	}
	return p, nil
}
