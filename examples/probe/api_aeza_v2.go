package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/internal/shape"
	"github.com/ruapi/ruapi-go/internal/transport"
)

// The envelopes a v2 answer comes in, as the SDK reads them (aeza/v2.go):
// the payload bare, or in the "data" member of an object that has neither
// "items" nor "id".
const (
	envList    = `{"items", ...}`
	envArray   = "a bare array"
	envObject  = "a bare object"
	envData    = `{"data": ...}`
	envEmpty   = "an empty body"
	envNotJSON = "not JSON"
)

// v2Envelope names the envelope of a v2 answer, and returns its payload
// (the "data" member of a data wrapper, else the body).
func v2Envelope(body []byte) (string, []byte) {
	b := bytes.TrimSpace(body)
	switch {
	case len(b) == 0:
		return envEmpty, nil
	case b[0] == '[':
		return envArray, b
	case b[0] != '{':
		return envNotJSON, b
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return envNotJSON, b
	}
	_, items := m["items"]
	_, id := m["id"]
	if d := bytes.TrimSpace(m["data"]); !items && !id && len(d) > 0 && (d[0] == '{' || d[0] == '[') {
		return envData, d
	}
	if items {
		return envList, b
	}
	return envObject, b
}

// v2ListShape picks the wire type of a v2 list answer: {"items", "total"},
// a bare array, or either in a data wrapper.
func v2ListShape[T any](body []byte) wire {
	env, payload := v2Envelope(body)
	inner := shape.TypeOf[aeza.List[T]]()
	if p := bytes.TrimSpace(payload); len(p) > 0 && p[0] == '[' {
		inner = shape.TypeOf[[]T]()
	}
	if env != envData {
		return inner
	}
	if inner == shape.TypeOf[[]T]() {
		return shape.TypeOf[aezaEnv[[]T]]()
	}
	return shape.TypeOf[aezaEnv[aeza.List[T]]]()
}

// v2OneShape picks the wire type of a v2 entity: bare or data-wrapped.
func v2OneShape[T any](body []byte) wire {
	if env, _ := v2Envelope(body); env == envData {
		return shape.TypeOf[aezaEnv[T]]()
	}
	return shape.TypeOf[T]()
}

// v2StatType is the statistics kind the probe reads: the kinds are not
// published; "cpu" is the one the panel is known to ask for.
const v2StatType = "cpu"

// v2Seen collects, per envelope, the v2 endpoints that answered in it.
type v2Seen map[string][]string

func (s v2Seen) String() string {
	envs := make([]string, 0, len(s))
	for e := range s {
		envs = append(envs, e)
	}
	sort.Strings(envs)
	parts := make([]string, 0, len(envs))
	for _, e := range envs {
		parts = append(parts, fmt.Sprintf("%s (%s)", e, strings.Join(s[e], ", ")))
	}
	return strings.Join(parts, "; ")
}

