package transport_test

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

// assertOutcome checks the error's class and the ResponseInfo's Outcome.
func assertOutcome(t *testing.T, want transport.Outcome, err error, info *transport.ResponseInfo) {
	t.Helper()
	require.Error(t, err)
	assert.Equal(t, want == transport.OutcomeNotSent, errors.Is(err, transport.ErrNotSent), "ErrNotSent: %v", err)
	assert.Equal(t, want == transport.OutcomeUnknown, errors.Is(err, transport.ErrOutcomeUnknown), "ErrOutcomeUnknown: %v", err)
	assert.Equal(t, want, transport.OutcomeOf(err), "%v", err)
	if info != nil {
		assert.Equal(t, want, info.Outcome, "ResponseInfo.Outcome: %v", err)
	}
}

func doInfo(c *transport.Client, ctx context.Context, r *transport.Request) (*transport.ResponseInfo, error) {
	var info transport.ResponseInfo
	r.Options = append(r.Options, transport.WithResponseInto(&info))
	_, err := c.Do(ctx, r)
	return &info, err
}

func getReq() *transport.Request { return &transport.Request{Method: http.MethodGet, Path: "items"} }

func postReq() *transport.Request {
	return &transport.Request{Method: http.MethodPost, Path: "orders", Body: map[string]int{"amount": 500}, Retry: transport.RetryNever}
}

func putReq() *transport.Request {
	return &transport.Request{Method: http.MethodPut, Path: "orders/1", Body: map[string]int{"amount": 500}}
}

// hang waits until the client gives up.
func hang(w http.ResponseWriter, r *http.Request) {
	_, _ = io.ReadAll(r.Body)
	<-r.Context().Done()
}

func TestOutcomeAnswersAreNeither(t *testing.T) {
	t.Parallel()
	for _, code := range []int{400, 401, 404, 409, 500} {
		srv := newRecorder(t, status(code, `{"code":"E","message":"no"}`))
		for _, r := range []*transport.Request{getReq(), postReq()} {
			info, err := doInfo(newClient(t, srv.URL, func(c *transport.Config) { c.Retry = fastRetry(0) }), context.Background(), r)
			assertOutcome(t, transport.OutcomeAnswered, err, info)
			var e *transport.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, code, e.StatusCode)
		}
	}
	// An in-band error of a 200 is an answer too.
	srv := newRecorder(t, status(200, `{"failed":true}`))
	c := newClient(t, srv.URL, func(cfg *transport.Config) {
		cfg.DecodeError = func(*transport.Response, *transport.Error) bool { return true }
	})
	info, err := doInfo(c, context.Background(), postReq())
	assertOutcome(t, transport.OutcomeAnswered, err, info)

	// A success says so in ResponseInfo.
	srv = newRecorder(t, status(200, `{}`))
	info, err = doInfo(newClient(t, srv.URL), context.Background(), postReq())
	require.NoError(t, err)
	assert.Equal(t, transport.OutcomeAnswered, info.Outcome)
	assert.Equal(t, transport.OutcomeAnswered, transport.OutcomeOf(nil))
}

