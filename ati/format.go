package ati

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// String prints o with its pointer fields' values, never their addresses
// (fields that are nil are left out).
func (o Organization) String() string { return stringify(o) }

// String prints in with its pointer fields' values, never their addresses.
func (in OrganizationInput) String() string { return stringify(in) }

// String prints a with its pointer fields' values, never their addresses.
func (a Address) String() string { return stringify(a) }

// String prints in with its pointer fields' values, never their addresses.
func (in AddressInput) String() string { return stringify(in) }

// String prints cp with its pointer fields' values, never their addresses.
func (cp ContactPerson) String() string { return stringify(cp) }

// String prints in with its pointer fields' values, never their addresses.
func (in ContactPersonInput) String() string { return stringify(in) }

// String prints the postal fields' values, or the JSON as received when the
// address is in a form this package does not model.
func (a DocsAddress) String() string {
	if !a.IsPostal() && len(a.Raw) > 0 {
		return string(a.Raw)
	}
	return stringify(a)
}

var stringerType = reflect.TypeFor[fmt.Stringer]()

// stringify formats a struct as ati.Type{Field:value, ...}: pointers are
// followed, nil pointers and slices and fields tagged json:"-" are left out,
// strings are quoted, and nested values print through their String method.
func stringify(v any) string {
	var b strings.Builder
	writeStruct(&b, reflect.ValueOf(v))
	return b.String()
}

func writeStruct(b *strings.Builder, v reflect.Value) {
	b.WriteString(v.Type().String())
	b.WriteByte('{')
	first := true
	for i := 0; i < v.NumField(); i++ {
		f, fv := v.Type().Field(i), v.Field(i)
		if !f.IsExported() || f.Tag.Get("json") == "-" {
			continue
		}
		if k := fv.Kind(); (k == reflect.Pointer || k == reflect.Slice || k == reflect.Map) && fv.IsNil() {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		b.WriteString(f.Name)
		b.WriteByte(':')
		writeValue(b, fv)
	}
	b.WriteByte('}')
}

func writeValue(b *strings.Builder, v reflect.Value) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		v = v.Elem()
	}
	if v.Type().Implements(stringerType) && v.CanInterface() {
		b.WriteString(v.Interface().(fmt.Stringer).String())
		return
	}
	switch v.Kind() {
	case reflect.String:
		b.WriteString(strconv.Quote(v.String()))
	case reflect.Struct:
		writeStruct(b, v)
	case reflect.Slice, reflect.Array:
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			writeValue(b, v.Index(i))
		}
		b.WriteByte(']')
	default:
		fmt.Fprint(b, v.Interface())
	}
}
