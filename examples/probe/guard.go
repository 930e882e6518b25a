package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// errRefused is the error of a request the guard did not let through: it
// never left the process.
var errRefused = errors.New("probe: refused by the read-only guard (not on the probe's allow-list)")

// rule allows one read: a method and a path (relative to the client's base
// URL, a regular expression matched whole), and, for a read sent as POST, a
// check of its body.
type rule struct {
	method string
	path   *regexp.Regexp
	// check, when set, must accept the path's submatches and the body.
	check func(match []string, body []byte) bool
}

func allow(method, path string) rule {
	return rule{method: method, path: regexp.MustCompile(`^(?:` + path + `)$`)}
}

func allowBody(method, path string, body func([]byte) bool) rule {
	r := allow(method, path)
	r.check = func(_ []string, b []byte) bool { return body(b) }
	return r
}

// guard is a RoundTripper that lets through only the requests its rules
// allow, to the base URL's origin and under its path, and refuses every
// other one before it is sent. The probe gives every client an *http.Client
// whose transport is a guard, so that it sends only reads by construction,
// whatever its code asks for.
type guard struct {
	base  *url.URL
	rules []rule
	next  http.RoundTripper

	mu      sync.Mutex
	refused []string // "METHOD /path" of each refused request
	hits    []int    // requests each rule let through
}

func newGuard(base string, next http.RoundTripper, rules ...rule) (*guard, error) {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("bad base URL %q", base)
	}
	return &guard{base: u, rules: rules, next: next, hits: make([]int, len(rules))}, nil
}

// rebase points the guard at the base URL the client settled on (a client
// may normalize the one it was given).
func (g *guard) rebase(base string) error {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return fmt.Errorf("bad base URL %q", base)
	}
	g.mu.Lock()
	g.base = u
	g.mu.Unlock()
	return nil
}

// Refused returns the requests the guard refused, as "METHOD /path".
func (g *guard) Refused() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.refused...)
}

// RoundTrip sends req if a rule allows it.
func (g *guard) RoundTrip(req *http.Request) (*http.Response, error) {
	ok, err := g.allowed(req)
	if err != nil || !ok {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		g.mu.Lock()
		g.refused = append(g.refused, req.Method+" "+req.URL.Path)
		g.mu.Unlock()
		return nil, fmt.Errorf("%w: %s %s", errRefused, req.Method, req.URL.Path)
	}
	return g.next.RoundTrip(req)
}

func (g *guard) allowed(req *http.Request) (bool, error) {
	g.mu.Lock()
	base := g.base
	g.mu.Unlock()
	if !strings.EqualFold(req.URL.Scheme, base.Scheme) || !strings.EqualFold(req.URL.Host, base.Host) {
		return false, nil
	}
	prefix := strings.TrimSuffix(base.EscapedPath(), "/") + "/"
	rel, ok := strings.CutPrefix(req.URL.EscapedPath(), prefix)
	if !ok {
		return false, nil
	}
	for i, r := range g.rules {
		m := r.path.FindStringSubmatch(rel)
		if r.method != req.Method || m == nil {
			continue
		}
		if r.check == nil {
			// A read without parameters in a body carries none.
			if b, err := peekBody(req); err != nil || len(b) > 0 {
				return false, err
			}
			g.hit(i)
			return true, nil
		}
		body, err := peekBody(req)
		if err != nil {
			return false, err
		}
		if r.check(m, body) {
			g.hit(i)
			return true, nil
		}
	}
	return false, nil
}

func (g *guard) hit(i int) {
	g.mu.Lock()
	g.hits[i]++
	g.mu.Unlock()
}

// unused returns the rules no request matched, by path.
func (g *guard) unused() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []string
	for i, n := range g.hits {
		if n == 0 {
			out = append(out, g.rules[i].method+" "+g.rules[i].path.String())
		}
	}
	return out
}

// peekBody reads a request body and puts it back.
func peekBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	if err != nil {
		return nil, err
	}
	req.Body = io.NopCloser(bytes.NewReader(b))
	return b, nil
}

// Allow-lists, one per API: every read the probe makes, and nothing else.
// (The lead adds the clients' own WithReadOnly() in readOnlyOptions; this
// guard stays, as the probe's second, independent lock.)

