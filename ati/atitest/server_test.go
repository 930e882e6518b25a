package atitest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/ati/atitest"
)

func do(t *testing.T, srv *atitest.Server, method, path, token, body string) (*http.Response, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, bytes.NewBufferString(body))
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp, m
}

func TestServerAuthAndEnvelopes(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer(atitest.WithToken("other-token-not-real"))
	defer srv.Close()
	resp, m := do(t, srv, "GET", "/v1.2/catalogs/organizations/x", "", "")
	assert.Equal(t, 401, resp.StatusCode)
	assert.Equal(t, "unauthorized", m["error_code"])
	resp, m = do(t, srv, "GET", "/v1.0/balance", "nope", "")
	assert.Equal(t, 401, resp.StatusCode)
	assert.Equal(t, "unauthorized", m["error"])
	resp, m = do(t, srv, "GET", "/v1.2/catalogs/organizations/x", srv.Token, "")
	assert.Equal(t, 404, resp.StatusCode)
	assert.Equal(t, "organization_not_found", m["error_code"])
	assert.NotEmpty(t, m["reason"])
	resp, m = do(t, srv, "DELETE", "/gw/oauth2/catalogs/v1.2/organizations/contactPersons/x", srv.Token, "")
	assert.Equal(t, 404, resp.StatusCode)
	assert.Equal(t, "contact_person_not_found", m["error_code"])
	resp, _ = do(t, srv, "POST", "/v1.2/catalogs/organizations/addresses", srv.Token, `{"address":`)
	assert.Equal(t, 400, resp.StatusCode)
}

func TestServerFaults(t *testing.T) {
	t.Parallel()
	srv := atitest.NewServer()
	defer srv.Close()
	srv.InjectFault(2, atitest.Fault{Status: 429})
	resp, _ := do(t, srv, "GET", "/v1.0/balance", srv.Token, "")
	assert.Equal(t, 429, resp.StatusCode)
	resp, _ = do(t, srv, "GET", "/v1.0/balance", srv.Token, "")
	assert.Equal(t, 429, resp.StatusCode)
	resp, m := do(t, srv, "GET", "/v1.0/balance", srv.Token, "")
	assert.Equal(t, 200, resp.StatusCode)
	assert.InDelta(t, 100.5, m["balance"], 0)
	srv.InjectFault(5, atitest.Fault{Status: 500})
	srv.ClearFaults()
	resp, _ = do(t, srv, "GET", "/v1.0/balance", srv.Token, "")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, 4, srv.Requests())
}
