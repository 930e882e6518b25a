package transport_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pw is a per-call secret, like a root password in a request body.
type pw string

func (p pw) Reveal() string { return string(p) }

const callSecret = "Root&Pass<word>=42/x+y" // has characters every escaping changes

func redirectTo(target string, code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", target)
		w.WriteHeader(code)
	}
}

// A redirect to another origin is followed for no method and no status: the
// body (a password) never reaches the other host, the call is not retried, and
// the error says where it pointed without the query.
func TestRedirectToAnotherOriginNeverFollowed(t *testing.T) {
	t.Parallel()
	for _, code := range []int{301, 302, 303, 307, 308} {
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut} {
			t.Run(fmt.Sprintf("%s %d", method, code), func(t *testing.T) {
				t.Parallel()
				other := newRecorder(t, status(200, `{}`))
				origin := newRecorder(t, redirectTo(other.URL+"/steal?token=leaked-query-secret#frag", code))
				c := newClient(t, origin.URL)
				req := &transport.Request{Method: method, Path: "users"}
				if method != http.MethodGet {
					req.Body = map[string]any{"password": pw(callSecret)}
				}
				_, err := c.Do(context.Background(), req)
				require.ErrorIs(t, err, transport.ErrRedirect)
				var e *transport.Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, code, e.StatusCode)
				assert.Equal(t, 1, e.Attempts, "a refused redirect is not retried")
				assert.Equal(t, 1, origin.count())
				assert.Zero(t, other.count(), "the other origin is never asked")
				assert.Contains(t, e.Message, other.URL+"/steal")
				assert.NotContains(t, err.Error(), "leaked-query-secret")
				assert.NotContains(t, fmt.Sprint(e.Header), "leaked-query-secret")
				assert.Equal(t, other.URL+"/steal", e.Header.Get("Location"))
			})
		}
	}
}

// Another port or scheme is another origin.
func TestRedirectToAnotherPortIsAnotherOrigin(t *testing.T) {
	t.Parallel()
	other := newRecorder(t, status(200, `{}`))
	origin := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		u, _ := url.Parse(other.URL)
		http.Redirect(w, r, "http://127.0.0.1:"+u.Port()+"/x", http.StatusFound)
	})
	_, err := get(newClient(t, origin.URL))
	require.ErrorIs(t, err, transport.ErrRedirect)
	assert.Zero(t, other.count())
}

// A POST is never redirected, even to the same origin: a 303 would turn it
// into a GET whose 200 {} would look like success, and a 307 would send the
// body again.
func TestRedirectOfPostRefusedOnSameOrigin(t *testing.T) {
	t.Parallel()
	for _, code := range []int{301, 302, 303, 307, 308} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, redirectTo("/created", code), status(200, `{}`))
			_, err := post(newClient(t, srv.URL), transport.RetrySafe)
			require.ErrorIs(t, err, transport.ErrRedirect)
			assert.Equal(t, 1, srv.count(), "nothing is sent to the redirect target")
		})
	}
}

// A GET with a body (a rare but legal request) is not redirected either.
func TestRedirectOfGetWithBodyRefused(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, redirectTo("/again", 307), status(200, `{}`))
	_, err := newClient(t, srv.URL).Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "q", Body: map[string]int{"a": 1}})
	require.ErrorIs(t, err, transport.ErrRedirect)
	assert.Equal(t, 1, srv.count())
}

// Same-origin GET redirects are followed, at most ten times.
func TestSameOriginRedirectsBounded(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, redirectTo("/loop", http.StatusFound))
	_, err := get(newClient(t, srv.URL))
	require.ErrorIs(t, err, transport.ErrRedirect)
	assert.Contains(t, err.Error(), "too many redirects")
	assert.Equal(t, 10, srv.count())
}

