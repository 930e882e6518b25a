// Command dataprovider-server runs a Data Provider API backed by the
// in-memory sample data, showing how an operator plugs its billing into
// dataprovider.NewHandler: implement dataprovider.Provider over your own
// billing and pass it in place of dptest.NewMemory().
//
// DP_ADDR sets the listen address (default 127.0.0.1:8089). DP_TOKEN is the
// bearer token the platform must send. The server fails closed: without
// DP_TOKEN it serves only on a loopback address (and says so), and refuses to
// start on any other.
package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
)

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv, err := newServer(os.Getenv("DP_ADDR"), os.Getenv("DP_TOKEN"), logger)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dataprovider-server:", err)
		os.Exit(2)
	}
	fmt.Printf("Data Provider API on http://%s/api/ (try /api/users?user_id=%s)\n", srv.Addr, dptest.SampleUserID)
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, "dataprovider-server:", err)
		os.Exit(1)
	}
}

// newServer builds the server: the handler over the billing, behind the
// timeouts and header cap of dataprovider.NewServer.
func newServer(addr, token string, logger *slog.Logger) (*http.Server, error) {
	if addr == "" {
		addr = "127.0.0.1:8089"
	}
	opts := []dataprovider.HandlerOption{dataprovider.WithHandlerLogger(logger)}
	switch {
	case token != "":
		opts = append(opts, dataprovider.RequireBearer(token))
	case loopback(addr):
		logger.Warn("DP_TOKEN is not set: serving without auth, on loopback only", "addr", addr)
		opts = append(opts, dataprovider.AllowUnauthenticated())
	default:
		return nil, errors.New("DP_TOKEN is not set: refusing to serve subscribers' data without auth on " + addr)
	}
	var billing dataprovider.Provider = dptest.NewMemory() // your billing here
	h, err := dataprovider.NewHandler(billing, opts...)
	if err != nil {
		return nil, err
	}
	return dataprovider.NewServer(addr, h), nil
}

// loopback reports whether addr listens on a loopback address only (an empty
// host, ":8089", listens everywhere).
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
