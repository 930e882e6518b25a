package transport_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/ruapi/ruapi-go/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The one Password behind aeza.Password and dataprovider.Password: redacted
// everywhere it could be printed, the real value on the JSON wire and back.
func TestPasswordRedactsButTravels(t *testing.T) {
	t.Parallel()
	p := transport.Password("fake-pw-not-real")
	for _, s := range []string{p.String(), p.GoString(), fmt.Sprint(p), fmt.Sprintf("%v %+v %#v %s %q %x", p, p, p, p, p, p)} {
		assert.NotContains(t, s, "fake-pw")
	}
	txt, err := p.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, transport.Redacted, string(txt))
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "pw", p)
	assert.NotContains(t, buf.String(), "fake-pw")
	assert.Contains(t, buf.String(), transport.Redacted)

	b, err := json.Marshal(struct {
		P transport.Password `json:"p"`
	}{p})
	require.NoError(t, err)
	assert.JSONEq(t, `{"p":"fake-pw-not-real"}`, string(b))
	var back struct {
		P transport.Password `json:"p"`
	}
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, "fake-pw-not-real", back.P.Reveal())
	require.Error(t, json.Unmarshal([]byte(`{"p":1}`), &back))
}
