package dptest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/ruapi/ruapi-go/dataprovider"
)

// Subject names the data a conformance check uses: a known user with
// contracts and charges, its credentials and one of its contracts. All four
// strings are required.
type Subject struct {
	UserID, Login, Password, ContractID string
	// Header is added to every request: the provider API's own credentials,
	// built with BasicAuth or BearerToken.
	Header http.Header
}

// BasicAuth returns a Header carrying HTTP Basic credentials, for
// Subject.Header.
func BasicAuth(user, password string) http.Header {
	r := &http.Request{Header: http.Header{}}
	r.SetBasicAuth(user, password)
	return r.Header
}

// BearerToken returns a Header carrying a bearer token, for Subject.Header.
func BearerToken(token string) http.Header {
	return http.Header{"Authorization": {"Bearer " + token}}
}

func (s Subject) validate() error {
	var missing []string
	for _, f := range []struct{ name, v string }{{"UserID", s.UserID}, {"Login", s.Login}, {"Password", s.Password}, {"ContractID", s.ContractID}} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("dptest: Subject lacks %s: %w", strings.Join(missing, ", "), dataprovider.ErrInvalidArgument)
	}
	return nil
}

// SampleSubject is the document's sample user, served by NewMemory.
func SampleSubject() Subject {
	return Subject{UserID: SampleUserID, Login: SampleLogin, Password: SamplePassword, ContractID: SampleContractID}
}

// Report is the outcome of a conformance check.
type Report struct {
	// Problems lists every way the provider departs from the spec.
	Problems []string
	// Checks counts the checks run.
	Checks int
}

// OK reports whether no problem was found.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// String lists the problems.
func (r *Report) String() string {
	if r.OK() {
		return fmt.Sprintf("conformance: %d checks passed", r.Checks)
	}
	return fmt.Sprintf("conformance: %d problems in %d checks:\n  %s", len(r.Problems), r.Checks, strings.Join(r.Problems, "\n  "))
}

func (r *Report) check(ok bool, format string, a ...any) bool {
	r.Checks++
	if !ok {
		r.Problems = append(r.Problems, fmt.Sprintf(format, a...))
	}
	return ok
}