// The caller's CheckRedirect still runs for redirects the transport allows,
// and cannot widen what the transport refuses.
func TestCallerCheckRedirectComposed(t *testing.T) {
	t.Parallel()
	var calls int
	stop := errors.New("caller says stop")
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { calls++; return stop }}
	srv := newRecorder(t, redirectTo("/next", http.StatusFound), status(200, `{}`))
	c := newClient(t, srv.URL, func(c *transport.Config) { c.HTTPClient = hc })
	_, err := get(c)
	require.ErrorIs(t, err, stop)
	assert.Equal(t, 1, calls)
	assert.Equal(t, 1, srv.count(), "the caller's error is not retried")
	assert.Nil(t, hc.Transport, "the caller's client is not modified")

	allowAll := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
	other := newRecorder(t, status(200, `{}`))
	origin := newRecorder(t, redirectTo(other.URL+"/x", http.StatusTemporaryRedirect))
	_, err = newClient(t, origin.URL, func(c *transport.Config) { c.HTTPClient = allowAll }).Do(context.Background(),
		&transport.Request{Method: http.MethodPost, Path: "p", Body: map[string]any{"password": "x-secret-1"}})
	require.ErrorIs(t, err, transport.ErrRedirect)
	assert.Zero(t, other.count())
}

// echo answers with the request body in every form an upstream or proxy might
// use: raw, JSON-escaped, percent-encoded and base64, in the message and in
// details, with the secret straddling the point where excerpts are cut.
func echo(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var m map[string]any
		_ = json.Unmarshal(body, &m)
		var secret string
		for _, v := range m {
			if s, ok := v.(string); ok {
				secret = s
			}
		}
		msg := strings.Repeat("x", 190) + secret + " url=" + url.QueryEscape(secret) + " b64=" + base64.StdEncoding.EncodeToString([]byte(secret))
		out, _ := json.Marshal(map[string]any{"code": "E_" + secret, "message": msg, "details": map[string]any{"echo": string(body), "pw": secret}})
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo", url.PathEscape(secret))
		w.WriteHeader(status)
		_, _ = w.Write(out)
	}
}

// Per-call secrets are scrubbed from every part of an error, in every form,
// whether the request declares them, carries a Secret-typed value, or sends
// a secret-named member.
func TestEchoedPerCallSecretsScrubbed(t *testing.T) {
	t.Parallel()
	bodies := map[string]func(string) *transport.Request{
		"Secret type": func(s string) *transport.Request { return &transport.Request{Body: map[string]any{"new_root": pw(s)}} },
		"secret name": func(s string) *transport.Request { return &transport.Request{Body: map[string]any{"pswd": s}} },
		"nested name": func(s string) *transport.Request {
			return &transport.Request{Body: map[string]any{"user": map[string]any{"password": s}}}
		},
		"raw body name": func(s string) *transport.Request {
			return &transport.Request{RawBody: []byte(`{"a":[1,{"b":2}],"root_password":` + strconv.Quote(s) + `}`), ContentType: "application/json"}
		},
		"declared": func(s string) *transport.Request {
			return &transport.Request{Body: map[string]any{"value": s}, Secrets: []string{s}}
		},
	}
	for name, mk := range bodies {
		for _, code := range []int{200, 400, 502} {
			t.Run(fmt.Sprintf("%s %d", name, code), func(t *testing.T) {
				t.Parallel()
				srv := newRecorder(t, echo(code))
				var logs bytes.Buffer
				c := newClient(t, srv.URL, func(c *transport.Config) {
					c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
					c.DecodeError = func(resp *transport.Response, e *transport.Error) bool {
						var env struct {
							Code    string          `json:"code"`
							Message string          `json:"message"`
							Details json.RawMessage `json:"details"`
						}
						_ = json.Unmarshal(resp.Body, &env)
						e.Code, e.Message, e.Details = env.Code, env.Message, env.Details
						return true // an in-band error on 200 too
					}
				})
				req := mk(callSecret)
				req.Method, req.Path, req.Retry = http.MethodPost, "p", transport.RetryNever
				_, err := c.Do(context.Background(), req)
				require.Error(t, err)
				var e *transport.Error
				require.ErrorAs(t, err, &e)
				for _, text := range []string{err.Error(), e.Message, e.Code, string(e.Details), fmt.Sprint(e.Header), logs.String()} {
					assertNoForm(t, text, callSecret)
				}
			})
		}
	}
}

