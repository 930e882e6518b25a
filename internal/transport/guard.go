package transport

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// SetReadOnly makes the client refuse, with [ErrReadOnly] and before
// anything is sent, every request that changes state (see [Effect]).
func (c *Config) SetReadOnly() error {
	c.ReadOnly = true
	return nil
}

// SetDryRun makes the client return every request that changes state as a
// [*DryRunRequest] error instead of sending it; reads are sent.
func (c *Config) SetDryRun() error {
	c.DryRun = true
	return nil
}

// WithCallDryRun makes this call return the request it would send, as a
// [*DryRunRequest] error, instead of sending it, when the request changes
// state; a read is sent as usual (a call that must read before it can build
// its request, such as a version discovery, still reads).
func WithCallDryRun() CallOption {
	return func(cs *CallSettings) { cs.DryRun = true }
}

// DryRunRequest is the request a dry run built and did not send: exactly
// what would have gone out, with every credential and secret the call knows
// replaced by [Redacted]. It is returned as an error that matches ErrDryRun
// and ErrNotSent; read it with errors.As.
type DryRunRequest struct {
	// Service names the upstream package ("aeza").
	Service string
	// Operation is the call's operation name ("orders.create").
	Operation string
	// Method is the HTTP method.
	Method string
	// URL is the absolute URL, secret query values redacted.
	URL string
	// Header holds every header the request would carry; the credential
	// headers are present with their values redacted.
	Header http.Header
	// Body is the request body (nil when none), secrets redacted.
	Body []byte
}

// Error says what was not sent.
func (d *DryRunRequest) Error() string {
	var b strings.Builder
	if d.Service != "" {
		b.WriteString(d.Service)
		b.WriteString(": ")
	}
	b.WriteString("dry run: ")
	b.WriteString(d.Method)
	b.WriteByte(' ')
	b.WriteString(d.URL)
	if d.Operation != "" {
		b.WriteString(" (")
		b.WriteString(d.Operation)
		b.WriteByte(')')
	}
	b.WriteString(": not sent")
	return b.String()
}

// Is matches ErrDryRun and ErrNotSent.
func (d *DryRunRequest) Is(target error) bool { return target == ErrDryRun || target == ErrNotSent }

// intercept applies the read-only guard and the dry run to a request that
// is built and about to be sent. It returns nil to let the request go.
func (c *Client) intercept(st *callState, req *Request, method string, u *url.URL, header http.Header, body []byte, red *Redactor) error {
	dry := c.dryRun || st.settings.DryRun
	if !dry && !c.readOnly {
		return nil
	}
	if !req.Effect.changes(req.Retry, method) {
		return nil
	}
	if info := st.settings.Info; info != nil {
		*info = ResponseInfo{Operation: req.Operation, Outcome: OutcomeNotSent}
		info.RateLimit, _ = ParseRateLimit(nil)
	}
	if !dry {
		op := ""
		if req.Operation != "" {
			op = " (" + req.Operation + ")"
		}
		return fmt.Errorf("%s: %s %s%s: %w", c.service, method, u.EscapedPath(), op, ErrReadOnly)
	}
	// The credentials are attached below, per attempt: show where they go
	// without fetching a token or spelling a secret.
	h := header.Clone()
	probe := &http.Request{Header: http.Header{}, URL: u}
	if _, ok := c.auth.(*tokenAuth); ok {
		probe.Header.Set("Authorization", Redacted)
	} else {
		c.auth.Apply(probe)
	}
	for k := range probe.Header {
		h[k] = []string{Redacted}
	}
	d := &DryRunRequest{Service: c.service, Operation: req.Operation, Method: method, URL: red.URL(u), Header: red.Header(h)}
	if body != nil {
		d.Body = []byte(red.With(appendJSONSecrets(nil, body)...).String(string(body)))
	}
	return d
}
