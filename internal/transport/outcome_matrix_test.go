package transport_test

// The outcome matrix: every fault the fault matrix and the fakes can
// produce, against a read, a change and a money call of every package, and
// the class each failure must carry (not sent, outcome unknown, or neither
// for an answer).

import (
	"context"
	"errors"
	"io"
	"net/http"
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

// call is one typed call of a package, against a client built for base.
type call func(ctx context.Context, base string, guard guardMode) error

type guardMode int

const (
	guardNone guardMode = iota
	guardReadOnly
	guardDryRun
)

// outcomeDriver is a package's read, change and money call (nil when the
// package has none) and a change refused for its argument.
type outcomeDriver struct {
	name                 string
	read, change, money  call
	invalid              call
	inBand               string // a 200 the package reads as a failure; "" if none
	changeRetriedByRetry bool   // the change is an idempotent method, retried on network failures
}

func outcomeDrivers() []outcomeDriver {
	atiC := func(base string, g guardMode) *ati.Client {
		opts := []ati.Option{ati.WithBaseURL(base), ati.WithRetry(fastPolicy)}
		switch g {
		case guardReadOnly:
			opts = append(opts, ati.WithReadOnly())
		case guardDryRun:
			opts = append(opts, ati.WithDryRun())
		}
		c, err := ati.NewClient(matrixKey, opts...)
		if err != nil {
			panic(err)
		}
		return c
	}
	aezaC := func(base string, g guardMode) *aeza.Client {
		opts := []aeza.Option{aeza.WithBaseURL(base), aeza.WithRetry(fastPolicy)}
		switch g {
		case guardReadOnly:
			opts = append(opts, aeza.WithReadOnly())
		case guardDryRun:
			opts = append(opts, aeza.WithDryRun())
		}
		c, err := aeza.NewClient(matrixKey, opts...)
		if err != nil {
			panic(err)
		}
		return c
	}
	smC := func(base string, g guardMode) *sm.Client {
		opts := []sm.Option{sm.WithBasicAuth("svc", matrixKey), sm.WithRetry(fastPolicy), sm.WithServerVersion(19)}
		switch g {
		case guardReadOnly:
			opts = append(opts, sm.WithReadOnly())
		case guardDryRun:
			opts = append(opts, sm.WithDryRun())
		}
		c, err := sm.NewClient(base+"/a/adm", opts...)
		if err != nil {
			panic(err)
		}
		return c
	}
	dpOpts := func(g guardMode) []dataprovider.Option {
		opts := []dataprovider.Option{dataprovider.WithRetry(fastPolicy)}
		switch g {
		case guardReadOnly:
			opts = append(opts, dataprovider.WithReadOnly())
		case guardDryRun:
			opts = append(opts, dataprovider.WithDryRun())
		}
		return opts
	}
	return []outcomeDriver{
		{
			name: "ati",
			read: func(ctx context.Context, base string, g guardMode) error {
				_, err := atiC(base, g).Billing.Balance(ctx)
				return err
			},
			change: func(ctx context.Context, base string, g guardMode) error {
				_, err := atiC(base, g).Organizations.Create(ctx, &ati.OrganizationInput{Name: ati.Ptr("ООО Ромашка"), INN: ati.Ptr("7707083893")})
				return err
			},
			invalid: func(ctx context.Context, base string, g guardMode) error {
				return atiC(base, g).Organizations.Delete(ctx, "")
			},
		},
		{
			name: "aeza",
			read: func(ctx context.Context, base string, g guardMode) error {
				_, err := aezaC(base, g).Services.List(ctx, nil)
				return err
			},
			change: func(ctx context.Context, base string, g guardMode) error {
				return aezaC(base, g).Services.ChangePassword(ctx, 7, aeza.Password(matrixSecret))
			},
			changeRetriedByRetry: true,
			money: func(ctx context.Context, base string, g guardMode) error {
				_, err := aezaC(base, g).Orders.Create(ctx, aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermMonth, Name: "web-1", ProductID: 3})
				return err
			},
			invalid: func(ctx context.Context, base string, g guardMode) error {
				_, err := aezaC(base, g).Orders.Create(ctx, aeza.OrderRequest{})
				return err
			},
			inBand: `{"error":{"slug":"validation_error","message":"no"}}`,
		},
		{
			name: "servicemanager",
			read: func(ctx context.Context, base string, g guardMode) error {
				_, err := smC(base, g).Users.List(ctx, 1010)
				return err
			},
			change: func(ctx context.Context, base string, g guardMode) error {
				return smC(base, g).Users.Create(ctx, 1010, sm.CreateUser{Login: "newuser", Password: sm.Password(matrixSecret)})
			},
			money: func(ctx context.Context, base string, g guardMode) error {
				_, err := smC(base, g).Bills.Create(ctx, 1010, sm.NewBill{BillID: "inv-1", SellerID: 1, CustomerID: 2, TotalCost: "100.00"})
				return err
			},
			invalid: func(ctx context.Context, base string, g guardMode) error {
				return smC(base, g).Users.Create(ctx, 1010, sm.CreateUser{})
			},
			inBand: `{"general":{"error":true,"response":10400,"message":"no"}}`,
		},
		{
			name: "dataprovider",
			read: func(ctx context.Context, base string, g guardMode) error {
				c, err := dataprovider.NewClient(base, append(dpOpts(g), dataprovider.WithBearerToken(matrixKey))...)
				if err != nil {
					return err
				}
				_, err = c.Services.List(ctx)
				return err
			},
			change: func(ctx context.Context, base string, g guardMode) error {
				c, err := dataprovider.NewCallbackClient(base, "core", matrixKey, dpOpts(g)...)
				if err != nil {
					return err
				}
				return c.ContractChanged(ctx, "c-1")
			},
			changeRetriedByRetry: true, // callbacks are notifications, safe to repeat
			invalid: func(ctx context.Context, base string, g guardMode) error {
				c, err := dataprovider.NewCallbackClient(base, "core", matrixKey, dpOpts(g)...)
				if err != nil {
					return err
				}
				return c.ContractChanged(ctx, "")
			},
		},
	}
}

