package aeza

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// answer serves one canned answer (status, headers, body) to every request.
func answer(t *testing.T, status int, header map[string]string, body string) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(testKey, WithBaseURL(srv.URL+"/api"), WithRetry(RetryPolicy{}))
	require.NoError(t, err)
	return c
}

func apiError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	require.ErrorAs(t, err, &e)
	return e
}

// TestV2ErrorBody: the NestJS body v2 answers with (specs/aeza-v2.md A4, the
// captured 400 of TF's actions.md) maps error -> Code, message -> Message,
// payload -> Details, requestId -> RequestID.
func TestV2ErrorBody(t *testing.T) {
	c := answer(t, http.StatusBadRequest, nil, `{"statusCode":400,"message":"Service is in an invalid status",`+
		`"error":"service.invalid_status","timestamp":"2025-11-29T12:33:02.487Z","path":"/services/1577409/ctl/resume",`+
		`"payload":{"id":"active","allow":["suspended"],"current":"active"},"requestId":"913f0141-014a-4120-b06d-f0848f854913"}`)
	err := c.Services.Resume(context.Background(), 1577409)
	e := apiError(t, err)
	assert.Equal(t, 400, e.StatusCode)
	assert.Equal(t, "service.invalid_status", e.Code)
	assert.Equal(t, "Service is in an invalid status", e.Message)
	assert.JSONEq(t, `{"id":"active","allow":["suspended"],"current":"active"}`, string(e.Details))
	assert.Equal(t, "913f0141-014a-4120-b06d-f0848f854913", e.RequestID)
	assert.Contains(t, err.Error(), "service.invalid_status: Service is in an invalid status")
}

// TestV2ErrorMessageArray: validation errors send message as an array; its
// lines are joined with "; ".
func TestV2ErrorMessageArray(t *testing.T) {
	c := answer(t, http.StatusBadRequest, nil, `{"statusCode":400,"message":["name must be a string","autoProlong must be a boolean value"],"error":"Bad Request","requestId":"req-2"}`)
	_, err := c.Services.Get(context.Background(), 1)
	e := apiError(t, err)
	assert.Equal(t, "Bad Request", e.Code)
	assert.Equal(t, "name must be a string; autoProlong must be a boolean value", e.Message)
	assert.Equal(t, "req-2", e.RequestID)
	assert.Nil(t, e.Details)
}

// TestV2ErrorKindsAndRequestIDHeader: a v2 not-found slug is ErrNotFound; the
// body's request id survives an empty header and wins over a header; a body
// without one takes the header's.
func TestV2ErrorKindsAndRequestIDHeader(t *testing.T) {
	body := `{"statusCode":404,"message":"Service not found","error":"service.not_found","requestId":"body-req"}`
	e := apiError(t, func() error {
		_, err := answer(t, 404, map[string]string{"X-Request-Id": "hdr-req"}, body).Services.Get(context.Background(), 9)
		require.ErrorIs(t, err, ErrNotFound)
		return err
	}())
	assert.Equal(t, "body-req", e.RequestID)
	_, err := answer(t, 409, map[string]string{"X-Request-Id": "hdr-req"},
		`{"statusCode":409,"message":"Service has an active task","error":"service.active_task"}`).Services.Get(context.Background(), 9)
	e = apiError(t, err)
	assert.Equal(t, "hdr-req", e.RequestID)
	assert.Equal(t, "service.active_task", e.Code)
	// In-band on 200 only with statusCode >= 400.
	_, err = answer(t, 200, nil, `{"statusCode":422,"message":"bad","error":"order.invalid"}`).Services.Get(context.Background(), 9)
	assert.Equal(t, "order.invalid", apiError(t, err).Code)
}

// TestV2ErrorOddMembers: members of unexpected types never hide the error.
func TestV2ErrorOddMembers(t *testing.T) {
	for body, want := range map[string]string{
		`{"statusCode":"400","message":{"en":"x"},"error":"a.b","requestId":7}`: `a.b`,
		`{"statusCode":400,"message":"m","error":["a"],"payload":"p"}`:          ``,
		`{"statusCode":400,"message":[1,"two",null],"error":"a.c"}`:             `a.c`,
	} {
		_, err := answer(t, 400, nil, body).Services.Get(context.Background(), 1)
		e := apiError(t, err)
		assert.Equal(t, want, e.Code, body)
		assert.NotEmpty(t, e.Message, body)
	}
	_, err := answer(t, 400, nil, `{"statusCode":400,"message":[1,"two",null],"error":"a.c"}`).Services.Get(context.Background(), 1)
	assert.Equal(t, "1; two", apiError(t, err).Message)
}

