package transport_test

// The hostile-network fault matrix, run through every package's client: each
// row proves that the package sends its calls through the shared transport
// and inherits its behavior (redirects, echoed secrets, oversized bodies,
// mid-body resets, local errors).

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/internal/transport"
	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	matrixKey    = "matrix-key-not-real-8c1f0e"     //nolint:gosec // a fake credential
	matrixSecret = "New&Root<Pass>=word/+matrix-17" //nolint:gosec // a fake per-call secret
)

var fastPolicy = transport.RetryPolicy{MaxRetries: 2, WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond, MaxRetryAfter: 50 * time.Millisecond}

// pkgDriver drives one package's client through the rows.
type pkgDriver struct {
	name string
	// build makes a client against base with a 1 MiB body cap and fast retries.
	build func(base string) (any, error)
	// read is an idempotent call; okBody is a valid answer to it.
	read   func(ctx context.Context, c any) error
	okBody string
	// secret is a call that carries a per-call secret in its body, or nil
	// when the package has none (then the credential is the secret).
	secret func(ctx context.Context, c any, s string) error
	// badCredential builds a client with a credential that can never be
	// sent (a line break in it).
	badCredential func() error
}

func drivers() []pkgDriver {
	const capBytes = 1 << 20
	return []pkgDriver{
		{
			name: "ati",
			build: func(base string) (any, error) {
				return ati.NewClient(matrixKey, ati.WithBaseURL(base), ati.WithRetry(fastPolicy), ati.WithMaxBodyBytes(capBytes))
			},
			read:          func(ctx context.Context, c any) error { _, err := c.(*ati.Client).Billing.Balance(ctx); return err },
			okBody:        `{"balance":0.5}`,
			badCredential: func() error { _, err := ati.NewClient("tok\r\nX-Injected: 1"); return err },
		},
		{
			name: "aeza",
			build: func(base string) (any, error) {
				return aeza.NewClient(matrixKey, aeza.WithBaseURL(base), aeza.WithRetry(fastPolicy), aeza.WithMaxBodyBytes(capBytes))
			},
			read: func(ctx context.Context, c any) error {
				return c.(*aeza.Client).Do(ctx, &aeza.Request{Method: http.MethodGet, Path: "services"}, nil)
			},
			okBody: `{"data":{"items":[],"total":0}}`,
			secret: func(ctx context.Context, c any, s string) error {
				return c.(*aeza.Client).Services.ChangePassword(ctx, 7, aeza.Password(s))
			},
			badCredential: func() error { _, err := aeza.NewClient("key\nX-Injected: 1"); return err },
		},
		{
			// aeza's newer API (/api/v2): the same rows over its list and its
			// password call (sent once, body without the "data" envelope).
			name: "aeza",
			build: func(base string) (any, error) {
				return aeza.NewClient(matrixKey, aeza.WithBaseURL(base), aeza.WithRetry(fastPolicy), aeza.WithMaxBodyBytes(capBytes))
			},
			read: func(ctx context.Context, c any) error {
				_, err := c.(*aeza.Client).Services.ListInfo(ctx, nil)
				return err
			},
			okBody: `{"items":[],"total":0}`,
			secret: func(ctx context.Context, c any, s string) error {
				return c.(*aeza.Client).Services.SetPassword(ctx, 7, aeza.Password(s))
			},
			badCredential: func() error { _, err := aeza.NewClient("key\nX-Injected: 1"); return err },
		},
		{
			name: "servicemanager",
			build: func(base string) (any, error) {
				return sm.NewClient(base+"/a/adm", sm.WithBasicAuth("svc", matrixKey), sm.WithRetry(fastPolicy), sm.WithMaxBodyBytes(capBytes),
					sm.WithServerVersion(19)) // no version discovery: every row answers the call itself
			},
			read:   func(ctx context.Context, c any) error { _, err := c.(*sm.Client).Users.List(ctx, 1010); return err },
			okBody: `{"general":{"error":false,"response":10200,"message":""},"user":[]}`,
			secret: func(ctx context.Context, c any, s string) error {
				return c.(*sm.Client).Users.Create(ctx, 1010, sm.CreateUser{Login: "newuser", Password: sm.Password(s)})
			},
			badCredential: func() error {
				_, err := sm.NewClient("https://sm.example/a/adm", sm.WithBearerToken("tok\r\nX-Injected: 1"))
				return err
			},
		},
		{
			name: "dataprovider",
			build: func(base string) (any, error) {
				return dataprovider.NewClient(base, dataprovider.WithBearerToken(matrixKey), dataprovider.WithRetry(fastPolicy), dataprovider.WithMaxBodyBytes(capBytes))
			},
			read: func(ctx context.Context, c any) error {
				_, err := c.(*dataprovider.Client).Services.List(ctx)
				return err
			},
			okBody: `[]`,
			secret: func(ctx context.Context, c any, s string) error {
				_, err := c.(*dataprovider.Client).Auth.Check(ctx, "user@example.test", dataprovider.Password(s))
				return err
			},
			badCredential: func() error {
				_, err := dataprovider.NewClient("https://dp.example", dataprovider.WithHeaderAuth("X Key:", "k-123456"))
				return err
			},
		},
	}
}

