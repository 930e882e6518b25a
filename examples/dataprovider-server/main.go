// Command dataprovider-server runs a Data Provider API on localhost backed by
// the in-memory sample data, showing how an operator plugs its billing into
// dataprovider.NewHandler: implement dataprovider.Provider over your own
// billing and pass it in place of dptest.NewMemory().
//
// DP_ADDR sets the listen address (default 127.0.0.1:8089); DP_TOKEN, if set,
// is required as a bearer token.
package main

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
)

func main() {
	addr := os.Getenv("DP_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8089"
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	opts := []dataprovider.HandlerOption{dataprovider.WithHandlerLogger(logger)}
	if tok := os.Getenv("DP_TOKEN"); tok != "" {
		opts = append(opts, dataprovider.RequireBearer(tok))
	}
	var billing dataprovider.Provider = dptest.NewMemory() // your billing here
	srv := &http.Server{Addr: addr, Handler: dataprovider.NewHandler(billing, opts...), ReadHeaderTimeout: 5 * time.Second}
	fmt.Printf("Data Provider API on http://%s/api/ (try /api/users?user_id=%s)\n", addr, dptest.SampleUserID)
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, "dataprovider-server:", err)
		os.Exit(1)
	}
}