// TestLegacyErrorStillDecodes: the legacy envelope keeps working, with any status.
func TestLegacyErrorStillDecodes(t *testing.T) {
	_, err := answer(t, 403, nil, `{"error":{"slug":"insufficient_funds","message":"Not enough money","data":{"need":5}}}`).
		Services.Get(context.Background(), 1)
	e := apiError(t, err)
	assert.Equal(t, "insufficient_funds", e.Code)
	assert.Equal(t, "Not enough money", e.Message)
	assert.JSONEq(t, `{"need":5}`, string(e.Details))
	require.ErrorIs(t, err, ErrForbidden)
	_, err = answer(t, 200, nil, `{"error":{"slug":"not_found","message":"Service not found"}}`).Services.Get(context.Background(), 1)
	require.ErrorIs(t, err, ErrNotFound)
	// A successful answer whose data mentions an "error" member is no error.
	s, err := answer(t, 200, nil, `{"data":{"items":[{"id":1,"name":"a","payload":{"error":"x"}}],"total":1},"error":null}`).
		Services.Get(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, "a", s.Name)
}

// TestProxyErrorRealText: the text Aeza really sends (a production order
// failing with HTTP 500, quoted by a public Laravel project) is a proxy
// error, with its variants; its trace id stays reachable.
func TestProxyErrorRealText(t *testing.T) {
	for _, tc := range []struct {
		body   string
		header map[string]string
		trace  string
	}{
		{`{"error":{"message":"Proxy internal server error (see traceId)"}}`, nil, ""},
		{`{"error":{"message":"Proxy internal server error (see traceId)","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}}`, nil, "4bf92f3577b34da6a3ce929d0e0e4736"},
		{`{"error":{"message":"Proxy internal server error (see traceId)"},"traceId":"abc123def456"}`, nil, "abc123def456"},
		{`{"error":{"message":"Proxy internal server error (see traceId: 0af7651916cd43dd)"}}`, nil, "0af7651916cd43dd"},
		{`{"error":{"message":"Proxy internal server error (see traceId)"}}`, map[string]string{"X-Trace-Id": "trace-from-header"}, "trace-from-header"},
		{`{"error":{"message":"Proxy internal server error (see traceId)"}}`,
			map[string]string{"Traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}, "4bf92f3577b34da6a3ce929d0e0e4736"},
		{`{"error":{"message":"Proxy internal server error"}}`, nil, ""},
		{`{"error":{"slug":"proxy_internal_server_error","message":"Proxy internal server error (see traceId)"}}`, nil, ""},
		{`{"error":{"message":"proxy internal server error (see traceid)"}}`, nil, ""},
		{`{"error":{"slug":"proxy_internal_server_error"}}`, nil, ""},
	} {
		c := answer(t, http.StatusInternalServerError, tc.header, tc.body)
		_, err := c.Products.List(context.Background(), nil)
		require.ErrorIs(t, err, ErrServer, tc.body)
		assert.True(t, IsProxyError(err), tc.body)
		e := apiError(t, err)
		assert.Equal(t, 1, e.Attempts)
		assert.Equal(t, tc.trace, e.RequestID, tc.body)
		if tc.trace != "" && tc.header == nil && !assert.Contains(t, e.Message+string(e.Details), tc.trace, tc.body) {
			continue
		}
	}
	// Not a proxy error: another 500, a proxy text with a 4xx.
	_, err := answer(t, 500, nil, `{"error":{"slug":"internal","message":"Internal error"}}`).Products.List(context.Background(), nil)
	assert.False(t, IsProxyError(err))
	_, err = answer(t, 400, nil, `{"error":{"message":"Proxy internal server error (see traceId)"}}`).Products.List(context.Background(), nil)
	assert.False(t, IsProxyError(err))
	assert.False(t, IsProxyError(nil))
	// A request id header of a non-proxy error is not taken for a trace id.
	_, err = answer(t, 500, map[string]string{"X-Trace-Id": "t-1", "X-Request-Id": "r-1"}, `{"error":{"message":"boom"}}`).Products.List(context.Background(), nil)
	assert.Equal(t, "r-1", apiError(t, err).RequestID)
}