func assertNoForm(t *testing.T, text, secret string) {
	t.Helper()
	jsonForm, _ := json.Marshal(secret)
	for _, f := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret), strings.Trim(string(jsonForm), `"`),
		base64.StdEncoding.EncodeToString([]byte(secret)), secret[:12]} {
		assert.NotContains(t, text, f)
	}
}

// The excerpt of an unexpected body is scrubbed before it is cut: a secret
// across the cut leaves no prefix behind.
func TestExcerptScrubbedBeforeCut(t *testing.T) {
	t.Parallel()
	const key = "sk-live-ABCDEFGHIJKLMNOP-0123"
	r := transport.NewRedactor(key)
	for pad := 180; pad < 200; pad++ {
		got := r.Excerpt([]byte(strings.Repeat("a", pad)+key+" tail"), 200)
		assert.NotContains(t, got, key[:8], "pad %d", pad)
	}
}

// Base-URL errors show scheme, host and path only.
func TestBaseURLErrorsHideQueryAndFragment(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		"https://h.example/api?token=base-url-secret",
		"https://h.example/api#base-url-secret",
		"ftp://h.example/api?token=base-url-secret",
		"https://user:base-url-secret@h.example/api",
		"https://h.example/%zz?token=base-url-secret",
		" https://h.example/?token=base-url-secret",
	} {
		var cfg transport.Config
		err := cfg.SetBaseURL(raw)
		require.Error(t, err, raw)
		assert.ErrorIs(t, err, transport.ErrInvalidArgument)
		assert.NotContains(t, err.Error(), "base-url-secret", raw)
		_, err = transport.New(transport.Config{BaseURL: raw})
		require.Error(t, err, raw)
		assert.NotContains(t, err.Error(), "base-url-secret", raw)
	}
}

// Every Config setter and New refuse bad input with ErrInvalidArgument, and
// conflicting settings are an error rather than "the last one wins".
func TestConfigErrorsAreInvalidArgument(t *testing.T) {
	t.Parallel()
	var cfg transport.Config
	checks := map[string]error{
		"timeout":     cfg.SetTimeout(0),
		"http client": cfg.SetHTTPClient(nil),
		"base url":    cfg.SetBaseURL("nope"),
		"retry":       cfg.SetRetry(transport.RetryPolicy{MaxRetries: -1}),
		"user agent":  cfg.SetUserAgent("a\r\nX-Injected: 1"),
		"max body":    cfg.SetMaxBodyBytes(0),
		"nil auth":    cfg.SetAuth(nil),
		"header name": cfg.SetAuth(transport.APIKey("X Key:", "k-123456")),
		"header CRLF": cfg.SetAuth(transport.APIKey("X-Key", "k-1\r\nX-Evil: 1")),
		"empty key":   cfg.SetAuth(transport.APIKey("X-Key", " ")),
		"bearer CRLF": cfg.SetAuth(transport.Bearer("tok\nen")),
		"basic colon": cfg.SetAuth(transport.Basic("a:b", "p")),
		"new no url":  func() error { _, err := transport.New(transport.Config{}); return err }(),
		"new header": func() error {
			_, err := transport.New(transport.Config{BaseURL: "http://h", Header: http.Header{"Bad Name": {"v"}}})
			return err
		}(),
		"new auth": func() error {
			_, err := transport.New(transport.Config{BaseURL: "http://h", Auth: transport.APIKey("X Key:", "k")})
			return err
		}(),
	}
	for name, err := range checks {
		require.Error(t, err, name)
		assert.ErrorIs(t, err, transport.ErrInvalidArgument, name)
	}

	cfg = transport.Config{}
	require.NoError(t, cfg.SetBaseURL("https://a.example"))
	assert.ErrorIs(t, cfg.SetBaseURL("https://b.example"), transport.ErrInvalidArgument, "a second base URL")
	require.NoError(t, cfg.SetAuth(transport.Basic("u", "p-secret")))
	err := cfg.SetAuth(transport.Bearer("t-secret"))
	require.ErrorIs(t, err, transport.ErrInvalidArgument, "Basic plus bearer")
	assert.NotContains(t, err.Error(), "secret")
	require.NoError(t, cfg.SetHTTPClient(&http.Client{}))
	assert.ErrorIs(t, cfg.SetHTTPClient(&http.Client{}), transport.ErrInvalidArgument)
}

