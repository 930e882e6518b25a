package transport

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"sync"
	"time"
)

// Response is a complete exchange: the final response with its body read.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	// Attempts is how many times the request was sent.
	Attempts int
	// Method and Path identify the request (no query string).
	Method string
	Path   string
	// Operation repeats Request.Operation.
	Operation string
	// Settings are the call's options, added up (never nil).
	Settings *CallSettings

	client *Client
	redact *Redactor
}

// redactor returns the redactor of this exchange (credentials and the
// request's secret query values).
func (r *Response) redactor() *Redactor {
	if r.redact != nil {
		return r.redact
	}
	if r.client != nil {
		return r.client.redact
	}
	return nil
}

// check runs the package's error decoder on a complete response.
//
// The decoder is handed a lean *Error (status, method, path, operation,
// attempts, kind by status) from a pool; only a failure gets the rest
// (service, Retry-After, request id, headers) and leaves the pool, so a
// successful call builds no error value.
func (c *Client) check(resp *Response) error {
	failed := resp.StatusCode < 200 || resp.StatusCode > 299
	if c.decodeError == nil {
		if !failed {
			return nil
		}
		e := resp.NewError()
		e.Message = resp.Excerpt()
		return resp.finish(e)
	}
	e := errPool.Get().(*Error)
	*e = Error{StatusCode: resp.StatusCode, Method: resp.Method, Path: resp.Path, Operation: resp.Operation,
		Attempts: resp.Attempts, Kind: StatusKind(resp.StatusCode)}
	if c.decodeError(resp, e) {
		failed = true
	}
	if !failed {
		*e = Error{}
		errPool.Put(e)
		return nil
	}
	resp.fillError(e)
	return resp.finish(e)
}

var errPool = sync.Pool{New: func() any { return new(Error) }}

// finish scrubs an error that is about to be returned.
func (r *Response) finish(e *Error) *Error {
	// The answer's own secret-named members (a VNC password, a root
	// password the upstream echoes) are scrubbed from every part of the
	// error, wherever the package's decoder put them.
	red := r.redactor().withFound(appendJSONSecrets(nil, r.Body)...)
	if len(e.Details) > 0 {
		// Escapes (\u043f, \/) would hide a secret's spelling from the
		// scrubbing, and the details may carry the upstream's own
		// secret-named members.
		e.Details = plainJSON(e.Details)
		red = red.withFound(appendJSONSecrets(nil, e.Details)...)
	}
	e.Message = red.String(e.Message)
	e.Code = red.String(e.Code)
	e.Operation = red.String(e.Operation)
	if e.Details != nil {
		e.Details = json.RawMessage(red.String(string(e.Details)))
	}
	if e.Err != nil {
		e.Err = scrubErr(red, redactErr(red, e.Err))
	}
	e.Header = red.Header(e.Header)
	if e.Kind == nil {
		e.Kind = StatusKind(e.StatusCode)
	}
	return e
}

// NewError returns an *Error pre-filled from the response: service, status,
// method, path, operation, attempts, Retry-After, request id, headers.
func (r *Response) NewError() *Error {
	e := &Error{
		StatusCode: r.StatusCode,
		Method:     r.Method,
		Path:       r.Path,
		Operation:  r.Operation,
		Attempts:   r.Attempts,
		Kind:       StatusKind(r.StatusCode),
	}
	r.fillError(e)
	return e
}

// fillError adds what only a failure needs: service, headers, Retry-After and
// request id.
func (r *Response) fillError(e *Error) {
	e.Header = r.Header
	if r.client != nil {
		e.Service = r.client.service
	}
	if ra, ok := parseRetryAfter(r.Header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = ra
	}
	if e.RequestID == "" { // a request id the error decoder read from the body wins
		e.RequestID = requestID(r.Header)
	}
}

// Excerpt returns a short, redacted excerpt of the body for error messages:
// besides every secret the call knows, the string values of the body's own
// secret-named members ("password", "token", ...) are scrubbed.
func (r *Response) Excerpt() string {
	body := plainJSON(r.Body)
	return r.redactor().withFound(appendJSONSecrets(nil, body)...).Excerpt(body, excerptRunes)
}

