package transport_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func get(c *transport.Client) (*transport.Response, error) {
	return c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "items"})
}

func post(c *transport.Client, r transport.Retry) (*transport.Response, error) {
	return c.Do(context.Background(), &transport.Request{Method: http.MethodPost, Path: "orders", Body: map[string]int{"amount": 500}, Retry: r})
}

// reset closes the connection without an answer.
func reset(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		_ = conn.Close()
	}
}

func TestConnectionResetRetriedForGet(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, reset, status(200, `{"ok":true}`))
	resp, err := get(newClient(t, srv.URL))
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)
	assert.Equal(t, 2, srv.count())
}

func TestConnectionResetNotRetriedForPost(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, reset, status(200, `{}`))
	_, err := post(newClient(t, srv.URL), transport.RetryByMethod)
	require.Error(t, err)
	assert.Equal(t, 1, srv.count(), "a POST must never be sent twice")
	var apiErr *transport.Error
	assert.False(t, errors.As(err, &apiErr), "no response: not an API error")
}

func TestTimeoutViaContext(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := newClient(t, srv.URL).Do(ctx, &transport.Request{Method: http.MethodGet, Path: "slow"})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.Equal(t, 1, srv.count(), "a context that ended is not retried")
}

// The caller's *http.Client timeout bounds each attempt: a timed-out GET is retried.
func TestCallerClientTimeoutPerAttempt(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	c := newClient(t, srv.URL, func(c *transport.Config) {
		c.HTTPClient = &http.Client{Timeout: 30 * time.Millisecond}
		c.Retry = fastRetry(1)
	})
	_, err := get(c)
	require.Error(t, err)
	assert.Equal(t, 2, srv.count(), "a timed-out GET is retried")
	assert.Contains(t, err.Error(), "after 2 attempts")
}

// The client's timeout bounds the whole call, retries and waits included.
func TestTimeoutBoundsWholeCall(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(503, `{}`))
	c := newClient(t, srv.URL, func(c *transport.Config) {
		c.Timeout = 100 * time.Millisecond
		c.Retry = &transport.RetryPolicy{MaxRetries: 50, WaitMin: 20 * time.Millisecond, WaitMax: 20 * time.Millisecond, MaxRetryAfter: time.Second}
	})
	start := time.Now()
	_, err := get(c)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.Less(t, srv.count(), 50)
}

func TestContextCancelledDuringBackoff(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(503, `{}`))
	c := newClient(t, srv.URL, func(c *transport.Config) {
		c.Retry = &transport.RetryPolicy{MaxRetries: 5, WaitMin: time.Hour, WaitMax: time.Hour, MaxRetryAfter: time.Hour}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "x"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second, "the wait ends when the context ends")
	assert.Equal(t, 1, srv.count())
}

func TestRetryAfterSecondsHonoured(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusTooManyRequests)
	}, status(200, `{}`))
	resp, err := get(newClient(t, srv.URL))
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)
}

func TestRetryAfterHTTPDateHonoured(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
		// A date that is already due (HTTP dates have one-second precision).
		w.Header().Set("Retry-After", time.Now().Add(-time.Second).UTC().Format(http.TimeFormat))
		w.WriteHeader(http.StatusTooManyRequests)
	}, status(200, `{}`))
	resp, err := get(newClient(t, srv.URL))
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)
}

// A Retry-After longer than the cap is not waited for: the call fails at once
// with the upstream's answer and says how long to wait.
func TestRetryAfterOverCapFailsFast(t *testing.T) {
	t.Parallel()
	for _, ra := range []string{"120", time.Now().Add(2 * time.Minute).UTC().Format(http.TimeFormat)} {
		srv := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", ra)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"code":"too_many","message":"slow down"}`)
		})
		start := time.Now()
		_, err := get(newClient(t, srv.URL))
		require.Error(t, err)
		assert.Less(t, time.Since(start), time.Second)
		assert.ErrorIs(t, err, transport.ErrRateLimited)
		var e *transport.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, 1, e.Attempts)
		assert.InDelta(t, 2*time.Minute, e.RetryAfter, float64(2*time.Second))
		assert.Equal(t, "too_many", e.Code)
		assert.Equal(t, 1, srv.count())
	}
}

