package main

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type stubRT struct{ body string }

func (s stubRT) RoundTrip(*http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(s.body))}, nil
}

// An answer over the capture cap reaches the SDK whole; the probe keeps its
// start and marks it, instead of handing the SDK a cut body.
func TestCaptureOverCapPassesWholeAnswer(t *testing.T) {
	old := maxCapture
	maxCapture = 1024
	t.Cleanup(func() { maxCapture = old })
	whole := `{"pad":"` + strings.Repeat("x", 3000) + `"}`
	c := &capture{next: stubRT{whole}}
	req, err := http.NewRequest(http.MethodGet, "http://upstream.invalid/x", nil)
	require.NoError(t, err)
	resp, err := c.RoundTrip(req)
	require.NoError(t, err)
	got, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, whole, string(got), "the SDK reads the whole answer")
	ex := c.since(0)
	require.Len(t, ex, 1)
	assert.True(t, ex[0].Truncated)
	assert.Len(t, ex[0].Body, 1024)
	assert.True(t, bytes.HasPrefix([]byte(whole), ex[0].Body))

	// Within the cap nothing is marked.
	c = &capture{next: stubRT{`{"a":1}`}}
	resp, err = c.RoundTrip(req)
	require.NoError(t, err)
	got, _ = io.ReadAll(resp.Body)
	assert.Equal(t, `{"a":1}`, string(got))
	assert.False(t, c.since(0)[0].Truncated)
}
