// Package guardtest calls every exported method of every service of a
// ruapi-go client, by reflection, so that a test of the read-only guard or
// of dry runs cannot miss a method added later. It also records what
// reached the network.
package guardtest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"
)

// Seen is one request a Recorder let through.
type Seen struct {
	Method, Path string
	Body         []byte
}

// Recorder is an http.RoundTripper that records every request and sends it
// through http.DefaultTransport.
type Recorder struct {
	mu   sync.Mutex
	seen []Seen
}

// RoundTrip records req and sends it.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		_ = req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	r.mu.Lock()
	r.seen = append(r.seen, Seen{Method: req.Method, Path: req.URL.EscapedPath(), Body: body})
	r.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

// Client returns an *http.Client that sends through r.
func (r *Recorder) Client() *http.Client { return &http.Client{Transport: r} }

// Requests returns what was sent so far.
func (r *Recorder) Requests() []Seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Seen(nil), r.seen...)
}

// Result is the outcome of one method call.
type Result struct {
	// Name is "Service.Method".
	Name string
	// Err is the first error the call returned (its iterator's, for a method
	// that returns one).
	Err error
}

// Filler makes an argument value; it returns false to leave the default.
type Filler func(t reflect.Type, service, method string, index int) (reflect.Value, bool)

// CallAll calls every exported method of every exported field of client
// (a pointer to a struct) that is a pointer to a struct whose type name ends
// in "Service", with arguments filled by fill (when it returns true) or
// else by [Fill]: a context with a short deadline, positive numbers,
// non-empty strings, structs and slices filled the same way. Variadic
// options are left empty. A method that returns an iterator has it run
// until its first element. It returns one Result per method, sorted by name.
func CallAll(client any, fill Filler) []Result {
	var out []Result
	cv := reflect.ValueOf(client)
	ct := cv.Elem().Type()
	for i := 0; i < ct.NumField(); i++ {
		f := ct.Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer || f.Type.Elem().Kind() != reflect.Struct ||
			!strings.HasSuffix(f.Type.Elem().Name(), "Service") {
			continue
		}
		svc := cv.Elem().Field(i)
		for m := 0; m < svc.NumMethod(); m++ {
			name := svc.Type().Method(m).Name
			out = append(out, Result{Name: f.Name + "." + name, Err: call(svc.Method(m), f.Name, name, fill)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// CallMethods calls every exported method of v (a client itself) whose name
// is in names, as CallAll does.
func CallMethods(v any, names []string, fill Filler) []Result {
	rv := reflect.ValueOf(v)
	var out []Result
	for _, n := range names {
		m := rv.MethodByName(n)
		if !m.IsValid() {
			out = append(out, Result{Name: n, Err: errMissing(n)})
			continue
		}
		out = append(out, Result{Name: n, Err: call(m, "", n, fill)})
	}
	return out
}

type errMissing string

func (e errMissing) Error() string { return "no method " + string(e) }

var (
	ctxType   = reflect.TypeOf((*context.Context)(nil)).Elem()
	errorType = reflect.TypeOf((*error)(nil)).Elem()
)

func call(m reflect.Value, service, method string, fill Filler) error {
	mt := m.Type()
	n := mt.NumIn()
	if mt.IsVariadic() {
		n--
	}
	args := make([]reflect.Value, n)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	for i := 0; i < n; i++ {
		at := mt.In(i)
		if at == ctxType {
			args[i] = reflect.ValueOf(ctx)
			continue
		}
		if fill != nil {
			if v, ok := fill(at, service, method, i); ok {
				args[i] = v
				continue
			}
		}
		args[i] = Fill(at, 0)
	}
	res := m.Call(args)
	for _, r := range res {
		if r.Kind() == reflect.Func && r.Type().NumIn() == 1 && r.Type().In(0).Kind() == reflect.Func && !r.IsNil() {
			return runIter(r)
		}
	}
	for _, r := range res {
		if r.Type() == errorType && !r.IsNil() {
			return r.Interface().(error)
		}
	}
	return nil
}

// runIter runs an iter.Seq or iter.Seq2 until its first element and returns
// the error it yielded, if any.
func runIter(seq reflect.Value) error {
	yt := seq.Type().In(0)
	var err error
	yield := reflect.MakeFunc(yt, func(args []reflect.Value) []reflect.Value {
		for _, a := range args {
			if a.Type() == errorType && !a.IsNil() {
				err = a.Interface().(error)
			}
		}
		return []reflect.Value{reflect.ValueOf(false)}
	})
	seq.Call([]reflect.Value{yield})
	return err
}

// Fill returns a value of t with every exported part set: numbers 1,
// strings "x1", bools false, pointers and slices to one filled element, maps
// with one entry; interfaces and funcs stay nil.
func Fill(t reflect.Type, depth int) reflect.Value {
	v := reflect.New(t).Elem()
	if depth > 5 {
		return v
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1)
	case reflect.String:
		v.SetString("x1")
	case reflect.Pointer:
		v.Set(reflect.New(t.Elem()))
		v.Elem().Set(Fill(t.Elem(), depth+1))
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 { // raw JSON and bytes: leave empty
			return v
		}
		s := reflect.MakeSlice(t, 1, 1)
		s.Index(0).Set(Fill(t.Elem(), depth+1))
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(t)
		m.SetMapIndex(Fill(t.Key(), depth+1), Fill(t.Elem(), depth+1))
		v.Set(m)
	case reflect.Struct:
		if t.PkgPath() == "time" {
			return v
		}
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).IsExported() {
				v.Field(i).Set(Fill(t.Field(i).Type, depth+1))
			}
		}
	}
	return v
}

// MethodNames returns the names of v's exported methods.
func MethodNames(v any) []string {
	t := reflect.TypeOf(v)
	out := make([]string, t.NumMethod())
	for i := range out {
		out[i] = t.Method(i).Name
	}
	return out
}