func build(t *testing.T, d pkgDriver, base string) any {
	t.Helper()
	c, err := d.build(base)
	require.NoError(t, err)
	return c
}

// Row: a redirect to another origin is not followed, by reads or by calls
// that carry a secret, and is a typed, unretried error.
func TestMatrixRedirect(t *testing.T) {
	t.Parallel()
	for _, d := range drivers() {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			other := newRecorder(t, status(200, d.okBody))
			origin := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.URL+r.URL.Path+"?sig=redirect-secret", http.StatusTemporaryRedirect)
			})
			c := build(t, d, origin.URL)
			err := d.read(context.Background(), c)
			require.ErrorIs(t, err, transport.ErrRedirect)
			assert.NotContains(t, err.Error(), "redirect-secret")
			if d.secret != nil {
				err = d.secret(context.Background(), c, matrixSecret)
				require.ErrorIs(t, err, transport.ErrRedirect)
			}
			assert.Zero(t, other.count(), "the other origin never sees a request")
		})
	}
}

// echoAll answers 400 with everything the request carried, in every form, in
// the envelope fields the four packages read.
func echoAll(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	text := string(body) + " " + url.QueryEscape(string(body)) + " " + base64.StdEncoding.EncodeToString(body) +
		" " + r.Header.Get("Authorization") + " " + r.Header.Get("X-Api-Key")
	msg := strings.Repeat("m", 190) + text
	out, _ := json.Marshal(map[string]any{
		"error_code": "E", "reason": msg, "message": msg, "slug": "bad", "error": msg,
		"data": map[string]any{"echo": text}, "details": text,
		"general": map[string]any{"error": true, "response": 10400, "message": msg},
	})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Echo", text)
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write(out)
}

// Row: a per-call secret (or the credential) echoed back by the upstream is
// scrubbed from the error in every form.
func TestMatrixEcho(t *testing.T) {
	t.Parallel()
	for _, d := range drivers() {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, echoAll)
			c := build(t, d, srv.URL)
			errs := []error{d.read(context.Background(), c)}
			if d.secret != nil {
				errs = append(errs, d.secret(context.Background(), c, matrixSecret))
			}
			for _, err := range errs {
				require.Error(t, err)
				var e *transport.Error
				require.ErrorAs(t, err, &e)
				for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), e.Message, e.Code, string(e.Details), fmt.Sprint(e.Header)} {
					assertNoForm(t, text, matrixSecret)
					assertNoForm(t, text, matrixKey)
				}
			}
		})
	}
}

// Row: a body over the cap is ErrBodyTooLarge.
func TestMatrixOversizedBody(t *testing.T) {
	t.Parallel()
	for _, d := range drivers() {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, status(200, `"`+strings.Repeat("z", 2<<20)+`"`))
			err := d.read(context.Background(), build(t, d, srv.URL))
			require.ErrorIs(t, err, transport.ErrBodyTooLarge)
		})
	}
}

// Row: an idempotent read whose body breaks off is sent again.
func TestMatrixMidBodyReset(t *testing.T) {
	t.Parallel()
	for _, d := range drivers() {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, midBodyReset, status(200, d.okBody))
			require.NoError(t, d.read(context.Background(), build(t, d, srv.URL)))
			assert.Equal(t, 2, srv.count())
		})
	}
}

// Row: a credential that can never be sent fails when the client is built,
// with the package's prefix, and never reaches the network.
func TestMatrixLocalError(t *testing.T) {
	t.Parallel()
	for _, d := range drivers() {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			err := d.badCredential()
			require.ErrorIs(t, err, transport.ErrInvalidArgument)
			assert.True(t, strings.HasPrefix(err.Error(), d.name+": "), err.Error())
		})
	}
}