func TestOutcomeNotSent(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{}`))
	c := newClient(t, srv.URL)

	t.Run("refused argument", func(t *testing.T) {
		_, err := c.Do(nil, getReq()) //nolint:staticcheck // a nil context is the point
		assertOutcome(t, transport.OutcomeNotSent, err, nil)
		info, err := doInfo(c, context.Background(), &transport.Request{Method: http.MethodPost, Path: "a?b"})
		assertOutcome(t, transport.OutcomeNotSent, err, info)
		info, err = doInfo(c, context.Background(), &transport.Request{Method: http.MethodPost, Path: "x", Body: func() {}})
		assertOutcome(t, transport.OutcomeNotSent, err, info)
		_, err = transport.Path("x/%s", "")
		assert.ErrorIs(t, err, transport.ErrNotSent, "every ErrInvalidArgument is not sent")
	})
	t.Run("context ended before sending", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		for _, r := range []*transport.Request{getReq(), postReq()} {
			info, err := doInfo(c, ctx, r)
			assertOutcome(t, transport.OutcomeNotSent, err, info)
			assert.ErrorIs(t, err, context.Canceled)
		}
	})
	t.Run("rate limiter wait ended", func(t *testing.T) {
		lim := rate.NewLimiter(rate.Every(time.Hour), 1)
		require.True(t, lim.Allow())
		c := newClient(t, srv.URL, func(cfg *transport.Config) { cfg.RateLimiter = lim })
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		info, err := doInfo(c, ctx, postReq())
		assertOutcome(t, transport.OutcomeNotSent, err, info)
	})
	t.Run("token source failed", func(t *testing.T) {
		c := newClient(t, srv.URL, func(cfg *transport.Config) { cfg.Auth = transport.TokenSource(failingSource{}) })
		info, err := doInfo(c, context.Background(), postReq())
		assertOutcome(t, transport.OutcomeNotSent, err, info)
	})
	before := srv.count()
	t.Run("dial refused", func(t *testing.T) {
		addr := refusingAddr(t)
		for _, r := range []*transport.Request{getReq(), postReq()} {
			info, err := doInfo(newClient(t, "http://"+addr), context.Background(), r)
			assertOutcome(t, transport.OutcomeNotSent, err, info)
		}
	})
	t.Run("DNS failure", func(t *testing.T) {
		hc := &http.Client{Transport: &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "upstream.invalid", IsNotFound: true}}
		}}}
		info, err := doInfo(newClient(t, "http://upstream.invalid", func(cfg *transport.Config) { cfg.HTTPClient = hc }), context.Background(), postReq())
		assertOutcome(t, transport.OutcomeNotSent, err, info)
		// The same error from a round tripper that is not net/http's.
		rt := roundTripFunc(func(*http.Request) (*http.Response, error) {
			return nil, &net.DNSError{Err: "no such host", Name: "upstream.invalid", IsNotFound: true}
		})
		info, err = doInfo(newClient(t, "http://upstream.invalid", func(cfg *transport.Config) { cfg.HTTPClient = &http.Client{Transport: rt} }),
			context.Background(), postReq())
		assertOutcome(t, transport.OutcomeNotSent, err, info)
	})
	t.Run("TLS failure", func(t *testing.T) {
		tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(200) }))
		defer tlsSrv.Close()
		tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
		info, err := doInfo(newClient(t, tlsSrv.URL), context.Background(), postReq())
		assertOutcome(t, transport.OutcomeNotSent, err, info)
	})
	t.Run("a retry wait that ended after a failure answer", func(t *testing.T) {
		srv := newRecorder(t, status(503, `{}`))
		c := newClient(t, srv.URL, func(cfg *transport.Config) {
			cfg.Retry = &transport.RetryPolicy{MaxRetries: 3, WaitMin: time.Hour, WaitMax: time.Hour, MaxRetryAfter: time.Hour}
		})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		info, err := doInfo(c, ctx, putReq())
		assertOutcome(t, transport.OutcomeNotSent, err, info)
		assert.Equal(t, 1, srv.count())
	})
	assert.Equal(t, before, srv.count(), "nothing reached the server")
}

func TestOutcomeUnknown(t *testing.T) {
	t.Parallel()
	t.Run("timeout after the write", func(t *testing.T) {
		srv := newRecorder(t, hang)
		c := newClient(t, srv.URL, func(cfg *transport.Config) { cfg.Retry = fastRetry(0) })
		for _, r := range []*transport.Request{getReq(), postReq()} {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			info, err := doInfo(c, ctx, r)
			cancel()
			assertOutcome(t, transport.OutcomeUnknown, err, info)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Contains(t, err.Error(), "outcome unknown")
		}
	})
	t.Run("reset before the answer", func(t *testing.T) {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.ReadAll(r.Body); reset(w, r) })
		info, err := doInfo(newClient(t, srv.URL), context.Background(), postReq())
		assertOutcome(t, transport.OutcomeUnknown, err, info)
		assert.Equal(t, 1, srv.count())
		var e *transport.Error
		assert.False(t, errors.As(err, &e))
	})
	t.Run("success whose body is cut", func(t *testing.T) {
		srv := newRecorder(t, midBodyReset)
		info, err := doInfo(newClient(t, srv.URL), context.Background(), postReq())
		assertOutcome(t, transport.OutcomeUnknown, err, info)
		assert.Equal(t, 1, srv.count())
	})
	t.Run("an unknown round tripper error", func(t *testing.T) {
		rt := roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("proxy said something") })
		c := newClient(t, "http://upstream.example", func(cfg *transport.Config) { cfg.HTTPClient = &http.Client{Transport: rt} })
		info, err := doInfo(c, context.Background(), postReq())
		assertOutcome(t, transport.OutcomeUnknown, err, info)
	})
}

// Through retries, a read is judged by its last attempt and a change is
// outcome-unknown when any attempt was.
func TestOutcomeThroughRetries(t *testing.T) {
	t.Parallel()
	// The first attempt is written and reset; the server then goes away,
	// so the second attempt cannot connect.
	resetThenGone := func(t *testing.T) *recorder {
		var srv *recorder
		srv = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.ReadAll(r.Body)
			srv.Listener.Close()
			reset(w, r)
		})
		return srv
	}
	srv := resetThenGone(t)
	info, err := doInfo(newClient(t, srv.URL), context.Background(), getReq())
	assertOutcome(t, transport.OutcomeNotSent, err, info)
	assert.Equal(t, 3, info.Attempts, "the GET was retried (dial failures too)")

	srv = resetThenGone(t)
	info, err = doInfo(newClient(t, srv.URL), context.Background(), putReq())
	assertOutcome(t, transport.OutcomeUnknown, err, info)
	assert.Equal(t, 3, info.Attempts, "the PUT was retried (dial failures too)")

	// A change answered 503 after an attempt that may have acted.
	srv = newRecorder(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.ReadAll(r.Body); reset(w, r) }, status(503, `{}`))
	info, err = doInfo(newClient(t, srv.URL), context.Background(), putReq())
	assertOutcome(t, transport.OutcomeUnknown, err, info)
	var e *transport.Error
	require.ErrorAs(t, err, &e, "the answer stays reachable")
	assert.Equal(t, 503, e.StatusCode)
	// The same for a read is the answer.
	srv = newRecorder(t, func(w http.ResponseWriter, r *http.Request) { reset(w, r) }, status(503, `{}`))
	info, err = doInfo(newClient(t, srv.URL), context.Background(), getReq())
	assertOutcome(t, transport.OutcomeAnswered, err, info)

	// A change whose earlier success body was cut and was sent again.
	srv = newRecorder(t, midBodyReset, status(500, `{}`))
	info, err = doInfo(newClient(t, srv.URL), context.Background(), putReq())
	assertOutcome(t, transport.OutcomeUnknown, err, info)
	assert.Equal(t, 2, srv.count())
}

func TestNotSentCause(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, hang)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := newClient(t, srv.URL, func(cfg *transport.Config) { cfg.Retry = fastRetry(0) }).Do(ctx, getReq())
	require.ErrorIs(t, err, transport.ErrOutcomeUnknown)
	wrapped := transport.NotSentCause(errors.Join(errors.New("discovering"), err))
	assert.ErrorIs(t, wrapped, transport.ErrNotSent)
	assert.NotErrorIs(t, wrapped, transport.ErrOutcomeUnknown)
	assert.ErrorIs(t, wrapped, context.DeadlineExceeded)
	assert.NotContains(t, wrapped.Error(), "outcome unknown")
	assert.Contains(t, wrapped.Error(), "discovering")
	assert.ErrorIs(t, transport.NotSentCause(errors.New("x")), transport.ErrNotSent)
	assert.NoError(t, transport.NotSentCause(nil))
}

func TestReadOnlyGuard(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{}`))
	c := newClient(t, srv.URL, func(cfg *transport.Config) { require.NoError(t, cfg.SetReadOnly()) })
	refused := []*transport.Request{
		postReq(), putReq(),
		{Method: http.MethodDelete, Path: "orders/1"},
		{Method: http.MethodPatch, Path: "orders/1"},
		{Method: http.MethodPost, Path: "orders", Retry: transport.RetryByMethod},
		{Method: http.MethodPost, Path: "notify", Retry: transport.RetrySafe, Effect: transport.EffectChange},
		{Method: http.MethodGet, Path: "odd", Effect: transport.EffectChange},
	}
	for _, r := range refused {
		info, err := doInfo(c, context.Background(), r)
		assertOutcome(t, transport.OutcomeNotSent, err, info)
		assert.ErrorIs(t, err, transport.ErrReadOnly, "%s %s", r.Method, r.Path)
		assert.NotErrorIs(t, err, transport.ErrInvalidArgument)
		assert.True(t, r.Changes())
	}
	assert.Zero(t, srv.count(), "no refused request reached the server")
	allowed := []*transport.Request{
		getReq(),
		{Method: http.MethodHead, Path: "items"},
		{Method: http.MethodGet, Path: "items", Retry: transport.RetryNever},
		{Method: http.MethodPost, Path: "filter", Retry: transport.RetrySafe},
		{Method: http.MethodPost, Path: "auth", Retry: transport.RetryNever, Effect: transport.EffectRead},
	}
	for _, r := range allowed {
		_, err := c.Do(context.Background(), r)
		require.NoError(t, err, "%s %s", r.Method, r.Path)
		assert.False(t, r.Changes())
	}
	assert.Equal(t, len(allowed), srv.count())
}

