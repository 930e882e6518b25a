package dataprovider_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
)

func Example() {
	srv := dptest.NewServer()
	defer srv.Close()
	c, err := dataprovider.NewClient(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	id, err := c.Auth.Check(ctx, "1595", "58208891")
	if err != nil {
		fmt.Println(err)
		return
	}
	cs, _ := c.Contracts.ByUser(ctx, id)
	for _, ct := range cs {
		fmt.Println(ct.Contract, ct.State, ct.Balance)
	}
	ch, _ := c.Charges.ByUser(ctx, id, 1)
	fmt.Println(ch[0].Period, ch[0].Cost)
	// Output:
	// 1595-1N connected 369.00 ₽
	// 02-22 200.00 ₽
}

// The platform's side against an operator's provider API (compiled, not run).
func Example_live() {
	ctx := context.Background()
	c, err := dataprovider.NewClient("https://billing.example.net",
		dataprovider.WithBasicAuth("platform", os.Getenv("DP_API_PASSWORD")))
	if err != nil {
		log.Fatal(err)
	}
	id, err := c.Auth.Check(ctx, os.Getenv("DP_LOGIN"), dataprovider.Password(os.Getenv("DP_PASSWORD")))
	if err != nil {
		log.Fatal(err)
	}
	contracts, err := c.Contracts.ByUser(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	for _, ct := range contracts {
		fmt.Println(ct.Contract, ct.State, ct.Balance) // 1595-1N connected 369.00 ₽
	}
}

// The operator's side: serve the provider API from your billing (anything
// that implements Provider), and tell the platform when data changed
// (compiled, not run).
func Example_server() {
	var billing dataprovider.Provider = dptest.NewMemory() // your billing here
	// An unset DP_API_PASSWORD is an error here, never an open API.
	h, err := dataprovider.NewHandler(billing, dataprovider.RequireBasicAuth("platform", os.Getenv("DP_API_PASSWORD")))
	if err != nil {
		log.Fatal(err)
	}
	// NewServer sets read, write, idle and header timeouts and a header cap.
	srv := dataprovider.NewServer(":8080", h)
	go func() { log.Fatal(srv.ListenAndServe()) }()

	cb, err := dataprovider.NewCallbackClient("https://core.example.net", "operator", os.Getenv("DP_CALLBACK_PASSWORD"))
	if err != nil {
		log.Fatal(err)
	}
	if err := cb.ContractChanged(context.Background(), "1595-1N"); err != nil {
		log.Print(err)
	}
}

func ExampleNewHandler() {
	var billing dataprovider.Provider = dptest.NewMemory() // the operator's own billing
	h, err := dataprovider.NewHandler(billing, dataprovider.RequireBearer("test-token-not-real"))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := dptest.CheckHandler(context.Background(), h, dptest.Subject{
		UserID: dptest.SampleUserID, Login: dptest.SampleLogin, Password: dptest.SamplePassword,
		ContractID: dptest.SampleContractID,
		Header:     dptest.BearerToken("test-token-not-real"), // or dptest.BasicAuth(user, password)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.OK())
	// Output: true
}

func ExampleCallbackClient() {
	p := dptest.NewPlatform()
	defer p.Close()
	cb, _ := dataprovider.NewCallbackClient(p.URL, p.Login, p.Password)
	_ = cb.ChargesChanged(context.Background(), "58208891")
	fmt.Printf("%+v\n", p.Callbacks())
	// Output: [{Path:/api/v1/mb/callback/charge ExtID: UserExtID:58208891}]
}

func ExamplePassword() {
	u := dataprovider.User{Login: "1595", Password: "58208891"}
	fmt.Println(u.Password, fmt.Sprintf("%q", u.Password))
	// Output: [REDACTED] [REDACTED]
}
