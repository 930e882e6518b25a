package dataprovider_test

import (
	"context"
	"fmt"

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
	ch, _ := c.Charges.List(ctx, id, 1)
	fmt.Println(ch[0].Period, ch[0].Cost)
	// Output:
	// 1595-1N connected 369.00 ₽
	// 02-22 200.00 ₽
}

func ExampleNewHandler() {
	var billing dataprovider.Provider = dptest.NewMemory() // the operator's own billing
	h := dataprovider.NewHandler(billing, dataprovider.RequireBearer("test-token-not-real"))
	r := dptest.CheckHandler(context.Background(), h, dptest.Subject{
		UserID: dptest.SampleUserID, Login: dptest.SampleLogin, Password: dptest.SamplePassword,
		ContractID: dptest.SampleContractID,
		Header:     map[string][]string{"Authorization": {"Bearer test-token-not-real"}},
	})
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
