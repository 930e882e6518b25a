package transport_test

// Echoes of secrets in the spellings servers use, through every package's
// client (the redactor is shared): a credential's token alone, a password as
// HTML character references, upper-case \u escapes or lower-case %xx in
// HTML, text and JSON error pages; and scrubbing that leaves the server's
// own words alone.

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/internal/transport"
	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scrubDriver drives one package for these rows.
type scrubDriver struct {
	name  string
	build func(base string) (any, error)
	// read is any call, with per-call options.
	read func(ctx context.Context, c any, opts ...transport.CallOption) error
	// secret sends s as a per-call password (in the body), or as a secret
	// header for ATI, which has no call that carries a password.
	secret func(ctx context.Context, c any, s string) error
}

func scrubDrivers() []scrubDriver {
	return []scrubDriver{
		{
			name: "ati",
			build: func(base string) (any, error) {
				return ati.NewClient(matrixKey, ati.WithBaseURL(base), ati.WithRetry(transport.NoRetries()), ati.WithRateLimit(0, 0))
			},
			read: func(ctx context.Context, c any, opts ...transport.CallOption) error {
				_, err := c.(*ati.Client).Billing.Balance(ctx, opts...)
				return err
			},
			secret: func(ctx context.Context, c any, s string) error {
				_, err := c.(*ati.Client).Billing.Balance(ctx, ati.WithHeader("X-Api-Token", s))
				return err
			},
		},
		{
			name: "aeza",
			build: func(base string) (any, error) {
				return aeza.NewClient(matrixKey, aeza.WithBaseURL(base), aeza.WithRetry(transport.NoRetries()))
			},
			read: func(ctx context.Context, c any, opts ...transport.CallOption) error {
				return c.(*aeza.Client).Do(ctx, &aeza.Request{Method: http.MethodGet, Path: "services"}, nil, opts...)
			},
			secret: func(ctx context.Context, c any, s string) error {
				return c.(*aeza.Client).Services.ChangePassword(ctx, 7, aeza.Password(s))
			},
		},
		{
			name: "servicemanager",
			build: func(base string) (any, error) {
				return sm.NewClient(base+"/a/adm", sm.WithBasicAuth("svc", matrixKey), sm.WithRetry(transport.NoRetries()), sm.WithServerVersion(19))
			},
			read: func(ctx context.Context, c any, opts ...transport.CallOption) error {
				_, err := c.(*sm.Client).Users.List(ctx, 1010, opts...)
				return err
			},
			secret: func(ctx context.Context, c any, s string) error {
				return c.(*sm.Client).Users.Create(ctx, 1010, sm.CreateUser{Login: "newuser", Password: sm.Password(s)})
			},
		},
		{
			name: "dataprovider",
			build: func(base string) (any, error) {
				return dataprovider.NewClient(base, dataprovider.WithBearerToken(matrixKey), dataprovider.WithRetry(transport.NoRetries()))
			},
			read: func(ctx context.Context, c any, opts ...transport.CallOption) error {
				_, err := c.(*dataprovider.Client).Services.List(ctx, opts...)
				return err
			},
			secret: func(ctx context.Context, c any, s string) error {
				_, err := c.(*dataprovider.Client).Auth.Check(ctx, "user@example.test", dataprovider.Password(s))
				return err
			},
		},
	}
}

// answerWith answers 400 with text: as an HTML page, a text page, or in every
// field of the four packages' JSON envelopes.
func answerWith(kind, text string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		switch kind {
		case "html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprintf(w, "<html><body><h1>Bad request</h1><p>%s</p></body></html>", text)
		case "text":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, text)
		default:
			out, _ := json.Marshal(map[string]any{
				"error_code": "E", "reason": text, "message": text, "slug": "bad", "error": text,
				"data": map[string]any{"echo": text}, "details": text,
				"general": map[string]any{"error": true, "response": 10400, "message": text},
			})
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write(out)
		}
	}
}

// errorTexts is everything an error shows.
func errorTexts(t *testing.T, err error) []string {
	t.Helper()
	require.Error(t, err)
	var e *transport.Error
	require.ErrorAs(t, err, &e)
	return []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", e), e.Message, e.Code, string(e.Details), fmt.Sprint(e.Header)}
}

