package ati_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
)

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
	fmt.Printf("%.1f atis\n", bal.Balance)
	// Output: 100.5 atis
}

func ExampleOrganizationsService_Create() {
	srv := atitest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()

	o, err := c.Organizations.Create(ctx, &ati.OrganizationInput{
		Name:                  ati.String("ООО Ромашка"),
		AllDepartmentsAllowed: true,
		Residency:             ati.Res(ati.ResidencyBelarus),
		INN:                   ati.String("190000000"),
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
	var e *ati.Error
	if errors.As(err, &e) {
		fmt.Println(e.StatusCode, e.Code, errors.Is(err, ati.ErrNotFound))
	}
	// Output: 404 address_not_found true
}
