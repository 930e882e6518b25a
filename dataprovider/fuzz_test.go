package dataprovider

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		var fx struct {
			Response struct {
				Body json.RawMessage `json:"body"`
			} `json:"response"`
		}
		if err := json.Unmarshal(b, &fx); err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(fx.Response.Body))
	}
	f.Add([]byte(`[{"period":"13-99","state":-5,"balance":1e99}]`))
	f.Fuzz(func(_ *testing.T, b []byte) {
		var u []User
		var c []Contract
		var t []Tariff
		var ch []Charge
		var s []Service
		_ = json.Unmarshal(b, &u)
		_ = json.Unmarshal(b, &c)
		_ = json.Unmarshal(b, &t)
		_ = json.Unmarshal(b, &ch)
		_ = json.Unmarshal(b, &s)
		for _, x := range c {
			_ = x.Balance.String() + x.State.String()
			_ = x.ServicesSuspended()
		}
		for _, x := range ch {
			_ = x.Period.String()
		}
		_ = json.Unmarshal(b, &errorBody{})
	})
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"02-22", "12-99", "00-00", "1-1", "+1-22"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err == nil && p.String() != s {
			t.Fatalf("ParsePeriod(%q).String() = %q", s, p.String())
		}
	})
}

type stubProvider struct{}

func (stubProvider) Auth(context.Context, string, Password) (string, error) { return "1", nil }
func (stubProvider) User(_ context.Context, id string) (*User, error) {
	if id == "1" {
		return &User{ExtUserID: id}, nil
	}
	return nil, ErrNotFound
}
func (stubProvider) ContractsByUser(context.Context, string) ([]Contract, error) { return nil, nil }
func (stubProvider) Contract(context.Context, string) (*Contract, error)         { return nil, nil }
func (stubProvider) Services(context.Context) ([]Service, error)                 { return nil, nil }
func (stubProvider) Tariffs(context.Context) ([]Tariff, error)                   { return nil, nil }
func (stubProvider) Charges(_ context.Context, _ string, n int) ([]Charge, error) {
	cs := make([]Charge, n+1)
	for i := range cs {
		cs[i].Period = MustPeriod(2022, 1)
	}
	return cs, nil
}

// FuzzHandlerQuery drives the handler's query parsing: it must answer 200,
// 400, 404 or 405 and never panic.
func FuzzHandlerQuery(f *testing.F) {
	for _, q := range []string{"user_id=58208891&limit=1", "limit=0", "limit=-1&user_id=1", "id=1&user_id=2", "user_id=%zz", "limit=99999999999"} {
		f.Add("/api/charges", q)
		f.Add("/api/contracts", q)
	}
	f.Add("/api/users", "user_id=1")
	h, err := NewHandler(stubProvider{}, AllowUnauthenticated())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, path, q string) {
		u := &url.URL{Path: path, RawQuery: q}
		if path == "" || path[0] != '/' {
			return
		}
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL = u
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case 200, 400, 404, 405:
		case 301, 307, 308: // ServeMux cleans non-canonical paths
		default:
			t.Fatalf("GET %s?%s: status %d", path, q, rec.Code)
		}
		if rec.Code == 200 && path == "/api/charges" {
			var cs []Charge
			lim, _ := strconv.Atoi(u.Query().Get("limit"))
			if err := json.Unmarshal(rec.Body.Bytes(), &cs); err != nil || len(cs) > lim {
				t.Fatalf("charges: %d for limit %d (%v)", len(cs), lim, err)
			}
		}
	})
}

// FuzzAuthBody: the strict /api/auth reader never panics, and a body it
// accepts reads the same with encoding/json (which folds case and lets the
// last key win): an accepted body means one login and one password to
// whoever reads it.
func FuzzAuthBody(f *testing.F) {
	for _, s := range []string{
		`{"login":"1595","pswd":"58208891"}`, `{"LOGIN":"1595","pswd":"x"}`, `{"login":"a","login":"b"}`,
		`{"login":"1595","pſwd":"x"}`, `{"LOGİN":"x","login":"1595"}`, `{"log\u0069n":"x","login":"y"}`,
		`{"login":"1595","pswd":"x","extra":{"login":"z"}}`, `[]`, `null`, `{"login":1}`, `{"login":"a"} {}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := decodeAuthRequest(bytes.NewReader(body))
		if err != nil {
			return
		}
		var std authRequest
		if err := json.Unmarshal(body, &std); err != nil {
			t.Fatalf("accepted %q, which encoding/json refuses: %v", body, err)
		}
		if std.Login != got.Login || std.Pswd != got.Pswd {
			t.Fatalf("accepted %q as login %q, encoding/json reads login %q", body, got.Login, std.Login)
		}
	})
}