func atiRules() []rule {
	const cat = `v1\.2/catalogs/organizations`
	return []rule{
		allow(http.MethodGet, `v1\.0/balance`),
		allow(http.MethodGet, cat),
		allow(http.MethodGet, cat+`/[0-9a-fA-F-]{1,64}`),
		allow(http.MethodGet, cat+`/addresses`),
		allow(http.MethodGet, cat+`/addresses/types`),
		allow(http.MethodGet, cat+`/contactPersons`),
		// organizations/filter only reads: it takes department ids.
		allowBody(http.MethodPost, cat+`/filter`, func(b []byte) bool {
			var f struct {
				Departments []int32 `json:"departments"`
			}
			return strictJSON(b, &f) == nil
		}),
	}
}

// smReadMethods are the ext_api methods the probe sends: reads only.
var smReadMethods = map[string]bool{
	"account/list": true, "account/info": true, "account/attached_info": true,
	"account/users/list": true, "account/servants/list": true,
	"subscription/list": true, "tenant/list": true, "task/list": true,
	"application/list": true, "backup/list": true, "bill/list": true,
	"tariff/list": true, "accounting_system/list": true,
}

func smRules() []rule {
	return []rule{
		allow(http.MethodGet, `hs/ext_api/version`),
		// POST on /version: the same read (1C's library asks with GET; some
		// publications may take only POST). Sent with no body.
		allowBody(http.MethodPost, `hs/ext_api/version`, func(b []byte) bool { return len(b) == 0 }),
		// ext_api calls are all POST: the method, in the URL and in the
		// body's general block (either may be absent, not both), must be a
		// read.
		{method: http.MethodPost, path: regexp.MustCompile(`^hs/ext_api/execute(?:/(?:usr|ext)/([a-z_/]+))?$`),
			check: func(m []string, b []byte) bool {
				var env struct {
					General *struct {
						Method string `json:"method"`
					} `json:"general"`
				}
				if json.Unmarshal(b, &env) != nil {
					return false
				}
				named := false
				if m[1] != "" {
					if !smReadMethods[m[1]] {
						return false
					}
					named = true
				}
				if env.General != nil {
					if !smReadMethods[env.General.Method] {
						return false
					}
					named = true
				}
				return named
			}},
	}
}

func aezaRules() []rule {
	return []rule{
		allow(http.MethodGet, `accounts`),
		allow(http.MethodGet, `services`),
		allow(http.MethodGet, `services/products`),
		allow(http.MethodGet, `services/types`),
		allow(http.MethodGet, `services/groups`),
		allow(http.MethodGet, `os`),
		allow(http.MethodGet, `payment/currencies`),
		allow(http.MethodGet, `payment/methods`),
		// The newer API's reads (api_aeza_v2.go); ids are the first ones
		// the lists answered.
		allow(http.MethodGet, `v2/accounts/me`),
		allow(http.MethodGet, `v2/services`),
		allow(http.MethodGet, `v2/services/[0-9]+`),
		allow(http.MethodGet, `v2/services/[0-9]+/networks/ipv4`),
		allow(http.MethodGet, `v2/services/[0-9]+/networks/ipv6`),
		allow(http.MethodGet, `v2/services/[0-9]+/backups`),
		allow(http.MethodGet, `v2/services/[0-9]+/stats/`+v2StatType),
		allow(http.MethodGet, `v2/services/ssh-keys`),
		allow(http.MethodGet, `v2/services/ssh-keys/[0-9]+`),
		allow(http.MethodGet, `v2/services/groups`),
		allow(http.MethodGet, `v2/services/operating-systems`),
		allow(http.MethodGet, `v2/services/products`),
		allow(http.MethodGet, `v2/billing/transactions`),
		allow(http.MethodGet, `v2/domains`),
		allow(http.MethodGet, `v2/domains/nameservers`),
		allow(http.MethodGet, `v2/domains/record-types`),
		allow(http.MethodGet, `v2/domains/[0-9]+`),
		allow(http.MethodGet, `v2/domains/[0-9]+/records`),
		allow(http.MethodGet, `v2/notifications`),
		allow(http.MethodGet, `v2/notifications/[0-9]+`),
	}
}

func dpRules() []rule {
	return []rule{
		// POST /api/auth checks a login and password; it changes nothing.
		allowBody(http.MethodPost, `api/auth`, func(b []byte) bool {
			var a struct {
				Login string `json:"login"`
				Pswd  string `json:"pswd"`
			}
			return strictJSON(b, &a) == nil
		}),
		allow(http.MethodGet, `api/users`),
		allow(http.MethodGet, `api/contracts`),
		allow(http.MethodGet, `api/services`),
		allow(http.MethodGet, `api/tariffs`),
		allow(http.MethodGet, `api/charges`),
	}
}

// strictJSON decodes b into v, refusing members v does not have: a body
// that carries anything more than the read's own parameters is refused.
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data")
	}
	return nil
}
