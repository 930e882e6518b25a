package servicemanager

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// The typed results are decoded in one strict json pass. When that pass
// fails on a member of an unexpected JSON type (most fields of the groups
// beyond account/* come from one client's code, BTS, and no captured payload
// settles their types), the answer is decoded again, tolerantly, by
// decodeLenient: every member that fits is kept, and one that does not
// reads as near to its value as its Go type allows, or as zero — never as a
// failure of the whole answer:
//
//   - a string field takes a string's content, or the raw JSON text of any
//     other value (5 → "5", true → "true", {"a":1} → `{"a":1}`);
//   - a number field takes a number, or a string holding one ("12345"); a
//     fraction or anything else reads as 0;
//   - a bool field takes true/false, or a string or number strconv.ParseBool
//     reads ("true", "1"); anything else reads as false;
//   - a struct, slice or map takes an object or array member by member (each
//     member by these rules); any other value reads as zero;
//   - a type with its own UnmarshalJSON (Value, Amount, Text, ...) keeps its
//     own rules, and reads as zero where they refuse the value;
//   - null reads as zero.

// decodeLenient decodes the JSON document b into v (a non-nil pointer)
// tolerantly. It fails only when b is not valid JSON.
func decodeLenient(b []byte, v any) error {
	if !json.Valid(b) {
		var x any
		return json.Unmarshal(b, &x) // the decoder's own syntax error
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return json.Unmarshal(b, v) // json's own InvalidUnmarshalError
	}
	lenientInto(bytes.TrimSpace(b), rv.Elem())
	return nil
}

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	numberType      = reflect.TypeFor[json.Number]()
	rawType         = reflect.TypeFor[json.RawMessage]()
)

// lenientInto decodes the valid JSON value b into the settable v, which it
// first sets to zero.
func lenientInto(b []byte, v reflect.Value) {
	v.SetZero()
	if len(b) == 0 || b[0] == 'n' { // null
		return
	}
	t := v.Type()
	if t == numberType {
		if n, ok := numberText(b); ok {
			v.SetString(n)
		}
		return
	}
	if t == rawType {
		v.SetBytes(append([]byte(nil), b...))
		return
	}
	if t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(unmarshalerType) {
		if json.Unmarshal(b, v.Addr().Interface()) != nil {
			v.SetZero()
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if e := t.Elem(); e.Kind() == reflect.Struct && b[0] != '{' && !reflect.PointerTo(e).Implements(unmarshalerType) {
			return // no object for the struct: nil, not an empty one
		}
		p := reflect.New(t.Elem())
		lenientInto(b, p.Elem())
		v.Set(p)
	case reflect.Struct:
		if b[0] == '{' {
			lenientStruct(b, v)
		}
	case reflect.Slice:
		if b[0] != '[' {
			return
		}
		var items []json.RawMessage
		if json.Unmarshal(b, &items) != nil {
			return
		}
		s := reflect.MakeSlice(t, len(items), len(items))
		for i, it := range items {
			lenientInto(bytes.TrimSpace(it), s.Index(i))
		}
		v.Set(s)
	case reflect.Map:
		if b[0] != '{' || t.Key().Kind() != reflect.String {
			_ = json.Unmarshal(b, v.Addr().Interface())
			return
		}
		var members map[string]json.RawMessage
		if json.Unmarshal(b, &members) != nil {
			return
		}
		m := reflect.MakeMapWithSize(t, len(members))
		for k, raw := range members {
			e := reflect.New(t.Elem()).Elem()
			lenientInto(bytes.TrimSpace(raw), e)
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), e)
		}
		v.Set(m)
	case reflect.String:
		if b[0] == '"' {
			var s string
			if json.Unmarshal(b, &s) == nil {
				v.SetString(s)
			}
			return
		}
		var buf bytes.Buffer
		if json.Compact(&buf, b) == nil {
			v.SetString(buf.String())
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
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
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
	default: // interface, array: json's own rules, or zero
		if json.Unmarshal(b, v.Addr().Interface()) != nil {
			v.SetZero()
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
		return s, isJSONNumber(s)
	}
	return string(b), isJSONNumber(string(b))
}

// lenientStruct decodes the members of the object b into the struct v,
// matching names as encoding/json does (the tag's name, or the field's;
// exactly, else without case; the last duplicate wins).
func lenientStruct(b []byte, v reflect.Value) {
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
		fv, ok := fieldByIndex(v, f.index)
		if ok {
			lenientInto(bytes.TrimSpace(raw), fv)
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

type lenientField struct {
	name  string
	index []int
}

type fieldList []lenientField

// find returns the field named key exactly, or else without case.
func (l fieldList) find(key string) (lenientField, bool) {
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
	return lenientField{}, false
}

var fieldCache sync.Map // reflect.Type → fieldList

// fieldsOf lists the JSON members of struct type t as encoding/json sees
// them: exported fields by tag or name, fields of embedded structs promoted
// unless a shallower field has the name (two at the same depth cancel out).
func fieldsOf(t reflect.Type) fieldList {
	if l, ok := fieldCache.Load(t); ok {
		return l.(fieldList)
	}
	type cand struct {
		lenientField
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
			byName[name] = append(byName[name], cand{lenientField{name, idx}, depth, tagged})
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
		l = append(l, best.lenientField)
	}
	fieldCache.Store(t, l)
	return l
}
