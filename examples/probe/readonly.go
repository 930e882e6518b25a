package main

import (
	"reflect"
	"strings"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/internal/shape"
	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// The clients' own read-only mode: each package's WithReadOnly() refuses
// every state-changing or money-spending call before sending it. The probe
// adds it to every client it builds, on top of its guard.

// atiReadOnlyOptions returns the ATI client's read-only options.
func atiReadOnlyOptions() []ati.Option {
	return []ati.Option{ati.WithReadOnly()}
}

// smReadOnlyOptions returns the Service Manager client's read-only options.
func smReadOnlyOptions() []sm.Option {
	return []sm.Option{sm.WithReadOnly()}
}

// aezaReadOnlyOptions returns the Aeza client's read-only options.
func aezaReadOnlyOptions() []aeza.Option {
	return []aeza.Option{aeza.WithReadOnly()}
}

// dpReadOnlyOptions returns the Data Provider client's read-only options.
func dpReadOnlyOptions() []dataprovider.Option {
	return []dataprovider.Option{dataprovider.WithReadOnly()}
}

// shapeOptions tell the shape check which types with their own decoder
// decode their fields as plain structs do (an alias of the type, the object
// kept raw), and which members such a decoder reads in more than one form.
//
// Aeza's list pages carry "selectorMode" and "filter" beside the items
// (specs/aeza.md, Lists); aeza.List does not decode them, knowingly: they
// echo the request's selection.
var shapeOptions = &shape.Options{
	Transparent: map[reflect.Type][]string{
		shape.TypeOf[aeza.Service]():       nil,
		shape.TypeOf[aeza.Product]():       nil,
		shape.TypeOf[aeza.Group]():         {"type"}, // a slug or {"slug": ...}
		shape.TypeOf[aeza.PaymentMethod](): {"id"},   // a string or a number
		shape.TypeOf[aeza.ServiceInfo]():   nil,
		shape.TypeOf[aeza.Capabilities]():  nil, // an array (or one string) of Capability
	},
	Ignore: func(t reflect.Type, member string) bool {
		return t.PkgPath() == aezaPkg && strings.HasPrefix(t.Name(), "List[") && (member == "selectorMode" || member == "filter")
	},
	Optional: func(t reflect.Type, member string) bool { return aezaOptional[t][member] },
}

// aezaOptional are the members of Aeza's newer API that specs/aeza-v2.md
// marks optional where the SDK's types cannot say so: v2/domains/nameservers
// answers {"items": [...]} with no total (row 39), while the List type it
// shares with every other list expects one.
var aezaOptional = map[reflect.Type]map[string]bool{
	shape.TypeOf[aeza.List[string]](): {"total": true},
}

var aezaPkg = reflect.TypeFor[aeza.Client]().PkgPath()
