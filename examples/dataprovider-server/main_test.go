package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestServerFailsClosed(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, addr := range []string{":8089", "0.0.0.0:8089", "192.0.2.1:8089", "[::]:8089", "nonsense"} {
		if _, err := newServer(addr, "", quiet); err == nil || !strings.Contains(err.Error(), "DP_TOKEN") {
			t.Errorf("addr %q without a token: err = %v, want a refusal naming DP_TOKEN", addr, err)
		}
	}
	srv, err := newServer("", "", quiet)
	if err != nil {
		t.Fatalf("loopback without a token: %v", err)
	}
	if srv.Addr != "127.0.0.1:8089" || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 {
		t.Errorf("server %q lacks its limits: read %v write %v idle %v", srv.Addr, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout)
	}

	srv, err = newServer(":8089", "test-token-not-real", quiet)
	if err != nil {
		t.Fatal(err)
	}
	for tok, want := range map[string]int{"": http.StatusUnauthorized, "wrong": http.StatusUnauthorized, "test-token-not-real": http.StatusOK} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/api/services", nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		srv.Handler.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("token %q: status %d, want %d", tok, rec.Code, want)
		}
	}
}
