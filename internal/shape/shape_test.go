package shape_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/ruapi/ruapi-go/internal/shape"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type color string

func (c color) Known() bool { return c == "red" || c == "blue" }

type level int

func (l level) IsKnown() bool { return l >= 1 && l <= 3 }

// flex takes a number or a numeric string, as the SDK's tolerant types do.
type flex int64

func (f *flex) UnmarshalJSON(b []byte) error {
	var n json.Number
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		n = json.Number(s)
	} else if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	v, err := n.Int64()
	*f = flex(v)
	return err
}

type base struct {
	ID      int64 `json:"id"`
	Created string
}

type item struct {
	base
	Name   string            `json:"name"`
	Color  color             `json:"color,omitempty"`
	Level  level             `json:"level,omitempty"`
	Tags   []string          `json:"tags"`
	Labels map[string]string `json:"labels,omitempty"`
	Note   *string           `json:"note"`
	Size   flex              `json:"size,omitzero"`
	Extra  json.RawMessage   `json:"extra"`
	Any    any               `json:"any"`
	Skip   string            `json:"-"`
	hidden string            //nolint:unused // an unexported field takes no member
}

type page struct {
	Items []item `json:"items"`
	Total int    `json:"total"`
}

func find(fs []shape.Finding, kind shape.Kind, path string) *shape.Finding {
	for i := range fs {
		if fs[i].Kind == kind && fs[i].Path == path {
			return &fs[i]
		}
	}
	return nil
}

func TestMatchingAnswerHasNoFindings(t *testing.T) {
	t.Parallel()
	raw := `{"items":[{"id":1,"CREATED":"x","Name":"a","color":"red","level":2,"tags":["t"],"labels":{"k":"v"},
		"note":null,"size":"12","extra":{"any":[1]},"any":[true]}],"total":1}`
	fs, err := shape.CompareTo[page]([]byte(raw), nil)
	require.NoError(t, err)
	assert.Empty(t, fs, "json tags, embedded fields, case-insensitive names, tolerant decoders, raw JSON and any all match")
}

func TestEachKindOfDifference(t *testing.T) {
	t.Parallel()
	raw := `{"items":[
		{"id":"7","name":"a","color":"green","level":9,"tags":["t", 3],"note":null,"extra":1,"any":1,"surprise":{"a":1},"Skip":"x","hidden":"y"},
		{"id":8,"name":"b","tags":[],"note":"n","extra":1,"any":1,"surprise":2,"size":"1.5"}
	],"total":2.5,"next":null}`
	fs, err := shape.CompareTo[page]([]byte(raw), nil)
	require.NoError(t, err)

	f := find(fs, shape.TypeMismatch, "$.items[].id")
	require.NotNil(t, f, "%v", fs)
	assert.Equal(t, "string", f.Got)
	assert.Equal(t, "int64", f.Want)
	assert.NotNil(t, find(fs, shape.TypeMismatch, "$.items[].tags[]"), "a number in a string list")
	assert.NotNil(t, find(fs, shape.TypeMismatch, "$.total"), "a fraction for an int")
	sz := find(fs, shape.TypeMismatch, "$.items[].size")
	require.NotNil(t, sz, "the type's own decoder refuses 1.5")
	assert.Contains(t, sz.Want, "shape_test.flex")

	u := find(fs, shape.UnknownField, "$.items[].surprise")
	require.NotNil(t, u)
	assert.Equal(t, 2, u.Count, "merged across the list's elements")
	assert.True(t, u.Drift())
	assert.NotNil(t, find(fs, shape.UnknownField, "$.next"))
	assert.NotNil(t, find(fs, shape.UnknownField, "$.items[].Skip"), `a json:"-" field takes nothing`)
	assert.NotNil(t, find(fs, shape.UnknownField, "$.items[].hidden"), "an unexported field takes nothing")

	m := find(fs, shape.MissingField, "$.items[].Created")
	require.NotNil(t, m, "an embedded struct's untagged field is expected")
	assert.Equal(t, 2, m.Count)
	assert.Nil(t, find(fs, shape.MissingField, "$.items[].labels"), "omitempty is optional")
	assert.Nil(t, find(fs, shape.MissingField, "$.items[].size"), "omitzero is optional")

	e := find(fs, shape.UnknownEnum, "$.items[].color")
	require.NotNil(t, e)
	assert.Equal(t, `"green"`, e.Got)
	assert.NotNil(t, find(fs, shape.UnknownEnum, "$.items[].level"), "IsKnown and int enums")
	for _, f := range fs {
		assert.NotEmpty(t, f.String())
	}
}

