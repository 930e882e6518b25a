package transport

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRedactorString: scrubbing never panics and leaves no long secret in
// raw form.
func FuzzRedactorString(f *testing.F) {
	for _, seed := range [][2]string{
		{"Пароль\"5<&'>q/Z-long-secret", `password &#1055;&#x430;роль&quot;5&lt;&amp;&#39;&gt;q/Z-long-secret`},
		{"wrong", "wrong login or password; password: wrong"},
		{"x", `\u0078 %78 &#120; \ud83d\ude00 \U0001F600 &copy; %zz \u12`},
		{"secret-token-0123456789", `{"m":"\\u0026quot;secret-token-0123456789\\u0026quot;"}`},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, secret, text string) {
		r := NewRedactor(secret)
		out := r.String(text)
		if !utf8.ValidString(text) {
			return
		}
		if len(secret) >= anywhereLen && strings.TrimSpace(secret) != "" && strings.Contains(strings.ReplaceAll(out, Redacted, "\x00"), secret) {
			t.Fatalf("secret %q left in %q (from %q)", secret, out, text)
		}
	})
}
