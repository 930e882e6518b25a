package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	retryablehttp "github.com/hashicorp/go-retryablehttp"
)

// send is [Client.Do] with the call's state made by Do (outcome.go). It reads
// in steps: prepare checks the request and builds what every attempt sends;
// send bounds the call with its deadlines; arm sets the retry policy and the
// attempt budget and puts the call's state into its context; the guard
// (intercept) may refuse or dry-run it; attempt sends it (again, when a body
// broke off) and finishResponse turns the answer into the call's result.
func (c *Client) send(ctx context.Context, req *Request, st *callState) (*Response, error) {
	if ctx == nil {
		return nil, fmt.Errorf("%s: nil context: %w", c.service, ErrInvalidArgument)
	}
	if req == nil {
		return nil, fmt.Errorf("%s: nil request: %w", c.service, ErrInvalidArgument)
	}
	var p prepared
	if err := c.prepare(req, st, &p); err != nil {
		return nil, err
	}
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel() // after the body is read: Do reads it before returning
	}
	if cs := &st.settings; cs.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cs.Timeout)
		defer cancel()
	}
	ctx = c.arm(ctx, req, st, &p)
	if err := c.intercept(st, req, p.method, p.u, p.header, p.body, p.red); err != nil {
		return nil, err // the read-only guard or a dry run (guard.go)
	}
	return c.attempt(ctx, st, &p)
}

// prepared is a call made ready to send: what every attempt sends and what
// its errors and logs say. It holds no pointer to the *Request, so that a
// caller's Request literal stays on its stack (one allocation less a call).
type prepared struct {
	op     string // Request.Operation
	method string
	path   string // escaped, no query
	u      *url.URL
	header http.Header
	body   []byte
	// red scrubs the call's errors and logs: the client's credentials, the
	// request's secrets and, once fetched, its tokens.
	red *Redactor
	// rc is the retry loop, the client's or one for a per-call policy.
	rc *retryablehttp.Client
}

