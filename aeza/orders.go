package aeza

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// OrdersService creates and reads orders. Creating an order spends real money
// (Aeza has no sandbox); it is sent exactly once, never retried.
type OrdersService struct{ c *Client }

// OrderForm is the request [OrdersService.Create] sends; choose it for a
// client with [WithOrderForm].
type OrderForm int

// Order forms.
const (
	// OrderFormV2 (the default) is POST v2/services/orders with
	// {"method": ..., "orders": [{"productId", "count", "name", "term",
	// "autoProlong", "parameters"}]}: the body Aeza support gave in writing
	// (quoted by a public Laravel driver, ~2026) after the legacy form
	// answered "Proxy internal server error" (HTTP 500) for weeks
	// (specs/aeza-v2.md A8, A10).
	OrderFormV2 OrderForm = iota
	// OrderFormLegacy is POST services/orders with the flat body of Aeza's
	// older docs and the Terraform provider (2025): {"method", "count",
	// "term", "name", "productId", "parameters", "autoProlong", "backups"}.
	OrderFormLegacy
)

// String names the form ("v2", "legacy").
func (f OrderForm) String() string {
	switch f {
	case OrderFormV2:
		return "v2"
	case OrderFormLegacy:
		return "legacy"
	}
	return "OrderForm(" + strconv.Itoa(int(f)) + ")"
}

// WithOrderForm chooses the request [OrdersService.Create] sends (default
// [OrderFormV2]). The client never falls back from one form to the other
// after a failure: an order that failed in one form may still have gone
// through, and sending it again in the other could buy twice. Giving two
// different forms is an error.
func WithOrderForm(f OrderForm) Option {
	return func(s *settings) error {
		if f != OrderFormV2 && f != OrderFormLegacy {
			return fmt.Errorf("WithOrderForm: unknown form %d: %w", int(f), ErrInvalidArgument)
		}
		if s.orderFormSet && s.orderForm != f {
			return fmt.Errorf("WithOrderForm: %s and %s both given: %w", s.orderForm, f, ErrInvalidArgument)
		}
		s.orderForm, s.orderFormSet = f, true
		return nil
	}
}

// OrderParameters configure what is installed on the new service.
type OrderParameters struct {
	// OS is the operating system to install: [OSSlug]("ubuntu_2404"), the
	// form current servers expect, or [OSID] (older docs); take it from the
	// OS list with [OS.Ref]. The zero OSRef sends no os.
	OS OSRef `json:"os,omitzero"`
	// Recipe is an optional recipe: [RecipeSlug] or [RecipeID], in the form
	// the recipe came to you in. The zero RecipeRef sends none.
	Recipe RecipeRef `json:"recipe,omitzero"`
	// ISOURL boots the service from an ISO image instead.
	ISOURL string `json:"isoUrl,omitempty"`
}

// OrderRequest is a new order.
type OrderRequest struct {
	// Method is the payment method ("balance").
	Method string `json:"method"`
	// Count is the number of services to create.
	Count int `json:"count"`
	// Term is the payment term.
	Term Term `json:"term"`
	// Name names the new services.
	Name string `json:"name"`
	// ProductID is the product to order.
	ProductID   int64            `json:"productId"`
	Parameters  *OrderParameters `json:"parameters,omitempty"`
	AutoProlong bool             `json:"autoProlong"`
	// Backups asks for backups. The v2 form sends it only when true (the
	// order body support gave has no such member).
	Backups bool `json:"backups"`
}

// v2Order is one entry of a v2 order body's "orders".
type v2Order struct {
	ProductID   int64            `json:"productId"`
	Count       int              `json:"count"`
	Name        string           `json:"name"`
	Term        Term             `json:"term"`
	AutoProlong bool             `json:"autoProlong"`
	Backups     bool             `json:"backups,omitempty"`
	Parameters  *OrderParameters `json:"parameters,omitempty"`
}

// v2OrderBody is the v2 order body: the method at the top, the orders in an array.
type v2OrderBody struct {
	Method string    `json:"method"`
	Orders []v2Order `json:"orders"`
}

