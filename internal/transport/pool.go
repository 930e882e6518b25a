package transport

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// stdDefault is http.DefaultTransport as net/http made it.
var stdDefault = http.DefaultTransport

// Pool sizes of the shared transport: enough connections per host that
// dozens of goroutines calling one upstream reuse their connections instead
// of dialing anew (net/http's default keeps 2 idle per host). Connections per
// host are capped as well, so that a burst of calls waits for a free
// connection rather than racing to dial extra ones that are then dropped; a
// caller who needs more passes its own *http.Client.
const (
	pooledConnsPerHost = 64
	pooledIdleTotal    = 256
)

// pooled is the one transport every client without a caller's *http.Client
// shares in a process: pooled connections sized for concurrent use, HTTP/2
// where the server offers it, proxies from the environment and the usual
// dial, TLS handshake and idle timeouts.
var pooled = sync.OnceValue(func() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          pooledIdleTotal,
		MaxIdleConnsPerHost:   pooledConnsPerHost,
		MaxConnsPerHost:       pooledConnsPerHost,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
})

// defaultTransport sends through the shared pooled transport, or through
// http.DefaultTransport when something (a test tool such as gock) has
// replaced it, so that such tools keep working.
type defaultTransport struct{}

func (defaultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if rt := http.DefaultTransport; rt != stdDefault {
		return rt.RoundTrip(req)
	}
	return pooled().RoundTrip(req)
}

// callerDefaultTransport is the transport of a caller's *http.Client that
// has none: http.DefaultTransport, read at each request as net/http reads it.
type callerDefaultTransport struct{}

func (callerDefaultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return http.DefaultTransport.RoundTrip(req)
}