// plainJSON re-encodes a JSON document that holds escapes (\u043f, \/) the
// way json.Marshal writes a request, so that a secret the request carried
// reads in it as it did in the request and is scrubbed from it. A document
// without a backslash, or one that does not decode, is returned as is.
func plainJSON(raw []byte) []byte {
	if bytes.IndexByte(raw, '\\') < 0 {
		return raw
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil || d.More() {
		return raw
	}
	out, err := json.Marshal(v)
	if err != nil {
		return raw
	}
	return out
}

// DecodeJSON decodes the body into v. A body that is not valid JSON of v's
// shape becomes an *Error of kind ErrDecode quoting an excerpt of the body.
func (r *Response) DecodeJSON(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return r.DecodeFailure(err)
	}
	return nil
}

// Finish returns e, built by a package from [Response.NewError], finished as
// the transport finishes the failures its error decoder reports: message,
// code, details (escapes re-encoded) and headers scrubbed of every secret the
// call knows and of the body's secret-named members.
func (r *Response) Finish(e *Error) *Error { return r.finish(e) }

// Fail returns a finished, redacted *Error for a response the package judged a
// failure although its status and envelope did not say so: an empty list where
// one object was asked for (kind ErrNotFound), say.
func (r *Response) Fail(kind error, message string) *Error {
	e := r.NewError()
	e.Kind = kind
	e.Message = message
	return r.finish(e)
}

// DecodeFailure wraps a decoding error of the body as an *Error of kind ErrDecode.
func (r *Response) DecodeFailure(err error) *Error {
	e := r.NewError()
	e.Kind = ErrDecode
	e.Err = err
	if len(r.Body) == 0 {
		e.Message = "empty body"
	} else {
		e.Message = r.Excerpt()
	}
	return r.finish(e)
}

// Read sizes for response bodies. A body is read into one buffer that grows
// as bytes arrive (sized first by a small declared Content-Length, never a
// large one) up to singleBufferMax; a larger body continues in chunks that
// double up to maxReadChunk and are joined once at the end, so that memory
// follows what has arrived, never what a header promises, and an oversized
// body holds little more than the cap before it is dropped.
const (
	firstRead       = 4 << 10
	maxFirstRead    = 64 << 10
	singleBufferMax = 256 << 10
	maxReadChunk    = 4 << 20
)

// readCapped reads at most limit bytes; more is ErrBodyTooLarge.
func readCapped(r io.Reader, contentLength, limit int64) ([]byte, error) {
	limit = min(limit, math.MaxInt64-1) // limit+1 must not overflow
	size := int64(firstRead)
	if contentLength >= 0 && contentLength < maxFirstRead {
		size = contentLength + 1 // one byte more, to see EOF without growing
	}
	buf := make([]byte, 0, min(size, limit+1))
	for {
		if len(buf) == cap(buf) {
			if len(buf) >= singleBufferMax {
				return readChunks(r, buf, limit)
			}
			grown := make([]byte, len(buf), 2*cap(buf)) // doubling: at most 2× what arrived
			copy(grown, buf)
			buf = grown
		}
		end := min(int64(cap(buf)), limit+1)
		n, err := r.Read(buf[len(buf):end])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, ErrBodyTooLarge
		}
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// readChunks continues readCapped for a body larger than singleBufferMax:
// first holds what was read so far.
func readChunks(r io.Reader, first []byte, limit int64) ([]byte, error) {
	chunks := [][]byte{first}
	total := int64(len(first))
	size := int64(len(first))
	for {
		if size < maxReadChunk {
			size *= 2
		}
		buf := make([]byte, min(size, limit+1-total))
		n := 0
		var err error
		for n < len(buf) && err == nil {
			var m int
			m, err = r.Read(buf[n:])
			n += m
		}
		if n > 0 {
			chunks = append(chunks, buf[:n])
			total += int64(n)
		}
		if total > limit {
			return nil, ErrBodyTooLarge
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	out := make([]byte, 0, total)
	for i, ch := range chunks {
		out = append(out, ch...)
		chunks[i] = nil // let the collector take each chunk once copied
	}
	return out, nil
}
