package ati_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
)

// The package against its fake: the balance and the organizations catalog.
func Example() {
	srv := atitest.NewServer()
	defer srv.Close()
	c, err := ati.NewClient(srv.Token, ati.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	bal, err := c.Billing.Balance(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("balance:", bal.Balance, "atis")
	orgs, err := c.Organizations.List(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range orgs {
		fmt.Println(o.Name, o.Residency, len(o.Addresses), len(o.ContactPersons))
	}
	// Output:
	// balance: 100.50 atis
	// ООО Пример Russia 1 1
}

// Against ATI.SU itself, with a token from id.ati.su (compiled, not run).
func Example_live() {
	ctx := context.Background()
	c, err := ati.NewClient(os.Getenv("ATI_TOKEN"), ati.WithIntegratorCode("12345"))
	if err != nil {
		log.Fatal(err)
	}
	bal, err := c.Billing.Balance(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("balance:", bal.Balance, "atis")
	orgs, err := c.Organizations.List(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range orgs {
		fmt.Println(o.ID, o.Name)
	}
}

func ExampleNewClient() {
	srv := atitest.NewServer()
	defer srv.Close()

	c, err := ati.NewClient(srv.Token, ati.WithBaseURL(srv.URL), ati.WithIntegratorCode("12345"))
	if err != nil {
		fmt.Println(err)
		return
	}
	bal, err := c.Billing.Balance(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bal.Balance, "atis")
	// Output: 100.50 atis
}

func ExampleOrganizationsService_Create() {
	srv := atitest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()

	o, err := c.Organizations.Create(ctx, &ati.OrganizationInput{
		Name:                  ati.Ptr("ООО Ромашка"),
		AllDepartmentsAllowed: true,
		Residency:             ati.Ptr(ati.ResidencyField{Value: ati.ResidencyBelarus}),
		INN:                   ati.Ptr("190000000"),
		ContactPersonIDs:      []string{atitest.SeedContactPersonID},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(o.Name, o.Residency, len(o.ContactPersons))
	// Output: ООО Ромашка Belarus 1
}

func ExampleError() {
	srv := atitest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()

	_, err := c.Addresses.Get(context.Background(), "00000000-0000-0000-0000-000000000000")
	if errors.Is(err, ati.ErrNotFound) {
		fmt.Println("no such address")
	}
	var e *ati.Error
	if errors.As(err, &e) {
		fmt.Println(e.StatusCode, e.Code, e.Message)
		fmt.Println(e.Method, e.Path, e.Attempts)
	}
	// Output:
	// no such address
	// 404 address_not_found address not found
	// GET /v1.2/catalogs/organizations/addresses/00000000-0000-0000-0000-000000000000 1
}

// Update replaces the whole record, as ATI's PUT does: to rename an
// organization, fetch it, take its Input, change the name and send it back.
// An input with only Name set would clear the INN, addresses and contacts.
func ExampleOrganization_Input() {
	srv := atitest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()

	o, err := c.Organizations.Get(ctx, atitest.SeedOrganizationID)
	if err != nil {
		fmt.Println(err)
		return
	}
	in := o.Input()
	in.Name = ati.Ptr("ООО Пример и сыновья")
	o, err = c.Organizations.Update(ctx, o.ID, &in)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(o.Name, o.GetINN(), len(o.Addresses), len(o.ContactPersons))
	fmt.Println(o.GetDocsAddress().GetStreetName(), o.GetPhone())
	// Output:
	// ООО Пример и сыновья 7700000000 1 1
	// ул. Примерная +7 495 000-00-00
}
