package servicemanager_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/servicemanager"
)

// TestCredentialShape: a bearer token given in the shape of a header value
// ("Bearer abc") would only earn a bare 401: NewClient refuses it with a
// hint, without quoting the secret.
func TestCredentialShape(t *testing.T) {
	const secret = "test-secret-not-real"
	for name, tc := range map[string]struct {
		token, hint string
	}{
		"bearer prefix":   {"Bearer " + secret, `starts with "Bearer "`},
		"basic as bearer": {"Basic " + secret, `starts with "Basic "`},
		"space inside":    {secret + " x", "space"},
	} {
		c, err := servicemanager.NewClient("", servicemanager.WithBearerToken(tc.token))
		assert.Nil(t, c, name)
		require.ErrorIs(t, err, servicemanager.ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), tc.hint, name)
		assert.NotContains(t, err.Error(), secret, name)
	}
	// What is right stays right: a plain token, a login and a password
	// with spaces and colons.
	for name, opt := range map[string]servicemanager.Option{
		"bearer": servicemanager.WithBearerToken(secret),
		"basic":  servicemanager.WithBasicAuth("Иван Петров", "a:b "+secret),
	} {
		_, err := servicemanager.NewClient("", opt)
		assert.NoError(t, err, name)
	}
}

// With the method in the body every request is POST .../execute: the debug
// log names each record's operation, and an in-band failure (HTTP 200, an
// error code in the general block), which the transport logs as a plain
// 200, gets a record with its operation, status and code.
func TestLogNamesOperationAndInBandCode(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"general":{"response":10404,"error":true,"message":"no such account"}}`)
	}))
	defer srv.Close()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := servicemanager.NewClient(srv.URL, servicemanager.WithBasicAuth("svc", "test-password-not-real"),
		servicemanager.WithMethodInBody(), servicemanager.WithLogger(log))
	require.NoError(t, err)
	_, err = c.Accounts.Info(context.Background(), 7)
	require.ErrorIs(t, err, servicemanager.ErrNotFound)

	var records []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		var rec map[string]any
		require.NoError(t, json.Unmarshal(line, &rec))
		records = append(records, rec)
	}
	require.NotEmpty(t, records)
	var inBand map[string]any
	for _, rec := range records {
		assert.Equal(t, "account/info", rec["operation"], "%v", rec)
		if rec["msg"] == "in-band error" {
			inBand = rec
		}
	}
	require.NotNil(t, inBand, "an in-band error record: %s", buf.String())
	assert.Equal(t, "10404", inBand["code"])
	assert.EqualValues(t, 200, inBand["status"])
	assert.Contains(t, inBand["error"], "no such account")
	assert.NotContains(t, buf.String(), "test-password-not-real")
}
