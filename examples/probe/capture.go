package main

import (
	"bytes"
	"io"
	"net/http"
	"sync"
	"time"
)

// maxCapture caps the body the probe keeps of one answer (16 MiB).
const maxCapture = 16 << 20

// exchange is one request the probe sent and the raw answer to it.
type exchange struct {
	Method  string
	Path    string
	Status  int
	Header  http.Header
	Body    []byte
	Latency time.Duration
	Err     error
}

// capture is a RoundTripper that keeps every exchange in memory, so that
// the shape check sees the answer exactly as it came.
type capture struct {
	next http.RoundTripper

	mu sync.Mutex
	ex []exchange
}

// RoundTrip sends req and keeps the exchange.
func (c *capture) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := c.next.RoundTrip(req)
	e := exchange{Method: req.Method, Path: req.URL.Path, Latency: time.Since(start), Err: err}
	if err == nil {
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxCapture+1))
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if rerr != nil {
			e.Err = rerr
		}
		e.Status, e.Header, e.Body = resp.StatusCode, resp.Header.Clone(), body
		e.Latency = time.Since(start)
	}
	c.mu.Lock()
	c.ex = append(c.ex, e)
	c.mu.Unlock()
	return resp, err
}

// mark returns the number of exchanges so far.
func (c *capture) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.ex)
}

// since returns the exchanges after mark n.
func (c *capture) since(n int) []exchange {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]exchange(nil), c.ex[n:]...)
}
