package servicemanager

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// urlForm is where a call names its method.
type urlForm int

const (
	// formAuto: in the URL from server version 19 (1C's library), in the
	// body below.
	formAuto urlForm = iota
	// formURL: always in the URL (WithMethodInURL).
	formURL
	// formBody: always in the body's general block (WithMethodInBody).
	formBody
)

// URLMethodVersion is the first ExtAPI version whose calls 1C's own library
// (BTS, ПрограммныйИнтерфейсСервисаСлужебный) sends to
// {base}/hs/ext_api/execute/{type}/{method}, with no general block.
const URLMethodVersion = 19

// ErrUnsupportedVersion means the call needs a newer ExtAPI version than the
// server's. It is refused before anything is sent, and matches
// [ErrInvalidArgument] too.
var ErrUnsupportedVersion = errors.New("needs a newer ExtAPI version")

// gate is a minimum server version for a method or one of its fields.
type gate struct {
	version int
	what    string // "scope", "the server-side filters", ...
}

// checkVersion refuses a call whose gates the server's version does not meet
// and reports whether the method goes in the URL. It asks the server for its
// version only when it must: for the URL form when no option fixed it, and
// for a gate.
func (c *Client) checkVersion(ctx context.Context, method string, gates []gate) (inURL bool, err error) {
	need := c.form == formAuto
	for _, g := range gates {
		need = need || g.version > 0
	}
	if !need {
		return c.form == formURL, nil
	}
	v, err := c.serverVersionOnce(ctx)
	if err != nil {
		return false, fmt.Errorf("servicemanager: %s: %w", method, err)
	}
	for _, g := range gates {
		if g.version > v {
			return false, fmt.Errorf("servicemanager: %s: %s needs ExtAPI version %d, the server has %d: %w: %w",
				method, g.what, g.version, v, ErrUnsupportedVersion, ErrInvalidArgument)
		}
	}
	switch c.form {
	case formURL:
		return true, nil
	case formBody:
		return false, nil
	}
	return v >= URLMethodVersion, nil
}

// ServerVersion returns the server's ExtAPI version: the one given with
// [WithServerVersion], or else the one {base}/hs/ext_api/version reports,
// asked once per client. Callers that arrive while it is being asked wait
// for that one request and share its outcome, a failure included; a failure
// is not kept, so a later call asks again, and a caller whose own context
// ended the request hands nothing to the others (one of them asks again). A
// server without that address (HTTP 404) is taken for version 1, as 1C's
// library does when it finds no version.
func (c *Client) ServerVersion(ctx context.Context) (int, error) {
	v, err := c.serverVersionOnce(ctx)
	if err != nil {
		return 0, fmt.Errorf("servicemanager: %w", err)
	}
	return v, nil
}

// serverVersionOnce is ServerVersion with errors not yet prefixed.
func (c *Client) serverVersionOnce(ctx context.Context) (int, error) {
	if c.serverVersion > 0 {
		return c.serverVersion, nil
	}
	for {
		if v := c.discovered.Load(); v > 0 {
			return int(v), nil
		}
		c.versionMu.Lock()
		if v := c.discovered.Load(); v > 0 {
			c.versionMu.Unlock()
			return int(v), nil
		}
		f := c.versionFlight
		if f == nil {
			f = &versionFlight{done: make(chan struct{})}
			c.versionFlight = f
			c.versionMu.Unlock()
			f.v, f.err = c.discoverVersion(ctx)
			f.callerEnded = f.err != nil && ctx.Err() != nil
			c.versionMu.Lock()
			c.versionFlight = nil
			c.versionMu.Unlock()
			close(f.done)
			return f.v, f.err
		}
		c.versionMu.Unlock()
		select {
		case <-f.done:
			if !f.callerEnded {
				return f.v, f.err
			}
		case <-ctx.Done():
			return 0, fmt.Errorf("discovering the ExtAPI version: %w", ctx.Err())
		}
	}
}

// versionFlight is one request for the server's version, shared by the
// callers that wait for it.
type versionFlight struct {
	done        chan struct{} // closed when v and err are set
	v           int
	err         error
	callerEnded bool // the asking caller's context ended it: not for the others
}

// discoverVersion asks the server for its version and keeps it.
func (c *Client) discoverVersion(ctx context.Context) (int, error) {
	v := 1
	info, err := c.Version(ctx)
	var e *Error
	switch {
	case err == nil:
		v = max(info.Version, 1)
	case errors.As(err, &e) && e.StatusCode == http.StatusNotFound:
	default:
		return 0, fmt.Errorf("discovering the ExtAPI version: %w", err)
	}
	c.discovered.Store(int64(v))
	return v, nil
}