// A request that can never be sent (a header with a line break) fails once,
// before anything is sent, and is not retried.
func TestLocalErrorNotRetried(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{}`))
	c := newClient(t, srv.URL, func(c *transport.Config) { c.Retry = fastRetry(3) })
	_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x", Header: http.Header{"X-A": {"1\r\nX-Injected: yes"}}})
	require.ErrorIs(t, err, transport.ErrInvalidArgument)
	_, err = c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x", Header: http.Header{"X A": {"1"}}})
	require.ErrorIs(t, err, transport.ErrInvalidArgument)
	assert.Zero(t, srv.count())

	// An auth header name net/http refuses, set past the Config checks: one
	// attempt, not four.
	var attempts int
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		attempts++
		return nil, errors.New(`net/http: invalid header field name "X Key:"`)
	})}
	c = newClient(t, srv.URL, func(c *transport.Config) { c.HTTPClient = hc; c.Retry = fastRetry(3) })
	_, err = get(c)
	require.Error(t, err)
	assert.Equal(t, 1, attempts, "an error that cannot change is not retried")
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// midBodyReset sends headers and part of the body, then resets the connection.
func midBodyReset(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", "100")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, `{"items":[1,2,`)
	w.(http.Flusher).Flush()
	reset(w, nil)
}

// A GET whose body breaks off is retried like a reset before the headers; a
// POST is not, and the error is not a decode error of half a document.
func TestMidBodyResetRetriedForGet(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, midBodyReset, status(200, `{"items":[1,2,3]}`))
	resp, err := get(newClient(t, srv.URL))
	require.NoError(t, err)
	assert.JSONEq(t, `{"items":[1,2,3]}`, string(resp.Body))
	assert.Equal(t, 2, resp.Attempts)
	assert.Equal(t, 2, srv.count())

	srv = newRecorder(t, midBodyReset)
	_, err = get(newClient(t, srv.URL, func(c *transport.Config) { c.Retry = fastRetry(2) }))
	require.Error(t, err)
	assert.Equal(t, 3, srv.count(), "the retry budget bounds body-read retries too")

	srv = newRecorder(t, midBodyReset, status(200, `{}`))
	_, err = post(newClient(t, srv.URL), transport.RetryByMethod)
	require.Error(t, err)
	assert.Equal(t, 1, srv.count(), "a POST is never sent twice")
}

// A body that declares a huge Content-Length and then stalls allocates
// nothing like what it declares.
func TestDeclaredLengthNotPreallocated(t *testing.T) {
	release := make(chan struct{})
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(60<<20))
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"a":`)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	c := newClient(t, srv.URL, func(c *transport.Config) { c.Retry = &transport.RetryPolicy{} })
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := c.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "stall"})
	runtime.ReadMemStats(&after)
	require.Error(t, err)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(4<<20), "a 60 MiB Content-Length must not be allocated up front")
}

// An oversized body costs about the cap, not a multiple of it.
func TestOversizedBodyMemoryBounded(t *testing.T) {
	const limit = 16 << 20
	chunk := bytes.Repeat([]byte("a"), 64<<10)
	srv := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
		for i := 0; i < 8*limit/len(chunk); i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	c := newClient(t, srv.URL, func(c *transport.Config) { c.MaxBodyBytes = limit })
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := get(c)
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, transport.ErrBodyTooLarge)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %.2f× the cap for a body 8× the cap", float64(alloc)/limit)
	assert.Less(t, alloc, uint64(limit*5/4), "at most about 1.25× the cap")

	// A body just under the cap still arrives whole.
	srv = newRecorder(t, status(200, `"`+strings.Repeat("b", 1<<20)+`"`))
	resp, err := get(newClient(t, srv.URL, func(c *transport.Config) { c.MaxBodyBytes = 1<<20 + 2 }))
	require.NoError(t, err)
	assert.Len(t, resp.Body, 1<<20+2)
}

