// Package shape compares the shape of a raw JSON answer with the Go type an
// SDK decodes it into, to find where an upstream has drifted from what the
// SDK was built for. It reports four kinds of difference:
//
//   - an unknown field: a member the answer has that the type has no field
//     for (matched as encoding/json matches: json tags, promoted fields of
//     embedded structs, names compared without case);
//   - a type mismatch: a value whose JSON type the Go type does not take (a
//     string where an int64 is expected), or that the type's own decoder
//     refuses (a type implementing json.Unmarshaler is tried on the value);
//   - a missing field: an expected field the answer lacks. A field is
//     expected when its tag has neither omitempty nor omitzero and it is not a
//     pointer, an interface or raw JSON: the SDK's types mark what may be
//     absent with exactly these, so an absent expected field is one the SDK
//     believes is always sent;
//   - an unknown enum value: a value of a type with a Known() bool (or
//     IsKnown() bool) method that reports false for it.
//
// A type with its own UnmarshalJSON is a leaf: the value is decoded into it
// and only a refusal is reported, since its decoder may read any shape. When
// its wire shape is its own fields' (a decoder that decodes an alias of the
// type and keeps the raw bytes), list it in [Options.Transparent] so that its
// fields are walked too (for a slice type, its elements). Unknown fields of a struct that keeps its whole
// object raw (a field named Raw tagged json:"-" holding raw JSON) are
// reported with KeptRaw set: the SDK does not lose them.
//
// The package serves the probe (examples/probe) and tests; it is internal so
// that its report shape can still change. It decodes the answer generically
// (numbers kept as text) and never modifies anything.
package shape

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Kind is a kind of difference.
type Kind string

// Kinds of difference.
const (
	UnknownField Kind = "unknown_field"
	TypeMismatch Kind = "type_mismatch"
	MissingField Kind = "missing_field"
	UnknownEnum  Kind = "unknown_enum"
)

// Finding is one difference between an answer and a type. Findings at the
// same place (the elements of a list) are merged and counted.
type Finding struct {
	Kind Kind `json:"kind"`
	// Path is where the difference is: "$" is the answer, ".name" a member,
	// "[]" any element of a list and ".*" any value of a map.
	Path string `json:"path"`
	// Got is the JSON type seen ("string", "number", ...), or the unknown
	// enum value as sent.
	Got string `json:"got,omitempty"`
	// Want is the Go type expected (with the decoder's complaint, if any).
	Want string `json:"want,omitempty"`
	// KeptRaw is true for an unknown field the type keeps in its Raw field.
	KeptRaw bool `json:"kept_raw,omitempty"`
	// Count is how many times the difference occurred.
	Count int `json:"count"`
}

// Drift reports whether the finding is a drift: everything except an
// unknown field the type keeps raw.
func (f Finding) Drift() bool { return f.Kind != UnknownField || !f.KeptRaw }

// String describes the finding in one line.
func (f Finding) String() string {
	var s string
	switch f.Kind {
	case UnknownField:
		s = fmt.Sprintf("unknown field %s (%s)", f.Path, f.Got)
		if f.KeptRaw {
			s += ", kept in Raw"
		}
	case TypeMismatch:
		s = fmt.Sprintf("type mismatch at %s: got %s, want %s", f.Path, f.Got, f.Want)
	case MissingField:
		s = fmt.Sprintf("missing field %s (%s)", f.Path, f.Want)
	case UnknownEnum:
		s = fmt.Sprintf("unknown enum value %s = %s (%s)", f.Path, f.Got, f.Want)
	default:
		s = fmt.Sprintf("%s at %s", f.Kind, f.Path)
	}
	if f.Count > 1 {
		s += fmt.Sprintf(" ×%d", f.Count)
	}
	return s
}

// Options tune a comparison. The zero value is ready to use.
type Options struct {
	// Transparent lists struct types with their own UnmarshalJSON whose
	// wire shape is their fields' shape: they are decoded (a refusal is a
	// mismatch) and then walked like plain structs. The listed member names
	// are left to the decoder (a member it reads in more than one form).
	// A slice or array type listed here (a list whose decoder also takes
	// other forms) has the elements of a JSON array walked as its element
	// type's; its other forms are left to its decoder.
	Transparent map[reflect.Type][]string
	// Ignore, when set, names members a type knowingly does not decode
	// (documented upstream metadata the SDK has no use for): they are not
	// reported.
	Ignore func(t reflect.Type, member string) bool
	// Optional, when set, names expected members (by their JSON name) that
	// an answer may lack although the type's tags do not say so (a member
	// the upstream's documentation marks optional, which the SDK reads as
	// its zero value): their absence is not reported.
	Optional func(t reflect.Type, member string) bool
}