func TestMissingExcludesPointersAndRaw(t *testing.T) {
	t.Parallel()
	fs, err := shape.CompareTo[item]([]byte(`{}`), nil)
	require.NoError(t, err)
	var missing []string
	for _, f := range fs {
		require.Equal(t, shape.MissingField, f.Kind)
		missing = append(missing, f.Path)
	}
	assert.ElementsMatch(t, []string{"$.id", "$.Created", "$.name", "$.tags"}, missing,
		"pointers, interfaces, raw JSON and omitempty/omitzero fields are not expected")
}

// keeper decodes an alias of itself and keeps the raw object, as the SDK's
// catalog types do; its "kind" member may be a string or an object.
type keeper struct {
	ID   int64           `json:"id"`
	Kind string          `json:"kind"`
	Raw  json.RawMessage `json:"-"`
}

func (k *keeper) UnmarshalJSON(b []byte) error {
	var w struct {
		ID   int64           `json:"id"`
		Kind json.RawMessage `json:"kind"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*k = keeper{ID: w.ID, Raw: append(json.RawMessage(nil), b...)}
	if len(w.Kind) > 0 && w.Kind[0] == '{' {
		k.Kind = "object"
	}
	return nil
}

func TestUnmarshalerIsALeafUnlessTransparent(t *testing.T) {
	t.Parallel()
	raw := []byte(`[{"id":1,"kind":{"slug":"x"},"more":1}]`)
	fs, err := shape.CompareTo[[]keeper](raw, nil)
	require.NoError(t, err)
	assert.Empty(t, fs, "a decoder that accepts the value is not second-guessed")

	fs, err = shape.CompareTo[[]keeper]([]byte(`[{"id":"x"}]`), nil)
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, shape.TypeMismatch, fs[0].Kind)
	assert.Equal(t, "$[]", fs[0].Path)

	o := &shape.Options{Transparent: map[reflect.Type][]string{shape.TypeOf[keeper](): {"kind"}}}
	fs, err = shape.CompareTo[[]keeper](raw, o)
	require.NoError(t, err)
	require.Len(t, fs, 1, "%v", fs)
	assert.Equal(t, shape.UnknownField, fs[0].Kind)
	assert.Equal(t, "$[].more", fs[0].Path)
	assert.True(t, fs[0].KeptRaw, "keeper keeps its object in Raw")
	assert.False(t, fs[0].Drift())
	assert.Contains(t, fs[0].String(), "kept in Raw")
}

// tags is a list whose decoder also takes one bare string.
type tags []color

func (ts *tags) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var c color
		if err := json.Unmarshal(b, &c); err != nil {
			return err
		}
		*ts = tags{c}
		return nil
	}
	return json.Unmarshal(b, (*[]color)(ts))
}

// A transparent slice type has the elements of an array walked: an
// element its type does not know is reported; its other forms are left to
// its decoder.
func TestTransparentSlice(t *testing.T) {
	t.Parallel()
	type holder struct {
		Tags tags `json:"tags"`
	}
	raw := []byte(`{"tags":["red","green"]}`)
	fs, err := shape.CompareTo[holder](raw, nil)
	require.NoError(t, err)
	assert.Empty(t, fs, "a leaf unless transparent")

	o := &shape.Options{Transparent: map[reflect.Type][]string{shape.TypeOf[tags](): nil}}
	fs, err = shape.CompareTo[holder](raw, o)
	require.NoError(t, err)
	require.Len(t, fs, 1, "%v", fs)
	assert.Equal(t, shape.UnknownEnum, fs[0].Kind)
	assert.Equal(t, "$.tags[]", fs[0].Path)
	assert.Equal(t, `"green"`, fs[0].Got)

	fs, err = shape.CompareTo[holder]([]byte(`{"tags":"red"}`), o)
	require.NoError(t, err)
	assert.Empty(t, fs, "the one-string form is the decoder's")
	fs, err = shape.CompareTo[holder]([]byte(`{"tags":["red",7]}`), o)
	require.NoError(t, err)
	require.Len(t, fs, 1, "%v", fs)
	assert.Equal(t, shape.TypeMismatch, fs[0].Kind)
}

func TestNotJSON(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{``, `{`, `{} {}`, `<html>`} {
		_, err := shape.CompareTo[page]([]byte(raw), nil)
		assert.Error(t, err, raw)
	}
}

func TestNullIsAcceptedAnywhere(t *testing.T) {
	t.Parallel()
	fs, err := shape.CompareTo[page]([]byte(`{"items":null,"total":null}`), nil)
	require.NoError(t, err)
	assert.Empty(t, fs)
	fs, err = shape.CompareTo[page]([]byte(`null`), nil)
	require.NoError(t, err)
	assert.Empty(t, fs)
}

type textID struct{ v string }

func (x *textID) UnmarshalText(b []byte) error {
	if strings.HasPrefix(string(b), "id-") {
		x.v = string(b)
		return nil
	}
	return errors.New("not an id")
}

func TestTextUnmarshaler(t *testing.T) {
	t.Parallel()
	type doc struct {
		A textID `json:"a"`
		B textID `json:"b"`
	}
	fs, err := shape.CompareTo[doc]([]byte(`{"a":"id-1","b":"nope"}`), nil)
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, "$.b", fs[0].Path)
	assert.Equal(t, shape.TypeMismatch, fs[0].Kind)
}

// A member Optional names may be absent; others are still reported.
func TestOptional(t *testing.T) {
	t.Parallel()
	type part struct {
		Slug    string `json:"slug"`
		Pattern string `json:"pattern"`
	}
	type doc struct {
		Name  string `json:"name"`
		Parts []part `json:"parts"`
	}
	raw := []byte(`{"parts":[{"slug":"ip"}]}`)
	fs, err := shape.CompareTo[doc](raw, nil)
	require.NoError(t, err)
	require.Len(t, fs, 2, "%v", fs)

	o := &shape.Options{Optional: func(t reflect.Type, member string) bool {
		return t == shape.TypeOf[part]() && member == "pattern"
	}}
	fs, err = shape.CompareTo[doc](raw, o)
	require.NoError(t, err)
	require.Len(t, fs, 1, "%v", fs)
	assert.Equal(t, shape.MissingField, fs[0].Kind)
	assert.Equal(t, "$.name", fs[0].Path)
}

type (
	inner1 struct {
		X int
	}
	inner2 struct {
		X string
	}
	tie struct {
		inner1
		inner2
		Y int `json:"y"`
	}
)

func TestEmbeddedDominance(t *testing.T) {
	t.Parallel()
	fs, err := shape.CompareTo[tie]([]byte(`{"X":1,"y":2}`), nil)
	require.NoError(t, err)
	require.Len(t, fs, 1, "a tie hides both, as in encoding/json")
	assert.Equal(t, shape.UnknownField, fs[0].Kind)

	type outer struct {
		tie
		Y string `json:"y"`
	}
	fs, err = shape.CompareTo[outer]([]byte(`{"y":"s"}`), nil)
	require.NoError(t, err)
	assert.Empty(t, fs, "the shallower field wins: y is a string")
}

func TestIgnore(t *testing.T) {
	t.Parallel()
	o := &shape.Options{Ignore: func(t reflect.Type, member string) bool {
		return t == reflect.TypeFor[page]() && member == "selectorMode"
	}}
	fs, err := shape.CompareTo[page]([]byte(`{"items":[],"total":0,"selectorMode":"all","filter":null}`), o)
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, "$.filter", fs[0].Path)
}