// The largest cap a caller can set works (no overflow at limit+1).
func TestMaxBodyBytesAtTheLimitOfInt64(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{"ok":true}`))
	resp, err := get(newClient(t, srv.URL, func(c *transport.Config) { c.MaxBodyBytes = math.MaxInt64 }))
	require.NoError(t, err)
	assert.JSONEq(t, `{"ok":true}`, string(resp.Body))
}

// A JSON writer that escapes every non-ASCII letter (Python's json.dumps) or
// every slash (PHP's json_encode) spells the secret differently: those forms
// are scrubbed too.
func TestEscapedSpellingsOfSecretsScrubbed(t *testing.T) {
	t.Parallel()
	const secret = "пароль/Секрет-42"
	ascii := strconv.QuoteToASCII(secret)
	r := transport.NewRedactor(secret)
	for _, echo := range []string{ascii[1 : len(ascii)-1], `пароль\/Секрет-42`} {
		got := r.Excerpt([]byte(`{"detail":"bad password `+echo+`"}`), 200)
		assert.NotContains(t, got, echo)
		assert.Contains(t, got, transport.Redacted)
	}
}

// An excerpt of a body that fails to decode never quotes the body's own
// secret-named members, nor do an error's structured details.
func TestExcerptRedactsSecretMembers(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `[{"ext_user_id":"1","password":"fake-secret-not-real","is_blocked":"no"}]`))
	resp, err := get(newClient(t, srv.URL))
	require.NoError(t, err)
	var out []struct {
		IsBlocked bool `json:"is_blocked"`
	}
	err = resp.DecodeJSON(&out)
	require.ErrorIs(t, err, transport.ErrDecode)
	assert.NotContains(t, err.Error(), "fake-secret-not-real")
	assert.Contains(t, err.Error(), "ext_user_id", "the rest of the excerpt stays readable")

	srv = newRecorder(t, status(400, `{"code":"bad","message":"nope","details":{"api_token":"details-secret-1234"}}`))
	_, err = get(newClient(t, srv.URL, func(c *transport.Config) {
		c.DecodeError = func(resp *transport.Response, e *transport.Error) bool {
			var env struct {
				Details json.RawMessage `json:"details"`
			}
			_ = json.Unmarshal(resp.Body, &env)
			e.Details = env.Details
			return true
		}
	}))
	var e *transport.Error
	require.ErrorAs(t, err, &e)
	require.NotEmpty(t, e.Details)
	assert.NotContains(t, string(e.Details), "details-secret-1234")
	assert.Contains(t, string(e.Details), "api_token")
}

// A secret echoed with an escape the redactor's spellings do not cover (an
// upper-case \u escape, a mixed spelling) is scrubbed from error details and
// excerpts alike: escaped JSON is re-encoded before scrubbing.
func TestEscapedEchoReencodedBeforeScrubbing(t *testing.T) {
	t.Parallel()
	const secret = "пароль-Z9"
	mixed := `\u043F\u0430роль-Z9` // upper-case hex, half escaped
	body := `{"code":"bad","message":"x","details":{"echo":"` + mixed + `"}}`
	srv := newRecorder(t, status(400, body))
	c := newClient(t, srv.URL, func(c *transport.Config) {
		c.DecodeError = func(resp *transport.Response, e *transport.Error) bool {
			var env struct {
				Details json.RawMessage `json:"details"`
			}
			_ = json.Unmarshal(resp.Body, &env)
			e.Details = env.Details
			e.Message = resp.Excerpt()
			return true
		}
	})
	_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodPost, Path: "p", Body: map[string]any{"value": pw(secret)}, Retry: transport.RetryNever})
	var e *transport.Error
	require.ErrorAs(t, err, &e)
	for _, text := range []string{string(e.Details), e.Message, err.Error()} {
		assert.NotContains(t, text, mixed)
		assert.NotContains(t, text, secret)
	}
}