// prepare checks req and fills p: URL, method, the call's options (into
// st.settings), body, headers and redactor. Nothing is sent.
func (c *Client) prepare(req *Request, st *callState, p *prepared) error {
	u, err := c.url(req)
	if err != nil {
		return fmt.Errorf("%s: %s %s: %w", c.service, req.Method, req.Path, err)
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	path := u.EscapedPath()
	// The call's state travels in its context; its options live in it too,
	// so that a call allocates one value for both.
	st.maxAttempts, st.operation = 1, req.Operation
	cs := &st.settings
	for _, o := range req.Options {
		if o != nil {
			o(cs)
		}
	}
	if cs.err != nil {
		return fmt.Errorf("%s: %s %s: %w", c.service, method, path, cs.err)
	}
	if err := validHeader(req.Header); err != nil {
		return fmt.Errorf("%s: %s %s: %w", c.service, method, path, err)
	}
	body, contentType, err := encodeBody(req)
	if err != nil {
		return fmt.Errorf("%s: %s %s: encode body: %w", c.service, method, path, err)
	}
	if contentType != "" && !validHeaderValue(contentType) {
		return fmt.Errorf("%s: %s %s: %w", c.service, method, path, invalid("content type"))
	}

	// The secrets this request carries (secret query values, declared
	// secrets, Secret values and secret-named members of its body) are
	// scrubbed from its errors and logs too, in case the upstream echoes them.
	secrets := append(querySecrets(req.Query), requestSecrets(req, body)...)
	secrets = appendHeaderSecrets(appendHeaderSecrets(secrets, req.Header), cs.Header)

	*p = prepared{op: req.Operation, method: method, path: path, u: u, body: body, red: c.redact.With(secrets...),
		header: c.requestHeader(req, cs, contentType)}
	return nil
}

// encodeBody returns the bytes a request sends and their content type: its
// RawBody as is, or its Body as JSON; nil when it has neither.
func encodeBody(req *Request) (body []byte, contentType string, err error) {
	switch {
	case req.RawBody != nil:
		return req.RawBody, req.ContentType, nil
	case req.Body != nil:
		body, err = json.Marshal(req.Body)
		if err != nil {
			return nil, "", err
		}
		return body, "application/json", nil
	}
	return nil, "", nil
}

// requestHeader builds the header every attempt sends: the transport's own,
// then the client's, the request's and the call options' headers.
func (c *Client) requestHeader(req *Request, cs *CallSettings, contentType string) http.Header {
	header := make(http.Header, 4+len(c.header)+len(req.Header)+len(cs.Header))
	header.Set("Accept", "application/json")
	header.Set("User-Agent", c.userAgent)
	if contentType != "" {
		header.Set("Content-Type", contentType)
	}
	for _, h := range []http.Header{c.header, req.Header, cs.Header} {
		for k, vs := range h {
			header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
		}
	}
	return header
}

// arm sets the call's retry policy and attempt budget in st, chooses the
// retry loop, and returns ctx carrying st (the round trippers below read it).
func (c *Client) arm(ctx context.Context, req *Request, st *callState, p *prepared) context.Context {
	cs := &st.settings
	policy, rc := c.policy, c.rc
	if cs.Retry != nil {
		policy, rc = *cs.Retry, c.retryClient(*cs.Retry)
	}
	st.policy, st.hasBody, st.retryKind = policy, p.body != nil, req.Retry.allows(p.method)
	if policy.MaxRetries > 0 && st.retryKind {
		st.maxAttempts = int32(policy.MaxRetries) + 1 //nolint:gosec // validated: at most 100
	}
	if ta, ok := c.auth.(*tokenAuth); ok {
		st.tokens = ta
	}
	p.rc = rc
	return context.WithValue(ctx, stateKey{}, st)
}

// attempt sends the prepared call through the retry loop and reads the
// final response. A body that broke off on the network is sent again while
// the budget lasts, after a backoff.
func (c *Client) attempt(ctx context.Context, st *callState, p *prepared) (*Response, error) {
	start := time.Now()
	for {
		rreq, err := newRequest(ctx, p.method, p.u, p.header, p.body)
		if err != nil {
			return nil, fmt.Errorf("%s: %s %s: %w", c.service, p.method, p.path, redactErr(p.red, err))
		}
		st.redirect = ""
		hresp, err := p.rc.Do(rreq)
		attempts := int(st.attempts.Load())
		if err != nil {
			return nil, c.notAnswered(ctx, st, p, hresp, err, attempts, start)
		}
		p.withTokens(st)
		resp, limit, err := c.readResponse(ctx, st, p, hresp, attempts, start)
		if err != nil && ctx.Err() == nil && !errors.Is(err, ErrBodyTooLarge) && retryableError(err) &&
			st.attempts.Load() < st.maxAttempts {
			// The body broke off on the network: an idempotent call is sent
			// again, like one whose connection failed before the headers.
			c.log(ctx, slog.LevelDebug, "body read failed; retrying", "method", p.method, "path", p.path,
				"attempts", attempts, "error", p.red.String(err.Error()))
			if werr := sleepCtx(ctx, backoff(st.policy.WaitMin, st.policy.WaitMax, attempts-1, nil)); werr != nil {
				fillInfo(st.settings.Info, p.red, hresp, attempts, start, p.op)
				return nil, &sendError{service: c.service, method: p.method, path: p.path, attempts: attempts, err: werr}
			}
			continue
		}
		fillInfo(st.settings.Info, p.red, hresp, attempts, start, p.op)
		return c.finishResponse(ctx, st, resp, hresp, limit, err)
	}
}

// withTokens adds the tokens fetched so far to the call's redactor.
func (p *prepared) withTokens(st *callState) {
	if st.tokens != nil {
		p.red = p.red.With(st.secrets.list()...)
	}
}

// notAnswered finishes an attempt loop that got no response: the error is
// scrubbed, logged and returned as a *sendError.
func (c *Client) notAnswered(ctx context.Context, st *callState, p *prepared, hresp *http.Response, err error,
	attempts int, start time.Time,
) error {
	if hresp != nil && hresp.Body != nil {
		_ = hresp.Body.Close()
	}
	p.withTokens(st)
	err = scrubErr(p.red, redactErr(p.red, err))
	if c.logger != nil { // the arguments are boxed before log could say no
		c.log(ctx, slog.LevelDebug, "request failed", "method", p.method, "path", p.path, "attempts", attempts,
			"elapsed", time.Since(start), "error", err.Error())
	}
	fillInfo(st.settings.Info, p.red, nil, attempts, start, p.op)
	return &sendError{service: c.service, method: p.method, path: p.path, attempts: attempts, err: err}
}

// readResponse reads an attempt's response body, capped by the limit for its
// status, and closes it. It returns the limit it applied and the read error.
func (c *Client) readResponse(ctx context.Context, st *callState, p *prepared, hresp *http.Response,
	attempts int, start time.Time,
) (*Response, int64, error) {
	resp := &Response{
		StatusCode: hresp.StatusCode,
		Header:     hresp.Header,
		Attempts:   attempts,
		Method:     p.method,
		Path:       p.path,
		Operation:  p.op,
		Settings:   &st.settings,
		client:     c,
		redact:     p.red,
	}
	limit := c.maxBody
	if hresp.StatusCode < 200 || hresp.StatusCode > 299 {
		limit = c.maxErrBody
	}
	var err error
	resp.Body, err = readCapped(hresp.Body, hresp.ContentLength, limit)
	_ = hresp.Body.Close()
	if c.logger != nil {
		c.log(ctx, slog.LevelDebug, "response", "method", p.method, "path", p.path, "status", hresp.StatusCode,
			"attempts", attempts, "bytes", len(resp.Body), "elapsed", time.Since(start))
	}
	return resp, limit, err
}

// finishResponse turns the final response into the call's result: a body
// that could not be read, a redirect not followed, or a failure the error
// decoder reports becomes an error.
func (c *Client) finishResponse(ctx context.Context, st *callState, resp *Response, hresp *http.Response,
	limit int64, err error,
) (*Response, error) {
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, &sendError{service: c.service, method: resp.Method, path: resp.Path, attempts: resp.Attempts, err: ctx.Err()}
	case errors.Is(err, ErrBodyTooLarge):
		e := resp.NewError()
		e.Kind = ErrBodyTooLarge
		e.Message = fmt.Sprintf("body exceeds %d bytes", limit)
		return resp, resp.finish(e)
	case err != nil:
		e := resp.NewError()
		e.Kind = ErrDecode
		e.Message = "reading the body failed"
		e.Err = err
		return resp, resp.finish(e)
	case hresp.StatusCode >= 300 && hresp.StatusCode <= 399:
		return resp, resp.finish(redirectError(resp, hresp, st.redirect))
	}
	if ferr := c.check(resp); ferr != nil {
		return resp, ferr
	}
	return resp, nil
}

// sleepCtx waits for d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// redactErr rebuilds a *url.Error with a redacted URL.
func redactErr(red *Redactor, err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		u, perr := url.Parse(uerr.URL)
		safe := Redacted
		if perr == nil {
			safe = red.URL(u)
		}
		return &url.Error{Op: uerr.Op, URL: safe, Err: uerr.Err}
	}
	return err
}

// sendError is returned when no response arrived: connection failures,
// timeouts, a canceled context. It unwraps to the cause, so errors.Is(err,
// context.DeadlineExceeded) works.
type sendError struct {
	service, method, path string
	attempts              int
	err                   error
}

func (e *sendError) Error() string {
	s := e.service + ": " + e.method + " " + e.path + ": " + e.err.Error()
	if e.attempts > 1 {
		s += fmt.Sprintf(" (after %d attempts)", e.attempts)
	}
	return s
}

func (e *sendError) Unwrap() error { return e.err }
