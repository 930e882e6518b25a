package servicemanager_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/internal/fixture"
	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// bodyTransport answers every request with the fuzzed body and status.
type bodyTransport struct {
	status int
	body   string
}

func (b bodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: b.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: httpBody(b.body), ContentLength: -1, Request: r}, nil
}

func httpBody(s string) *readCloser { return &readCloser{strings.NewReader(s)} }

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }

func seedFixtures(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, file := range files {
		fx, err := fixture.Load(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(fx.Response.Status, string(fx.Response.BodyBytes()))
	}
	f.Add(200, `{"general":{"response":"x"}}`)
	f.Add(200, `{"general":null}`)
	f.Add(200, `{}`)
	f.Add(200, `{"general":{}}`)
	f.Add(200, `{"general":{"response":10200},"account":null,"user":null}`)
	f.Add(200, `{"general":{"response":10404,"error":true}}`)
}

// FuzzEnvelope runs every decoder (the error decoder and the typed results)
// over arbitrary bodies: nothing may panic, and every failure is an *Error.
func FuzzEnvelope(f *testing.F) {
	seedFixtures(f)
	f.Fuzz(func(t *testing.T, status int, body string) {
		if status < 200 || status > 599 {
			status = 200
		}
		c, err := sm.NewClient(sm.DefaultBaseURL, sm.WithBasicAuth("u", "test-password-not-real"),
			sm.WithHTTPClient(&http.Client{Transport: bodyTransport{status, body}}), sm.WithRetry(sm.RetryPolicy{}), sm.WithTimeout(time.Second), sm.WithMethodInBody())
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		var info sm.ResponseInfo
		withInfo := sm.WithResponseInto(&info)
		check := func(err error) {
			if err == nil {
				return
			}
			var e *sm.Error
			if !isSMError(err, &e) {
				t.Fatalf("not an *Error: %v", err)
			}
		}
		_, err = c.Accounts.List(ctx, withInfo)
		check(err)
		_, err = c.Accounts.AttachedInfo(ctx, 1, withInfo)
		check(err)
		_, err = c.Users.Info(ctx, 1, "a", withInfo)
		check(err)
		_, err = c.ServantTariffs.Info(ctx, 1, sm.ServantTariffRef{Servant: 2, ID: "3"}, withInfo)
		check(err)
		_, err = c.ServantTariffs.List(ctx, 1, 2, nil, withInfo)
		check(err)
		_, err = c.Servants.List(ctx, 1, withInfo)
		check(err)
		check(c.Users.Delete(ctx, 1, "a", withInfo))
		_, err = c.Version(ctx)
		check(err)
		var raw json.RawMessage
		_, err = c.Call(ctx, "x/y", 1, nil, &raw)
		check(err)
		// The version discovery of a client with no form fixed: a version
		// of at least 1, or an *Error.
		auto, err := sm.NewClient(sm.DefaultBaseURL, sm.WithBasicAuth("u", "test-password-not-real"),
			sm.WithHTTPClient(&http.Client{Transport: bodyTransport{status, body}}), sm.WithRetry(sm.RetryPolicy{}), sm.WithTimeout(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if n, err := auto.ServerVersion(ctx); err == nil && n < 1 {
			t.Fatalf("version %d", n)
		} else {
			check(err)
		}
		// The groups beyond account/*, and the waits over them.
		v, err := sm.NewClient(sm.DefaultBaseURL, sm.WithBasicAuth("u", "test-password-not-real"),
			sm.WithHTTPClient(&http.Client{Transport: bodyTransport{status, body}}), sm.WithRetry(sm.RetryPolicy{}), sm.WithTimeout(time.Second),
			sm.WithServerVersion(23))
		if err != nil {
			t.Fatal(err)
		}
		for _, gc := range groupCases() {
			_, err := gc.call(ctx, v)
			check(err)
		}
		// One check: a second one reads the same body again, after
		// MinPollInterval, which would make every input cost half a second.
		once := sm.Poll{MaxAttempts: 1}
		_, err = v.Tenants.Wait(ctx, 1, 2, once, withInfo)
		if !errors.Is(err, sm.ErrStillRunning) {
			check(err)
		}
		_, err = v.Sessions.List(ctx, 1, once, withInfo)
		if !errors.Is(err, sm.ErrStillRunning) {
			check(err)
		}
		_, err = v.CallUntilDone(ctx, sm.MethodTenantGetDemo, 1, nil, nil, once, withInfo)
		if !errors.Is(err, sm.ErrStillRunning) {
			check(err)
		}
	})
}

// FuzzValue checks that attribute values round-trip byte for byte (compacted).
func FuzzValue(f *testing.F) {
	for _, s := range []string{`true`, `1.50`, `"2023-05-17T10:30:00"`, `"x"`, `null`, `[1]`, `{"a":1}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := sm.RawValue(json.RawMessage(raw))
		if err != nil {
			return
		}
		_ = v.String()
		_, _ = v.Time(nil)
		_, _ = v.Rat()
		_, _ = v.Int64()
		b, err := v.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if want := string(v.Raw()); string(b) != want && (want != "" || string(b) != "null") {
			t.Fatalf("MarshalJSON %s != raw %s", b, v.Raw())
		}
		v2, err := sm.RawValue(b)
		if err != nil {
			t.Fatal(err)
		}
		if string(v2.Raw()) != string(v.Raw()) {
			t.Fatalf("%s != %s", v2.Raw(), v.Raw())
		}
		// Through encoding/json (which escapes <, >, &) the value stays equal.
		enc, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Raw()) > 0 {
			if eq, err := fixture.JSONEqual(enc, v.Raw()); err != nil || !eq {
				t.Fatalf("%s not equal to %s", enc, v.Raw())
			}
		}
	})
}