// TypeOf returns the reflect.Type of T, for [Options.Transparent] keys.
func TypeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// Compare compares the JSON document raw with the Go type t and returns the
// findings sorted by path. It fails only when raw is not one JSON value.
func Compare(raw []byte, t reflect.Type, o *Options) ([]Finding, error) {
	if o == nil {
		o = &Options{}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("shape: answer is not JSON: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("shape: answer is not JSON: trailing data")
	}
	w := &walker{o: o, seen: map[string]*Finding{}}
	w.check(v, t, "$")
	out := make([]Finding, 0, len(w.seen))
	for _, f := range w.seen {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Kind < out[j].Kind
	})
	return out, nil
}

// CompareTo is [Compare] for the type T.
func CompareTo[T any](raw []byte, o *Options) ([]Finding, error) {
	return Compare(raw, reflect.TypeFor[T](), o)
}

type walker struct {
	o    *Options
	seen map[string]*Finding
}

func (w *walker) add(f Finding) {
	key := string(f.Kind) + "\x00" + f.Path
	if f.Kind == TypeMismatch || f.Kind == UnknownEnum {
		key += "\x00" + f.Got
	}
	if p, ok := w.seen[key]; ok {
		p.Count++
		return
	}
	f.Count = 1
	w.seen[key] = &f
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	rawMessageType      = reflect.TypeFor[json.RawMessage]()
)

// jsonType names the JSON type of a generically decoded value.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// implements reports whether t or *t implements iface.
func implements(t, iface reflect.Type) bool {
	return t.Implements(iface) || (t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(iface))
}

func (w *walker) check(v any, t reflect.Type, path string) {
	if v == nil { // encoding/json takes null for any type, leaving it as it was
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == rawMessageType || t.Kind() == reflect.Interface {
		return
	}
	if implements(t, unmarshalerType) {
		if !w.tryDecode(v, t, path) {
			return
		}
		if loose, ok := w.o.Transparent[t]; ok {
			switch t.Kind() {
			case reflect.Struct:
				if m, ok := v.(map[string]any); ok {
					w.object(m, t, path, loose)
				}
			case reflect.Slice, reflect.Array:
				if a, ok := v.([]any); ok {
					for _, e := range a {
						w.check(e, t.Elem(), path+"[]")
					}
				}
			}
		}
		return
	}
	if _, ok := v.(string); ok && implements(t, textUnmarshalerType) {
		if w.tryDecode(v, t, path) {
			w.enum(v, t, path)
		}
		return
	}
	got := jsonType(v)
	mismatch := func() { w.add(Finding{Kind: TypeMismatch, Path: path, Got: got, Want: t.String()}) }
	switch t.Kind() {
	case reflect.String:
		if got != "string" {
			mismatch()
			return
		}
		w.enum(v, t, path)
	case reflect.Bool:
		if got != "bool" {
			mismatch()
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		if got != "number" {
			mismatch()
			return
		}
		if w.tryDecode(v, t, path) {
			w.enum(v, t, path)
		}
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && !implements(t.Elem(), unmarshalerType) {
			if got != "string" { // []byte is base64 text
				mismatch()
			}
			return
		}
		a, ok := v.([]any)
		if !ok {
			mismatch()
			return
		}
		for _, e := range a {
			w.check(e, t.Elem(), path+"[]")
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			mismatch()
			return
		}
		for _, e := range m {
			w.check(e, t.Elem(), path+".*")
		}
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			mismatch()
			return
		}
		w.object(m, t, path, nil)
	default:
		mismatch() // chan, func, complex: nothing JSON decodes into
	}
}

// tryDecode decodes v into a new t and reports a refusal as a mismatch; it
// reports whether the value decoded.
func (w *walker) tryDecode(v any, t reflect.Type, path string) bool {
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, reflect.New(t).Interface())
	}
	if err != nil {
		w.add(Finding{Kind: TypeMismatch, Path: path, Got: jsonType(v), Want: t.String() + ": " + shorten(err.Error(), 120)})
		return false
	}
	if implements(t, unmarshalerType) {
		w.enum(v, t, path)
	}
	return true
}

