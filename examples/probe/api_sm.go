package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/ruapi/ruapi-go/internal/shape"
	"github.com/ruapi/ruapi-go/internal/transport"
	sm "github.com/ruapi/ruapi-go/servicemanager"
)

func smFromEnv(env func(string) string) (*api, error) {
	base, login, password, acct := env("SM_BASE_URL"), env("SM_LOGIN"), env("SM_PASSWORD"), env("SM_ACCOUNT")
	switch {
	case base == "" && login == "" && password == "" && acct == "":
		return nil, nil
	case base == "" || login == "" || acct == "":
		return nil, errors.New("set all of SM_BASE_URL, SM_LOGIN, SM_PASSWORD and SM_ACCOUNT, or none")
	}
	account, err := strconv.ParseInt(acct, 10, 64)
	if err != nil || account <= 0 {
		return nil, fmt.Errorf("SM_ACCOUNT %q is not a subscriber code (a positive number)", acct)
	}
	return &api{name: "servicemanager", title: "1C Service Manager", where: base, run: func(ctx context.Context, p *prober) error {
		return probeSM(ctx, p, base, login, password, account)
	}}, nil
}

// Service Manager answers: the general block beside each method's members.
type (
	smVersion struct {
		General *sm.General `json:"general,omitempty"`
		sm.VersionInfo
	}
	smAccounts struct {
		General sm.General   `json:"general"`
		Account []sm.Account `json:"account"`
	}
	smAccount struct {
		General sm.General  `json:"general"`
		Account *sm.Account `json:"account"`
	}
	smAttached struct {
		General sm.General `json:"general"`
		sm.AttachedInfo
	}
	smUsers struct {
		General sm.General `json:"general"`
		User    []sm.User  `json:"user"`
	}
	smServants struct {
		General  sm.General   `json:"general"`
		Servants []sm.Servant `json:"servants"`
	}
	smSubscriptions struct {
		General      sm.General        `json:"general"`
		Subscription []sm.Subscription `json:"subscription"`
	}
	smTenants struct {
		General sm.General  `json:"general"`
		Tenant  []sm.Tenant `json:"tenant"`
	}
	smTasks struct {
		General sm.General `json:"general"`
		Task    []sm.Task  `json:"task"`
	}
	smApplications struct {
		General     sm.General       `json:"general"`
		Application []sm.Application `json:"application"`
	}
	smBackups struct {
		General sm.General  `json:"general"`
		Backup  []sm.Backup `json:"backup"`
	}
	smBills struct {
		General sm.General `json:"general"`
		Bill    []sm.Bill  `json:"bill"`
	}
	smTariffs struct {
		General sm.General  `json:"general"`
		Tariff  []sm.Tariff `json:"tariff"`
	}
	smAccountingSystems struct {
		General          sm.General            `json:"general"`
		AccountingSystem []sm.AccountingSystem `json:"accounting_system"`
	}
)

