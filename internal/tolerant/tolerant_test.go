package tolerant

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

var (
	coerceRules = Options{Coerce: true}
	looseRules  = Options{SingleAsList: true}
)

// decodeLenient is Service Manager's use of the decoder.
func decodeLenient(b []byte, v any) error { return Decode(b, v, coerceRules) }

// Embedded fields are promoted as encoding/json does: a shallower field
// wins, two at the same depth cancel out, a tagged one wins over untagged.
// (Moved from servicemanager's lenient_internal_test.go unchanged.)
func TestLenientFieldRules(t *testing.T) {
	type inner struct {
		A string `json:"a"`
		B string
	}
	type other struct {
		B string
	}
	var v struct {
		inner
		*other
		A string `json:"a"`
		C int    `json:"-"`
	}
	if err := decodeLenient([]byte(`{"a":"top","b":"both","B":"x","C":5}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A != "top" || v.inner.A != "" || v.inner.B != "" || v.C != 0 {
		t.Fatalf("%+v", v)
	}
	var w struct {
		ID   int64 `json:"id"`
		Name string
	}
	if err := decodeLenient([]byte(`{"ID":"42","id":true,"name":1}`), &w); err != nil || w.ID != 0 || w.Name != "1" {
		t.Fatalf("%+v %v: the last duplicate wins, case aside", w, err)
	}
}

// The field rules hold without Coerce too: an exact name wins over one
// matched without case, and a promoted field is found through an embedded
// pointer, which is allocated for it.
func TestFieldRulesBothModes(t *testing.T) {
	type Embedded struct {
		E string `json:"e"`
	}
	type doc struct {
		*Embedded
		Lower string `json:"name"`
		Upper string `json:"NAME"`
		Odd   int    `json:"odd"`
	}
	for _, o := range []Options{coerceRules, looseRules} {
		var v doc
		if err := Decode([]byte(`{"NAME":"u","name":"l","e":"x","odd":"no"}`), &v, o); err != nil {
			t.Fatal(err)
		}
		if v.Lower != "l" || v.Upper != "u" || v.Embedded == nil || v.E != "x" || v.Odd != 0 {
			t.Fatalf("%+v: %+v", o, v)
		}
	}
}

// stamp has its own decoding: it takes only a string that starts with "t".
type stamp string

func (s *stamp) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*s = "was null"
		return nil
	}
	var x string
	if err := json.Unmarshal(b, &x); err != nil || !strings.HasPrefix(x, "t") {
		return errors.New("not a stamp")
	}
	*s = stamp(x)
	return nil
}

// word has its own text decoding only.
type word string

func (w *word) UnmarshalText(b []byte) error {
	*w = word(strings.ToUpper(string(b)))
	return nil
}

type inner struct {
	N int `json:"n"`
}

type scalars struct {
	S     string          `json:"s"`
	I     int64           `json:"i"`
	U     uint8           `json:"u"`
	F     float64         `json:"f"`
	B     bool            `json:"b"`
	Num   json.Number     `json:"num"`
	Raw   json.RawMessage `json:"raw"`
	Stamp stamp           `json:"stamp"`
	Word  word            `json:"word"`
	Ptr   *inner          `json:"ptr"`
	List  []string        `json:"list"`
	Ints  map[int]int     `json:"ints"`
	Any   any             `json:"any"`
}

// With Coerce, a misfit scalar reads as near to its value as its type
// allows (Service Manager's rules).
func TestCoerce(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want scalars
	}{
		{`{"s":5,"i":"12345","u":"7","f":" 2.5 ","b":"1","num":" 12 ","raw":{"a": 1}}`,
			scalars{S: "5", I: 12345, U: 7, F: 2.5, B: true, Num: "12", Raw: json.RawMessage(`{"a": 1}`)}},
		{`{"s":{"a": [1, true]},"i":12.5,"u":-1,"f":"x","b":1,"num":"x"}`, scalars{S: `{"a":[1,true]}`, B: true}},
		{`{"s":true,"i":true,"u":300,"b":"yes","stamp":"t1","word":"w"}`, scalars{S: "true", Stamp: "t1", Word: "W"}},
		{`{"stamp":null,"raw":null,"ptr":null,"s":null,"b":"0"}`, scalars{}},
		{`{"stamp":"x","ptr":"x","list":"x","ints":{"1":2,"x":3}}`, scalars{Ints: map[int]int{1: 2}}},
		{`{"ptr":{"n":"4"},"list":["a",1,null,{}],"any":[1,"x"]}`,
			scalars{Ptr: &inner{N: 4}, List: []string{"a", "1", "", "{}"}, Any: []any{1.0, "x"}}},
	} {
		var got scalars
		if err := Decode([]byte(tc.in), &got, coerceRules); err != nil {
			t.Fatal(tc.in, err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %#v\nwant %#v", tc.in, got, tc.want)
		}
	}
}

// Without Coerce a misfit reads as zero, a type's own decoding is asked
// even for null (as encoding/json asks it), a pointer to a misfit struct
// points to a zero value, and with SingleAsList a lone string is a list
// (Aeza's rules).
func TestLoose(t *testing.T) {
	for _, tc := range []struct {
		in   string
		o    Options
		want scalars
	}{
		{`{"s":5,"i":"12345","u":"7","f":2.5,"b":"1","num":"12","raw":{"a": 1}}`, looseRules,
			scalars{F: 2.5, Num: "12", Raw: json.RawMessage(`{"a": 1}`)}},
		{`{"stamp":null,"raw":null,"s":"x","word":"w","ptr":"x"}`, looseRules,
			scalars{Stamp: "was null", Raw: json.RawMessage(`null`), S: "x", Word: "W", Ptr: &inner{}}},
		{`{"list":"x","ints":{"1":2,"x":3},"ptr":{"n":"4"}}`, looseRules, scalars{List: []string{"x"}, Ptr: &inner{}}},
		{`{"list":"x","ptr":{"n":4}}`, Options{}, scalars{Ptr: &inner{N: 4}}},
		{`{"list":["a",1,"c"],"any":{"x":[1]},"stamp":"q"}`, looseRules,
			scalars{List: []string{"a", "", "c"}, Any: map[string]any{"x": []any{1.0}}}},
	} {
		var got scalars
		if err := Decode([]byte(tc.in), &got, tc.o); err != nil {
			t.Fatal(tc.in, err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s %+v:\n got %#v\nwant %#v", tc.in, tc.o, got, tc.want)
		}
	}
}

// SingleAsList reads the lone string by the coercion rules too.
func TestCoerceSingleAsList(t *testing.T) {
	var v struct {
		L []string `json:"l"`
	}
	if err := Decode([]byte(`{"l":"x"}`), &v, Options{Coerce: true, SingleAsList: true}); err != nil || !reflect.DeepEqual(v.L, []string{"x"}) {
		t.Fatalf("%+v %v", v, err)
	}
}

// Decode sets v to zero first, and fails only on invalid JSON or a v that
// is not a non-nil pointer, with encoding/json's own errors.
func TestDecodeErrorsAndZero(t *testing.T) {
	for _, o := range []Options{coerceRules, looseRules} {
		v := scalars{S: "old", I: 9, Ptr: &inner{N: 1}}
		if err := Decode([]byte(` {"b":true} `), &v, o); err != nil || !reflect.DeepEqual(v, scalars{B: true}) {
			t.Fatalf("%+v: %+v %v", o, v, err)
		}
		var se *json.SyntaxError
		if err := Decode([]byte(`{"b":tru}`), &v, o); !errors.As(err, &se) {
			t.Fatalf("%+v: %v", o, err)
		}
		var ie *json.InvalidUnmarshalError
		if err := Decode([]byte(`{}`), v, o); !errors.As(err, &ie) {
			t.Fatalf("%+v: %v", o, err)
		}
		if err := Decode([]byte(`{}`), (*scalars)(nil), o); !errors.As(err, &ie) {
			t.Fatalf("%+v: %v", o, err)
		}
	}
}

type fuzzDoc struct {
	scalars
	Items []scalars           `json:"items"`
	ByKey map[string]*scalars `json:"by_key"`
	Pair  [2]int              `json:"pair"`
	Next  *fuzzDoc            `json:"next"`
}

// FuzzDecode: the decoder never panics and fails only on invalid JSON, in
// either mode; without Coerce it agrees with encoding/json wherever
// encoding/json succeeds.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"s":1,"items":[{"i":"2"},3,null],"by_key":{"a":{"b":"true"},"b":7},"pair":[1,"x"],"next":{"next":{"list":"x"}}}`,
		`{"S":"a","s":"b","ptr":{"n":1},"ptr":{"n":"x"},"word":5,"stamp":"tx"}`, `[]`, `"x"`, `null`, `{"raw":null,"any":{}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		valid := json.Valid(b)
		for _, o := range []Options{coerceRules, looseRules, {}} {
			var v fuzzDoc
			err := Decode(b, &v, o)
			if valid != (err == nil) {
				t.Fatalf("%+v on %s (valid %v): %v", o, s, valid, err)
			}
			if o.Coerce {
				continue
			}
			var want fuzzDoc
			if json.Unmarshal(b, &want) == nil && !reflect.DeepEqual(v, want) {
				t.Fatalf("%+v on %s:\n got %+v\nwant %+v", o, s, v, want)
			}
		}
	})
}
