package dataprovider_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
	"github.com/ruapi/ruapi-go/internal/guardtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// With WithReadOnly, every exported method of every service of the provider
// client, its Do by method, and every method of the callback client are
// called (found by reflection, so a new one cannot be missed): the
// credential check and the reads go out, nothing that changes state reaches
// a fake.
func TestReadOnlyEveryMethod(t *testing.T) {
	srv := dptest.NewServer()
	defer srv.Close()
	rec := &guardtest.Recorder{}
	c, err := srv.Client(dataprovider.WithReadOnly(), dataprovider.WithHTTPClient(rec.Client()))
	require.NoError(t, err)
	results := guardtest.CallAll(c, nil)
	require.GreaterOrEqual(t, len(results), 7)
	for _, r := range results {
		assert.NotErrorIs(t, r.Err, dataprovider.ErrReadOnly, "%s is a read", r.Name)
	}
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		err := c.Do(context.Background(), &dataprovider.Request{Method: m, Path: "api/users"}, nil)
		assert.ErrorIs(t, err, dataprovider.ErrReadOnly, m)
	}
	auth := false
	for _, s := range rec.Requests() {
		auth = auth || s.Path == "/api/auth"
		assert.True(t, s.Method == http.MethodGet || s.Path == "/api/auth", "a request that changes state reached the fake: %s %s", s.Method, s.Path)
	}
	assert.True(t, auth, "the credential check (a read over POST) went out")

	p := dptest.NewPlatform()
	defer p.Close()
	names := guardtest.MethodNames(&dataprovider.CallbackClient{})
	require.GreaterOrEqual(t, len(names), 3)
	dryRec := &guardtest.Recorder{}
	dry, err := p.Client(dataprovider.WithDryRun(), dataprovider.WithHTTPClient(dryRec.Client()))
	require.NoError(t, err)
	for _, r := range guardtest.CallMethods(dry, names, nil) {
		var d *dataprovider.DryRunRequest
		require.ErrorAs(t, r.Err, &d, r.Name)
		assert.Equal(t, http.MethodPost, d.Method)
		assert.Equal(t, "[REDACTED]", d.Header.Get("Authorization"))
	}
	cbRec := &guardtest.Recorder{}
	cb, err := p.Client(dataprovider.WithReadOnly(), dataprovider.WithHTTPClient(cbRec.Client()))
	require.NoError(t, err)
	for _, r := range guardtest.CallMethods(cb, names, nil) {
		assert.ErrorIs(t, r.Err, dataprovider.ErrReadOnly, r.Name)
		assert.ErrorIs(t, r.Err, dataprovider.ErrNotSent, r.Name)
	}
	assert.Empty(t, cbRec.Requests())
	assert.Empty(t, dryRec.Requests())
	assert.Zero(t, p.Requests())
	assert.Empty(t, p.Callbacks())
}
