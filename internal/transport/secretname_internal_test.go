package transport

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The regexp the hand-written check replaced: both must agree on every name.
var secretNameRE = regexp.MustCompile(`(?i)(token|secret|passw|pswd|pass$|^pwd$|api[-_]?key|apikey|signature|^sig$|auth|session|cookie|credential|private)`)

func FuzzSecretNameMatchesRegexp(f *testing.F) {
	for _, s := range []string{"password", "PSWD", "root_pass", "pwd", "Pwd", "pwd2", "sig", "signature", "X-Api-Key", "api_key",
		"apikey", "Authorization", "session_id", "Cookie", "private_key", "user_id", "limit", "page", "bypass", "passage",
		"X-Ratelimit-Reset", strings.Repeat("a", 70) + "token", strings.Repeat("b", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if got, want := IsSecretName(name), secretNameRE.MatchString(name); got != want {
			// (?i) in Go folds some non-ASCII letters (the Kelvin sign K
			// matches k); names on the wire are ASCII.
			if isASCII(name) {
				t.Fatalf("IsSecretName(%q) = %v, the regexp says %v", name, got, want)
			}
		}
		if secretName([]byte(name)) != IsSecretName(name) {
			t.Fatalf("bytes and string disagree on %q", name)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func TestSecretNameAllocatesNothing(t *testing.T) {
	key := []byte("user_id")
	if n := testing.AllocsPerRun(100, func() { _ = secretName(key); _ = IsSecretName("X-Request-Id") }); n != 0 {
		t.Fatalf("%v allocations", n)
	}
}

func TestJSONSecretsScan(t *testing.T) {
	body := []byte(`{"general":{"type":"usr","method":"account/users/create"},"auth":{"account":1010},
		"login":"Abramov","password":"w13p\"3q\u0026x","user":{"pswd":"nested-pw","tokens":["a-list-value"]},
		"note":"password","x":{"root_password" : "spaced-pw"},"api_key":null,"session":12345}`)
	got := appendJSONSecrets(nil, body)
	want := []string{`w13p"3q&x`, `w13p\"3q\u0026x`, "nested-pw", "spaced-pw"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
	plain := []byte(`{"general":{"type":"usr","method":"account/users/list"},"auth":{"account":1010},"id":1010}`)
	if n := testing.AllocsPerRun(100, func() { _ = appendJSONSecrets(nil, plain) }); n != 0 {
		t.Fatalf("a body without secrets cost %v allocations", n)
	}
	for _, broken := range [][]byte{[]byte(`{"password":"unterminated`), []byte(`"`), []byte(`{"a\`), nil} {
		_ = appendJSONSecrets(nil, broken) // no panic
	}
}

// The scan never panics, and what it finds under a secret name in a valid
// document is exactly what encoding/json reads there.
func FuzzJSONSecrets(f *testing.F) {
	f.Add([]byte(`{"password":"p\u0026w","a":[{"token":"t"}],"b":"password"}`))
	f.Add([]byte(`{"x":"y"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		got := appendJSONSecrets(nil, body)
		var m map[string]any
		if json.Unmarshal(body, &m) != nil {
			return
		}
		for k, v := range m {
			if s, ok := v.(string); ok && IsSecretName(k) && !slices.Contains(got, s) {
				t.Fatalf("top-level secret %q=%q not found in %q", k, s, got)
			}
		}
	})
}
