package servicemanager

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
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

// urlMethodVersion is the first ExtAPI version whose calls 1C's own library
// (BTS, ПрограммныйИнтерфейсСервисаСлужебный) sends to
// {base}/hs/ext_api/execute/{type}/{method}, with no general block.
const urlMethodVersion = 19

// ErrUnsupportedVersion means the call needs a newer ExtAPI version than the
// server's. It is refused before anything is sent, and matches
// [ErrInvalidArgument] too.
var ErrUnsupportedVersion = errors.New("needs a newer ExtAPI version")

// gate is a minimum server version for a method or one of its fields.
type gate struct {
	version int
	what    string // "scope", "the server-side filters", ...
}

// notFoundTrust is how long a 404 from /version is taken for "version 1"
// in choosing the URL form (the body form, which every version accepts);
// after it the next call asks again. A version-gated call never relies on
// it: it asks again first.
const notFoundTrust = 5 * time.Minute

// checkVersion refuses a call whose gates the server's version does not meet
// and reports whether the method goes in the URL. It asks the server for its
// version only when it must: for the URL form when no option fixed it, and
// for a gate. A version taken from a 404 is never the reason to refuse: the
// server is asked again first, and only a fresh answer refuses.
func (c *Client) checkVersion(ctx context.Context, method string, gates []gate) (inURL bool, err error) {
	need := c.form == formAuto
	for _, g := range gates {
		need = need || g.version > 0
	}
	if !need {
		return c.form == formURL, nil
	}
	v, from404, err := c.serverVersionOnce(ctx, false)
	if err != nil {
		return false, fmt.Errorf("servicemanager: %s: %w", method, err)
	}
	if from404 && !meets(v, gates) {
		if v, from404, err = c.serverVersionOnce(ctx, true); err != nil {
			return false, fmt.Errorf("servicemanager: %s: %w", method, err)
		}
	}
	for _, g := range gates {
		if g.version <= v {
			continue
		}
		if from404 {
			return false, fmt.Errorf("servicemanager: %s: %s needs ExtAPI version %d, and the server's version is unknown "+
				"(%s answered 404 twice; give WithServerVersion if you know it): %w: %w",
				method, g.what, g.version, versionPath, ErrUnsupportedVersion, ErrInvalidArgument)
		}
		return false, fmt.Errorf("servicemanager: %s: %s needs ExtAPI version %d, the server has %d: %w: %w",
			method, g.what, g.version, v, ErrUnsupportedVersion, ErrInvalidArgument)
	}
	switch c.form {
	case formURL:
		return true, nil
	case formBody:
		return false, nil
	}
	return v >= urlMethodVersion, nil
}

// meets reports whether version v meets every gate.
func meets(v int, gates []gate) bool {
	for _, g := range gates {
		if g.version > v {
			return false
		}
	}
	return true
}

// ServerVersion returns the server's ExtAPI version: the one given with
// [WithServerVersion], or else the one {base}/hs/ext_api/version reports
// (see [Client.Version]: a POST with no body, then GET if the server refuses
// POST with 405 or 501), asked once per client. Callers that arrive while it
// is being asked wait for that one request and share its outcome, a failure
// included; a failure is not kept, so a later call asks again, and a caller
// whose own context ended the request hands nothing to the others (one of
// them asks again).
//
// A server that answers 404 there is taken for version 1, but only to choose
// how to send calls (the method in the body, which every version accepts),
// and only for a while (5 minutes; then the next call asks again): the
// answer is never kept as the server's version. A version-gated call never
// refuses on it: it asks again first, and refuses only when the fresh
// answer is a 404 too (the version is then unknown; [WithServerVersion]
// gives it) or too low a version.
//
// What 1C's own library (BTS) does differs: it POSTs to /version and raises
// an error on any answer but 200; it takes version 1 only on another path,
// inside SaaS, when the InterfaceVersion service lists no "ExtAPI" version.
// The SDK does not copy that: a 404 here may be a proxy's, not the server's.
func (c *Client) ServerVersion(ctx context.Context) (int, error) {
	v, _, err := c.serverVersionOnce(ctx, false)
	if err != nil {
		return 0, fmt.Errorf("servicemanager: %w", err)
	}
	return v, nil
}

// serverVersionOnce is ServerVersion with errors not yet prefixed; from404
// says that v is the 1 a 404 stands for. fresh asks the server again when
// the version known is one from a 404; otherwise such a version is used
// while it is recent (notFoundTrust).
func (c *Client) serverVersionOnce(ctx context.Context, fresh bool) (v int, from404 bool, err error) {
	if c.serverVersion > 0 {
		return c.serverVersion, false, nil
	}
	for {
		if v := c.discovered.Load(); v > 0 {
			return int(v), false, nil
		}
		if at := c.notFoundAt.Load(); !fresh && at != 0 && time.Since(time.Unix(0, at)) < notFoundTrust {
			return 1, true, nil
		}
		c.versionMu.Lock()
		if v := c.discovered.Load(); v > 0 {
			c.versionMu.Unlock()
			return int(v), false, nil
		}
		f := c.versionFlight
		if f == nil {
			f = &versionFlight{done: make(chan struct{})}
			c.versionFlight = f
			c.versionMu.Unlock()
			f.v, f.from404, f.err = c.discoverVersion(ctx)
			f.callerEnded = f.err != nil && ctx.Err() != nil
			c.versionMu.Lock()
			c.versionFlight = nil
			c.versionMu.Unlock()
			close(f.done)
			return f.v, f.from404, f.err
		}
		c.versionMu.Unlock()
		select {
		case <-f.done:
			if !f.callerEnded {
				return f.v, f.from404, f.err
			}
		case <-ctx.Done():
			return 0, false, fmt.Errorf("discovering the ExtAPI version: %w", ctx.Err())
		}
	}
}

// versionFlight is one request for the server's version, shared by the
// callers that wait for it.
type versionFlight struct {
	done        chan struct{} // closed when v and err are set
	v           int
	from404     bool
	err         error
	callerEnded bool // the asking caller's context ended it: not for the others
}

// discoverVersion asks the server for its version and keeps it; a 404 is
// kept only as the time it came (notFoundAt).
func (c *Client) discoverVersion(ctx context.Context) (int, bool, error) {
	info, err := c.Version(ctx)
	var e *Error
	switch {
	case err == nil:
		v := max(info.Version, 1)
		c.discovered.Store(int64(v))
		c.notFoundAt.Store(0)
		return v, false, nil
	case errors.As(err, &e) && e.StatusCode == http.StatusNotFound:
		c.notFoundAt.Store(time.Now().UnixNano())
		return 1, true, nil
	}
	return 0, false, discoveryError{err}
}

// discoveryError is a failed version discovery, read as one message:
// "discovering the ExtAPI version: POST /hs/ext_api/version (version): 401
// Unauthorized", without the package prefix its own error carries (the
// caller adds it once).
type discoveryError struct{ err error }

func (d discoveryError) Error() string {
	return "discovering the ExtAPI version: " + strings.TrimPrefix(d.err.Error(), "servicemanager: ")
}

func (d discoveryError) Unwrap() error { return d.err }
