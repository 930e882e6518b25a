package transport_test

import (
	"strings"
	"testing"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// BenchmarkRedactorString scrubs a typical error body (1 KiB of JSON, and an
// HTML error page full of character references) of a client's credential
// and a per-call password.
func BenchmarkRedactorString(b *testing.B) {
	r := transport.NewRedactor(testToken, "per-call-Pass&word-1")
	bodies := map[string]string{
		"json": `{"error":{"code":"validation_failed","message":"` + strings.Repeat("the field is invalid; ", 40) + `"},"request_id":"3fa85f64-5717"}`,
		"html": "<html><body>" + strings.Repeat("<p>Bad &quot;request&quot; &amp; more &#8212; retry</p>", 20) + "</body></html>",
	}
	for name, body := range bodies {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				_ = r.String(body)
			}
		})
	}
}
