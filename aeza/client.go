package aeza

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// DefaultBaseURL is Aeza's billing API.
const DefaultBaseURL = "https://my.aeza.net/api"

// apiKeyHeader is the header that carries the API key.
const apiKeyHeader = "X-API-Key" //nolint:gosec // a header name, not a credential

// Client talks to the Aeza billing API. It is safe for concurrent use.
type Client struct {
	tc        *transport.Client
	orderForm OrderForm

	// Account is the current account.
	Account *AccountService
	// Products is the product catalog.
	Products *ProductsService
	// ServiceTypes lists the kinds of service (vps, dedicated, ...).
	ServiceTypes *ServiceTypesService
	// Groups lists product groups (locations).
	Groups *GroupsService
	// OS lists the installable operating systems.
	OS *OSService
	// Services are the account's services and their control.
	Services *ServicesService
	// Orders creates and reads orders (spends money).
	Orders *OrdersService
	// Payments holds currencies, payment methods and invoices.
	Payments *PaymentsService
	// Networks reads a server's addresses and sets reverse DNS.
	Networks *NetworksService
	// Backups snapshots and restores servers.
	Backups *BackupsService
	// SSHKeys are the account's SSH keys.
	SSHKeys *SSHKeysService
	// Domains are the DNS zones and their records.
	Domains *DomainsService
	// Billing is the account's ledger.
	Billing *BillingService
	// Notifications are messages to the account.
	Notifications *NotificationsService
}

type settings struct {
	transport.Config
	orderForm    OrderForm
	orderFormSet bool
}

// Option configures a Client.
type Option func(*settings) error

// NewClient returns a client that authenticates with apiKey. It does no I/O.
// Give the key alone: one that starts with its header's name ("X-API-Key:
// ...") or with an auth scheme ("Bearer ...") is refused with
// [ErrInvalidArgument] and a hint (the secret is not quoted).
func NewClient(apiKey string, opts ...Option) (*Client, error) {
	if apiKey == "" {
		return nil, fmt.Errorf("aeza: API key is empty: %w", ErrInvalidArgument)
	}
	s := &settings{Config: transport.Config{
		Service:     "aeza",
		BaseURL:     DefaultBaseURL,
		DecodeError: decodeError,
	}}
	if err := s.SetAuth(transport.APIKey(apiKeyHeader, apiKey)); err != nil {
		return nil, fmt.Errorf("aeza: API key: %w", err)
	}
	if err := transport.CheckShape(s.Auth); err != nil {
		return nil, fmt.Errorf("aeza: API key: %w", err)
	}
	if err := transport.ApplyOptions(s, opts); err != nil {
		return nil, fmt.Errorf("aeza: %w", err)
	}
	if err := checkAezaBaseURL(s.BaseURL); err != nil {
		return nil, err
	}
	tc, err := transport.New(s.Config)
	if err != nil {
		return nil, fmt.Errorf("aeza: %w", err)
	}
	c := &Client{tc: tc, orderForm: s.orderForm}
	c.Account = &AccountService{c: c}
	c.Products = &ProductsService{c: c}
	c.ServiceTypes = &ServiceTypesService{c: c}
	c.Groups = &GroupsService{c: c}
	c.OS = &OSService{c: c}
	c.Services = &ServicesService{c: c}
	c.Orders = &OrdersService{c: c}
	c.Payments = &PaymentsService{c: c}
	c.Networks, c.Backups, c.SSHKeys = &NetworksService{c: c}, &BackupsService{c: c}, &SSHKeysService{c: c}
	c.Domains, c.Billing, c.Notifications = &DomainsService{c: c}, &BillingService{c: c}, &NotificationsService{c: c}
	return c, nil
}

// aezaDomains are the domains Aeza serves its API from.
var aezaDomains = []string{"aeza.net", "aeza.ru"}

// checkAezaBaseURL refuses a base URL on one of Aeza's own hosts whose path
// is not /api, naming the one to pass; other hosts pass as given.
func checkAezaBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return nil // the transport reports it
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	for _, d := range aezaDomains {
		if host != d && !strings.HasSuffix(host, "."+d) {
			continue
		}
		p := strings.TrimRight(u.Path, "/")
		if p == "/api" {
			return nil
		}
		if host == d || host == "www."+d {
			host = "my." + d // the site, not the billing panel that serves the API
		}
		want := "https://" + host + "/api"
		why := "Aeza's API lives under /api; without it every call answers \"Proxy internal server error\""
		if strings.HasPrefix(p, "/api/v2") {
			why = "give the API root: the client adds v2/ to the calls that use it"
		}
		return fmt.Errorf("aeza: base URL %q is on Aeza's own host but not its API root (%s): pass %q: %w",
			transport.SafeURL(raw), why, want, ErrInvalidArgument)
	}
	return nil
}

// BaseURL returns the base URL requests are sent to.
func (c *Client) BaseURL() string { return c.tc.BaseURL() }

// Do sends a request to any Aeza endpoint with the client's auth, retries and
// error decoding, and decodes the "data" member of the answer into out (out
// may be nil to discard it). It reaches endpoints this package does not wrap.
// A path under "v2/" (the newer API) is decoded as that API answers: the
// bare body (or its "data" member when the body is only a wrapper), and an
// empty body leaves out as it is.
// With [WithReadOnly] a GET, HEAD or OPTIONS goes through and any other method is refused.
func (c *Client) Do(ctx context.Context, r *Request, out any, opts ...CallOption) error {
	req, err := transport.EscapeCall("aeza", r, opts)
	if err != nil {
		return err
	}
	if isV2Path(r.Path) { // the newer API: no "data" envelope (see v2.go)
		return c.v2Do(ctx, req, out, false)
	}
	return c.call(ctx, req, out)
}

