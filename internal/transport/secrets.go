package transport

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sync"
	"unicode/utf8"
)

// Secret is a value a request carries that must never appear in clear in an
// error or a log: the packages' Password types implement it. The transport
// finds every Secret in a request body by itself (the method author need not
// remember to declare it) and scrubs its value from that call's errors and
// logs, like the client's credentials.
type Secret interface {
	// Reveal returns the secret's plain value.
	Reveal() string
}

var secretType = reflect.TypeFor[Secret]()

// requestSecrets lists the secrets a request carries: the ones it declares,
// every Secret value in its Body, and the string values of secret-named
// members ("password", "pswd", "token", ...) of its encoded JSON body.
func requestSecrets(req *Request, body []byte) []string {
	out := append([]string(nil), req.Secrets...)
	if req.Body != nil {
		out = appendSecrets(out, reflect.ValueOf(req.Body), 0)
	}
	if len(body) > 0 {
		out = appendJSONSecrets(out, body)
	}
	return out
}

// maxSecretDepth bounds the walk over a body (a cyclic value cannot be
// encoded as JSON anyway, so the request fails before it is sent).
const maxSecretDepth = 32

// mayHold caches, per type, whether a value of that type can contain a Secret.
var mayHold sync.Map // reflect.Type → bool

// typeMayHold reports whether a value of type t can contain a Secret.
func typeMayHold(t reflect.Type) bool {
	if v, ok := mayHold.Load(t); ok {
		return v.(bool)
	}
	r := typeMayHoldWalk(t, map[reflect.Type]bool{})
	mayHold.Store(t, r)
	return r
}

func typeMayHoldWalk(t reflect.Type, visiting map[reflect.Type]bool) bool {
	if t.Implements(secretType) || (t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(secretType)) {
		return true
	}
	if visiting[t] {
		return false
	}
	visiting[t] = true
	switch t.Kind() {
	case reflect.Interface:
		return true // decided by the dynamic value
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return typeMayHoldWalk(t.Elem(), visiting)
	case reflect.Map:
		return typeMayHoldWalk(t.Key(), visiting) || typeMayHoldWalk(t.Elem(), visiting)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() && typeMayHoldWalk(f.Type, visiting) {
				return true
			}
		}
	}
	return false
}

// appendSecrets appends the value of every Secret found in v.
func appendSecrets(out []string, v reflect.Value, depth int) []string {
	if !v.IsValid() || depth > maxSecretDepth || !typeMayHold(v.Type()) {
		return out
	}
	if v.Type().Implements(secretType) {
		if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
			return out
		}
		return append(out, v.Interface().(Secret).Reveal())
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			out = appendSecrets(out, v.Elem(), depth+1)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			out = appendSecrets(out, v.Index(i), depth+1)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			out = appendSecrets(out, it.Key(), depth+1)
			out = appendSecrets(out, it.Value(), depth+1)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).IsExported() {
				out = appendSecrets(out, v.Field(i), depth+1)
			}
		}
	default:
		if v.CanAddr() && v.Addr().Type().Implements(secretType) {
			out = append(out, v.Addr().Interface().(Secret).Reveal())
		}
	}
	return out
}

// appendJSONSecrets appends the string values of secret-named object members
// found anywhere in a JSON document. It reads the bytes once and allocates
// only for the secrets it finds: a string followed by ':' is a member name, a
// string after a secret name's ':' is a secret. A body that is not JSON adds
// whatever such pairs it happens to hold, which is harmless: the values are
// only ever scrubbed.
func appendJSONSecrets(out []string, body []byte) []string {
	secretNext := false // the previous token was a secret member's ':'
	for i := 0; i < len(body); i++ {
		switch c := body[i]; c {
		case '"':
			end := stringEnd(body, i)
			if end < 0 {
				return out
			}
			lit := body[i : end+1] // with its quotes
			j := skipSpace(body, end+1)
			switch {
			case j < len(body) && body[j] == ':':
				secretNext = secretName(lit[1 : len(lit)-1])
				i = j
				continue
			case secretNext:
				raw, decoded := string(lit[1:len(lit)-1]), unquote(lit)
				out = append(out, decoded)
				if raw != decoded { // an echo may carry either spelling
					out = append(out, raw)
				}
			}
			secretNext = false
			i = end
		case ' ', '\t', '\n', '\r':
		default:
			secretNext = false
		}
	}
	return out
}

// stringEnd returns the index of the quote that closes the JSON string
// starting at body[start], or -1.
func stringEnd(body []byte, start int) int {
	for i := start + 1; i < len(body); i++ {
		switch body[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

func skipSpace(body []byte, i int) int {
	for i < len(body) && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r') {
		i++
	}
	return i
}

// unquote decodes a JSON string literal, escapes included, as encoding/json
// does (invalid UTF-8 becomes U+FFFD).
func unquote(lit []byte) string {
	if bytes.IndexByte(lit, '\\') < 0 && utf8.Valid(lit) {
		return string(lit[1 : len(lit)-1])
	}
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return string(lit[1 : len(lit)-1])
	}
	return s
}
