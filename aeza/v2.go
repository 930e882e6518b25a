package aeza

// This file holds the conventions of Aeza's newer API (the endpoints under
// /api/v2) that every call of the v2*.go files shares: where the payload of
// an answer is, lists, paging, money, task ids and capabilities. A caller
// never names the API generation: each method says which one it uses only
// where a legacy method does the same thing, to say which to prefer.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// v2Prefix is the path prefix of the newer API, relative to the base URL
// (https://my.aeza.net/api): "v2/services/1/ctl/restart".
const v2Prefix = "v2/"

// Terms the newer API adds to [TermHour] ... [TermYear].
const (
	TermHalfDay Term = "half_day"
	TermDay     Term = "day"
	TermWeek    Term = "week"
	TermEternal Term = "eternal"
)

// Statuses the newer API adds; unknown ones decode as they are.
const (
	// StatusBlocked is a service blocked by Aeza.
	StatusBlocked ServiceStatus = "blocked"
	// StatusRescue is a service booted into its rescue system ([ServicesService.EnterRescue]).
	StatusRescue ServiceStatus = "rescue"
)

// PageOptions are the paging, sorting and filtering parameters of the
// account's collections (service info, backups, SSH keys, domains, DNS
// records, notifications, billing transactions). Their lists page by limit
// rather than by the catalog's count, so they take PageOptions instead of
// [ListOptions]; the All iterators walk them the same way.
type PageOptions struct {
	// Offset is the number of entities to skip.
	Offset int `url:"offset,omitempty"`
	// Limit is the page size (Aeza's default and maximum are not published).
	Limit int `url:"limit,omitempty"`
	// Sort is a key with an optional " ASC" or " DESC" ("id DESC"); build
	// it with [SortClause].
	Sort string `url:"sort,omitempty"`
	// Filter keeps the entities whose fields equal the given values.
	Filter Filter `url:"filter,omitempty"`
}

func (o *PageOptions) validate() error {
	if o == nil {
		return nil
	}
	if o.Offset < 0 || o.Limit < 0 {
		return fmt.Errorf("aeza: negative offset or limit: %w", ErrInvalidArgument)
	}
	return nil
}

// SortClause builds the sort parameter of [PageOptions]: SortClause(Desc("id"))
// is "id DESC", SortClause(Asc("createdAt")) "createdAt ASC". Only one key
// has been seen on the wire; several are joined with commas.
func SortClause(keys ...SortKey) string {
	return joinSort(keys, func(name string, desc bool) string {
		if desc {
			return name + " DESC"
		}
		return name + " ASC"
	})
}

// FilterTerm keeps the entities whose Field equals Value.
type FilterTerm struct {
	Field string
	Value any
}

// Eq is the filter term field = value: Filter{Eq("serviceId", 123)}.
func Eq(field string, value any) FilterTerm { return FilterTerm{Field: field, Value: value} }

// Filter is a list of equality terms, sent as the JSON array of [field,
// value] pairs Aeza reads: filter=[["serviceId",123]] (URL-encoded). Other
// operators are not known.
type Filter []FilterTerm

// EncodeValues sets the filter parameter (for go-querystring); an empty
// filter sends nothing.
func (f Filter) EncodeValues(key string, v *url.Values) error {
	if len(f) == 0 {
		return nil
	}
	pairs := make([][2]any, len(f))
	for i, t := range f {
		if t.Field == "" {
			return fmt.Errorf("aeza: filter term %d has no field: %w", i, ErrInvalidArgument)
		}
		pairs[i] = [2]any{t.Field, t.Value}
	}
	b, err := json.Marshal(pairs)
	if err != nil {
		return fmt.Errorf("aeza: filter: %w: %w", err, ErrInvalidArgument)
	}
	v.Set(key, string(b))
	return nil
}

// Minor is an amount of money in minor units (cents, kopecks) of the
// account's currency, as the newer API sends every amount: 457 is 4.57 in the
// currency [AccountDetails.Currency] names (euros on aeza.net). It is never
// converted from an assumed unit. It decodes from an integer, an integral
// number written as a float (457.0) or a numeric string; a fraction of a
// minor unit is a decode error, never rounded.
type Minor int64