// enum reports a value its type's Known or IsKnown method refuses.
func (w *walker) enum(v any, t reflect.Type, path string) {
	m, ok := t.MethodByName("Known")
	if !ok {
		m, ok = t.MethodByName("IsKnown")
	}
	if !ok || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 || m.Type.Out(0).Kind() != reflect.Bool {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	p := reflect.New(t)
	if json.Unmarshal(b, p.Interface()) != nil {
		return
	}
	if !m.Func.Call([]reflect.Value{p.Elem()})[0].Bool() {
		w.add(Finding{Kind: UnknownEnum, Path: path, Got: shorten(string(b), 60), Want: t.String()})
	}
}

// object compares a JSON object with a struct's fields.
func (w *walker) object(m map[string]any, t reflect.Type, path string, loose []string) {
	fields := fieldsOf(t)
	keptRaw := keepsRaw(t)
	matched := make(map[int]bool, len(fields))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		i := match(fields, k)
		if i < 0 && w.o.Ignore != nil && w.o.Ignore(t, k) {
			continue
		}
		if i < 0 {
			w.add(Finding{Kind: UnknownField, Path: path + "." + k, Got: jsonType(m[k]), KeptRaw: keptRaw})
			continue
		}
		matched[i] = true
		if contains(loose, fields[i].name) {
			continue
		}
		w.check(m[k], fields[i].typ, path+"."+fields[i].name)
	}
	for i, f := range fields {
		if !matched[i] && f.expected() && !contains(loose, f.name) && (w.o.Optional == nil || !w.o.Optional(t, f.name)) {
			w.add(Finding{Kind: MissingField, Path: path + "." + f.name, Want: f.typ.String()})
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// keepsRaw reports whether a struct keeps its whole object raw: a field
// named Raw, tagged json:"-", of a byte-slice type.
func keepsRaw(t reflect.Type) bool {
	f, ok := t.FieldByName("Raw")
	return ok && f.Tag.Get("json") == "-" && f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Uint8
}

// field is one JSON member of a struct, as encoding/json sees it.
type field struct {
	name     string
	typ      reflect.Type
	optional bool // omitempty or omitzero
	tagged   bool
	depth    int
}

// expected reports whether an answer should always carry the field.
func (f field) expected() bool {
	if f.optional {
		return false
	}
	switch f.typ.Kind() {
	case reflect.Pointer, reflect.Interface:
		return false
	}
	return f.typ != rawMessageType
}

// fieldsOf lists a struct's JSON members: tagged and exported fields, with
// those of embedded structs promoted (the shallower one winning, then the
// tagged one; a tie hides both, as in encoding/json).
func fieldsOf(t reflect.Type) []field {
	var all []field
	var walk func(t reflect.Type, depth int, visited map[reflect.Type]bool)
	walk = func(t reflect.Type, depth int, visited map[reflect.Type]bool) {
		if visited[t] {
			return
		}
		visited[t] = true
		defer delete(visited, t)
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			ft := sf.Type
			if sf.Anonymous {
				et := ft
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if name == "" && et.Kind() == reflect.Struct {
					walk(et, depth+1, visited)
					continue
				}
				if !sf.IsExported() && et.Kind() != reflect.Struct {
					continue
				}
			} else if !sf.IsExported() {
				continue
			}
			f := field{name: name, typ: ft, tagged: name != "", depth: depth,
				optional: strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")}
			if f.name == "" {
				f.name = sf.Name
			}
			all = append(all, f)
		}
	}
	walk(t, 0, map[reflect.Type]bool{})
	// Dominance, by name (exact; encoding/json keeps the first spelling).
	byName := map[string][]int{}
	for i, f := range all {
		byName[f.name] = append(byName[f.name], i)
	}
	out := make([]field, 0, len(all))
	for i, f := range all {
		idx := byName[f.name]
		best := -1
		tie := false
		for _, j := range idx {
			g := all[j]
			switch {
			case best < 0:
				best = j
			case g.depth < all[best].depth || (g.depth == all[best].depth && g.tagged && !all[best].tagged):
				best, tie = j, false
			case g.depth == all[best].depth && g.tagged == all[best].tagged:
				tie = true
			}
		}
		if best == i && !tie {
			out = append(out, f)
		}
	}
	return out
}

// match finds the field a member name decodes into: the exact name first,
// then one equal without case, as encoding/json does.
func match(fields []field, key string) int {
	for i, f := range fields {
		if f.name == key {
			return i
		}
	}
	for i, f := range fields {
		if strings.EqualFold(f.name, key) {
			return i
		}
	}
	return -1
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
