package ati_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/ati"
)

// typesWithPointers are the exported types that have pointer fields, each
// fully populated (from organizations_get_full).
func typesWithPointers(t *testing.T) []any {
	t.Helper()
	o := fullOrganization(t)
	oin, ain, cin := o.Input(), o.Addresses[0].Input(), o.ContactPersons[0].Input()
	return []any{o, &oin, &o.Addresses[0], &ain, &o.ContactPersons[0], &cin, o.DocsAddress}
}

// Every pointer field has a getter; each getter returns the zero value (or
// nil) on a nil receiver and on a nil field, and the field's value when set.
func TestGettersNilSafe(t *testing.T) {
	types := typesWithPointers(t)
	seen := map[string]bool{}
	for _, full := range types {
		pv := reflect.ValueOf(full)
		typ := pv.Type().Elem()
		seen[typ.Name()] = true
		nilRecv := reflect.Zero(pv.Type())
		zeroRecv := reflect.New(typ)
		n := 0
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if f.Type.Kind() != reflect.Pointer || !f.IsExported() {
				continue
			}
			n++
			m := pv.MethodByName("Get" + f.Name)
			if !assert.True(t, m.IsValid(), "%s.%s has no getter Get%s", typ.Name(), f.Name, f.Name) {
				continue
			}
			name := typ.Name() + ".Get" + f.Name
			require.Equal(t, 0, m.Type().NumIn(), name)
			require.Equal(t, 1, m.Type().NumOut(), name)
			out := m.Type().Out(0)
			isStruct := f.Type.Elem().Kind() == reflect.Struct
			if isStruct {
				assert.Equal(t, f.Type, out, "%s returns the pointer, for chaining", name)
			} else {
				assert.Equal(t, f.Type.Elem(), out, "%s returns the value", name)
			}
			for what, recv := range map[string]reflect.Value{"nil receiver": nilRecv, "nil field": zeroRecv} {
				got := recv.MethodByName("Get" + f.Name).Call(nil)[0]
				assert.True(t, got.IsZero(), "%s on a %s = %v", name, what, got)
			}
			field := pv.Elem().Field(i)
			require.False(t, field.IsNil(), "the fixture must fill %s.%s", typ.Name(), f.Name)
			got := m.Call(nil)[0].Interface()
			if isStruct {
				assert.Same(t, field.Interface(), got, name)
			} else {
				assert.Equal(t, field.Elem().Interface(), got, name)
			}
		}
		assert.Positive(t, n, "%s has no pointer field: drop it from the list", typ.Name())
	}
	assert.Len(t, seen, len(types))
}

// A nil pointer chain reads as zero values, never panics.
func TestGettersChain(t *testing.T) {
	var o *ati.Organization
	assert.Empty(t, o.GetDocsAddress().GetPostcode())
	assert.Zero(t, o.GetDocsAddress().GetCityID())
	assert.Empty(t, o.GetINN())
	assert.Zero(t, o.GetExtraPhone())
	o = &ati.Organization{}
	assert.Empty(t, o.GetDocsAddress().GetStreetName())
	assert.Nil(t, o.GetResidency())
	var a *ati.Address
	assert.Zero(t, a.GetLatitude())
	var cp *ati.ContactPerson
	assert.Empty(t, cp.GetEmail())
}

// fmt prints values, never the addresses of pointer fields, for a value and a
// pointer, full or empty.
func TestPrintNoAddresses(t *testing.T) {
	for _, full := range typesWithPointers(t) {
		zero := reflect.New(reflect.TypeOf(full).Elem()).Interface()
		for _, v := range []any{full, reflect.ValueOf(full).Elem().Interface(), zero} {
			for _, verb := range []string{"%v", "%+v", "%s"} {
				s := fmt.Sprintf(verb, v)
				assert.NotContains(t, s, "0x", "%T with %s: %s", v, verb, s)
				assert.True(t, strings.HasPrefix(s, "ati."), "%T with %s: %s", v, verb, s)
			}
		}
	}
	o := fullOrganization(t)
	s := fmt.Sprint(o)
	for _, want := range []string{`INN:"190000000"`, `ExtraPhone:101`, `Residency:Belarus`, `Postcode:"220030"`, `Latitude:55.7558`, `Email:"anna@example.com"`, `DepartmentIDs:[5 6]`} {
		assert.Contains(t, s, want)
	}
	assert.Equal(t, `ati.ContactPerson{ID:"x", Name:"Анна"}`, fmt.Sprint(ati.ContactPerson{ID: "x", Name: ati.Ptr("Анна")}))
	assert.Equal(t, `"a plain string"`, fmt.Sprint(ati.DocsAddress{Raw: []byte(`"a plain string"`)}))
	assert.Equal(t, `[ati.Address{ID:"a", CityID:0, Type:AddressType(0)}]`, fmt.Sprint([]ati.Address{{ID: "a"}}))
}