// CheckHandler runs the conformance check against h. An incomplete Subject
// or a nil h is an error matching dataprovider.ErrInvalidArgument, and no
// request is sent.
func CheckHandler(ctx context.Context, h http.Handler, s Subject) (*Report, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	if h == nil {
		return nil, fmt.Errorf("dptest: nil handler: %w", dataprovider.ErrInvalidArgument)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	return CheckURL(ctx, srv.URL, s)
}

type checker struct {
	ctx  context.Context
	base string
	s    Subject
	hc   *http.Client
	r    *Report
	// answers and refused count the responses and the 401s among them.
	answers, refused int
}

func (c *checker) do(method, path string, body []byte) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(c.ctx, method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	for k, vs := range c.s.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	c.answers++
	if resp.StatusCode == http.StatusUnauthorized {
		c.refused++
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err == nil && len(b) > maxAnswer {
		err = errors.New("body over 4 MiB")
	}
	return resp.StatusCode, b, err
}

// maxAnswer caps the answers the check reads.
const maxAnswer = 4 << 20

// get fetches path and decodes a JSON array of objects, checking status want.
func (c *checker) array(path string) []map[string]json.RawMessage {
	st, b, err := c.do(http.MethodGet, path, nil)
	if !c.r.check(err == nil, "GET %s: %v", path, err) || !c.r.check(st == http.StatusOK, "GET %s: status %d, want 200", path, st) {
		return nil
	}
	var out []map[string]json.RawMessage
	c.r.check(json.Unmarshal(b, &out) == nil, "GET %s: body is not a JSON array of objects", path)
	return out
}

func (c *checker) status(method, path string, body []byte, want int) {
	st, _, err := c.do(method, path, body)
	if c.r.check(err == nil, "%s %s: %v", method, path, err) {
		c.r.check(st == want, "%s %s: status %d, want %d", method, path, st, want)
	}
}

// isInt reports whether raw is a JSON number that is an integer. A quoted
// number ("36900") is a string, not kopecks: json.Number alone would accept it.
func isInt(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || (raw[0] != '-' && (raw[0] < '0' || raw[0] > '9')) {
		return false
	}
	var n json.Number
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if d.Decode(&n) != nil {
		return false
	}
	_, err := n.Int64()
	return err == nil
}

func isString(raw json.RawMessage) bool {
	var s string
	return json.Unmarshal(raw, &s) == nil
}

func (c *checker) fields(where string, obj map[string]json.RawMessage, strs, ints []string) {
	for _, f := range strs {
		c.r.check(obj[f] != nil && isString(obj[f]), "%s: %q must be a string", where, f)
	}
	for _, f := range ints {
		c.r.check(obj[f] != nil && isInt(obj[f]), "%s: %q must be an integer (kopecks)", where, f)
	}
}

// CheckURL runs the conformance check against the provider at base. An
// incomplete Subject or a base that is not an http(s) URL is an error
// matching dataprovider.ErrInvalidArgument, and no request is sent. When
// every answer is 401, the report says once that the Subject's credentials
// were refused instead of listing every check. When ctx ends before the
// check does, the error matches ctx.Err() and the report holds what was
// checked so far: an unfinished check is no verdict on the provider. A
// redirect is followed only as the dataprovider client follows one (a GET
// within the provider's origin); any other is reported with its status.
func CheckURL(ctx context.Context, base string, s Subject) (*Report, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("dptest: base %q is not an http(s) URL: %w", base, dataprovider.ErrInvalidArgument)
	}
	c := &checker{ctx: ctx, base: strings.TrimRight(base, "/"), s: s, hc: &http.Client{Timeout: 10 * time.Second, CheckRedirect: sameOrigin}, r: &Report{}}
	r := c.r
	q := url.QueryEscape // an id may hold '+', '%', '#', '&' or a space

	// 1. auth
	body, _ := json.Marshal(map[string]string{"login": s.Login, "pswd": s.Password})
	st, b, err := c.do(http.MethodPost, "/api/auth", body)
	if r.check(err == nil && st == http.StatusOK, "POST /api/auth with good credentials: status %d, err %v", st, err) {
		var a struct {
			ExtUserID *string `json:"ext_user_id"`
		}
		r.check(json.Unmarshal(b, &a) == nil && a.ExtUserID != nil && *a.ExtUserID == s.UserID, "POST /api/auth: want ext_user_id %q", s.UserID)
	}
	bad, _ := json.Marshal(map[string]string{"login": s.Login, "pswd": s.Password + "-wrong"})
	c.status(http.MethodPost, "/api/auth", bad, http.StatusUnauthorized)

	// 2. users
	us := c.array("/api/users?user_id=" + q(s.UserID))
	if r.check(len(us) == 1, "GET /api/users: want an array of one user, got %d", len(us)) {
		c.fields("user", us[0], []string{"ext_user_id", "login", "password", "full_name"}, nil)
		var got string
		_ = json.Unmarshal(us[0]["ext_user_id"], &got)
		r.check(got == s.UserID, "GET /api/users?user_id=%s: answered user %q, not the one asked for", s.UserID, got)
		var blocked bool
		r.check(json.Unmarshal(us[0]["is_blocked"], &blocked) == nil, "user: is_blocked must be a bool")
	}
	c.status(http.MethodGet, "/api/users?user_id=conformance-no-such-user", nil, http.StatusNotFound)

	// 3, 4. contracts
	checkContract := func(where string, obj map[string]json.RawMessage) {
		c.fields(where, obj, []string{"ext_id", "account", "contract"}, []string{"state", "balance"})
		var st int
		if json.Unmarshal(obj["state"], &st) == nil {
			r.check(st >= 1 && st <= 4, "%s: state %d out of 1..4", where, st)
		}
		var opts []map[string]json.RawMessage
		if obj["options"] != nil && r.check(json.Unmarshal(obj["options"], &opts) == nil, "%s: options must be an array", where) {
			for _, o := range opts {
				c.fields(where+" option", o, []string{"category_name", "name"}, []string{"value"})
			}
		}
	}
	cs := c.array("/api/contracts?user_id=" + q(s.UserID))
	r.check(len(cs) > 0, "GET /api/contracts?user_id: want contracts")
	found := false
	for _, o := range cs {
		checkContract("contract", o)
		found = found || extID(o) == s.ContractID
	}
	if len(cs) > 0 {
		r.check(found, "GET /api/contracts?user_id=%s: the Subject's contract %q is not among the user's contracts", s.UserID, s.ContractID)
	}
	one := c.array("/api/contracts?id=" + q(s.ContractID))
	if r.check(len(one) == 1, "GET /api/contracts?id: want an array of one contract, got %d", len(one)) {
		checkContract("contract by id", one[0])
		r.check(extID(one[0]) == s.ContractID, "GET /api/contracts?id=%s: answered contract %q, not the one asked for", s.ContractID, extID(one[0]))
	}
	c.status(http.MethodGet, "/api/contracts?id=conformance-no-such-contract", nil, http.StatusNotFound)
	c.status(http.MethodGet, "/api/contracts?user_id=conformance-no-such-user", nil, http.StatusNotFound)

	// 5, 6. services, tariffs
	for _, o := range c.array("/api/services") {
		c.fields("service", o, []string{"id", "name"}, nil)
	}
	for _, o := range c.array("/api/tariffs") {
		c.fields("tariff", o, []string{"id", "name"}, nil)
		_, hasCost := o["cost"]
		var without bool
		_ = json.Unmarshal(o["without_cost"], &without)
		r.check(hasCost != without, "tariff: exactly one of cost or without_cost:true")
		if hasCost {
			c.fields("tariff", o, nil, []string{"cost"})
		}
	}

	// 7. charges
	all := c.array("/api/charges?limit=1000&user_id=" + q(s.UserID))
	var prev *dataprovider.Period
	for _, o := range all {
		c.fields("charge", o, []string{"account", "period"}, []string{"cost"})
		var p dataprovider.Period
		if r.check(json.Unmarshal(o["period"], &p) == nil && p.Valid(), "charge: period must be MM-YY") {
			r.check(prev == nil || !prev.Before(p), "charges: not sorted most recent first (%v before %v)", prev, p)
			prev = &p
		}
	}
	if len(all) > 1 {
		lim := c.array("/api/charges?limit=1&user_id=" + q(s.UserID))
		r.check(len(lim) == 1, "GET /api/charges?limit=1: got %d charges", len(lim))
	}
	c.status(http.MethodGet, "/api/charges?user_id="+q(s.UserID)+"&limit=abc", nil, http.StatusBadRequest)
	c.status(http.MethodGet, "/api/charges?user_id=conformance-no-such-user&limit=1", nil, http.StatusNotFound)

	if c.answers > 0 && c.refused == c.answers {
		r.Problems = []string{fmt.Sprintf("the Subject's credentials were refused: all %d requests got 401; "+
			"set Subject.Header to the provider API's credentials (dptest.BasicAuth or dptest.BearerToken)", c.answers)}
	}
	if err := ctx.Err(); err != nil {
		return r, fmt.Errorf("dptest: conformance check cut short: %w", err)
	}
	return r, nil
}

// sameOrigin follows a redirect as the dataprovider client does: a GET or
// HEAD, within the provider's scheme, host and port, at most ten times. Any
// other redirect is the answer the check sees (and reports), so that neither
// the Subject's headers nor its sign-in body go to another origin.
func sameOrigin(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	if len(via) >= 10 || (req.Method != http.MethodGet && req.Method != http.MethodHead) ||
		req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
		return http.ErrUseLastResponse
	}
	return nil
}

// extID returns a contract's ext_id, or "" when it is not a string.
func extID(o map[string]json.RawMessage) string {
	var s string
	_ = json.Unmarshal(o["ext_id"], &s)
	return s
}