func TestDryRun(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{}`))
	check := func(t *testing.T, c *transport.Client, opts ...transport.CallOption) {
		t.Helper()
		var info transport.ResponseInfo
		r := &transport.Request{Method: http.MethodPost, Path: "orders", Query: map[string]string{"mode": "fast", "token": "query-secret-1"},
			Body: map[string]any{"amount": 500, "password": "body-secret-22"}, Header: http.Header{"X-Trace": {"t-1"}},
			Retry: transport.RetryNever, Operation: "orders.create", Options: append(opts, transport.WithResponseInto(&info))}
		_, err := c.Do(context.Background(), r)
		require.Error(t, err)
		assert.ErrorIs(t, err, transport.ErrDryRun)
		assert.ErrorIs(t, err, transport.ErrNotSent)
		assert.NotErrorIs(t, err, transport.ErrReadOnly)
		assert.Equal(t, transport.OutcomeNotSent, info.Outcome)
		assert.Equal(t, "orders.create", info.Operation)
		var d *transport.DryRunRequest
		require.ErrorAs(t, err, &d)
		assert.Equal(t, "test", d.Service)
		assert.Equal(t, "orders.create", d.Operation)
		assert.Equal(t, http.MethodPost, d.Method)
		assert.Equal(t, srv.URL+"/orders?mode=fast&token="+transport.Redacted, strings.ReplaceAll(d.URL, "%5BREDACTED%5D", transport.Redacted))
		assert.Equal(t, transport.Redacted, d.Header.Get("Authorization"))
		assert.Equal(t, "application/json", d.Header.Get("Content-Type"))
		assert.Equal(t, "application/json", d.Header.Get("Accept"))
		assert.Equal(t, "t-1", d.Header.Get("X-Trace"))
		assert.True(t, strings.HasPrefix(d.Header.Get("User-Agent"), "ruapi-go/"))
		assert.JSONEq(t, `{"amount":500,"password":"`+transport.Redacted+`"}`, string(d.Body))
		for _, s := range []string{testToken, "query-secret-1", "body-secret-22"} {
			assert.NotContains(t, err.Error()+d.URL+string(d.Body)+strings.Join(flatten(d.Header), " "), s)
		}
		assert.Contains(t, err.Error(), "dry run: POST")
		// Reads go out.
		_, err = c.Do(context.Background(), getReq())
		require.NoError(t, err)
	}
	t.Run("client", func(t *testing.T) {
		check(t, newClient(t, srv.URL, func(cfg *transport.Config) { require.NoError(t, cfg.SetDryRun()) }))
	})
	t.Run("per call", func(t *testing.T) {
		check(t, newClient(t, srv.URL), transport.WithCallDryRun())
	})
	t.Run("read-only client, per call", func(t *testing.T) {
		check(t, newClient(t, srv.URL, func(cfg *transport.Config) { cfg.ReadOnly = true }), transport.WithCallDryRun())
	})
	t.Run("basic auth and an API key are shown redacted", func(t *testing.T) {
		for _, a := range []transport.Auth{transport.Basic("u", "basic-pass-9"), transport.APIKey("X-API-Key", "api-key-99")} {
			c := newClient(t, srv.URL, func(cfg *transport.Config) { cfg.Auth = a; cfg.DryRun = true })
			_, err := c.Do(context.Background(), postReq())
			var d *transport.DryRunRequest
			require.ErrorAs(t, err, &d)
			assert.NotContains(t, strings.Join(flatten(d.Header), " "), "api-key-99")
			assert.NotContains(t, strings.Join(flatten(d.Header), " "), "basic-pass-9")
			assert.Equal(t, 1, len(d.Header.Values("Authorization"))+len(d.Header.Values("X-Api-Key")))
		}
	})
	assert.Equal(t, 3, srv.count(), "only the reads reached the server")
}

func flatten(h http.Header) []string {
	var out []string
	for k, vs := range h {
		out = append(out, k+": "+strings.Join(vs, ","))
	}
	return out
}
