package aeza

import (
	"bytes"
	"encoding/json"
)

// A few allocation-free scans over JSON that encoding/json has already
// validated (or is about to): they find a member of an object without
// decoding anything, so that the typed decode stays the only pass over a body.

// skipSpace returns the index of the first non-space byte at or after i.
func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index just past the JSON string starting at b[i]
// (which is '"'), or -1.
func skipString(b []byte, i int) int {
	for i++; ; {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return -1
		}
		q := i + j
		k := q
		for k > i && b[k-1] == '\\' {
			k--
		}
		if (q-k)%2 == 0 { // not escaped
			return q + 1
		}
		i = q + 1
	}
}

// skipValue returns the index just past the JSON value starting at b[i], or -1.
func skipValue(b []byte, i int) int {
	i = skipSpace(b, i)
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				if i = skipString(b, i); i < 0 {
					return -1
				}
				i--
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return -1
	}
	for ; i < len(b); i++ { // a number, true, false or null
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
	}
	return i
}

// member returns the member key of the JSON object b: its raw value and
// whatever follows it in b (the value is not scanned to its end, so finding a
// leading member costs nothing), and false when b is not an object or has no
// such member. Like encoding/json it
// matches names case-insensitively and reads escaped names; key is ASCII.
func member(b []byte, key string) ([]byte, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	i++
	for {
		i = skipSpace(b, i)
		if i >= len(b) || b[i] != '"' {
			return nil, false
		}
		end := skipString(b, i)
		if end < 0 {
			return nil, false
		}
		k := b[i+1 : end-1]
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return nil, false
		}
		vs := skipSpace(b, i+1)
		if keyMatch(k, key) {
			return b[vs:], vs < len(b)
		}
		ve := skipValue(b, vs)
		if ve < 0 {
			return nil, false
		}
		i = skipSpace(b, ve)
		if i >= len(b) || b[i] != ',' {
			return nil, false
		}
		i++
	}
}

// firstElement returns the raw first element of the JSON array b, and false
// when b is not an array or is empty.
func firstElement(b []byte) ([]byte, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return nil, false
	}
	vs := skipSpace(b, i+1)
	if vs >= len(b) || b[vs] == ']' {
		return nil, false
	}
	ve := skipValue(b, vs)
	if ve < 0 {
		return nil, false
	}
	return b[vs:ve], true
}

// keyMatch reports whether the raw member name k (unquoted) names key the way
// encoding/json would match a field tag.
func keyMatch(k []byte, key string) bool {
	if bytes.IndexByte(k, '\\') >= 0 {
		var s string
		if err := json.Unmarshal(append(append([]byte{'"'}, k...), '"'), &s); err != nil {
			return false
		}
		k = []byte(s)
	}
	return bytes.EqualFold(k, []byte(key))
}

// objectMembers calls f with the name and the value offset of each member of
// the JSON object starting at b[i]; f returns the index just past the value
// (or -1 to stop). It returns the index just past the object, or -1.
func objectMembers(b []byte, i int, f func(name []byte, vs int) int) int {
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != '{' {
		return -1
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return -1
		}
		end := skipString(b, i)
		if end < 0 {
			return -1
		}
		name := b[i+1 : end-1]
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return -1
		}
		ve := f(name, skipSpace(b, i+1))
		if ve < 0 {
			return -1
		}
		i = skipSpace(b, ve)
		if i >= len(b) {
			return -1
		}
		switch b[i] {
		case '}':
			return i + 1
		case ',':
			i = skipSpace(b, i+1)
		default:
			return -1
		}
	}
}

// listItemSpans returns the [start, end) offsets in body of each element of
// the answer's data.items, reading the members the way encoding/json does
// (names matched case-insensitively, the last of duplicate members winning),
// in one pass over body; ok is false for a body this scan cannot read.
func listItemSpans(body []byte, spans [][2]int) (_ [][2]int, ok bool) {
	end := objectMembers(body, 0, func(name []byte, vs int) int {
		if !keyMatch(name, "data") {
			return skipValue(body, vs)
		}
		spans = spans[:0]
		if vs < len(body) && body[vs] != '{' {
			return skipValue(body, vs)
		}
		return objectMembers(body, vs, func(name []byte, vs int) int {
			if !keyMatch(name, "items") {
				return skipValue(body, vs)
			}
			spans = spans[:0]
			if vs < len(body) && body[vs] != '[' {
				return skipValue(body, vs)
			}
			return arrayElements(body, vs, func(s, e int) { spans = append(spans, [2]int{s, e}) })
		})
	})
	return spans, end >= 0
}

// arrayElements calls f with the offsets of each element of the JSON array
// starting at b[i] and returns the index just past the array, or -1.
func arrayElements(b []byte, i int, f func(start, end int)) int {
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != '[' {
		return -1
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return i + 1
	}
	for {
		end := skipValue(b, i)
		if end < 0 {
			return -1
		}
		f(i, end)
		i = skipSpace(b, end)
		if i >= len(b) {
			return -1
		}
		switch b[i] {
		case ']':
			return i + 1
		case ',':
			i = skipSpace(b, i+1)
		default:
			return -1
		}
	}
}
