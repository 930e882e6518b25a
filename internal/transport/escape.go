package transport

import "fmt"

// EscapeRequest is a call through a package's Client.Do escape hatch: an
// endpoint the package does not wrap. The packages that have the hatch alias
// it as their Request.
type EscapeRequest struct {
	// Method is the HTTP method (GET when empty).
	Method string
	// Path is relative to the base URL (a leading slash is dropped); escape
	// parameters with url.PathEscape.
	Path string
	// Query is url.Values or a struct with url tags.
	Query any
	// Body is sent as JSON unless nil.
	Body any
	// NoRetry sends the request exactly once. Left false, GET, PUT and
	// DELETE retry and POST never does; set it for any call that spends
	// money.
	NoRetry bool
	// Operation names the call for OperationName, logs and errors ("do" when
	// empty).
	Operation string
}

// EscapeCall is the preamble of every Client.Do: a nil r is refused as
// "<service>: nil request", matching ErrInvalidArgument (and so ErrNotSent);
// any other r becomes its request by [Escape].
func EscapeCall(service string, r *EscapeRequest, opts []CallOption) (*Request, error) {
	if r == nil {
		return nil, fmt.Errorf("%s: nil request: %w", service, ErrInvalidArgument)
	}
	return Escape(r.Method, r.Path, r.Query, r.Body, r.NoRetry, r.Operation, opts), nil
}