// UnmarshalJSON accepts 457, 457.0, "457", null and "" (zero).
func (m *Minor) UnmarshalJSON(b []byte) error {
	var d Decimal
	if err := d.UnmarshalJSON(b); err != nil {
		return err
	}
	v, ok := d.Int64()
	if !ok {
		return fmt.Errorf("aeza: amount %s is not a whole number of minor units", truncate(string(b), 40))
	}
	*m = Minor(v)
	return nil
}

// Decimal returns the amount in major units, exactly (457 is 4.57).
func (m Minor) Decimal() Decimal { return NewDecimal(int64(m), 2) }

// String formats the amount in major units with two decimals ("4.57",
// "-0.02"): Aeza's currencies (EUR, RUB) have two.
func (m Minor) String() string {
	q, r := int64(m)/100, int64(m)%100
	sign := ""
	if m < 0 {
		sign, q, r = "-", -q, -r
	}
	return fmt.Sprintf("%s%d.%02d", sign, q, r)
}

// TaskID is a task's id, a string on the newer API (a number is accepted
// and kept in decimal).
type TaskID string

// UnmarshalJSON accepts a string, a number and null.
func (t *TaskID) UnmarshalJSON(b []byte) error {
	s, err := flexText(b)
	*t = TaskID(s)
	return err
}

// String returns the id.
func (t TaskID) String() string { return string(t) }

// flexText reads a JSON string, a number (kept as written) or null ("").
func flexText(b []byte) (string, error) {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		return "", nil
	case b[0] == '"':
		var s string
		err := json.Unmarshal(b, &s)
		return s, err
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return "", err
		}
		return n.String(), nil
	}
	return "", fmt.Errorf("aeza: %s is neither a string nor a number", truncate(string(b), 40))
}

// Text is a string field whose JSON type no capture settles: a string, a
// number (kept as written), a boolean or null all decode, and an object or
// an array reads as "" rather than fail the whole answer.
type Text string

// String returns the text.
func (t Text) String() string { return string(t) }

// UnmarshalJSON reads a string, a number or a boolean as its text, and
// null, an object or an array as "".
func (t *Text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("true")) || bytes.Equal(b, []byte("false")) {
		*t = Text(b)
		return nil
	}
	s, err := flexText(b)
	if err != nil {
		s = ""
	}
	*t = Text(s)
	return nil
}

// Capability is an action a service supports ("ctl", "remote.vnc", ...).
type Capability string

// Known capabilities; unknown ones decode as they are.
const (
	CapOrderMany      Capability = "order_many"
	CapCtl            Capability = "ctl"
	CapCtlRestart     Capability = "ctl.restart"
	CapCtlForceOff    Capability = "ctl.force_off"
	CapIP             Capability = "ip"
	CapManualDelete   Capability = "manual_delete"
	CapUpgrade        Capability = "upgrade"
	CapCharts         Capability = "charts"
	CapRename         Capability = "rename"
	CapChangePassword Capability = "change_password"
	CapReinstall      Capability = "reinstall"
	CapBackups        Capability = "backups"
	CapClone          Capability = "clone"
	CapRemote         Capability = "remote"
	CapRemoteVNC      Capability = "remote.vnc"
	CapRescue         Capability = "rescue"
	CapGoto           Capability = "goto"
	CapSSHKeys        Capability = "ssh_keys"
)

// String returns the capability as Aeza names it.
func (c Capability) String() string { return string(c) }

// Capabilities is a service's capability list. A single string is read as
// a one-item list; null, and any other value that is not a list, as none.
type Capabilities []Capability

// UnmarshalJSON accepts an array of strings, one string or null; other
// values read as none rather than fail the answer.
func (cs *Capabilities) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		*cs = nil
		return nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*cs = Capabilities{Capability(s)}
		return nil
	}
	var raw []Text
	if err := json.Unmarshal(b, &raw); err != nil {
		*cs = nil // not a list (an object, a number): none, rather than fail the answer
		return nil
	}
	out := make(Capabilities, 0, len(raw))
	for _, r := range raw {
		if r != "" {
			out = append(out, Capability(r))
		}
	}
	*cs = out
	return nil
}

