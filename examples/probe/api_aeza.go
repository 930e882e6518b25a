package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/internal/shape"
	"github.com/ruapi/ruapi-go/internal/transport"
)

func aezaFromEnv(env func(string) string) (*api, error) {
	key, base := env("AEZA_API_KEY"), env("AEZA_BASE_URL")
	if key == "" {
		if base != "" {
			return nil, errors.New("AEZA_BASE_URL is set but AEZA_API_KEY is not")
		}
		return nil, nil
	}
	if base == "" {
		base = aeza.DefaultBaseURL
	}
	return &api{name: "aeza", title: "Aeza", where: base, run: func(ctx context.Context, p *prober) error {
		return probeAeza(ctx, p, base, key)
	}}, nil
}

// aezaEnv is Aeza's legacy success wrapper.
type aezaEnv[T any] struct {
	Data T `json:"data"`
}

// oneShape picks the wire type of an entity Aeza sends as a one-item list,
// an array or a bare object (as the SDK reads it).
func oneShape[T any](body []byte) reflect.Type {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	_ = json.Unmarshal(body, &env)
	d := bytes.TrimSpace(env.Data)
	switch {
	case len(d) > 0 && d[0] == '[':
		return shape.TypeOf[aezaEnv[[]T]]()
	case len(d) > 0 && d[0] == '{' && hasMember(d, "items"):
		return shape.TypeOf[aezaEnv[aeza.List[T]]]()
	}
	return shape.TypeOf[aezaEnv[T]]()
}

func hasMember(obj []byte, name string) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(obj, &m) != nil {
		return false
	}
	_, ok := m[name]
	return ok
}

func probeAeza(ctx context.Context, p *prober, base, key string) error {
	t, err := p.newTarget("aeza", base, aezaRules(), key)
	if err != nil {
		return err
	}
	c, err := aeza.NewClient(key, append([]aeza.Option{aeza.WithBaseURL(base), aeza.WithHTTPClient(t.hc)}, aezaReadOnlyOptions()...)...)
	if err != nil {
		return err
	}
	if err := t.guard.rebase(c.BaseURL()); err != nil {
		return err
	}
	into := func(info *transport.ResponseInfo) aeza.CallOption { return aeza.WithResponseInto(info) }
	page := &aeza.ListOptions{Count: 20}

	var acct *aeza.Account
	p.checkWith(ctx, t, "account.current", oneShape[aeza.Account], func(ctx context.Context, info *transport.ResponseInfo) (err error) {
		acct, err = c.Account.Current(ctx, into(info))
		return err
	})
	p.check(ctx, t, "services.list", shape.TypeOf[aezaEnv[aeza.List[aeza.Service]]](), func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.Services.List(ctx, page, into(info))
		return err
	})
	var products *aeza.List[aeza.Product]
	p.check(ctx, t, "products.list", shape.TypeOf[aezaEnv[aeza.List[aeza.Product]]](), func(ctx context.Context, info *transport.ResponseInfo) (err error) {
		products, err = c.Products.List(ctx, page, into(info))
		return err
	})
	p.check(ctx, t, "serviceTypes.list", shape.TypeOf[aezaEnv[aeza.List[aeza.ServiceType]]](), func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.ServiceTypes.List(ctx, nil, into(info))
		return err
	})
	p.check(ctx, t, "groups.list", shape.TypeOf[aezaEnv[aeza.List[aeza.Group]]](), func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.Groups.List(ctx, nil, into(info))
		return err
	})
	p.check(ctx, t, "os.list", shape.TypeOf[aezaEnv[aeza.List[aeza.OS]]](), func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.OS.List(ctx, nil, into(info))
		return err
	})
	// Currencies and payment methods come in more than one shape, which
	// their decoders read; only the envelope is compared.
	p.check(ctx, t, "payments.currencies", shape.TypeOf[aezaEnv[json.RawMessage]](), func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.Payments.Currencies(ctx, into(info))
		return err
	})
	p.check(ctx, t, "payments.methods", shape.TypeOf[aezaEnv[json.RawMessage]](), func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.Payments.Methods(ctx, into(info))
		return err
	})

	probeAezaV2(ctx, p, t, c)

	// Price magnitudes beside the account's currency: the unit is not settled.
	cur := ""
	if acct != nil {
		cur = acct.Currency
		p.note("aeza", "balance (as sent)", acct.Balance.String())
	}
	p.note("aeza", "account currency (legacy)", orNone(cur))
	if products != nil {
		p.note("aeza", "monthly prices (as sent)", priceRange(products.Items))
	}
	return nil
}

// v2Verdict says whether and how Aeza answered on v2.
func v2Verdict(r result, body []byte) string {
	if r.Status == 0 {
		return "no answer: " + r.Error
	}
	if r.Status/100 != 2 {
		return fmt.Sprintf("not answered (HTTP %d)", r.Status)
	}
	b := bytes.TrimSpace(body)
	switch {
	case len(b) == 0:
		return fmt.Sprintf("HTTP %d, empty body", r.Status)
	case b[0] == '[':
		return fmt.Sprintf("HTTP %d, envelope: a bare array", r.Status)
	case b[0] != '{':
		return fmt.Sprintf("HTTP %d, envelope: not JSON", r.Status)
	case hasMember(b, "data"):
		return fmt.Sprintf("HTTP %d, envelope: {\"data\": ...} (as legacy)", r.Status)
	case hasMember(b, "items"):
		return fmt.Sprintf("HTTP %d, envelope: none, a list {\"items\", \"total\"}", r.Status)
	}
	return fmt.Sprintf("HTTP %d, envelope: none, a bare object", r.Status)
}

// priceRange lists the lowest and highest month prices of some products.
func priceRange(ps []aeza.Product) string {
	type pr struct {
		name, value string
		d           aeza.Decimal
	}
	var all []pr
	for _, p := range ps {
		if v, ok := p.Prices[aeza.TermMonth]; ok {
			all = append(all, pr{p.Name, v.Value.String(), v.Value})
		}
	}
	if len(all) == 0 {
		return "(no monthly price in the first page)"
	}
	sort.Slice(all, func(i, j int) bool { return all[i].d.Cmp(all[j].d) < 0 })
	lo, hi := all[0], all[len(all)-1]
	parts := []string{fmt.Sprintf("lowest %s (%s)", lo.value, lo.name)}
	if len(all) > 1 {
		parts = append(parts, fmt.Sprintf("highest %s (%s)", hi.value, hi.name))
	}
	return strings.Join(parts, ", ") + fmt.Sprintf(" of %d products", len(all))
}
