package transport

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sync"
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
// found anywhere in a JSON document. A body that is not JSON adds nothing.
func appendJSONSecrets(out []string, body []byte) []string {
	if !bytes.ContainsAny(body, "{") {
		return out
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	// Each open container: whether it is an object, and, for an object,
	// whether the next token is a key.
	type frame struct{ object, wantKey bool }
	var stack []frame
	secretNext := false
	for {
		tok, err := dec.Token()
		if err != nil { // io.EOF, or a body that is not JSON
			return out
		}
		top := len(stack) - 1
		if top >= 0 && stack[top].object && stack[top].wantKey {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:top]
				if top--; top >= 0 && stack[top].object {
					stack[top].wantKey = true
				}
				continue
			}
			key, _ := tok.(string)
			secretNext = IsSecretName(key)
			stack[top].wantKey = false
			continue
		}
		isSecret := secretNext
		secretNext = false
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, frame{object: true, wantKey: true})
				continue
			case '[':
				stack = append(stack, frame{})
				continue
			default: // '}' or ']'
				if top >= 0 {
					stack = stack[:top]
				}
			}
		case string:
			if isSecret {
				out = append(out, t)
			}
		}
		// A value ended: the enclosing object expects a key next.
		if top = len(stack) - 1; top >= 0 && stack[top].object {
			stack[top].wantKey = true
		}
	}
}