// Has reports whether c is in the list.
func (cs Capabilities) Has(c Capability) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// v2Payload returns where the payload of a v2 answer is: the body itself,
// or, when the body is an object whose "data" member holds an object or an
// array and that has neither "items" nor "id" (a data wrapper, which one
// source reports), that member. One scan of the top-level members, which
// stops at "items" or "id" (a list or an entity: no wrapper), so the common
// answer {"items": [...], ...} costs a few bytes of scanning.
func v2Payload(body []byte) (payload []byte, wrapped bool) {
	i := skipSpace(body, 0)
	if i >= len(body) {
		return nil, false
	}
	body = body[i:]
	if body[0] != '{' {
		return body, false
	}
	plain := false
	ds, de := -1, -1
	objectMembers(body, 0, func(name []byte, vs int) int {
		if keyMatch(name, "items") || keyMatch(name, "id") {
			plain = true
			return -1
		}
		ve := skipValue(body, vs)
		if ve > vs && keyMatch(name, "data") && (body[vs] == '{' || body[vs] == '[') {
			ds, de = vs, ve
		}
		return ve
	})
	if plain || ds < 0 {
		return body, false
	}
	return body[ds:de], true
}

// errEmptyV2 is the decode error of an empty answer where a value was due.
var errEmptyV2 = errors.New("empty body where a value was expected")

// decodeV2 decodes a v2 answer into out in one pass: the bare body, or the
// "data" member of a data wrapper. An empty body (an action's 201 or 204)
// leaves out as it is and reports ok false.
func decodeV2(resp *transport.Response, out any) (ok bool, err error) {
	payload, wrapped := v2Payload(resp.Body)
	if len(payload) == 0 {
		return false, nil
	}
	if bytes.HasPrefix(payload, []byte("null")) {
		return false, nil
	}
	if wrapped {
		return true, resp.DecodeJSON(&into{Data: out})
	}
	return true, resp.DecodeJSON(out)
}

// v2Do sends a v2 request and decodes the answer into out (nil ignores the
// body, as actions answer 200, 201 or 204 with an empty body or with
// anything). need makes an empty answer a decode error.
func (c *Client) v2Do(ctx context.Context, req *transport.Request, out any, need bool) error {
	resp, err := c.tc.Do(ctx, req)
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	ok, err := decodeV2(resp, out)
	if err != nil {
		return err
	}
	if !ok && need {
		return resp.DecodeFailure(errEmptyV2)
	}
	return nil
}

// v2Read sends a retried GET.
func v2Read(path, op string, query any, opts []CallOption) *transport.Request {
	return &transport.Request{Method: http.MethodGet, Path: v2Prefix + path, Query: query, Operation: op, Options: opts}
}

// v2Change is a call that changes state: sent exactly once, never retried,
// whatever its method, because a retry after an attempt that went through
// would act twice (or fail confusingly).
func v2Change(method, path, op string, body any, opts []CallOption) *transport.Request {
	return &transport.Request{Method: method, Path: v2Prefix + path, Body: body, Retry: transport.RetryNever,
		Operation: op, Options: opts}
}

// v2Made sends a call that creates or changes an entity and decodes the
// entity it answers over v, which the caller fills from the request. An
// empty answer is not an error: the change went through, and a decode error
// could make a caller send it again; v then holds what the request said
// (with no id for a new entity).
func v2Made[T any](ctx context.Context, c *Client, req *transport.Request, v *T) (*T, error) {
	if err := c.v2Do(ctx, req, v, false); err != nil {
		return nil, err
	}
	return v, nil
}

// v2Get reads one entity.
func v2Get[T any](ctx context.Context, c *Client, req *transport.Request) (*T, error) {
	v := new(T)
	if err := c.v2Do(ctx, req, v, true); err != nil {
		return nil, err
	}
	return v, nil
}

// bareList is a v2 list that came as a bare JSON array.
type bareList[T any] struct {
	l *List[T]
}

