package aeza

import (
	"encoding/json"
	"reflect"

	"github.com/ruapi/ruapi-go/internal/tolerant"
)

// Tolerant decoding.
//
// Many of Aeza's fields are known only from one public client's code or from
// an illustrative document, not from a captured answer: a price's
// defaultCurrency is a string in one source and a bool in another, a
// service's capabilities are a list that one client also reads as a single
// string, timestamps are numbers or strings. One such field must never make a
// whole answer unreadable (a user's whole service list, say). So the entity
// types that carry them (Product, Service, Group, Account, Transaction,
// Order) decode in two steps: the ordinary single pass of encoding/json
// first, and only if that fails, decodeLoose, which decodes member by member
// and leaves a member whose value does not fit its field at its zero value.
// Every such entity keeps its JSON in Raw (or its parent does), so the odd
// value stays reachable. A body that is not JSON at all still fails.

// looseRules are Aeza's tolerant rules: a member whose value does not fit
// its field leaves that field zero (json.Unmarshal's result wherever
// json.Unmarshal succeeds), and a single string where a list of strings is
// expected reads as a one-element list.
var looseRules = tolerant.Options{SingleAsList: true}

// decodeLoose decodes the JSON value b into v (a non-nil pointer) the way
// json.Unmarshal does, except that a member whose value does not fit its
// field (a bool where a string is expected, an object where a number is)
// leaves that field zero instead of failing the whole value. Lists and maps
// are decoded element by element the same way, and a single string where a
// list of strings is expected becomes a one-element list. It fails only when
// b is not valid JSON.
func decodeLoose(b []byte, v any) error { return tolerant.Decode(b, v, looseRules) }

// unmarshalTolerant decodes b into v (a pointer to a type without an
// UnmarshalJSON method) in one encoding/json pass, and only when that fails
// decodes it again with decodeLoose.
func unmarshalTolerant(b []byte, v any) error {
	err := json.Unmarshal(b, v)
	if err == nil {
		return nil
	}
	reflect.ValueOf(v).Elem().SetZero()
	return decodeLoose(b, v)
}

// unmarshalEntity is unmarshalTolerant for an entity with an integer id (a
// product, a service, a group, ...): every member may be odd but the id,
// since an entity whose id cannot be read cannot be addressed (a call with
// it would act on the wrong thing or on nothing). An id of another type
// than an integer (or null) fails the entity, as before.
func unmarshalEntity(b []byte, v any) error {
	err := json.Unmarshal(b, v)
	if err == nil {
		return nil
	}
	var id struct {
		ID int64 `json:"id"`
	}
	if idErr := json.Unmarshal(b, &id); idErr != nil {
		return err
	}
	reflect.ValueOf(v).Elem().SetZero()
	return decodeLoose(b, v)
}
