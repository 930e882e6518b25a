package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/internal/shape"
	"github.com/ruapi/ruapi-go/internal/transport"
)

func atiFromEnv(env func(string) string) (*api, error) {
	token, base, code := env("ATI_TOKEN"), env("ATI_BASE_URL"), env("ATI_INTEGRATOR_CODE")
	if token == "" {
		if base != "" || code != "" {
			return nil, errors.New("ATI_BASE_URL or ATI_INTEGRATOR_CODE is set but ATI_TOKEN is not")
		}
		return nil, nil
	}
	if base == "" {
		base = ati.DefaultBaseURL
	}
	return &api{name: "ati", title: "ATI.SU", where: base, run: func(ctx context.Context, p *prober) error {
		return probeATI(ctx, p, base, token, code)
	}}, nil
}

func probeATI(ctx context.Context, p *prober, base, token, code string) error {
	t, err := p.newTarget("ati", base, atiRules(), token)
	if err != nil {
		return err
	}
	opts := append([]ati.Option{ati.WithBaseURL(base), ati.WithHTTPClient(t.hc)}, atiReadOnlyOptions()...)
	if code != "" {
		opts = append(opts, ati.WithIntegratorCode(code))
	}
	c, err := ati.NewClient(token, opts...)
	if err != nil {
		return err
	}
	into := func(info *transport.ResponseInfo) ati.CallOption { return ati.WithResponseInto(info) }

	var bal *ati.Balance
	p.check(ctx, t, "billing.balance", shape.TypeOf[ati.Balance](), func(ctx context.Context, info *transport.ResponseInfo) (err error) {
		bal, err = c.Billing.Balance(ctx, into(info))
		return err
	})
	var orgs []ati.Organization
	p.check(ctx, t, "organizations.list", shape.TypeOf[[]ati.Organization](), func(ctx context.Context, info *transport.ResponseInfo) (err error) {
		orgs, err = c.Organizations.List(ctx, into(info))
		return err
	})
	if len(orgs) > 0 {
		p.check(ctx, t, "organizations.get", shape.TypeOf[ati.Organization](), func(ctx context.Context, info *transport.ResponseInfo) error {
			_, err := c.Organizations.Get(ctx, orgs[0].ID, into(info))
			return err
		})
	} else {
		p.skip(t, "organizations.get", "no organization to read")
	}
	var depts []int32
	for _, o := range orgs {
		depts = append(depts, o.DepartmentIDs...)
	}
	if len(depts) == 0 && bal != nil && bal.DepartmentID != 0 {
		depts = []int32{bal.DepartmentID}
	}
	if len(depts) > 0 {
		depts = depts[:min(len(depts), 5)]
		p.check(ctx, t, "organizations.filter", shape.TypeOf[[]ati.Organization](), func(ctx context.Context, info *transport.ResponseInfo) error {
			_, err := c.Organizations.FilterByDepartments(ctx, depts, into(info))
			return err
		})
	} else {
		p.skip(t, "organizations.filter", "no department id known")
	}
	p.check(ctx, t, "addresses.list", shape.TypeOf[[]ati.Address](), func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.Addresses.List(ctx, into(info))
		return err
	})
	p.check(ctx, t, "addresses.types", shape.TypeOf[[]ati.AddressTypeInfo](), func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.Addresses.Types(ctx, into(info))
		return err
	})
	p.check(ctx, t, "contactPersons.list", shape.TypeOf[[]ati.ContactPerson](), func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.ContactPersons.List(ctx, into(info))
		return err
	})
	if bal != nil {
		p.note("ati", "balance", fmt.Sprintf("%s atis (as sent)", bal.Balance))
	}
	return nil
}
