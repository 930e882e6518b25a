package servicemanager_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/ruapi/ruapi-go/servicemanager/smtest"
)

func Example() {
	srv := smtest.NewServer()
	defer srv.Close()
	c, err := sm.NewClient(srv.URL, sm.WithBasicAuth(smtest.DefaultLogin, smtest.DefaultPassword))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	accounts, err := c.Accounts.List(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range accounts {
		fmt.Println(a.ID, a.Name, a.Role)
	}
	users, err := c.Users.List(ctx, 1010)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range users {
		fmt.Println(u.Login, u.Role, u.SessionRestriction)
	}
	// Output:
	// 1010 ООО Ромашка owner
	// 1011 ИП Иванов administrator
	// Abramov owner 5
	// Petrova user 0
}

// Against a real Service Manager with a user's login and password (compiled,
// not run). 1010 is the subscriber's code.
func Example_live() {
	ctx := context.Background()
	c, err := sm.NewClient(sm.DefaultBaseURL, sm.WithBasicAuth(os.Getenv("SM_LOGIN"), os.Getenv("SM_PASSWORD")))
	if err != nil {
		log.Fatal(err)
	}
	users, err := c.Users.List(ctx, 1010)
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range users {
		fmt.Println(u.Login, u.Role, u.SessionRestriction)
	}
}

// In-band errors come back as *Error with the Service Manager's code.
func ExampleError() {
	srv := smtest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	err := c.Accounts.UpdateAttachedInfo(context.Background(), 1010, sm.AttachedInfo{
		Properties: []sm.Attribute{{Key: "ИНН", Value: sm.StringValue("7701234567")}},
	})
	var e *sm.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code, e.Message, e.Operation)
	}
	_, err = c.Users.Info(context.Background(), 1010, "Nobody")
	fmt.Println(errors.Is(err, sm.ErrNotFound))
	// Output:
	// 10406 Свойство 'ИНН' не найдено. account/update_attached_info
	// true
}

// A response code is checked with a typed constant or a sentinel.
func ExampleCodeOf() {
	srv := smtest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()
	err := c.Users.Create(ctx, 1010, sm.CreateUser{Login: "Abramov", Password: "w13p-3q"})
	if errors.Is(err, sm.ErrCodeAlreadyExists) {
		fmt.Println("the login is taken")
	}
	if code, ok := sm.CodeOf(err); ok && code == sm.CodeAlreadyExists {
		fmt.Println(code)
	}
	// Output:
	// the login is taken
	// 10409
}

func ExampleWithResponseInto() {
	srv := smtest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	var info sm.ResponseInfo
	if _, err := c.Servants.List(context.Background(), 1010, sm.WithResponseInto(&info)); err != nil {
		fmt.Println(err)
		return
	}
	g := info.General
	fmt.Println(g.Response, g.SMVersion, g.SMTimezone)
	// Output: 10200 1.1.9.1 Europe/Moscow
}

func ExampleClient_CallReadOnly() {
	srv := smtest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	var out struct {
		Servants []struct {
			Name string `json:"name"`
		} `json:"servants"`
	}
	if _, err := c.CallReadOnly(context.Background(), "account/servants/list", 1010, map[string]int64{"id": 1010}, &out); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(out.Servants), out.Servants[0].Name)
	// Output: 2 ООО Партнер
}

func ExampleValue() {
	v := sm.TimeValue(mustTime("2024-01-31T10:00:00Z"))
	fmt.Println(string(v.Raw()), v.Kind())
	b := sm.BoolValue(true)
	ok, _ := b.Bool()
	fmt.Println(ok, b.Kind())
	// Output:
	// "2024-01-31T10:00:00" string
	// true boolean
}

// An administrator creates an application and waits until it is ready:
// tenant/create is sent once (it answers 10202 while the application is
// prepared), then tenant/info is polled.
func ExampleTenantsService_Wait() {
	srv := smtest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	created, err := c.Tenants.Create(ctx, 1010, sm.NewTenant{Application: "buh", Name: "Бухгалтерия"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(created.Tenant.ID, created.Tenant.Status, created.Pending)
	t, err := c.Tenants.Wait(ctx, 1010, created.Tenant.ID, sm.Poll{Interval: 10 * time.Millisecond})
	if errors.Is(err, sm.ErrStillRunning) {
		fmt.Println("not ready before the deadline")
		return
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.ID, t.Status, t.URL)
	// Output:
	// 12346 new true
	// 12346 used https://1cfresh.com/a/ea/12346
}

// A partner (service organization 1000) lists its customers and their
// subscriptions.
func ExampleCustomerSubscriptionsService_List() {
	srv := smtest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	customers, err := c.Customers.List(ctx, 1000)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, cu := range customers {
		subs, err := c.CustomerSubscriptions.List(ctx, 1000, cu.ID, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(cu.ID, cu.Name, len(subs))
	}
	// Output:
	// 1010 ООО Ромашка 1
	// 1011 ИП Иванов 0
}
