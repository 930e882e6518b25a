package aeza

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
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

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// decodeLoose decodes the JSON value b into v (a non-nil pointer) the way
// json.Unmarshal does, except that a member whose value does not fit its
// field (a bool where a string is expected, an object where a number is)
// leaves that field zero instead of failing the whole value. Lists and maps
// are decoded element by element the same way, and a single string where a
// list of strings is expected becomes a one-element list. It fails only when
// b is not valid JSON.
func decodeLoose(b []byte, v any) error {
	if !json.Valid(b) {
		return json.Unmarshal(b, v) // reports the syntax error
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return json.Unmarshal(b, v)
	}
	looseValue(b, rv.Elem())
	return nil
}

// strict decodes b into rv with encoding/json, and reports whether that
// worked; on failure rv is reset to its zero value.
func strict(b []byte, rv reflect.Value) bool {
	if json.Unmarshal(b, rv.Addr().Interface()) == nil {
		return true
	}
	rv.SetZero()
	return false
}

// looseValue sets rv (addressable) from the valid JSON value b.
func looseValue(b []byte, rv reflect.Value) {
	b = bytes.TrimSpace(b)
	t := rv.Type()
	if t.Kind() != reflect.Pointer {
		pt := reflect.PointerTo(t)
		if pt.Implements(jsonUnmarshalerType) || pt.Implements(textUnmarshalerType) {
			// A type with its own decoding (Decimal, Timestamp, Price, an
			// entity that is tolerant itself): it decodes or stays zero.
			strict(b, rv)
			return
		}
	}
	switch t.Kind() {
	case reflect.Pointer:
		if bytes.Equal(b, []byte("null")) {
			rv.SetZero()
			return
		}
		p := reflect.New(t.Elem())
		looseValue(b, p.Elem())
		rv.Set(p)
	case reflect.Struct:
		if strict(b, rv) {
			return
		}
		looseStruct(b, rv)
	case reflect.Slice:
		if strict(b, rv) || len(b) == 0 {
			return
		}
		switch {
		case b[0] == '"' && t.Elem().Kind() == reflect.String:
			s := reflect.MakeSlice(t, 1, 1)
			strict(b, s.Index(0))
			rv.Set(s)
		case b[0] == '[':
			var n int
			arrayElements(b, 0, func(int, int) { n++ })
			s := reflect.MakeSlice(t, 0, n)
			arrayElements(b, 0, func(start, end int) {
				s = reflect.Append(s, reflect.Zero(t.Elem()))
				looseValue(b[start:end], s.Index(s.Len()-1))
			})
			rv.Set(s)
		}
	case reflect.Map:
		if strict(b, rv) || len(b) == 0 || b[0] != '{' || t.Key().Kind() != reflect.String {
			return
		}
		m := reflect.MakeMap(t)
		objectMembers(b, 0, func(name []byte, vs int) int {
			ve := skipValue(b, vs)
			if ve < 0 {
				return -1
			}
			var k string
			if json.Unmarshal(append(append([]byte{'"'}, name...), '"'), &k) != nil {
				return ve
			}
			ev := reflect.New(t.Elem()).Elem()
			looseValue(b[vs:ve], ev)
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), ev)
			return ve
		})
		rv.Set(m)
	default:
		strict(b, rv)
	}
}

// looseStruct fills the struct rv from the members of the JSON object b, one
// field at a time; rv is zero on entry.
func looseStruct(b []byte, rv reflect.Value) {
	if len(b) == 0 || b[0] != '{' {
		return
	}
	type member struct {
		name   []byte
		vs, ve int
	}
	var members []member
	objectMembers(b, 0, func(name []byte, vs int) int {
		ve := skipValue(b, vs)
		if ve >= 0 {
			members = append(members, member{name, vs, ve})
		}
		return ve
	})
	var fill func(rv reflect.Value)
	fill = func(rv reflect.Value) {
		t := rv.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				fill(rv.Field(i))
				continue
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			// The last member whose name matches wins, as in encoding/json.
			for j := len(members) - 1; j >= 0; j-- {
				if keyMatch(members[j].name, name) {
					looseValue(b[members[j].vs:members[j].ve], rv.Field(i))
					break
				}
			}
		}
	}
	fill(rv)
}

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
