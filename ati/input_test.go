package ati_test

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
)

// fullOrganization decodes organizations_get_full's response: every member
// of the record set to a distinct non-zero value.
func fullOrganization(t *testing.T) *ati.Organization {
	t.Helper()
	b, err := os.ReadFile("testdata/organizations_get_full.json")
	require.NoError(t, err)
	var f struct {
		Response struct {
			Body json.RawMessage `json:"body"`
		} `json:"response"`
	}
	require.NoError(t, json.Unmarshal(b, &f))
	var o ati.Organization
	require.NoError(t, json.Unmarshal(f.Response.Body, &o))
	return &o
}

// jsonFields maps the JSON name of each field of struct v to its value.
func jsonFields(v any) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	rv := reflect.ValueOf(v)
	for i := 0; i < rv.NumField(); i++ {
		name, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = rv.Field(i)
		}
	}
	return out
}

// checkEveryInputField fails for each field of the input left zero by the
// conversion of a fully populated record, and for each field whose JSON name
// the record shares but whose value differs from the record's. ids maps the
// input's id lists to the record's nested lists they come from.
func checkEveryInputField(t *testing.T, record, input any, ids map[string]string) {
	t.Helper()
	rec := jsonFields(record)
	for name, v := range rec {
		require.False(t, v.IsZero(), "the fixture must fill %T.%s", record, name)
	}
	in := reflect.ValueOf(input)
	for i := 0; i < in.NumField(); i++ {
		f := in.Type().Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		v := in.Field(i)
		if !assert.False(t, v.IsZero(), "%T.%s (%s) was not carried over", input, f.Name, name) {
			continue
		}
		got, err := json.Marshal(v.Interface())
		require.NoError(t, err)
		src, ok := rec[name]
		if nested, isID := ids[name]; isID {
			src = rec[nested]
			var want []string
			for j := 0; j < src.Len(); j++ {
				want = append(want, src.Index(j).FieldByName("ID").String())
			}
			b, _ := json.Marshal(want)
			assert.JSONEq(t, string(b), string(got), "%T.%s", input, f.Name)
			continue
		}
		require.True(t, ok, "%T.%s (%s) has no counterpart in %T: say where it comes from", input, f.Name, name, record)
		want, err := json.Marshal(src.Interface())
		require.NoError(t, err)
		assert.JSONEq(t, string(want), string(got), "%T.%s", input, f.Name)
	}
}

func TestInputCarriesEveryField(t *testing.T) {
	o := fullOrganization(t)
	checkEveryInputField(t, *o, o.Input(), map[string]string{"address_ids": "addresses", "contact_person_ids": "contact_persons"})
	a := &o.Addresses[0]
	checkEveryInputField(t, *a, a.Input(), map[string]string{"contact_person_ids": "contact_persons"})
	cp := &o.ContactPersons[0]
	checkEveryInputField(t, *cp, cp.Input(), nil)
}

// The input shares no memory with the record: changing one leaves the other.
func TestInputIsACopy(t *testing.T) {
	o := fullOrganization(t)
	in := o.Input()
	*in.INN = "changed"
	*in.DocsAddress.Postcode = "changed"
	in.DepartmentIDs[0] = 99
	in.Residency.Value = ati.ResidencyRussia
	*in.ExtraPhone = 1
	assert.Equal(t, "190000000", *o.INN)
	assert.Equal(t, "220030", *o.DocsAddress.Postcode)
	assert.Equal(t, []int32{5, 6}, o.DepartmentIDs)
	assert.Equal(t, ati.ResidencyBelarus, o.Residency.Value)
	assert.Equal(t, int32(101), *o.ExtraPhone)

	ain := o.Addresses[0].Input()
	*ain.Latitude = 0
	assert.InDelta(t, 55.7558, *o.Addresses[0].Latitude, 0)
	cin := o.ContactPersons[0].Input()
	*cin.Email = "x"
	assert.Equal(t, "anna@example.com", *o.ContactPersons[0].Email)
}

func TestInputNilRecord(t *testing.T) {
	var o *ati.Organization
	var a *ati.Address
	var cp *ati.ContactPerson
	assert.Equal(t, ati.OrganizationInput{}, o.Input())
	assert.Equal(t, ati.AddressInput{}, a.Input())
	assert.Equal(t, ati.ContactPersonInput{}, cp.Input())
}

// Read-modify-write on the wire: the PUT carries the whole record with only
// the name changed.
func TestOrganizationRenameReadModifyWrite(t *testing.T) {
	c := replayClient(t, nil, "organizations_get_full", "organizations_update_full")
	ctx := context.Background()
	const id = "5f0c7a2e-1b3d-4c5e-8f9a-0b1c2d3e4f50"
	o, err := c.Organizations.Get(ctx, id)
	require.NoError(t, err)
	in := o.Input()
	in.Name = ati.Ptr("ООО Пример Плюс")
	o, err = c.Organizations.Update(ctx, o.ID, &in)
	require.NoError(t, err)
	assert.Equal(t, "ООО Пример Плюс", o.Name)
	assert.Equal(t, "190000000", *o.INN)
	assert.Len(t, o.Addresses, 1)
}

// Against the fake: renaming with only Name set clears what the input
// leaves out (as ATI's PUT does); renaming through Input keeps it.
func TestRenameKeepsTheRestOnlyThroughInput(t *testing.T) {
	srv := atitest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	require.NoError(t, err)
	ctx := context.Background()

	o, err := c.Organizations.Get(ctx, atitest.SeedOrganizationID)
	require.NoError(t, err)
	in := o.Input()
	in.Name = ati.Ptr("ООО Пример 2")
	got, err := c.Organizations.Update(ctx, o.ID, &in)
	require.NoError(t, err)
	want := *o
	want.Name = "ООО Пример 2"
	assert.Equal(t, want, *got)

	bare, err := c.Organizations.Update(ctx, o.ID, &ati.OrganizationInput{Name: ati.Ptr("ООО Пример 3"), AllDepartmentsAllowed: true})
	require.NoError(t, err)
	assert.Nil(t, bare.INN)
	assert.Empty(t, bare.Addresses)
	assert.Empty(t, bare.ContactPersons)
}

// A one-of member whose decoded value the caller clears is sent cleared: Raw
// stands in only for a form the package does not model, never for the
// value it decoded and the caller then removed.
func TestClearedOneOfNotResentFromRaw(t *testing.T) {
	var a ati.DocsAddress
	require.NoError(t, json.Unmarshal([]byte(`{"postcode":"220030","city_id":5}`), &a))
	a.Postcode, a.CityID = nil, nil
	b, err := json.Marshal(a)
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(b))

	require.NoError(t, json.Unmarshal([]byte(`"Минск, до востребования"`), &a))
	b, err = json.Marshal(a)
	require.NoError(t, err)
	assert.JSONEq(t, `"Минск, до востребования"`, string(b), "a form not modeled goes back as received")

	var r ati.ResidencyField
	require.NoError(t, json.Unmarshal([]byte(`3`), &r))
	r.Value = 0
	b, err = json.Marshal(r)
	require.NoError(t, err)
	assert.Equal(t, `0`, string(b))

	require.NoError(t, json.Unmarshal([]byte(`{}`), &r))
	b, err = json.Marshal(r)
	require.NoError(t, err)
	assert.Equal(t, `{}`, string(b), "the value-less form goes back as received")
}
