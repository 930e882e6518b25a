package transport_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBodyRequestIDNotOverwritten: a request id the package's error decoder
// read from the body survives a response without a request id header (and
// wins over one), while a header still fills an error whose body has none.
func TestBodyRequestIDNotOverwritten(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, status(http.StatusBadRequest, `{"requestId":"body-id-1"}`),
		func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("X-Request-Id", "header-id")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"requestId":"body-id-2"}`))
		},
		func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("X-Request-Id", "header-id")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{}`))
		})
	c := newClient(t, srv.URL, func(cfg *transport.Config) {
		cfg.DecodeError = func(resp *transport.Response, e *transport.Error) bool {
			var env struct {
				RequestID string `json:"requestId"`
			}
			_ = jsonUnmarshal(resp.Body, &env)
			e.RequestID = env.RequestID
			return resp.StatusCode >= 300
		}
	})
	for _, want := range []string{"body-id-1", "body-id-2", "header-id"} {
		_, err := c.Do(context.Background(), &transport.Request{Method: http.MethodGet, Path: "x"})
		var e *transport.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, want, e.RequestID)
	}
}
