package fakeserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/internal/fakeserver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func get(path string) *http.Request { return httptest.NewRequest(http.MethodGet, path, nil) }

func TestFaultsQueue(t *testing.T) {
	t.Parallel()
	var q fakeserver.Faults
	q.Inject(2, fakeserver.Fault{Status: 429, RetryAfter: 1500 * time.Millisecond})
	q.Inject(1, fakeserver.Fault{Status: 502, Body: []byte("<html>bad gateway</html>"), ContentType: "text/html"})
	for i, want := range []int{429, 429, 502} {
		w := httptest.NewRecorder()
		require.True(t, q.Serve(w, get("/")), "fault %d", i)
		assert.Equal(t, want, w.Code)
		if want == 429 {
			assert.Equal(t, "2", w.Header().Get("Retry-After"), "rounded up to whole seconds")
		} else {
			assert.Equal(t, "text/html", w.Header().Get("Content-Type"))
		}
	}
	assert.False(t, q.Serve(httptest.NewRecorder(), get("/")))
	q.Inject(5, fakeserver.Fault{Status: 500})
	q.Clear()
	assert.False(t, q.Serve(httptest.NewRecorder(), get("/")))
	assert.Equal(t, 5, q.Requests(), "every Serve counts, fault or not")
}

func TestFaultAimedAtPathOrRequest(t *testing.T) {
	t.Parallel()
	var q fakeserver.Faults
	q.Inject(1, fakeserver.Fault{Status: 503, Path: "/v1/b"})
	q.Inject(1, fakeserver.Fault{Status: 500, Match: func(r *http.Request) bool { return r.URL.Query().Get("m") == "x" }})
	assert.False(t, q.Serve(httptest.NewRecorder(), get("/v1/a")), "another path passes the aimed fault by")
	w := httptest.NewRecorder()
	require.True(t, q.Serve(w, get("/v1/a?m=x")), "Match aims the second fault")
	assert.Equal(t, 500, w.Code)
	w = httptest.NewRecorder()
	require.True(t, q.Serve(w, get("/v1/b")))
	assert.Equal(t, 503, w.Code)
	assert.False(t, q.Serve(httptest.NewRecorder(), get("/v1/b")), "each fault is served n times")
	assert.Equal(t, 4, q.Requests())
}

func TestReadJSONCapsBody(t *testing.T) {
	t.Parallel()
	var v map[string]any
	big := `{"a":"` + strings.Repeat("x", fakeserver.MaxRequestBody) + `"}`
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(big))
	assert.Error(t, fakeserver.ReadJSON(r, &v))
	r = httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"a":`))
	assert.Error(t, fakeserver.ReadJSON(r, &v))
	r = httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"a":1}`))
	require.NoError(t, fakeserver.ReadJSON(r, &v))
	assert.InDelta(t, 1.0, v["a"], 0)
	assert.True(t, fakeserver.Equal("tok", "tok"))
	assert.False(t, fakeserver.Equal("tok", "tok2"))
}
