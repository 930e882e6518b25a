package servicemanager_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/internal/transport"
	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// An in-band code is checked with a typed constant (CodeOf) or, for the
// classes that have one, a sentinel with errors.Is: no strconv needed.
func TestCodeSentinelsAndCodeOf(t *testing.T) {
	cases := []struct {
		code sm.Code
		kind error
	}{
		{sm.CodeAlreadyExists, sm.ErrCodeAlreadyExists},
		{sm.CodeUnknownAttribute, sm.ErrCodeInvalidParams},
		{sm.CodeBadRequest, sm.ErrCodeInvalidParams},
		{sm.CodeNotFound, sm.ErrNotFound},
		{sm.CodeForbidden, sm.ErrForbidden},
		{sm.CodeUnauthorized, sm.ErrUnauthorized},
		{10500, nil},
	}
	kinds := []error{sm.ErrCodeAlreadyExists, sm.ErrCodeInvalidParams, sm.ErrNotFound, sm.ErrForbidden, sm.ErrUnauthorized}
	for _, tc := range cases {
		s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `{"general":{"response":%d,"error":true,"message":"m"}}`, int(tc.code))
		})
		err := s.client(t).Users.Create(context.Background(), 1010, sm.CreateUser{Login: "Nestor"})
		require.Error(t, err)
		code, ok := sm.CodeOf(err)
		require.True(t, ok, tc.code)
		assert.Equal(t, tc.code, code)
		var e *sm.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, tc.code.String(), e.Code, "Code.String is the text of Error.Code")
		for _, k := range kinds {
			assert.Equal(t, errors.Is(tc.kind, k), errors.Is(err, k), "%d is %v", tc.code, k)
		}
		assert.False(t, code.Success())
	}

	// No code: not an in-band error, or not the Service Manager's.
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
	})
	_, err := s.client(t, sm.WithRetry(sm.RetryPolicy{})).Users.List(context.Background(), 1010)
	require.ErrorIs(t, err, sm.ErrServer)
	_, ok := sm.CodeOf(err)
	assert.False(t, ok, "a 503 without a general block has no code")
	_, ok = sm.CodeOf(nil)
	assert.False(t, ok)
	_, ok = sm.CodeOf(sm.ErrInvalidArgument)
	assert.False(t, ok)
	_, ok = sm.CodeOf(&transport.Error{Service: "ati", Code: "10409"})
	assert.False(t, ok, "another package's numeric code is not a Service Manager code")
	_, ok = sm.CodeOf(fmt.Errorf("wrapped: %w", &sm.Error{Service: "servicemanager", Code: "10409"}))
	assert.True(t, ok)
}

func TestCodeValues(t *testing.T) {
	for _, c := range []sm.Code{sm.CodeOK, sm.CodeCreated, sm.CodeAccepted, sm.CodeOKWithWarnings} {
		assert.True(t, c.Success(), c)
	}
	assert.False(t, sm.Code(0).Success(), "no code is not success")
	assert.Equal(t, "10406", sm.CodeUnknownAttribute.String())
	assert.Equal(t, "10409", sm.CodeAlreadyExists.String())
	assert.Equal(t, sm.Code(10200), sm.CodeOK)
}

// The general block's code is typed, so it compares with the constants.
func TestGeneralResponseIsCode(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, okBody) })
	g, err := s.client(t).Call(context.Background(), "tenant/list", 1010, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, sm.CodeOK, g.Response)
}