// A Retry-After that would outlive the caller's deadline fails at once with
// the 429, not with a bare deadline error a minute later.
func TestRetryAfterBeyondDeadlineFailsFast(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	c := newClient(t, srv.URL, func(c *transport.Config) {
		c.Retry = &transport.RetryPolicy{MaxRetries: 3, WaitMin: time.Millisecond, WaitMax: time.Millisecond, MaxRetryAfter: time.Minute}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := c.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "x"})
	require.ErrorIs(t, err, transport.ErrRateLimited)
	assert.Equal(t, 1, srv.count())
}

func Test503ThenSuccess(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(503, `{"code":"busy"}`), status(200, `{"id":7}`))
	resp, err := get(newClient(t, srv.URL))
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)
	var v struct{ ID int }
	require.NoError(t, resp.DecodeJSON(&v))
	assert.Equal(t, 7, v.ID)
}

func TestRetryStatuses(t *testing.T) {
	t.Parallel()
	for code, retried := range map[int]bool{429: true, 502: true, 503: true, 504: true, 500: false, 501: false, 400: false, 404: false, 409: false} {
		srv := newRecorder(t, status(code, `{}`), status(200, `{}`))
		_, err := get(newClient(t, srv.URL))
		if retried {
			assert.NoError(t, err, "status %d", code)
			assert.Equal(t, 2, srv.count(), "status %d", code)
		} else {
			assert.Error(t, err, "status %d", code)
			assert.Equal(t, 1, srv.count(), "status %d", code)
		}
	}
}

func TestRetriesAreBounded(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(503, `{"code":"busy","message":"try later"}`))
	_, err := get(newClient(t, srv.URL))
	var e *transport.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 3, srv.count())
	assert.Equal(t, 3, e.Attempts)
	assert.Equal(t, 503, e.StatusCode, "the final response reaches the error decoder")
	assert.Equal(t, "busy", e.Code)
	assert.Equal(t, "try later", e.Message)
	assert.ErrorIs(t, err, transport.ErrServer)
	assert.True(t, e.Temporary())
}

func Test500NotRetriedForPost(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(500, `{"code":"boom"}`), status(200, `{}`))
	_, err := post(newClient(t, srv.URL), transport.RetryByMethod)
	require.ErrorIs(t, err, transport.ErrServer)
	assert.Equal(t, 1, srv.count())
}

func TestRetryModes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		method string
		mode   transport.Retry
		want   int
	}{
		{"post by method", http.MethodPost, transport.RetryByMethod, 1},
		{"patch by method", http.MethodPatch, transport.RetryByMethod, 1},
		{"post marked safe", http.MethodPost, transport.RetrySafe, 3},
		{"put by method", http.MethodPut, transport.RetryByMethod, 3},
		{"delete by method", http.MethodDelete, transport.RetryByMethod, 3},
		{"put that pays", http.MethodPut, transport.RetryNever, 1},
		{"get never", http.MethodGet, transport.RetryNever, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, status(503, `{}`))
			_, err := newClient(t, srv.URL).Do(context.Background(), &transport.Request{Method: tc.method, Path: "x", Body: map[string]int{"a": 1}, Retry: tc.mode})
			require.Error(t, err)
			assert.Equal(t, tc.want, srv.count())
			// Every attempt carried the whole body.
			assert.JSONEq(t, `{"a":1}`, string(srv.last().Body))
		})
	}
	assert.Equal(t, "safe", transport.RetrySafe.String())
}

func TestNoRetriesPolicy(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(503, `{}`))
	p := transport.NoRetries()
	_, err := get(newClient(t, srv.URL, func(c *transport.Config) { c.Retry = &p }))
	require.Error(t, err)
	assert.Equal(t, 1, srv.count())
}