// Row: every constructor and option error matches ErrInvalidArgument and
// carries the package's prefix; conflicting options are refused.
func TestMatrixOptionErrors(t *testing.T) {
	t.Parallel()
	bad := transport.RetryPolicy{MaxRetries: -1}
	cases := map[string][]error{
		"ati": {
			func() error { _, err := ati.NewClient(""); return err }(),
			func() error { _, err := ati.NewClient("t-1234", ati.WithTimeout(0)); return err }(),
			func() error { _, err := ati.NewClient("t-1234", ati.WithHTTPClient(nil)); return err }(),
			func() error { _, err := ati.NewClient("t-1234", ati.WithBaseURL("ftp://x")); return err }(),
			func() error { _, err := ati.NewClient("t-1234", ati.WithRetry(bad)); return err }(),
			func() error { _, err := ati.NewClient("t-1234", ati.WithUserAgent("a\r\nb")); return err }(),
			func() error { _, err := ati.NewClient("t-1234", ati.WithMaxBodyBytes(0)); return err }(),
			func() error {
				_, err := ati.NewClient("t-1234", ati.WithBaseURL("https://a.example"), ati.WithBaseURL("https://b.example"))
				return err
			}(),
		},
		"aeza": {
			func() error { _, err := aeza.NewClient(""); return err }(),
			func() error { _, err := aeza.NewClient("k-1234", aeza.WithTimeout(-time.Second)); return err }(),
			func() error { _, err := aeza.NewClient("k-1234", aeza.WithHTTPClient(nil)); return err }(),
			func() error { _, err := aeza.NewClient("k-1234", aeza.WithBaseURL("https://h/?token=x")); return err }(),
			func() error { _, err := aeza.NewClient("k-1234", aeza.WithRetry(bad)); return err }(),
			func() error { _, err := aeza.NewClient("k-1234", aeza.WithUserAgent("a\nb")); return err }(),
			func() error { _, err := aeza.NewClient("k-1234", aeza.WithMaxBodyBytes(-1)); return err }(),
		},
		"servicemanager": {
			func() error { _, err := sm.NewClient("https://sm.example/a/adm"); return err }(),
			func() error {
				_, err := sm.NewClient("https://sm.example/a/adm", sm.WithBasicAuth("u", "p"), sm.WithTimeout(0))
				return err
			}(),
			func() error {
				_, err := sm.NewClient("https://sm.example/a/adm", sm.WithBasicAuth("u", "p"), sm.WithHTTPClient(nil))
				return err
			}(),
			func() error { _, err := sm.NewClient("mailto:x", sm.WithBasicAuth("u", "p")); return err }(),
			func() error {
				_, err := sm.NewClient("https://sm.example/a/adm", sm.WithBasicAuth("u", "p"), sm.WithRetry(bad))
				return err
			}(),
			func() error {
				_, err := sm.NewClient("https://sm.example/a/adm", sm.WithBasicAuth("u", "p"), sm.WithUserAgent("\n"))
				return err
			}(),
			func() error {
				_, err := sm.NewClient("https://sm.example/a/adm", sm.WithBasicAuth("u", "p"), sm.WithBaseURL("https://other.example/a/adm"))
				return err
			}(),
			func() error {
				_, err := sm.NewClient("https://sm.example/a/adm", sm.WithBasicAuth("u", "p"), sm.WithBearerToken("t-1234"))
				return err
			}(),
		},
		"dataprovider": {
			func() error { _, err := dataprovider.NewClient(""); return err }(),
			func() error { _, err := dataprovider.NewClient("ftp://dp.example"); return err }(),
			func() error {
				_, err := dataprovider.NewClient("https://dp.example", dataprovider.WithTimeout(0))
				return err
			}(),
			func() error {
				_, err := dataprovider.NewClient("https://dp.example", dataprovider.WithHTTPClient(nil))
				return err
			}(),
			func() error {
				_, err := dataprovider.NewClient("https://dp.example", dataprovider.WithRetry(bad))
				return err
			}(),
			func() error {
				_, err := dataprovider.NewClient("https://dp.example", dataprovider.WithUserAgent("\r"))
				return err
			}(),
			func() error {
				_, err := dataprovider.NewClient("https://dp.example", dataprovider.WithBasicAuth("u", "p"), dataprovider.WithBearerToken("t-1234"))
				return err
			}(),
		},
	}
	for pkg, errs := range cases {
		for i, err := range errs {
			require.Error(t, err, "%s case %d", pkg, i)
			assert.ErrorIs(t, err, transport.ErrInvalidArgument, "%s case %d: %v", pkg, i, err)
			assert.True(t, strings.HasPrefix(err.Error(), pkg+": "), "%s case %d: %v", pkg, i, err)
			assert.False(t, strings.HasPrefix(err.Error(), pkg+": "+pkg+": "), "%s case %d: doubled prefix: %v", pkg, i, err)
		}
	}
}