func (b *bareList[T]) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		if err := json.Unmarshal(data, &b.l.Items); err != nil {
			return err
		}
		b.l.Total = -1 // marks a bare array for the caller
		return nil
	}
	type plainList List[T]
	return json.Unmarshal(data, (*plainList)(b.l))
}

// v2List reads one page of a v2 list: {"items": [...], "total": N}, the same
// wrapped in "data", or a bare array (whose Total is its length).
func v2List[T any](ctx context.Context, c *Client, req *transport.Request) (*List[T], error) {
	l, bare, _, err := v2ListPage[T](ctx, c, req, false)
	if err != nil {
		return nil, err
	}
	if bare {
		l.Total = len(l.Items)
	}
	return l, nil
}

// v2ListPage is v2List reporting whether the answer was a bare array, and
// the raw first item (found by a scan, not decoded again).
func v2ListPage[T any](ctx context.Context, c *Client, req *transport.Request, wantFirst bool) (*List[T], bool, []byte, error) {
	resp, err := c.tc.Do(ctx, req)
	if err != nil {
		return nil, false, nil, err
	}
	l := &List[T]{}
	if sl, isSvc := any(l).(*List[ServiceInfo]); isSvc {
		done, err := decodeServiceInfoPage(resp, sl)
		if err != nil {
			return nil, false, nil, err
		}
		if done {
			return l, false, firstOf(resp.Body, wantFirst && len(l.Items) > 0), nil
		}
	}
	ok, err := decodeV2(resp, &bareList[T]{l: l})
	if err != nil {
		return nil, false, nil, err
	}
	if !ok {
		return nil, false, nil, resp.DecodeFailure(errEmptyV2)
	}
	bare := l.Total == -1
	if bare {
		l.Total = 0
	}
	if l.Items == nil {
		l.Items = []T{}
	}
	return l, bare, firstOf(resp.Body, wantFirst && len(l.Items) > 0), nil
}

// firstOf returns the raw first item of a v2 list answer when want is set.
func firstOf(body []byte, want bool) []byte {
	if !want {
		return nil
	}
	payload, _ := v2Payload(body)
	if items, ok := member(payload, "items"); ok {
		payload = items
	}
	first, _ := firstElement(payload)
	return first
}

// v2All pages through a v2 list with [walkOffset], as the legacy All
// iterators do: offset advances by the items each page returned, and the
// walk stops at total, on an empty page, on a short page when no total came,
// or with ErrPageRepeated on a page that repeats the previous one's first
// item (an upstream that ignores offset).
func v2All[T any](ctx context.Context, c *Client, path, op string, opts *PageOptions, callOpts []CallOption) iter.Seq2[T, error] {
	var o PageOptions
	if opts != nil {
		o = *opts
	}
	return guardedWalk(ctx, op, o.validate(), o.Offset, o.Limit, func(ctx context.Context, offset, limit int) (offsetPage[T], []byte, error) {
		page := o
		page.Offset, page.Limit = offset, limit
		l, bare, first, err := v2ListPage[T](ctx, c, v2Read(path, op, &page, callOpts), true)
		if err != nil {
			return offsetPage[T]{}, nil, err
		}
		total := l.Total
		if bare && (limit == 0 || len(l.Items) < limit) {
			total = offset + len(l.Items) // a bare array with no total: this page ends it
		}
		return offsetPage[T]{Items: l.Items, Total: total}, first, nil
	})
}

// isV2Path reports whether a path given to [Client.Do] is the newer API's.
func isV2Path(p string) bool { return strings.HasPrefix(strings.TrimLeft(p, "/"), v2Prefix) }

// pathID formats a positive id for a path.
func pathID(what string, id int64) (string, error) {
	if id <= 0 {
		return "", fmt.Errorf("aeza: %s %d: must be positive: %w", what, id, ErrInvalidArgument)
	}
	return strconv.FormatInt(id, 10), nil
}

// servicePath builds "services/{id}<suffix>" for a positive id.
func servicePath(id int64, suffix string) (string, error) {
	s, err := pathID("service id", id)
	if err != nil {
		return "", err
	}
	return "services/" + s + suffix, nil
}