// A redirect to another host is not followed at all (it used to be followed
// without credentials; issue 11 asks for no cross-origin redirect), so the
// other host never sees the request, let alone the key.
func TestRedirectToAnotherHostDropsCredentials(t *testing.T) {
	t.Parallel()
	other := newRecorder(t, status(200, `{"moved":true}`))
	origin := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/landing", http.StatusFound)
	})
	c := newClient(t, origin.URL, func(c *transport.Config) { c.Auth = transport.APIKey("X-API-Key", testToken) })
	_, err := get(c)
	require.ErrorIs(t, err, transport.ErrRedirect)
	assert.Equal(t, testToken, origin.last().Header.Get("X-API-Key"), "the configured host gets the key")
	assert.Zero(t, other.count(), "another host must not be asked at all")
}

func TestRedirectOnSameHostKeepsCredentials(t *testing.T) {
	t.Parallel()
	var srv *recorder
	srv = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, srv.URL+"/new", http.StatusMovedPermanently)
	}, status(200, `{}`))
	_, err := get(newClient(t, srv.URL))
	require.NoError(t, err)
	assert.Equal(t, "/new", srv.last().Path)
	assert.Equal(t, "Bearer "+testToken, srv.last().Header.Get("Authorization"))
}

func TestHTMLErrorPageFromProxy(t *testing.T) {
	t.Parallel()
	page := "<html>\n<head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>\n</html>\n"
	srv := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, page)
	})
	_, err := get(newClient(t, srv.URL))
	var e *transport.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 502, e.StatusCode)
	assert.ErrorIs(t, err, transport.ErrServer)
	assert.Contains(t, e.Message, "502 Bad Gateway")
	assert.NotContains(t, e.Message, "\n")
	assert.Contains(t, err.Error(), "test: GET /items: 502 Bad Gateway")
}

