// Package benchkit holds what the packages' sdk-versus-raw benchmarks share:
// a server that answers every request with the same bytes, and the raw side's
// client and GET, written as a careful user would write them by hand with
// net/http and encoding/json.
package benchkit

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Server answers every request with body as JSON; it closes with tb.
func Server(tb testing.TB, body []byte) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(body)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// RawClient is the raw side's client: its own pooled transport, sized like
// the SDK's shared one, so that like is compared with like.
func RawClient(tb testing.TB) *http.Client {
	tb.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: 128, ForceAttemptHTTP2: true}
	tb.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// GetJSON is the raw side of a GET: the request with the given credential
// header and Accept, the whole body read, the status checked, the body
// decoded into out.
func GetJSON(ctx context.Context, hc *http.Client, url, authHeader, authValue string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set(authHeader, authValue)
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.Unmarshal(body, out)
}