// probeAezaV2 checks every read of the newer API through the SDK's typed
// calls, and reports whether and in which envelopes Aeza answers on v2,
// and the magnitude of its minor-unit amounts next to the ledger currency.
func probeAezaV2(ctx context.Context, p *prober, t *target, c *aeza.Client) {
	into := func(info *transport.ResponseInfo) aeza.CallOption { return aeza.WithResponseInto(info) }
	page := &aeza.PageOptions{Limit: 20}
	seen := v2Seen{}
	// Stats' {"data": [...]} is the call's own shape, not an envelope.
	ownShape := map[string]bool{"services.stats": true}
	answered, asked := 0, 0
	// check runs one v2 read and notes the envelope of its answer; it
	// returns the result and the body of the last answer.
	check := func(endpoint string, pick func([]byte) wire, c call) (result, []byte) {
		mark := t.cap.mark()
		r := p.checkWith(ctx, t, endpoint, pick, c)
		asked++
		var body []byte
		if ex := t.cap.since(mark); len(ex) > 0 {
			body = ex[len(ex)-1].Body
		}
		if r.Status/100 == 2 {
			answered++
			if !ownShape[endpoint] {
				env, _ := v2Envelope(body)
				seen[env] = append(seen[env], endpoint)
			}
		}
		return r, body
	}

	var me *aeza.AccountDetails
	r, body := check("account.me", v2OneShape[aeza.AccountDetails], func(ctx context.Context, info *transport.ResponseInfo) (err error) {
		me, err = c.Account.Me(ctx, into(info))
		return err
	})
	p.note("aeza", "v2/accounts/me", v2Verdict(r, body))
	var svcs *aeza.List[aeza.ServiceInfo]
	r, body = check("services.listInfo", v2ListShape[aeza.ServiceInfo], func(ctx context.Context, info *transport.ResponseInfo) (err error) {
		svcs, err = c.Services.ListInfo(ctx, page, into(info))
		return err
	})
	p.note("aeza", "v2/services", v2Verdict(r, body))

	if svcs != nil && len(svcs.Items) > 0 {
		id := svcs.Items[0].ID
		check("services.info", v2OneShape[aeza.ServiceInfo], func(ctx context.Context, info *transport.ResponseInfo) error {
			_, err := c.Services.Info(ctx, id, into(info))
			return err
		})
		check("networks.ipv4", v2ListShape[aeza.IPv4Address], func(ctx context.Context, info *transport.ResponseInfo) error {
			_, err := c.Networks.IPv4(ctx, id, into(info))
			return err
		})
		check("networks.ipv6", v2ListShape[aeza.IPv6Network], func(ctx context.Context, info *transport.ResponseInfo) error {
			_, err := c.Networks.IPv6(ctx, id, into(info))
			return err
		})
		check("backups.list", v2ListShape[aeza.Backup], func(ctx context.Context, info *transport.ResponseInfo) error {
			_, err := c.Backups.List(ctx, id, page, into(info))
			return err
		})
		// Stats reads its body as it is ({"data": [...]} is its own shape).
		check("services.stats", func([]byte) wire { return shape.TypeOf[aeza.Stats]() }, func(ctx context.Context, info *transport.ResponseInfo) error {
			_, err := c.Services.Stats(ctx, id, v2StatType, nil, into(info))
			return err
		})
	} else {
		for _, e := range []string{"services.info", "networks.ipv4", "networks.ipv6", "backups.list", "services.stats"} {
			p.skip(t, e, "no service in the v2 list")
		}
	}

	var keys *aeza.List[aeza.SSHKey]
	check("sshKeys.list", v2ListShape[aeza.SSHKey], func(ctx context.Context, info *transport.ResponseInfo) (err error) {
		keys, err = c.SSHKeys.List(ctx, page, into(info))
		return err
	})
	if keys != nil && len(keys.Items) > 0 {
		id := keys.Items[0].ID
		check("sshKeys.get", v2OneShape[aeza.SSHKey], func(ctx context.Context, info *transport.ResponseInfo) error {
			_, err := c.SSHKeys.Get(ctx, id, into(info))
			return err
		})
	} else {
		p.skip(t, "sshKeys.get", "no SSH key in the list")
	}

	check("groups.byType", v2ListShape[aeza.Group], func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.Groups.ByType(ctx, "", into(info))
		return err
	})
	check("os.installable", v2ListShape[aeza.OS], func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.OS.Installable(ctx, into(info))
		return err
	})
	check("products.availability", v2ListShape[aeza.ProductAvailability], func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.Products.Availability(ctx, nil, into(info))
		return err
	})
	var ledger *aeza.List[aeza.LedgerEntry]
	check("billing.transactions", v2ListShape[aeza.LedgerEntry], func(ctx context.Context, info *transport.ResponseInfo) (err error) {
		ledger, err = c.Billing.Transactions(ctx, page, into(info))
		return err
	})

	var domains *aeza.List[aeza.Domain]
	check("domains.list", v2ListShape[aeza.Domain], func(ctx context.Context, info *transport.ResponseInfo) (err error) {
		domains, err = c.Domains.List(ctx, page, into(info))
		return err
	})
	check("domains.nameservers", v2ListShape[string], func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.Domains.Nameservers(ctx, into(info))
		return err
	})
	check("domains.recordTypes", v2ListShape[aeza.RecordType], func(ctx context.Context, info *transport.ResponseInfo) error {
		_, err := c.Domains.RecordTypes(ctx, into(info))
		return err
	})
	if domains != nil && len(domains.Items) > 0 {
		id := domains.Items[0].ID
		check("domains.get", v2OneShape[aeza.Domain], func(ctx context.Context, info *transport.ResponseInfo) error {
			_, err := c.Domains.Get(ctx, id, into(info))
			return err
		})
		check("domains.records", v2ListShape[aeza.DNSRecord], func(ctx context.Context, info *transport.ResponseInfo) error {
			_, err := c.Domains.Records(ctx, id, page, into(info))
			return err
		})
	} else {
		p.skip(t, "domains.get", "no domain in the list")
		p.skip(t, "domains.records", "no domain in the list")
	}

	var notes *aeza.List[aeza.Notification]
	check("notifications.list", v2ListShape[aeza.Notification], func(ctx context.Context, info *transport.ResponseInfo) (err error) {
		notes, err = c.Notifications.List(ctx, page, into(info))
		return err
	})
	// GET notifications/{id} reads one; marking it read is a POST of its own.
	if notes != nil && len(notes.Items) > 0 {
		id := notes.Items[0].ID
		check("notifications.get", v2OneShape[aeza.Notification], func(ctx context.Context, info *transport.ResponseInfo) error {
			_, err := c.Notifications.Get(ctx, id, into(info))
			return err
		})
	} else {
		p.skip(t, "notifications.get", "no notification in the list")
	}

	// Facts: whether Aeza answers on v2 and in which envelopes; amounts in
	// minor units next to the ledger currency.
	if answered == 0 {
		p.note("aeza", "v2 answers", fmt.Sprintf("none of %d reads answered with success", asked))
	} else {
		p.note("aeza", "v2 answers", fmt.Sprintf("%d of %d reads answered with success", answered, asked))
		p.note("aeza", "v2 envelopes seen", seen.String())
	}
	cur := ""
	if me != nil {
		cur = me.LedgerCurrency()
		p.note("aeza", "account currency (v2)", orNone(cur))
		p.note("aeza", "balance (v2, minor units)", minorFact(me.Balance, cur))
	}
	if svcs != nil {
		var ms []priced
		for _, s := range svcs.Items {
			ms = append(ms, priced{s.Name + " /" + string(s.PaymentTerm), s.Price})
		}
		p.note("aeza", "service prices (v2, minor units)", minorRange(ms, cur, "services"))
	}
	if ledger != nil {
		var ms []priced
		for _, e := range ledger.Items {
			ms = append(ms, priced{string(e.Type), e.Amount})
		}
		p.note("aeza", "ledger amounts (v2, minor units)", minorRange(ms, cur, "transactions"))
	}
}

// priced is an amount with what it is for.
type priced struct {
	what string
	m    aeza.Minor
}

// minorFact shows an amount as sent, and as it reads in major units of cur.
func minorFact(m aeza.Minor, cur string) string {
	return fmt.Sprintf("%d (= %s %s)", int64(m), m, orNone(cur))
}

// minorRange lists the lowest and highest of some amounts.
func minorRange(ms []priced, cur, of string) string {
	if len(ms) == 0 {
		return "(none in the first page)"
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].m < ms[j].m })
	lo, hi := ms[0], ms[len(ms)-1]
	parts := []string{fmt.Sprintf("lowest %s (%s)", minorFact(lo.m, cur), lo.what)}
	if len(ms) > 1 {
		parts = append(parts, fmt.Sprintf("highest %s (%s)", minorFact(hi.m, cur), hi.what))
	}
	return strings.Join(parts, ", ") + fmt.Sprintf(" of %d %s", len(ms), of)
}
