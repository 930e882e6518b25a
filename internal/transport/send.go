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
)

// send is [Client.Do] with the call's state made by Do (outcome.go).
func (c *Client) send(ctx context.Context, req *Request, st *callState) (*Response, error) {
	if ctx == nil {
		return nil, fmt.Errorf("%s: nil context: %w", c.service, ErrInvalidArgument)
	}
	if req == nil {
		return nil, fmt.Errorf("%s: nil request: %w", c.service, ErrInvalidArgument)
	}
	u, err := c.url(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %s %s: %w", c.service, req.Method, req.Path, err)
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
		return nil, fmt.Errorf("%s: %s %s: %w", c.service, method, path, cs.err)
	}
	if err := validHeader(req.Header); err != nil {
		return nil, fmt.Errorf("%s: %s %s: %w", c.service, method, path, err)
	}
	var body []byte
	contentType := ""
	switch {
	case req.RawBody != nil:
		body, contentType = req.RawBody, req.ContentType
	case req.Body != nil:
		body, err = json.Marshal(req.Body)
		if err != nil {
			return nil, fmt.Errorf("%s: %s %s: encode body: %w", c.service, method, path, err)
		}
		contentType = "application/json"
	}
	if contentType != "" && !validHeaderValue(contentType) {
		return nil, fmt.Errorf("%s: %s %s: %w", c.service, method, path, invalid("content type"))
	}

	// The secrets this request carries (secret query values, declared
	// secrets, Secret values and secret-named members of its body) are
	// scrubbed from its errors and logs too, in case the upstream echoes them.
	secrets := append(querySecrets(req.Query), requestSecrets(req, body)...)
	secrets = appendHeaderSecrets(appendHeaderSecrets(secrets, req.Header), cs.Header)
	red := c.redact.With(secrets...)

	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel() // after the body is read: Do reads it before returning
	}
	if cs.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cs.Timeout)
		defer cancel()
	}
	policy, rc := c.policy, c.rc
	if cs.Retry != nil {
		policy, rc = *cs.Retry, c.retryClient(*cs.Retry)
	}
	st.policy, st.hasBody, st.retryKind = policy, body != nil, req.Retry.allows(method)
	if policy.MaxRetries > 0 && st.retryKind {
		st.maxAttempts = int32(policy.MaxRetries) + 1 //nolint:gosec // validated: at most 100
	}
	if ta, ok := c.auth.(*tokenAuth); ok {
		st.tokens = ta
	}
	ctx = context.WithValue(ctx, stateKey{}, st)

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

	if err := c.intercept(st, req, method, u, header, body, red); err != nil {
		return nil, err // the read-only guard or a dry run (guard.go)
	}
	start := time.Now()
	// withTokens adds the tokens fetched so far to the call's redactor.
	withTokens := func() *Redactor {
		if st.tokens == nil {
			return red
		}
		return red.With(st.secrets.list()...)
	}
	for {
		rreq, err := newRequest(ctx, method, u, header, body)
		if err != nil {
			return nil, fmt.Errorf("%s: %s %s: %w", c.service, method, path, redactErr(red, err))
		}
		st.redirect = ""
		hresp, err := rc.Do(rreq)
		attempts := int(st.attempts.Load())
		if err != nil {
			if hresp != nil && hresp.Body != nil {
				_ = hresp.Body.Close()
			}
			red = withTokens()
			err = scrubErr(red, redactErr(red, err))
			if c.logger != nil { // the arguments are boxed before log could say no
				c.log(ctx, slog.LevelDebug, "request failed", "method", method, "path", path, "attempts", attempts,
					"elapsed", time.Since(start), "error", err.Error())
			}
			fillInfo(cs.Info, red, nil, attempts, start, req.Operation)
			return nil, &sendError{service: c.service, method: method, path: path, attempts: attempts, err: err}
		}

		red = withTokens()
		resp := &Response{
			StatusCode: hresp.StatusCode,
			Header:     hresp.Header,
			Attempts:   attempts,
			Method:     method,
			Path:       path,
			Operation:  req.Operation,
			Settings:   cs,
			client:     c,
			redact:     red,
		}
		limit := c.maxBody
		if hresp.StatusCode < 200 || hresp.StatusCode > 299 {
			limit = c.maxErrBody
		}
		resp.Body, err = readCapped(hresp.Body, hresp.ContentLength, limit)
		_ = hresp.Body.Close()
		if c.logger != nil {
			c.log(ctx, slog.LevelDebug, "response", "method", method, "path", path, "status", hresp.StatusCode,
				"attempts", attempts, "bytes", len(resp.Body), "elapsed", time.Since(start))
		}
		if err != nil && ctx.Err() == nil && !errors.Is(err, ErrBodyTooLarge) && retryableError(err) &&
			st.attempts.Load() < st.maxAttempts {
			// The body broke off on the network: an idempotent call is sent
			// again, like one whose connection failed before the headers.
			c.log(ctx, slog.LevelDebug, "body read failed; retrying", "method", method, "path", path,
				"attempts", attempts, "error", red.String(err.Error()))
			if werr := sleepCtx(ctx, backoff(policy.WaitMin, policy.WaitMax, attempts-1, nil)); werr != nil {
				fillInfo(cs.Info, red, hresp, attempts, start, req.Operation)
				return nil, &sendError{service: c.service, method: method, path: path, attempts: attempts, err: werr}
			}
			continue
		}
		fillInfo(cs.Info, red, hresp, attempts, start, req.Operation)
		switch {
		case err != nil && ctx.Err() != nil:
			return nil, &sendError{service: c.service, method: method, path: path, attempts: attempts, err: ctx.Err()}
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
