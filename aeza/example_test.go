package aeza_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
)

func Example() {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, err := aeza.NewClient(srv.APIKey, aeza.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	acct, err := c.Account.Current(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("balance:", acct.Balance) // minor units: kopecks here, cents on aeza.net
	for svc, err := range c.Services.All(ctx, &aeza.ListOptions{Sort: aeza.SortBy(aeza.Asc("id"))}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(svc.ID, svc.Name, svc.Status)
	}
	// Output:
	// balance: 100000
	// 101 web-1 active
	// 102 db-1 suspended
}

// Against Aeza itself, with an API key (compiled, not run).
func Example_live() {
	ctx := context.Background()
	c, err := aeza.NewClient(os.Getenv("AEZA_API_KEY"))
	if err != nil {
		log.Fatal(err)
	}
	// Every service, page by page as the loop asks; break stops paging.
	for svc, err := range c.Services.All(ctx, &aeza.ListOptions{Sort: aeza.SortBy(aeza.Desc("id"))}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(svc.ID, svc.Name, svc.Status)
	}
	// A product's monthly price in dollars, rounded up the way Aeza does.
	// Aeza sends amounts in minor units (cents, kopecks): ConvertMinor
	// converts them.
	currencies, err := c.Payments.Currencies(ctx)
	if err != nil {
		log.Fatal(err)
	}
	usd, ok := currencies.Find("USD") // by slug, code or name, in any case
	if !ok {
		log.Fatal("payment/currencies offers no USD")
	}
	p, err := c.Products.Get(ctx, 3)
	if err != nil {
		log.Fatal(err)
	}
	v, err := usd.ConvertMinor(p.Prices[aeza.TermMonth].Value)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %s USD a month\n", p.Name, v)
}

// Reads retry on connection errors, 429, 502, 503 and 504; the policy is
// adjustable per client. Orders, prolongation and invoices are never re-sent.
func ExampleWithRetry() {
	c, err := aeza.NewClient(os.Getenv("AEZA_API_KEY"), aeza.WithRetry(aeza.RetryPolicy{
		MaxRetries:    5,
		WaitMin:       500 * time.Millisecond,
		WaitMax:       10 * time.Second,
		MaxRetryAfter: 2 * time.Minute,
	}))
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.Account.Current(context.Background())
	var e *aeza.Error
	if errors.Is(err, aeza.ErrRateLimited) && errors.As(err, &e) {
		fmt.Println("still rate limited after", e.Attempts, "attempts; Aeza asks to wait", e.RetryAfter)
	}
}

func ExampleConvert() {
	// 369 RUB at a multiplier of 0.0112, rounded up to 2 places: 4.1328 → 4.14.
	v, err := aeza.Convert(aeza.MustDecimal("369"), aeza.MustDecimal("0.0112"), 2)
	fmt.Println(v, err)
	// 0.1 × 3 is exactly 0.3 (binary floats would give 0.30000000000000004 → 0.31).
	v, err = aeza.Convert(aeza.MustDecimal("0.1"), aeza.MustDecimal("3"), 2)
	fmt.Println(v, err)
	// Output:
	// 4.14 <nil>
	// 0.30 <nil>
}

func ExampleCurrency_ConvertMinor() {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	cs, err := c.Payments.Currencies(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	usd, ok := cs.Find("usd") // by slug, code or name, in any case
	if !ok {
		fmt.Println("no USD")
		return
	}
	p, _ := c.Products.Get(context.Background(), 3)
	month := p.Prices[aeza.TermMonth].Value // minor units: 36900 kopecks
	v, _ := usd.ConvertMinor(month)
	fmt.Printf("%s: %s kopecks = %s USD per month\n", p.Name, month, v)
	// Output:
	// DE-MINI: 36900 kopecks = 4.14 USD per month
}

func ExampleOrdersService_Wait() {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()
	res, err := c.Orders.Create(ctx, aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermHour, Name: "demo", ProductID: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	o, err := c.Orders.Wait(ctx, res.Items[0].ID, 0)
	fmt.Println(o.Status, len(o.CreatedServiceIDs), err)
	fmt.Println("balance left:", srv.Balance())
	// Output:
	// performed 1 <nil>
	// balance left: 999.34
}

func ExampleRateLimitOf() {
	srv := aezatest.NewServer(aezatest.WithAPIKey("another-key-not-real"))
	defer srv.Close()
	c, _ := aeza.NewClient("wrong-key-not-real", aeza.WithBaseURL(srv.URL))
	_, err := c.Account.Current(context.Background())
	var e *aeza.Error
	if errors.As(err, &e) {
		fmt.Println(errors.Is(err, aeza.ErrUnauthorized), e.Code)
	}
	_, ok := aeza.RateLimitOf(err)
	fmt.Println("rate-limit headers:", ok)
	// Output:
	// true unauthorized
	// rate-limit headers: false
}

// Order a server with the operating system named the way current servers
// expect (its slug, taken from the OS list), and find the product's country
// in the group tree.
func ExampleOS_Ref() {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()

	var ubuntu aeza.OS
	for os, err := range c.OS.All(ctx, nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		if os.Slug == "ubuntu_2404" {
			ubuntu = os
		}
	}
	res, err := c.Orders.Create(ctx, aeza.OrderRequest{Method: "balance", Count: 1, Term: aeza.TermHour,
		Name: "web-2", ProductID: 3, Parameters: &aeza.OrderParameters{OS: ubuntu.Ref()}})
	if err != nil {
		fmt.Println(err)
		return
	}
	o, err := c.Orders.Wait(ctx, res.Items[0].ID, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	svc, err := c.Services.Get(ctx, o.CreatedServiceIDs[0])
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(svc.Name, "runs", svc.Parameters.OS)
	// Output:
	// web-2 runs ubuntu_2404
}

// A product points at a server group; its country is on the location group
// above it.
func ExampleGroups_Location() {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()

	tree, err := c.Groups.Tree(ctx, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for p, err := range c.Products.All(ctx, nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		loc, ok := tree.Location(p.GroupID)
		if !ok {
			fmt.Println(p.Name, "location unknown")
			continue
		}
		fmt.Println(p.Name, loc.Payload.Code, loc.Name)
	}
	// Output:
	// DE-MINI de Germany
	// NL-PRO nl Netherlands
}

// Read a call's status, request id, attempts and Aeza's per-endpoint
// rate-limit counters, on success and on failure alike.
func ExampleWithResponseInto() {
	srv := aezatest.NewServer(aezatest.WithRateLimit(10, time.Minute))
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	var info aeza.ResponseInfo
	list, err := c.Services.List(ctx, nil, aeza.WithResponseInto(&info))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(list.Items), "services;", info.Operation, info.StatusCode, "after", info.Attempts, "attempt")
	if rl := info.RateLimit; rl.Known() {
		fmt.Printf("%d of %d requests left, window resets in %v\n", rl.Remaining, rl.Limit, rl.Reset)
	}
	// Output:
	// 2 services; services.list 200 after 1 attempt
	// 9 of 10 requests left, window resets in 1m0s
}

// spanNamer is a plain RoundTripper that names each request by its
// operation, as an otelhttp span-name formatter would.
type spanNamer struct{ next http.RoundTripper }

func (s spanNamer) RoundTrip(r *http.Request) (*http.Response, error) {
	fmt.Println("span:", aeza.OperationName(r), r.Method, r.URL.Path)
	return s.next.RoundTrip(r)
}

func ExampleOperationName() {
	srv := aezatest.NewServer()
	defer srv.Close()
	c, err := srv.Client(aeza.WithHTTPClient(&http.Client{Transport: spanNamer{next: http.DefaultTransport}}))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	if _, err := c.Account.Current(ctx); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := c.Services.Get(ctx, 101); err != nil {
		fmt.Println(err)
	}
	// Output:
	// span: account.current GET /api/accounts
	// span: services.get GET /api/services/101
}