// kinds lists a driver's calls by name.
func (d outcomeDriver) kinds() map[string]call {
	out := map[string]call{"read": d.read, "change": d.change}
	if d.money != nil {
		out["money"] = d.money
	}
	return out
}

func checkOutcome(t *testing.T, want transport.Outcome, err error) {
	t.Helper()
	require.Error(t, err)
	assert.Equal(t, want, transport.OutcomeOf(err), "%v", err)
	assert.Equal(t, want == transport.OutcomeNotSent, errors.Is(err, transport.ErrNotSent), "ErrNotSent: %v", err)
	assert.Equal(t, want == transport.OutcomeUnknown, errors.Is(err, transport.ErrOutcomeUnknown), "ErrOutcomeUnknown: %v", err)
	var e *transport.Error
	if want == transport.OutcomeAnswered {
		assert.True(t, errors.As(err, &e), "an answer is an *Error: %v", err)
	}
	assertNoForm(t, err.Error(), matrixSecret)
	assertNoForm(t, err.Error(), matrixKey)
}

// Every HTTP answer of the upstream, whatever its status, is neither.
func TestOutcomeMatrixAnswers(t *testing.T) {
	t.Parallel()
	for _, d := range outcomeDrivers() {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			for kind, c := range d.kinds() {
				for _, code := range []int{400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504} {
					srv := newRecorder(t, status(code, `{"error_code":"E","reason":"no","error":{"slug":"e","message":"no"},"general":{"error":true,"response":10500,"message":"no"}}`))
					err := c(context.Background(), srv.URL, guardNone)
					t.Run(kind, func(t *testing.T) { checkOutcome(t, transport.OutcomeAnswered, err) })
				}
				if d.inBand != "" {
					srv := newRecorder(t, status(200, d.inBand))
					err := c(context.Background(), srv.URL, guardNone)
					t.Run(kind+"/in-band", func(t *testing.T) { checkOutcome(t, transport.OutcomeAnswered, err) })
				}
				// A redirect the client does not follow, and an oversized
				// body, are answers too.
				other := newRecorder(t, status(200, `{}`))
				srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
				})
				err := c(context.Background(), srv.URL, guardNone)
				t.Run(kind+"/redirect", func(t *testing.T) { checkOutcome(t, transport.OutcomeAnswered, err) })
			}
		})
	}
}

