package servicemanager

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// usersBody is an account/users/list answer of n users.
func usersBody(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"user":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"login":"user%02d","name":"Абрамов Геннадий","email":"u%02d@example.com","role":"user","session_restriction":%d,"is_temporary":false}`, i, i, i%5)
	}
	b.WriteString(`],"general":{"response":10200,"error":false,"message":"","version":19,"sm_version":"1.0.95.3","sm_timezone":"Europe/Moscow"}}`)
	return []byte(b.String())
}

// A successful answer is read in one json pass: the error decoder and the
// success decoder together allocate no more than a single json.Unmarshal of
// the body into the result (before, the body was parsed three times).
func TestSuccessIsOnePass(t *testing.T) {
	body := usersBody(20)
	resp := &transport.Response{StatusCode: 200, Body: body, Method: "POST", Path: "/hs/ext_api/execute"}
	ctx := context.Background()
	var sdkErr error
	sdk := testing.AllocsPerRun(200, func() {
		var e Error
		if decodeError(resp, &e) {
			sdkErr = fmt.Errorf("in-band failure: %v", e.Message)
			return
		}
		var out userListResult
		if _, err := decodeResult(ctx, resp, &out); err != nil || len(out.User) != 20 {
			sdkErr = fmt.Errorf("decode: %d users, %w", len(out.User), err)
		}
	})
	if sdkErr != nil {
		t.Fatal(sdkErr)
	}
	bare := testing.AllocsPerRun(200, func() {
		var out struct {
			General *General `json:"general"`
			User    []User   `json:"user"`
		}
		_ = json.Unmarshal(body, &out)
	})
	t.Logf("error+success decoders: %.0f allocs; one json.Unmarshal: %.0f allocs", sdk, bare)
	if sdk > bare+1 { // +1: the result escapes to the heap through an interface
		t.Errorf("decoding a success allocates %.0f times, one json pass %.0f: the body is read more than once", sdk, bare)
	}
}

// The request envelope is written once, in a fixed order: the general block,
// the auth block, then the members of params as they were encoded.
func TestEnvelopeExactBytes(t *testing.T) {
	c := &Client{callType: typeUser}
	cases := []struct {
		name   string
		who    subscriber
		params any
		want   string
	}{
		{"id", subscriber{account: 1010, auth: true}, idParams{ID: 1010},
			`{"general":{"type":"usr","method":"m/x"},"auth":{"account":1010},"id":1010}`},
		{"no params", noAuth, nil, `{"general":{"type":"usr","method":"m/x"}}`},
		{"null params", noAuth, map[string]any(nil), `{"general":{"type":"usr","method":"m/x"}}`},
		{"empty object", subscriber{account: 7, auth: true}, struct{}{}, `{"general":{"type":"usr","method":"m/x"},"auth":{"account":7}}`},
		{"raw with spaces", noAuth, json.RawMessage(` { "a" : [1, {"general":1}] } `), `{"general":{"type":"usr","method":"m/x"},"a":[1,{"general":1}]}`},
	}
	for _, tc := range cases {
		got, err := c.envelope("m/x", tc.who, tc.params, true)
		if err != nil || string(got) != tc.want {
			t.Errorf("%s: got %s, %v; want %s", tc.name, got, err, tc.want)
		}
		if !json.Valid(got) {
			t.Errorf("%s: %s is not JSON", tc.name, got)
		}
	}
	v := &Client{callType: typeLegacy, version: 19, debug: true}
	got, err := v.envelope("m/x", subscriber{account: 1, auth: true}, map[string]int{"b": 2, "a": 1}, true)
	want := `{"general":{"type":"ext","method":"m/x","version":19,"debug":true},"auth":{"account":1},"a":1,"b":2}`
	if err != nil || string(got) != want {
		t.Errorf("got %s, %v; want %s", got, err, want)
	}
}

// Params may not set the general or auth block at their top level, however
// the key is spelled on the wire or cased; nested members of those names are data.
func TestEnvelopeReservedKeys(t *testing.T) {
	c := &Client{callType: typeUser}
	for _, p := range []any{
		map[string]int{"general": 1},
		map[string]any{"a": map[string]int{"x": 1}, "auth": nil},
		json.RawMessage(`{"x":"general","\u0061uth":{}}`),
		json.RawMessage(`{"x":{"y":[{"z":1}]},"general":[]}`),
		// Any case: servers match member names without it.
		map[string]int{"General": 1},
	} {
		if _, err := c.envelope("m/x", noAuth, p, true); err == nil {
			t.Errorf("%v: accepted", p)
		}
	}
	for _, p := range []any{
		map[string]any{"x": map[string]int{"general": 1, "auth": 2}},
		json.RawMessage(`{"x":"general","y":["auth"],"z":"\"auth\""}`),
	} {
		if _, err := c.envelope("m/x", noAuth, p, true); err != nil {
			t.Errorf("%v: %v", p, err)
		}
	}
}
