package main

import (
	"bytes"
	"io"
	"net/http"
	"sync"
	"time"
)

// maxCapture caps the body the probe keeps of one answer (16 MiB); the SDK
// still reads the whole answer.
var maxCapture = 16 << 20

// exchange is one request the probe sent and the raw answer to it.
type exchange struct {
	Method  string
	Path    string
	Status  int
	Header  http.Header
	Body    []byte
	Latency time.Duration
	Err     error
	// Truncated says the answer was longer than maxCapture: Body holds its
	// start only, and its shape is not checked.
	Truncated bool
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
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, int64(maxCapture)+1))
		if rerr != nil {
			e.Err = rerr
		}
		// The SDK reads the answer as it came: what was kept, then the rest
		// of an answer over the cap (which the SDK's own limit judges), or
		// the read error the probe met.
		rest := io.Reader(resp.Body)
		if rerr != nil {
			rest = errReader{rerr}
		}
		resp.Body = passBody{io.MultiReader(bytes.NewReader(body), rest), resp.Body}
		e.Status, e.Header, e.Body = resp.StatusCode, resp.Header.Clone(), body
		if len(body) > maxCapture {
			e.Body, e.Truncated = body[:maxCapture:maxCapture], true
		}
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

// passBody reads from r and closes c.
type passBody struct {
	io.Reader
	c io.Closer
}

// Close closes the original body.
func (r passBody) Close() error { return r.c.Close() }

// errReader fails every read with err.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