// Faults on the wire: a reset before the answer, a success whose body is
// cut, a timeout after the write are outcome-unknown; a refused dial, a
// context that ended first, a refused argument, the read-only guard and a
// dry run are not sent.
func TestOutcomeMatrixWire(t *testing.T) {
	t.Parallel()
	closed := "http://" + refusingAddr(t)
	for _, d := range outcomeDrivers() {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			for kind, c := range d.kinds() {
				t.Run(kind, func(t *testing.T) {
					srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { drain(r); reset(w, r) })
					checkOutcome(t, transport.OutcomeUnknown, c(context.Background(), srv.URL, guardNone))
					if kind == "money" || (kind == "change" && !d.changeRetriedByRetry) {
						assert.Equal(t, 1, srv.count(), "sent once")
					}

					srv = newRecorder(t, midBodyReset)
					checkOutcome(t, transport.OutcomeUnknown, c(context.Background(), srv.URL, guardNone))

					srv = newRecorder(t, hang)
					ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
					err := c(ctx, srv.URL, guardNone)
					cancel()
					checkOutcome(t, transport.OutcomeUnknown, err)
					assert.ErrorIs(t, err, context.DeadlineExceeded)

					checkOutcome(t, transport.OutcomeNotSent, c(context.Background(), closed, guardNone))

					srv = newRecorder(t, status(200, `{}`))
					ctx, cancel = context.WithCancel(context.Background())
					cancel()
					err = c(ctx, srv.URL, guardNone)
					checkOutcome(t, transport.OutcomeNotSent, err)
					assert.ErrorIs(t, err, context.Canceled)

					err = c(context.Background(), srv.URL, guardReadOnly)
					if kind == "read" {
						assert.NotErrorIs(t, err, transport.ErrReadOnly)
					} else {
						checkOutcome(t, transport.OutcomeNotSent, err)
						assert.ErrorIs(t, err, transport.ErrReadOnly)
					}
					err = c(context.Background(), srv.URL, guardDryRun)
					if kind != "read" {
						checkOutcome(t, transport.OutcomeNotSent, err)
						var dr *transport.DryRunRequest
						require.ErrorAs(t, err, &dr)
						assertNoForm(t, string(dr.Body)+strings.Join(flatten(dr.Header), " ")+dr.URL, matrixSecret)
						assertNoForm(t, string(dr.Body)+strings.Join(flatten(dr.Header), " ")+dr.URL, matrixKey)
					}
					want := 0
					if kind == "read" {
						want = 2 // the read-only and dry-run clients still read
					}
					assert.Equal(t, want, srv.count(), "nothing but reads reached the server")
				})
			}
			checkOutcome(t, transport.OutcomeNotSent, d.invalid(context.Background(), closed, guardNone))
		})
	}
}

// A rate-limiter wait that ended before the call went out is not sent.
func TestOutcomeRateLimiterWait(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(200, `{"data":{}}`))
	c, err := aeza.NewClient(matrixKey, aeza.WithBaseURL(srv.URL), aeza.WithRateLimit(0.001, 1))
	require.NoError(t, err)
	_ = c.Do(context.Background(), &aeza.Request{Path: "services"}, nil) // spends the burst
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = c.Orders.Create(ctx, aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermMonth, ProductID: 3})
	checkOutcome(t, transport.OutcomeNotSent, err)
	assert.Equal(t, 1, srv.count())
}

func drain(r *http.Request) {
	buf := make([]byte, 512)
	for {
		if _, err := r.Body.Read(buf); err != nil {
			return
		}
	}
}

// A proxy's HTML page for 502 or 504 is not the upstream's answer: the
// request may have been forwarded and acted on before the proxy gave up, so
// a change (or a money call) is outcome-unknown, with the *Error still
// reachable; a read is just an answer. The upstream's own JSON 502/504 stays
// an answer (TestOutcomeMatrixAnswers).
func TestOutcomeMatrixGatewayPage(t *testing.T) {
	t.Parallel()
	page := func(code int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			drain(r)
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(code)
			_, _ = io.WriteString(w, "<html><head><title>504 Gateway Time-out</title></head><body><center><h1>Gateway</h1></center><hr><center>nginx</center></body></html>")
		}
	}
	for _, d := range outcomeDrivers() {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			for kind, c := range d.kinds() {
				for _, code := range []int{http.StatusBadGateway, http.StatusGatewayTimeout} {
					srv := newRecorder(t, page(code))
					err := c(context.Background(), srv.URL, guardNone)
					t.Run(kind, func(t *testing.T) {
						if kind == "read" {
							checkOutcome(t, transport.OutcomeAnswered, err)
							return
						}
						checkOutcome(t, transport.OutcomeUnknown, err)
						var e *transport.Error
						require.ErrorAs(t, err, &e)
						assert.Equal(t, code, e.StatusCode)
						if kind == "money" {
							assert.Equal(t, 1, srv.count(), "a money call is sent once")
						}
					})
				}
				// A 503 page (maintenance) and a text/plain gateway line stay
				// answers: neither says the request was forwarded.
				for _, h := range []http.HandlerFunc{
					func(w http.ResponseWriter, r *http.Request) {
						drain(r)
						w.Header().Set("Content-Type", "text/html")
						w.WriteHeader(http.StatusServiceUnavailable)
						_, _ = io.WriteString(w, "<html><body>maintenance</body></html>")
					},
					func(w http.ResponseWriter, r *http.Request) {
						drain(r)
						w.Header().Set("Content-Type", "text/plain")
						w.WriteHeader(http.StatusBadGateway)
						_, _ = io.WriteString(w, "Bad Gateway\n")
					},
				} {
					srv := newRecorder(t, h)
					err := c(context.Background(), srv.URL, guardNone)
					t.Run(kind+"/plain", func(t *testing.T) { checkOutcome(t, transport.OutcomeAnswered, err) })
				}
			}
		})
	}
}