// A credential "<scheme> <token>" (or a cookie "name=value") is scrubbed in
// parts too: a server that echoes the token alone does not leak it, however
// short it is.
func TestMatrixSchemeTokenEchoedAlone(t *testing.T) {
	t.Parallel()
	headers := []struct{ name, value, token string }{
		{"Authorization", "Bearer per-call-bearer-3f9", "per-call-bearer-3f9"},
		{"Authorization", "Token tk7", "tk7"},
		{"Authorization", "Token x", "x"},
		{"Cookie", "session=cookie-value-81a; theme=dark", "cookie-value-81a"},
		{"Cookie", "session=x", "x"},
	}
	for _, d := range scrubDrivers() {
		for _, h := range headers {
			t.Run(d.name+" "+h.value, func(t *testing.T) {
				t.Parallel()
				srv := newRecorder(t, answerWith("json", "the token ("+h.token+") is not valid"))
				c := build(t, pkgDriver{build: d.build}, srv.URL)
				err := d.read(context.Background(), c, transport.WithHeader(h.name, h.value))
				for _, text := range errorTexts(t, err) {
					assert.NotContains(t, text, "("+h.token+")")
				}
				assert.Contains(t, err.Error(), "("+transport.Redacted+")", "the redaction is marked")
				assert.Contains(t, err.Error(), "is not valid", "the server's words stay")
				if h.name == "Cookie" {
					assert.Equal(t, h.value, srv.last().Header.Get(h.name), "sent as given")
				}
			})
		}
	}
	// A client credential given as a header with its scheme.
	for _, tok := range []string{"dp-header-token-5c2", "x"} {
		t.Run("dataprovider WithHeaderAuth Token "+tok, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, answerWith("json", "unknown token: "+tok))
			c, err := dataprovider.NewClient(srv.URL, dataprovider.WithHeaderAuth("Authorization", "Token "+tok), dataprovider.WithRetry(transport.NoRetries()))
			require.NoError(t, err)
			_, err = c.Services.List(context.Background())
			for _, text := range errorTexts(t, err) {
				assert.NotContains(t, text, "token: "+tok)
			}
			assert.Contains(t, err.Error(), "unknown token: "+transport.Redacted)
			assert.Equal(t, "Token "+tok, srv.last().Header.Get("Authorization"))
		})
	}
}

// spellings returns the ways a server may spell s in an echo.
func spellings(s string) map[string]string {
	entityQuot := strings.NewReplacer(`"`, "&quot;", "'", "&#39;", "<", "&lt;", ">", "&gt;", "&", "&amp;").Replace(s)
	var numeric, hexEnt, upperU, lowerPct strings.Builder
	for _, r := range s {
		fmt.Fprintf(&numeric, "&#%d;", r)
		if r < 0x80 && r != '"' && r != '\'' && r != '<' && r != '>' && r != '&' {
			hexEnt.WriteRune(r)
		} else {
			fmt.Fprintf(&hexEnt, "&#x%X;", r)
		}
		if r < 0x80 && r != '"' && r != '\'' && r != '\\' {
			upperU.WriteRune(r)
		} else {
			fmt.Fprintf(&upperU, `\u%04X`, r)
		}
	}
	for _, b := range []byte(s) {
		if b < 0x80 && (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') {
			lowerPct.WriteByte(b)
		} else {
			fmt.Fprintf(&lowerPct, "%%%02x", b)
		}
	}
	jsonOfHTML, _ := json.Marshal(html.EscapeString(s)) // \u0026lt; ...: an HTML echo quoted in JSON
	return map[string]string{
		"html.EscapeString":   html.EscapeString(s),
		"&quot; &#39;":        entityQuot,
		"decimal references":  numeric.String(),
		"hex references":      hexEnt.String(),
		"upper-case \\u":      upperU.String(),
		"lower-case %xx":      lowerPct.String(),
		"JSON of HTML escape": strings.Trim(string(jsonOfHTML), `"`),
	}
}

