//go:build !unix

package transport_test

import (
	"net"
	"testing"
)

// refusingAddr returns a loopback address nothing listens on (a port freed
// just now; elsewhere than unix no socket can hold it without listening).
func refusingAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}
