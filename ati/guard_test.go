package ati_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
	"github.com/ruapi/ruapi-go/internal/guardtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// atiRead reports whether a request is a read: a GET, or the department
// filter (a POST that only reads).
func atiRead(s guardtest.Seen) bool {
	return s.Method == http.MethodGet || (s.Method == http.MethodPost && strings.HasSuffix(s.Path, "/organizations/filter"))
}

// With WithReadOnly, every exported method of every service is called
// (found by reflection, so a new one cannot be missed): no request that
// changes state reaches the fake, every method whose dry run built a change
// is refused with ErrReadOnly, and the department filter still reads.
func TestReadOnlyEveryMethod(t *testing.T) {
	srv := atitest.NewServer()
	defer srv.Close()

	dryRec := &guardtest.Recorder{}
	dry, err := srv.Client(ati.WithDryRun(), ati.WithHTTPClient(dryRec.Client()))
	require.NoError(t, err)
	changes := map[string]bool{}
	for _, r := range guardtest.CallAll(dry, nil) {
		var d *ati.DryRunRequest
		if errors.As(r.Err, &d) {
			changes[r.Name] = true
			assert.Equal(t, "[REDACTED]", d.Header.Get("Authorization"), r.Name)
		}
	}
	for _, svc := range []string{"Organizations", "Addresses", "ContactPersons"} {
		for _, m := range []string{"Create", "Update", "Delete"} {
			assert.True(t, changes[svc+"."+m], "%s.%s changes state and must be reached by the test", svc, m)
		}
	}

	rec := &guardtest.Recorder{}
	c, err := srv.Client(ati.WithReadOnly(), ati.WithHTTPClient(rec.Client()))
	require.NoError(t, err)
	results := guardtest.CallAll(c, nil)
	require.Greater(t, len(results), 15)
	for _, r := range results {
		if changes[r.Name] {
			assert.ErrorIs(t, r.Err, ati.ErrReadOnly, r.Name)
			assert.ErrorIs(t, r.Err, ati.ErrNotSent, r.Name)
		} else {
			assert.NotErrorIs(t, r.Err, ati.ErrReadOnly, "%s is a read", r.Name)
		}
	}
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		err := c.Do(context.Background(), &ati.Request{Method: m, Path: "v1.2/catalogs/organizations"}, nil)
		assert.ErrorIs(t, err, ati.ErrReadOnly, m)
	}
	require.NoError(t, c.Do(context.Background(), &ati.Request{Method: http.MethodGet, Path: "v1.0/balance"}, nil))
	filtered := false
	for _, s := range append(rec.Requests(), dryRec.Requests()...) {
		assert.True(t, atiRead(s), "a request that changes state reached the fake: %s %s", s.Method, s.Path)
		filtered = filtered || s.Method == http.MethodPost
	}
	assert.True(t, filtered, "the department filter (a read over POST) went out")
}