func probeSM(ctx context.Context, p *prober, base, login, password string, account int64) error {
	t, err := p.newTarget("servicemanager", base, smRules(), password, login)
	if err != nil {
		return err
	}
	c, err := sm.NewClient(base, append([]sm.Option{sm.WithBasicAuth(login, password), sm.WithHTTPClient(t.hc)}, smReadOnlyOptions()...)...)
	if err != nil {
		return err
	}
	if err := t.guard.rebase(c.BaseURL()); err != nil {
		return err
	}
	// smCall adapts a Service Manager call to the probe's ResponseInfo, and
	// keeps the general block's versions.
	var general *sm.General
	smCall := func(f func(ctx context.Context, o sm.CallOption) error) call {
		return func(ctx context.Context, info *transport.ResponseInfo) error {
			var si sm.ResponseInfo
			err := f(ctx, sm.WithResponseInto(&si))
			*info = si.ResponseInfo
			if si.General != nil && general == nil {
				general = si.General
			}
			return err
		}
	}

	// The version as the SDK discovers it (POST with no body, falling back
	// to GET on 405/501), and each method on its own: which one the server
	// takes is one of the facts the SDK is unsure of.
	var v *sm.VersionInfo
	sdk := p.check(ctx, t, "version", shape.TypeOf[smVersion](), smCall(func(ctx context.Context, o sm.CallOption) (err error) {
		v, err = c.Version(ctx, o)
		return err
	}))
	rawVersion := func(method string) call {
		return func(ctx context.Context, info *transport.ResponseInfo) error {
			req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(c.BaseURL(), "/")+"/hs/ext_api/version", nil)
			if err != nil {
				return err
			}
			req.SetBasicAuth(login, password)
			resp, err := t.hc.Do(req)
			if err != nil {
				return err // a transport error: it names the URL, never the credentials
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			info.StatusCode = resp.StatusCode
			if resp.StatusCode/100 != 2 {
				return fmt.Errorf("HTTP %d", resp.StatusCode)
			}
			var pv smVersion
			if err := json.Unmarshal(body, &pv); err != nil {
				return fmt.Errorf("%w: %w", transport.ErrDecode, err)
			}
			if v == nil && pv.Version > 0 {
				v = &pv.VersionInfo
			}
			return nil
		}
	}
	get := p.check(ctx, t, "version (GET)", shape.TypeOf[smVersion](), rawVersion(http.MethodGet))
	post := p.check(ctx, t, "version (POST)", shape.TypeOf[smVersion](), rawVersion(http.MethodPost))
	p.note("servicemanager", "/version GET", methodVerdict(get))
	p.note("servicemanager", "/version POST", methodVerdict(post))
	if sdk.Status/100 != 2 && (get.Status/100 == 2 || post.Status/100 == 2) && v != nil {
		// The SDK's discovery failed where a plain request did not: its
		// calls would fail on this server. Pin the version the plain answer
		// gave, so that the methods are still checked.
		p.mismatch("servicemanager", "version", fmt.Sprintf(
			"the SDK's version discovery failed (HTTP %d) where a plain GET (HTTP %d) or POST (HTTP %d) did not; every call fails unless WithServerVersion(%d) is given",
			sdk.Status, get.Status, post.Status, v.Version))
		c, err = sm.NewClient(base, append([]sm.Option{sm.WithBasicAuth(login, password), sm.WithHTTPClient(t.hc),
			sm.WithServerVersion(v.Version)}, smReadOnlyOptions()...)...)
		if err != nil {
			return err
		}
	}
	if v != nil {
		p.note("servicemanager", "ExtAPI version", strconv.Itoa(v.Version))
		p.note("servicemanager", "sm_version (/version)", orNone(v.SMVersion))
		p.note("servicemanager", "sm_timezone (/version)", orNone(v.SMTimezone))
	}

	acctCall := func(name string, w wire, f func(ctx context.Context, o sm.CallOption) error) {
		p.check(ctx, t, name, w, smCall(f))
	}
	acctCall("account/list", shape.TypeOf[smAccounts](), func(ctx context.Context, o sm.CallOption) error {
		_, err := c.Accounts.List(ctx, o)
		return err
	})
	acctCall("account/info", shape.TypeOf[smAccount](), func(ctx context.Context, o sm.CallOption) error {
		_, err := c.Accounts.Info(ctx, account, o)
		return err
	})
	acctCall("account/attached_info", shape.TypeOf[smAttached](), func(ctx context.Context, o sm.CallOption) error {
		_, err := c.Accounts.AttachedInfo(ctx, account, o)
		return err
	})
	acctCall("account/users/list", shape.TypeOf[smUsers](), func(ctx context.Context, o sm.CallOption) error {
		_, err := c.Users.List(ctx, account, o)
		return err
	})
	acctCall("account/servants/list", shape.TypeOf[smServants](), func(ctx context.Context, o sm.CallOption) error {
		_, err := c.Servants.List(ctx, account, o)
		return err
	})
	acctCall("subscription/list", shape.TypeOf[smSubscriptions](), func(ctx context.Context, o sm.CallOption) error {
		_, err := c.Subscriptions.List(ctx, account, nil, o)
		return err
	})
	acctCall("tenant/list", shape.TypeOf[smTenants](), func(ctx context.Context, o sm.CallOption) error {
		_, err := c.Tenants.List(ctx, account, o)
		return err
	})
	acctCall("task/list", shape.TypeOf[smTasks](), func(ctx context.Context, o sm.CallOption) error {
		_, err := c.Tasks.List(ctx, account, o)
		return err
	})
	acctCall("application/list", shape.TypeOf[smApplications](), func(ctx context.Context, o sm.CallOption) error {
		_, err := c.Applications.List(ctx, account, o)
		return err
	})
	acctCall("backup/list", shape.TypeOf[smBackups](), func(ctx context.Context, o sm.CallOption) error {
		_, err := c.Backups.List(ctx, account, o)
		return err
	})
	acctCall("bill/list", shape.TypeOf[smBills](), func(ctx context.Context, o sm.CallOption) error {
		_, err := c.Bills.List(ctx, account, nil, o)
		return err
	})
	acctCall("tariff/list", shape.TypeOf[smTariffs](), func(ctx context.Context, o sm.CallOption) error {
		_, err := c.Tariffs.List(ctx, account, nil, o)
		return err
	})
	acctCall("accounting_system/list", shape.TypeOf[smAccountingSystems](), func(ctx context.Context, o sm.CallOption) error {
		_, err := c.AccountingSystems.List(ctx, account, o)
		return err
	})
	if general != nil {
		p.note("servicemanager", "general.version (calls)", strconv.Itoa(general.Version))
		p.note("servicemanager", "general.sm_version (calls)", orNone(general.SMVersion))
	}
	return nil
}

// methodVerdict says whether /version took a method.
func methodVerdict(r result) string {
	switch {
	case r.Status == 0:
		return "no answer: " + r.Error
	case r.Status/100 == 2 && r.Decoded:
		return fmt.Sprintf("accepted (HTTP %d)", r.Status)
	case r.Status/100 == 2:
		return fmt.Sprintf("HTTP %d, answer not understood", r.Status)
	case r.Status == http.StatusMethodNotAllowed:
		return "refused (HTTP 405)"
	}
	return fmt.Sprintf("refused (HTTP %d)", r.Status)
}

func orNone(s string) string {
	if s == "" {
		return "(not sent)"
	}
	return s
}
