package main

import (
	"context"
	"errors"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/internal/shape"
	"github.com/ruapi/ruapi-go/internal/transport"
)

func dpFromEnv(env func(string) string) (*api, error) {
	base, login, password, token := env("DP_BASE_URL"), env("DP_LOGIN"), env("DP_PASSWORD"), env("DP_TOKEN")
	switch {
	case base == "" && login == "" && password == "":
		if token != "" {
			return nil, errors.New("DP_TOKEN is set but DP_BASE_URL, DP_LOGIN and DP_PASSWORD are not")
		}
		return nil, nil
	case base == "" || login == "" || password == "":
		return nil, errors.New("set all of DP_BASE_URL, DP_LOGIN and DP_PASSWORD, or none")
	}
	return &api{name: "dataprovider", title: "Data Provider", where: base, run: func(ctx context.Context, p *prober) error {
		return probeDP(ctx, p, base, login, password, token)
	}}, nil
}

func probeDP(ctx context.Context, p *prober, base, login, password, token string) error {
	t, err := p.newTarget("dataprovider", base, dpRules(), password, token, login)
	if err != nil {
		return err
	}
	opts := []dataprovider.Option{dataprovider.WithHTTPClient(t.hc)}
	if token != "" {
		opts = append(opts, dataprovider.WithBearerToken(token))
	}
	c, err := dataprovider.NewClient(base, append(opts, dpReadOnlyOptions()...)...)
	if err != nil {
		return err
	}
	into := func(info *transport.ResponseInfo) dataprovider.CallOption { return dataprovider.WithResponseInto(info) }

	var uid string
	p.check(ctx, t, "auth.check", shape.TypeOf[struct {
		ExtUserID string `json:"ext_user_id"`
	}](), func(ctx context.Context, info *transport.ResponseInfo) (err error) {
		uid, err = c.Auth.Check(ctx, login, dataprovider.Password(password), into(info))
		return err
	})
	if uid != "" {
		p.check(ctx, t, "users.get", shape.TypeOf[[]dataprovider.User](), func(ctx context.Context, info *transport.ResponseInfo) error {
			_, err := c.Users.Get(ctx, uid, into(info))
			return err
		})
		var contracts []dataprovider.Contract
		p.check(ctx, t, "contracts.byUser", shape.TypeOf[[]dataprovider.Contract](), func(ctx context.Context, info *transport.ResponseInfo) (err error) {
			contracts, err = c.Contracts.ByUser(ctx, uid, into(info))
			return err
		})
		if len(contracts) > 0 && contracts[0].ExtID != "" {
			p.check(ctx, t, "contracts.get", shape.TypeOf[[]dataprovider.Contract](), func(ctx context.Context, info *transport.ResponseInfo) error {
				_, err := c.Contracts.Get(ctx, contracts[0].ExtID, into(info))
				return err
			})
		} else {
			p.skip(t, "contracts.get", "no contract to read")
		}
		p.check(ctx, t, "charges.byUser", shape.TypeOf[[]dataprovider.Charge](), func(ctx context.Context, info *transport.ResponseInfo) error {
			_, err := c.Charges.ByUser(ctx, uid, 10, into(info))
			return err
		})
	} else {
		for _, e := range []string{"users.get", "contracts.byUser", "contracts.get", "charges.byUser"} {
			p.skip(t, e, "no user id (the sign-in failed)")
		}
	}
	p.check(ctx, t, "services.list", shape.TypeOf[[]dataprovider.Service](), func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.Services.List(ctx, into(info))
		return err
	})
	p.check(ctx, t, "tariffs.list", shape.TypeOf[[]dataprovider.Tariff](), func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.Tariffs.List(ctx, into(info))
		return err
	})
	return nil
}
