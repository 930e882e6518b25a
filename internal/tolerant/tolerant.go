// Package tolerant decodes a JSON document member by member, so that a
// member of an unexpected JSON type never fails the whole document.
//
// The packages use it only after the ordinary single pass of encoding/json
// has failed on a valid document: a field that one source says is a string
// and another a bool must not make a whole answer unreadable. [Decode] then
// reads every member that fits as encoding/json would, and one that does not
// as near to its value as its Go type and the [Options] allow, or as zero. A
// document that is not JSON at all still fails.
//
// Common to both rule sets:
//
//   - members are matched to fields as encoding/json matches them (the tag's
//     name or the field's; exactly, else without case; fields of embedded
//     structs promoted unless a shallower field has the name; the last of
//     duplicate members wins);
//   - a struct, slice or map is read from an object or array member by
//     member (element by element), each by these rules; any other value
//     reads as zero;
//   - a type with its own decoding (json.Unmarshaler, or
//     encoding.TextUnmarshaler) keeps its own rules, and reads as zero where
//     they refuse the value;
//   - a null pointer is nil.
package tolerant

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Options choose the rules for a member that does not fit its field.
type Options struct {
	// Coerce reads a member of another JSON type as near to its value as
	// the field's type allows:
	//
	//   - a string field takes a string's content, or the raw JSON text of
	//     any other value (5 → "5", true → "true", {"a":1} → `{"a":1}`);
	//   - a number field (json.Number too) takes a number, or a string
	//     holding exactly one ("12345"); a fraction where an integer is
	//     expected, or anything else, reads as 0;
	//   - a bool field takes true/false, or a string or number
	//     strconv.ParseBool reads ("true", "1"); anything else reads as false;
	//   - a json.RawMessage takes the value's text as it came;
	//   - null reads as zero everywhere, without asking a type's own decoding;
	//   - a pointer to a struct without its own decoding is nil unless the
	//     value is an object;
	//   - a map whose keys are not strings keeps what encoding/json reads of it.
	//
	// Without Coerce every value is decoded by encoding/json first, as a
	// whole, and taken apart only where that fails, so the result is
	// json.Unmarshal's wherever json.Unmarshal succeeds; a scalar that does
	// not fit its field reads as zero, and a pointer to a misfit value
	// points to a zero value.
	Coerce bool

	// SingleAsList reads a JSON string where a slice of strings is expected
	// as a list of that one string.
	SingleAsList bool
}

// Decode decodes the JSON document b into v, which it first sets to zero,
// by the rules of o (see the package documentation and [Options]). It fails
// only when b is not valid JSON (with encoding/json's *json.SyntaxError) or
// when v is not a non-nil pointer (with json's *json.InvalidUnmarshalError).
func Decode(b []byte, v any, o Options) error {
	if !json.Valid(b) {
		var x any
		return json.Unmarshal(b, &x) // the decoder's own syntax error
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return json.Unmarshal(b, v) // json's own InvalidUnmarshalError
	}
	o.value(bytes.TrimSpace(b), rv.Elem())
	return nil
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	numberType          = reflect.TypeFor[json.Number]()
	rawType             = reflect.TypeFor[json.RawMessage]()
)

// ownDecoding reports whether a value of type t (not a pointer) decodes by
// its own rules.
func ownDecoding(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return pt.Implements(jsonUnmarshalerType) || pt.Implements(textUnmarshalerType)
}

// strict decodes b into v with encoding/json, and reports whether that
// worked; on failure v is reset to its zero value.
func strict(b []byte, v reflect.Value) bool {
	if json.Unmarshal(b, v.Addr().Interface()) == nil {
		return true
	}
	v.SetZero()
	return false
}

// value decodes the valid JSON value b (no blanks around it) into the
// settable v, which it first sets to zero.
func (o Options) value(b []byte, v reflect.Value) {
	v.SetZero()
	if len(b) == 0 {
		return
	}
	t := v.Type()
	if o.Coerce {
		switch {
		case b[0] == 'n': // null
			return
		case t == rawType:
			v.SetBytes(append([]byte(nil), b...))
			return
		}
	}
	if t.Kind() != reflect.Pointer && ownDecoding(t) {
		strict(b, v)
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		e := t.Elem()
		if b[0] == 'n' || o.Coerce && e.Kind() == reflect.Struct && b[0] != '{' && !ownDecoding(e) {
			return // null, or no object for the struct: nil, not an empty one
		}
		p := reflect.New(e)
		o.value(b, p.Elem())
		v.Set(p)
	case reflect.Struct:
		if !o.Coerce && strict(b, v) {
			return
		}
		if b[0] == '{' {
			o.object(b, v)
		}
	case reflect.Slice:
		if !o.Coerce && strict(b, v) {
			return
		}
		switch {
		case b[0] == '[':
			var items []json.RawMessage
			if json.Unmarshal(b, &items) != nil {
				return
			}
			s := reflect.MakeSlice(t, len(items), len(items))
			for i, it := range items {
				o.value(bytes.TrimSpace(it), s.Index(i))
			}
			v.Set(s)
		case b[0] == '"' && o.SingleAsList && t.Elem().Kind() == reflect.String:
			s := reflect.MakeSlice(t, 1, 1)
			o.value(b, s.Index(0))
			v.Set(s)
		}
	case reflect.Map:
		if !o.Coerce && strict(b, v) {
			return
		}
		if b[0] != '{' || t.Key().Kind() != reflect.String {
			if o.Coerce {
				_ = json.Unmarshal(b, v.Addr().Interface()) // what json's own rules read of it
			}
			return
		}
		var members map[string]json.RawMessage
		if json.Unmarshal(b, &members) != nil {
			return
		}
		m := reflect.MakeMapWithSize(t, len(members))
		for k, raw := range members {
			e := reflect.New(t.Elem()).Elem()
			o.value(bytes.TrimSpace(raw), e)
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), e)
		}
		v.Set(m)
	case reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		if o.Coerce {
			coerce(b, v)
			return
		}
		strict(b, v)
	default: // interface, array: json's own rules, or zero
		strict(b, v)
	}
}