// A per-call password echoed in any spelling, in an HTML page, a text page or
// JSON, is scrubbed in every package.
func TestMatrixPasswordSpellingsScrubbed(t *testing.T) {
	t.Parallel()
	const secret = `Пароль"5<&'>q/Z` //nolint:gosec // a fake password with characters every escaping changes
	for _, d := range scrubDrivers() {
		for name, spelled := range spellings(secret) {
			require.NotEqual(t, secret, spelled, name)
			for _, kind := range []string{"html", "text", "json"} {
				t.Run(d.name+" "+name+" "+kind, func(t *testing.T) {
					t.Parallel()
					srv := newRecorder(t, answerWith(kind, "password "+spelled+" is not allowed"))
					err := d.secret(context.Background(), build(t, pkgDriver{build: d.build}, srv.URL), secret)
					for _, text := range errorTexts(t, err) {
						assert.NotContains(t, text, spelled)
						assert.NotContains(t, text, secret)
						assert.NotContains(t, text, "Пароль")
						assert.NotContains(t, text, `\u041F`)
					}
					assert.Contains(t, err.Error(), transport.Redacted)
					assert.Contains(t, err.Error(), "is not allowed")
				})
			}
		}
	}
}

// Scrubbing leaves the server's words alone: a password that is also a word
// of the server's message ("wrong") does not eat it, and a secret inside a
// longer word is not cut out of it; the password itself, echoed as a value,
// is still scrubbed.
func TestMatrixScrubbingKeepsServerWords(t *testing.T) {
	t.Parallel()
	for _, d := range scrubDrivers() {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, answerWith("json", "wrong login or password; wrongly formed; password: wrong; got \"wrong\""))
			err := d.secret(context.Background(), build(t, pkgDriver{build: d.build}, srv.URL), "wrong")
			msg := err.Error()
			assert.Contains(t, msg, "wrong login or password; wrongly formed; ")
			assert.Contains(t, msg, "password: "+transport.Redacted+"; got ")
			assert.NotContains(t, msg, `"wrong"`)
			assert.NotContains(t, msg, `\"wrong\"`)
		})
	}
}

// The redactor itself: spellings, whole tokens, short secrets, two layers.
func TestRedactorSpellingsAndTokens(t *testing.T) {
	t.Parallel()
	const secret = `Пароль"5<&'>q/Z`
	r := transport.NewRedactor(secret, "x", "wrong", "pass")
	for name, spelled := range spellings(secret) {
		got := r.String("a " + spelled + " b")
		assert.Equal(t, "a "+transport.Redacted+" b", got, name)
	}
	for in, want := range map[string]string{
		"token x rejected":            "token " + transport.Redacted + " rejected",
		"x-ray box":                   "x-ray box", // "x" glued to "-ray"? a dash is no word: see below
		"box":                         "box",
		"password":                    "password",
		"pass=pass":                   transport.Redacted + "=" + transport.Redacted,
		"it is wrong.":                "it is wrong.",
		"<p>wrong login</p>":          "<p>wrong login</p>",
		"<td>wrong</td>":              "<td>" + transport.Redacted + "</td>",
		"wrong":                       transport.Redacted,
		"wrong login or password":     "wrong login or password",
		"login: wrong":                "login: " + transport.Redacted,
		`{"p":"wrong"}`:               `{"p":"` + transport.Redacted + `"}`,
		`{"p":"\u0077rong"}`:          `{"p":"` + transport.Redacted + `"}`,
		"p=%77rong%20is%20bad":        "p=" + transport.Redacted + "%20is%20bad",
		"\\twrong:":                   "\\t" + transport.Redacted + ":",
		strconv.Quote("wrongwrong"):   strconv.Quote("wrongwrong"),
		"a &lt;b&gt; &amp;c":          "a &lt;b&gt; &amp;c",
		"100% &copy; \\q \\u12 &#zz;": "100% &copy; \\q \\u12 &#zz;",
	} {
		if in == "x-ray box" {
			// A one-letter secret stands alone before a dash: scrubbed.
			want = transport.Redacted + "-ray box"
		}
		assert.Equal(t, want, r.String(in), "in %q", in)
		assert.True(t, utf8.ValidString(r.String(in)))
	}
}
