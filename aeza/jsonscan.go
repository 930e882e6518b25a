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
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
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