// Order is an order and the services it created.
type Order struct {
	// ID is the order's id; 0 when the answer gave none, or one that is not
	// an integer (then IDText has it).
	ID                int64         `json:"id"`
	Status            ServiceStatus `json:"status"`
	CreatedServiceIDs []int64       `json:"createdServiceIds"`
	ProductID         int64         `json:"productId"`
	Term              Term          `json:"term"`
	Count             int           `json:"count"`
	// IDText is the order's id as sent: the digits of an integer id, or an
	// id of another kind (a string the v2 API may use; its order answer has
	// not been seen). Empty when the answer gave none.
	IDText string `json:"-"`
	// Raw is the order as Aeza sent it.
	Raw json.RawMessage `json:"-"`
}

// Done reports whether the order's services exist.
func (o *Order) Done() bool { return len(o.CreatedServiceIDs) > 0 }

// UnmarshalJSON decodes an order tolerantly: an id sent as a string of
// digits is read as the integer, any other id is kept in IDText, and a
// member of an unexpected type reads as zero. The order stays in Raw.
func (o *Order) UnmarshalJSON(b []byte) error {
	type plain Order
	var w struct {
		plain
		ID                json.RawMessage `json:"id"`
		CreatedServiceIDs json.RawMessage `json:"createdServiceIds"`
	}
	if err := unmarshalTolerant(b, &w); err != nil {
		return err
	}
	*o = Order(w.plain)
	o.ID, o.IDText = readID(w.ID)
	o.CreatedServiceIDs = readIDs(w.CreatedServiceIDs)
	o.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// readID reads an id sent as a number or a string: the integer when it is
// one, and the id as text either way.
func readID(raw json.RawMessage) (int64, string) {
	raw = nonNull(bytes.TrimSpace(raw))
	if len(raw) == 0 {
		return 0, ""
	}
	text := string(raw)
	switch raw[0] {
	case '"':
		if json.Unmarshal(raw, &text) != nil {
			return 0, ""
		}
	case '{', '[', 't', 'f':
		return 0, ""
	}
	var d Decimal
	if d.UnmarshalText([]byte(text)) == nil {
		if n, ok := d.Int64(); ok && n > 0 {
			return n, strconv.FormatInt(n, 10)
		}
	}
	return 0, text
}

// readIDs reads a list of integer ids (numbers or strings of digits); a
// single id is a one-item list, and entries that are no positive integer
// are skipped.
func readIDs(raw json.RawMessage) []int64 {
	raw = nonNull(bytes.TrimSpace(raw))
	if len(raw) == 0 {
		return nil
	}
	if raw[0] != '[' {
		if n, _ := readID(raw); n > 0 {
			return []int64{n}
		}
		return nil
	}
	ids := []int64{}
	arrayElements(raw, 0, func(start, end int) {
		if n, _ := readID(raw[start:end]); n > 0 {
			ids = append(ids, n)
		}
	})
	return ids
}

// OrderResult is the answer to a new order. Aeza's answers come in several
// shapes: the legacy {"items": [order], "transaction": ...}, one order
// object ({"id": 999}, as Aeza's docs describe "an Order object"), a bare
// {"createdServiceIds": [...]}, and the v2 answer, which has not been seen
// in public: each is read, and the ids it holds are in Items, OrderIDs and
// ServiceIDs. Raw keeps the answer as received.
type OrderResult struct {
	// Items are the orders the answer holds.
	Items []Order `json:"items"`
	// Transaction is the payment, when the answer carries it.
	Transaction *Transaction `json:"transaction,omitempty"`
	// ServiceIDs are the ids of the services the order created, from every
	// createdServiceIds the answer holds (at any depth), in order, without
	// repeats. Empty until Aeza has created them: poll with
	// [OrdersService.Wait] or look at the service list.
	ServiceIDs []int64 `json:"-"`
	// Form is the request that was sent.
	Form OrderForm `json:"-"`
	// Raw is the answer's body as received (it may describe new services'
	// credentials, so it prints redacted; read it with Raw.Decode).
	Raw SecretJSON `json:"-"`
}

// OrderIDs returns the ids of the orders in the answer (those that are
// integers; an order with another kind of id has it in Items[i].IDText).
func (r *OrderResult) OrderIDs() []int64 {
	var ids []int64
	for _, o := range r.Items {
		if o.ID > 0 {
			ids = append(ids, o.ID)
		}
	}
	return ids
}

// understood reports whether the answer names the order or its services.
func (r *OrderResult) understood() bool {
	if len(r.ServiceIDs) > 0 {
		return true
	}
	for _, o := range r.Items {
		if o.ID > 0 || o.IDText != "" {
			return true
		}
	}
	return false
}

// errOrderNotUnderstood explains an order answer with no id in it.
var errOrderNotUnderstood = errors.New("order answer not understood: it names no order id and no created service id; " +
	"the order may have been placed, so look at the service list and the billing before ordering again")

// Create places an order. It spends money and is sent exactly once, even on
// 503 or a dropped connection, and never again in another form: check the
// service list (or Get) before trying again.
//
// By default it sends the v2 form, POST v2/services/orders with
// {"method": ..., "orders": [{productId, count, name, term, autoProlong,
// parameters}]}, the one Aeza support gave in writing; [WithOrderForm]
// ([OrderFormLegacy]) sends the flat legacy body to POST services/orders.
//
// Every answer shape Aeza may send is read (see [OrderResult]); the result
// names at least one order id or created service id. An answer with neither
// (an empty body, a shape not understood) is an error matching ErrDecode
// that says so, returned with the result, whose Raw holds the answer: the
// order may have gone through, so never treat that error as "not ordered".
// A balance too low answers ErrForbidden.
//
// On [ErrOutcomeUnknown] the order may be paid: look with
// [ServicesService.FindCreatedSince] (by Name, since the attempt) before
// ordering again.
func (s *OrdersService) Create(ctx context.Context, r OrderRequest, opts ...CallOption) (*OrderResult, error) {
	if r.ProductID <= 0 || r.Method == "" || r.Term == "" || r.Count <= 0 {
		return nil, fmt.Errorf("aeza: order needs a product id, a method, a term and a positive count: %w", ErrInvalidArgument)
	}
	if r.Parameters != nil {
		if !r.Parameters.OS.IsZero() {
			if err := r.Parameters.OS.validate("order"); err != nil {
				return nil, err
			}
		}
		if err := r.Parameters.Recipe.validate("order"); err != nil {
			return nil, err
		}
	}
	form := s.c.orderForm
	req := &transport.Request{Method: http.MethodPost, Path: "services/orders", Body: r,
		Retry: transport.RetryNever, Operation: "orders.create", Options: opts}
	if form == OrderFormV2 {
		req.Path = "v2/services/orders"
		req.Body = v2OrderBody{Method: r.Method, Orders: []v2Order{{ProductID: r.ProductID, Count: r.Count, Name: r.Name,
			Term: r.Term, AutoProlong: r.AutoProlong, Backups: r.Backups, Parameters: r.Parameters}}}
	}
	resp, err := s.c.callResp(ctx, req, nil)
	if err != nil {
		return nil, err
	}
	out := decodeOrderAnswer(resp.Body)
	out.Form = form
	if !out.understood() {
		return out, resp.DecodeFailure(errOrderNotUnderstood)
	}
	return out, nil
}

// decodeOrderAnswer reads an order answer of any shape: the payload is the
// body, or its "data" when it has one; its orders are the elements of an
// array payload, of its "items" or "orders", its "order" object, or the
// payload itself when it has an "id". Created service ids are gathered from
// every createdServiceIds member at any depth.
func decodeOrderAnswer(body []byte) *OrderResult {
	out := &OrderResult{Raw: append(SecretJSON(nil), body...)}
	payload := bytes.TrimSpace(body)
	if !json.Valid(payload) {
		return out
	}
	if d, ok := member(payload, "data"); ok {
		if end := skipValue(d, 0); end > 0 {
			if v := bytes.TrimSpace(d[:end]); len(v) > 0 && (v[0] == '{' || v[0] == '[') {
				payload = v
			}
		}
	}
	value := func(key string) []byte {
		v, ok := member(payload, key)
		if !ok {
			return nil
		}
		if end := skipValue(v, 0); end > 0 {
			return bytes.TrimSpace(v[:end])
		}
		return nil
	}
	addOrders := func(list []byte) {
		if len(list) == 0 || list[0] != '[' {
			return
		}
		arrayElements(list, 0, func(start, end int) {
			if el := list[start:end]; el[0] == '{' {
				var o Order
				if o.UnmarshalJSON(el) == nil {
					out.Items = append(out.Items, o)
				}
			}
		})
	}
	switch payload[0] {
	case '[':
		addOrders(payload)
	case '{':
		items, orders, one := value("items"), value("orders"), value("order")
		switch {
		case len(items) > 0 && items[0] == '[':
			addOrders(items)
		case len(orders) > 0 && orders[0] == '[':
			addOrders(orders)
		case len(one) > 0 && one[0] == '{':
			addOrders(append(append([]byte{'['}, one...), ']'))
		case len(value("id")) > 0:
			addOrders(append(append([]byte{'['}, payload...), ']'))
		}
		if tx := value("transaction"); len(tx) > 0 && tx[0] == '{' {
			var t Transaction
			if t.UnmarshalJSON(tx) == nil {
				out.Transaction = &t
			}
		}
	}
	seen := map[int64]bool{}
	collectIDs(payload, "createdServiceIds", func(raw []byte) {
		for _, id := range readIDs(raw) {
			if !seen[id] {
				seen[id] = true
				out.ServiceIDs = append(out.ServiceIDs, id)
			}
		}
	})
	return out
}

// collectIDs calls f with the value of every member named key, at any depth
// of the valid JSON value b.
func collectIDs(b []byte, key string, f func([]byte)) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return
	}
	switch b[0] {
	case '{':
		objectMembers(b, 0, func(name []byte, vs int) int {
			ve := skipValue(b, vs)
			if ve < 0 {
				return -1
			}
			if keyMatch(name, key) {
				f(b[vs:ve])
			} else {
				collectIDs(b[vs:ve], key, f)
			}
			return ve
		})
	case '[':
		arrayElements(b, 0, func(start, end int) { collectIDs(b[start:end], key, f) })
	}
}