// envelope is Aeza's success wrapper, {"data": ...}, with its data kept raw.
type envelope struct {
	Data json.RawMessage `json:"data"`
}

// into is the success wrapper decoded straight into the caller's result:
// Data holds the caller's pointer, so one json pass reads both.
type into struct {
	Data any `json:"data"`
}

// call sends req and decodes the answer's data into out.
func (c *Client) call(ctx context.Context, req *transport.Request, out any) error {
	_, err := c.callResp(ctx, req, out)
	return err
}

// callResp sends req and decodes the answer's data into out (nil discards
// it; a *json.RawMessage receives it raw). The error decoder has already
// ruled out an {"error": ...} answer, so one json pass decodes the envelope
// and the result together; only an answer with no "data" member is looked
// at again. A decode error quotes an excerpt of the body in which the
// transport has scrubbed secret-named members (a service's secureParameters
// password among them).
func (c *Client) callResp(ctx context.Context, req *transport.Request, out any) (*transport.Response, error) {
	resp, err := c.tc.Do(ctx, req)
	if err != nil {
		return resp, err
	}
	if out == nil {
		return resp, nil
	}
	if raw, ok := out.(*json.RawMessage); ok {
		var env envelope
		if err := resp.DecodeJSON(&env); err != nil {
			return resp, err
		}
		if len(env.Data) == 0 {
			return resp, resp.DecodeFailure(errors.New(`no "data" member`))
		}
		*raw = append((*raw)[:0], env.Data...)
		return resp, nil
	}
	if l, ok := out.(*List[Service]); ok {
		return resp, decodeServiceList(resp, l)
	}
	env := into{Data: out}
	if err := resp.DecodeJSON(&env); err != nil {
		return resp, err
	}
	// {"data": null} sets Data to nil and leaves out as it was; a missing
	// member leaves Data as it was too, so tell the two apart.
	if env.Data != nil {
		if _, ok := member(resp.Body, "data"); !ok {
			return resp, resp.DecodeFailure(errors.New(`no "data" member`))
		}
	}
	return resp, nil
}

// getList fetches one page of a list.
func getList[T any](ctx context.Context, c *Client, path string, q any, op string, opts []CallOption) (*List[T], error) {
	var l List[T]
	if err := c.call(ctx, &transport.Request{Method: http.MethodGet, Path: path, Query: q, Operation: op, Options: opts}, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// getOne fetches an entity that Aeza returns as a one-item list (or, tolerantly, as an object).
// It looks at the shape of the data without decoding it, then decodes the
// body once, straight into that shape.
func getOne[T any](ctx context.Context, c *Client, req *transport.Request) (*T, error) {
	resp, err := c.callResp(ctx, req, nil)
	if err != nil {
		return nil, err
	}
	data, ok := member(resp.Body, "data")
	if !ok {
		var env envelope
		if err := resp.DecodeJSON(&env); err != nil {
			return nil, err
		}
		if len(env.Data) == 0 {
			return nil, resp.DecodeFailure(errors.New(`no "data" member`))
		}
		data = env.Data // a member name the scan does not read; decode it apart
		v, found, err := oneOf[T](data)
		if err != nil {
			return nil, resp.DecodeFailure(err)
		}
		if !found {
			return nil, resp.Fail(ErrNotFound, "empty item list")
		}
		return v, nil
	}
	var v *T
	switch {
	case bytes.HasPrefix(data, []byte("null")):
	case data[0] == '[':
		var items []T
		if err := resp.DecodeJSON(&into{Data: &items}); err != nil {
			return nil, err
		}
		if len(items) > 0 {
			v = &items[0]
		}
	case data[0] == '{':
		if _, ok := member(data, "items"); ok {
			var l struct {
				Items []T `json:"items"`
			}
			if err := resp.DecodeJSON(&into{Data: &l}); err != nil {
				return nil, err
			}
			if len(l.Items) > 0 {
				v = &l.Items[0]
			}
			break
		}
		v = new(T)
		if err := resp.DecodeJSON(&into{Data: v}); err != nil {
			return nil, err
		}
	default:
		if err := resp.DecodeJSON(&envelope{}); err != nil {
			return nil, err
		}
		return nil, resp.DecodeFailure(errors.New("data is neither an object nor a list"))
	}
	if v == nil {
		if err := resp.DecodeJSON(&envelope{}); err != nil { // a null or empty list in a broken body
			return nil, err
		}
		return nil, resp.Fail(ErrNotFound, "empty item list")
	}
	return v, nil
}

// oneOf decodes data that is a list envelope (first item), an array (first
// element) or a bare object.
func oneOf[T any](raw json.RawMessage) (*T, bool, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, false, nil
	}
	var items []json.RawMessage
	switch raw[0] {
	case '[':
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, false, err
		}
	case '{':
		var probe struct {
			Items json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(raw, &probe); err != nil {
			return nil, false, err
		}
		if probe.Items == nil {
			var v T
			if err := json.Unmarshal(raw, &v); err != nil {
				return nil, false, err
			}
			return &v, true, nil
		}
		if err := json.Unmarshal(probe.Items, &items); err != nil {
			return nil, false, err
		}
	default:
		return nil, false, fmt.Errorf("data is neither an object nor a list")
	}
	if len(items) == 0 {
		return nil, false, nil
	}
	var v T
	if err := json.Unmarshal(items[0], &v); err != nil {
		return nil, false, err
	}
	return &v, true, nil
}

// idPath builds "<prefix>/<id><suffix>" for a positive id.
func idPath(prefix string, id int64, suffix string) (string, error) {
	if id <= 0 {
		return "", fmt.Errorf("aeza: id %d: must be positive: %w", id, ErrInvalidArgument)
	}
	return prefix + "/" + strconv.FormatInt(id, 10) + suffix, nil
}