// coerce sets the scalar v (zero on entry) from the valid JSON value b,
// which is not null, by the rules of [Options.Coerce].
func coerce(b []byte, v reflect.Value) {
	t := v.Type()
	switch t.Kind() {
	case reflect.String:
		switch {
		case t == numberType:
			if n, ok := numberText(b); ok {
				v.SetString(n)
			}
		case b[0] == '"':
			var s string
			if json.Unmarshal(b, &s) == nil {
				v.SetString(s)
			}
		default:
			var buf bytes.Buffer
			if json.Compact(&buf, b) == nil {
				v.SetString(buf.String())
			}
		}
	case reflect.Bool:
		text := string(b)
		if b[0] == '"' {
			_ = json.Unmarshal(b, &text)
		}
		if x, err := strconv.ParseBool(strings.TrimSpace(text)); err == nil {
			v.SetBool(x)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n, ok := numberText(b); ok {
			if x, err := strconv.ParseInt(n, 10, t.Bits()); err == nil {
				v.SetInt(x)
			}
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if n, ok := numberText(b); ok {
			if x, err := strconv.ParseUint(n, 10, t.Bits()); err == nil {
				v.SetUint(x)
			}
		}
	case reflect.Float32, reflect.Float64:
		if n, ok := numberText(b); ok {
			if x, err := strconv.ParseFloat(n, t.Bits()); err == nil {
				v.SetFloat(x)
			}
		}
	}
}

// numberText returns the text of a JSON number, or of a string holding
// exactly one (blanks around it aside).
func numberText(b []byte) (string, bool) {
	if b[0] == '"' {
		var s string
		if json.Unmarshal(b, &s) != nil {
			return "", false
		}
		s = strings.TrimSpace(s)
		return s, isNumber(s)
	}
	return string(b), isNumber(string(b))
}

// isNumber reports whether s is exactly one JSON number, no blanks.
func isNumber(s string) bool {
	return s != "" && (s[0] == '-' || s[0] >= '0' && s[0] <= '9') && json.Valid([]byte(s))
}

// object decodes the members of the JSON object b into the struct v (zero
// on entry), matching names as encoding/json does.
func (o Options) object(b []byte, v reflect.Value) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // {
		return
	}
	fields := fieldsOf(v.Type())
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			return
		}
		f, ok := fields.find(key)
		if !ok {
			continue
		}
		if fv, ok := fieldByIndex(v, f.index); ok {
			o.value(bytes.TrimSpace(raw), fv)
		}
	}
}

// fieldByIndex walks to a promoted field, allocating nil embedded pointers.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, false
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, v.CanSet()
}

// field is one JSON member of a struct: its name and the index path of its
// Go field.
type field struct {
	name  string
	index []int
}

type fieldList []field

// find returns the field named key exactly, or else without case.
func (l fieldList) find(key string) (field, bool) {
	for _, f := range l {
		if f.name == key {
			return f, true
		}
	}
	for _, f := range l {
		if strings.EqualFold(f.name, key) {
			return f, true
		}
	}
	return field{}, false
}

var fieldCache sync.Map // reflect.Type → fieldList

// fieldsOf lists the JSON members of struct type t as encoding/json sees
// them: exported fields by tag or name, fields of embedded structs promoted
// unless a shallower field has the name (two at the same depth cancel out,
// unless exactly one of them is tagged).
func fieldsOf(t reflect.Type) fieldList {
	if l, ok := fieldCache.Load(t); ok {
		return l.(fieldList)
	}
	type cand struct {
		field
		depth  int
		tagged bool
	}
	byName := map[string][]cand{}
	var order []string
	var walk func(t reflect.Type, index []int, depth int, seen map[reflect.Type]bool)
	walk = func(t reflect.Type, index []int, depth int, seen map[reflect.Type]bool) {
		if seen[t] {
			return
		}
		seen[t] = true
		defer delete(seen, t)
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			idx := append(append([]int(nil), index...), i)
			ft := sf.Type
			if sf.Anonymous && name == "" {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					walk(ft, idx, depth+1, seen)
					continue
				}
			}
			if !sf.IsExported() {
				continue
			}
			tagged := name != ""
			if name == "" {
				name = sf.Name
			}
			if _, ok := byName[name]; !ok {
				order = append(order, name)
			}
			byName[name] = append(byName[name], cand{field{name, idx}, depth, tagged})
		}
	}
	walk(t, nil, 0, map[reflect.Type]bool{})
	var l fieldList
	for _, name := range order {
		cs := byName[name]
		best, n := cs[0], 0
		for _, c := range cs {
			switch {
			case c.depth < best.depth:
				best, n = c, 1
			case c.depth == best.depth:
				n++
			}
		}
		if n > 1 { // several at the shallowest depth: a tagged one wins if alone
			tagged := 0
			for _, c := range cs {
				if c.depth == best.depth && c.tagged {
					best = c
					tagged++
				}
			}
			if tagged != 1 {
				continue
			}
		}
		l = append(l, best.field)
	}
	fieldCache.Store(t, l)
	return l
}