// Get returns an order (GET services/orders/{id}).
func (s *OrdersService) Get(ctx context.Context, id int64, opts ...CallOption) (*Order, error) {
	p, err := idPath("services/orders", id, "")
	if err != nil {
		return nil, err
	}
	return getOne[Order](ctx, s.c, &transport.Request{Method: http.MethodGet, Path: p, Operation: "orders.get", Options: opts})
}

// DefaultPollInterval is how long Wait waits between polls when given no interval.
const DefaultPollInterval = 5 * time.Second

// orderFailed reports whether an order in this status will not create its
// services. Aeza's order statuses are not documented (a public client labels
// transactions failed and canceled); this reads the usual spellings, in any
// case: any status containing "fail", "error", "cancel", "reject" or "delet",
// or "refunded".
func orderFailed(s ServiceStatus) bool {
	n := strings.ToLower(strings.TrimSpace(string(s)))
	for _, w := range []string{"fail", "error", "cancel", "reject", "delet", "refunded"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// Wait polls an order every interval until its services exist
// (createdServiceIds is filled) and returns it. interval <= 0 means
// DefaultPollInterval, and a shorter one than MinPollInterval is raised to it.
//
// The wait ends at its deadline: the context's, or [WithCallTimeout] among
// opts, which bounds the whole wait, or else the client's [WithTimeout] (30 s
// by default); each poll is one call, bounded as every call is, so a wait
// meant to last longer than the client's timeout gives itself a longer
// WithCallTimeout. At the deadline the error matches [ErrStillRunning] and
// the context's error. An order status from which the order will not
// complete (failed, canceled, rejected, deleted; Aeza's statuses are not
// documented, so this is a guess) ends the wait at once with [ErrWaitFailed];
// the first error of a poll ends it with that error. On every error Wait
// also returns the last order it saw (nil if none).
func (s *OrdersService) Wait(ctx context.Context, id int64, interval time.Duration, opts ...CallOption) (*Order, error) {
	return waitFor(ctx, s.c, fmt.Sprintf("order %d", id), interval, opts,
		func(ctx context.Context) (*Order, error) { return s.Get(ctx, id, opts...) },
		(*Order).Done,
		func(o *Order) bool { return orderFailed(o.Status) },
		func(o *Order) string { return string(o.Status) })
}
