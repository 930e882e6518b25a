package servicemanager_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

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

func ExampleCaptureGeneral() {
	srv := smtest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	var g sm.General
	if _, err := c.Servants.List(sm.CaptureGeneral(context.Background(), &g), 1010); err != nil {
		fmt.Println(err)
		return
	}
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