func TestTruncatedJSON(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{"items":[{"id":1},{"id":`))
	resp, err := get(newClient(t, srv.URL))
	require.NoError(t, err)
	var v struct{ Items []struct{ ID int } }
	err = resp.DecodeJSON(&v)
	require.ErrorIs(t, err, transport.ErrDecode)
	var e *transport.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 200, e.StatusCode)
	assert.Contains(t, e.Message, `{"items":[{"id":1}`)
	assert.Contains(t, err.Error(), "unexpected end of JSON input")
}

func TestEmptyBodyDecode(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, ``))
	resp, err := get(newClient(t, srv.URL))
	require.NoError(t, err)
	var v map[string]any
	err = resp.DecodeJSON(&v)
	require.ErrorIs(t, err, transport.ErrDecode)
	assert.Contains(t, err.Error(), "empty body")
}

func TestBodyOverCap(t *testing.T) {
	t.Parallel()
	big := `{"data":"` + strings.Repeat("x", 4096) + `"}`
	srv := newRecorder(t, status(200, big))
	c := newClient(t, srv.URL, func(c *transport.Config) { c.MaxBodyBytes = 1024 })
	_, err := get(c)
	require.ErrorIs(t, err, transport.ErrBodyTooLarge)
	assert.Contains(t, err.Error(), "1024 bytes")

	// Exactly at the cap is fine.
	srv2 := newRecorder(t, status(200, big))
	c2 := newClient(t, srv2.URL, func(c *transport.Config) { c.MaxBodyBytes = int64(len(big)) })
	_, err = get(c2)
	require.NoError(t, err)
}

func TestErrorBodyOverCap(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(400, strings.Repeat("e", int(transport.DefaultMaxErrorBodyBytes)+10)))
	_, err := get(newClient(t, srv.URL))
	require.ErrorIs(t, err, transport.ErrBodyTooLarge)
	var e *transport.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 400, e.StatusCode)
}

func TestStatusSentinels(t *testing.T) {
	t.Parallel()
	cases := map[int]error{
		400: nil, 401: transport.ErrUnauthorized, 402: transport.ErrPaymentRequired, 403: transport.ErrForbidden,
		404: transport.ErrNotFound, 429: transport.ErrRateLimited, 500: transport.ErrServer, 504: transport.ErrServer,
	}
	p := transport.NoRetries()
	for code, want := range cases {
		srv := newRecorder(t, status(code, `{"code":"c","message":"m"}`))
		_, err := get(newClient(t, srv.URL, func(c *transport.Config) { c.Retry = &p }))
		var e *transport.Error
		require.ErrorAs(t, err, &e, "status %d", code)
		assert.Equal(t, code, e.StatusCode)
		if want != nil {
			assert.ErrorIs(t, err, want, "status %d", code)
		}
		for _, other := range []error{transport.ErrNotFound, transport.ErrUnauthorized, transport.ErrForbidden, transport.ErrRateLimited, transport.ErrServer, transport.ErrDecode} {
			if !errors.Is(other, want) {
				assert.NotErrorIs(t, err, other, "status %d", code)
			}
		}
	}
}

// An in-band error on a 2xx: the package's decoder says it failed and sets a kind.
func TestInBandErrorKind(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{"general":{"error":true,"response":10404,"message":"нет такого"}}`))
	c := newClient(t, srv.URL, func(c *transport.Config) {
		c.DecodeError = func(resp *transport.Response, e *transport.Error) bool {
			if strings.Contains(string(resp.Body), `"error":true`) {
				e.Code, e.Message, e.Kind = "10404", "нет такого", transport.ErrNotFound
				return true
			}
			return false
		}
	})
	_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodPost, Path: "execute", Operation: "account/users/info"})
	require.ErrorIs(t, err, transport.ErrNotFound)
	assert.Equal(t, "test: POST /execute (account/users/info): 200 OK: 10404: нет такого [not found]", err.Error())
}

func TestRequestIDAndHeadersOnError(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Request-Id", "req-42")
		w.Header().Set("X-Ratelimit-Remaining", "0")
		w.WriteHeader(http.StatusForbidden)
	})
	_, err := get(newClient(t, srv.URL))
	var e *transport.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "req-42", e.RequestID)
	assert.Equal(t, "0", e.Header.Get("X-Ratelimit-Remaining"))
}

func TestConnectionRefused(t *testing.T) {
	t.Parallel()
	addr := refusingAddr(t)
	_, err := get(newClient(t, "http://"+addr))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "after 3 attempts")
	var ne net.Error
	assert.True(t, errors.As(err, &ne) || strings.Contains(err.Error(), "refused"))
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{"ok":true}`))
	c := newClient(t, srv.URL)
	errs := make(chan error, 20)
	for range 20 {
		go func() {
			_, err := get(c)
			errs <- err
		}()
	}
	for range 20 {
		require.NoError(t, <-errs)
	}
}

func TestLogsEachAttempt(t *testing.T) {
	t.Parallel()
	var buf strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := newRecorder(t, status(503, `{}`), status(200, `{}`))
	_, err := get(newClient(t, srv.URL, func(c *transport.Config) { c.Logger = logger }))
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	out := buf.String()
	assert.Contains(t, out, "msg=attempt service=test method=GET path=/items status=503")
	assert.Contains(t, out, "msg=retrying")
	assert.Contains(t, out, "msg=attempt service=test method=GET path=/items status=200")
	assert.Contains(t, out, "msg=response service=test method=GET path=/items status=200 attempts=2")
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestResponseFailIsFinished(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Set-Cookie", "session="+testToken)
		_, _ = io.WriteString(w, `{"data":{"items":[]}}`)
	})
	resp, err := get(newClient(t, srv.URL))
	require.NoError(t, err)
	e := resp.Fail(transport.ErrNotFound, "empty item list "+testToken)
	require.ErrorIs(t, e, transport.ErrNotFound)
	assert.Equal(t, 200, e.StatusCode)
	assert.NotContains(t, e.Error(), testToken)
	assert.Equal(t, transport.Redacted, e.Header.Get("Set-Cookie"))
}
