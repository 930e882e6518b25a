package servicemanager

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// Code is a response code of the general block (general.response): 10200
// on success, 10406 for an unknown requisite or property, ... Codes not
// listed here keep their value. [CodeOf] reads it from an error, and its
// String is the text of [Error].Code ("10406").
type Code int

// Response codes of the general block. The success codes and 10404 are
// public (1C's own ext_api client); 10406 is documented in the Account
// methods. The seed and specs give no table of error codes: 10400, 10401,
// 10403 and 10409 follow the 104xx-mirrors-HTTP pattern of 10404 and are
// what this package's fake (smtest) answers; treat them as assumptions.
const (
	// CodeOK is success.
	CodeOK Code = 10200
	// CodeCreated is a success code (an object was created).
	CodeCreated Code = 10201
	// CodeAccepted is success: accepted, still in progress.
	CodeAccepted Code = 10202
	// CodeOKWithWarnings is a success code.
	CodeOKWithWarnings Code = 10240
	// CodeBadRequest is a request the server refused as invalid (a missing
	// or malformed parameter, an unknown role). Matches [ErrCodeInvalidParams].
	CodeBadRequest Code = 10400
	// CodeUnauthorized is "not authenticated". Matches [ErrUnauthorized].
	CodeUnauthorized Code = 10401
	// CodeForbidden is "not allowed". Matches [ErrForbidden].
	CodeForbidden Code = 10403
	// CodeNotFound is "not found". Matches [ErrNotFound].
	CodeNotFound Code = 10404
	// CodeUnknownAttribute is returned by update_attached_info for keys the
	// Service Manager has no such requisite or property for. Matches
	// [ErrCodeInvalidParams].
	CodeUnknownAttribute Code = 10406
	// CodeAlreadyExists is a duplicate: users/create with a login that is
	// taken, users/add of a user already attached. Matches [ErrCodeAlreadyExists].
	CodeAlreadyExists Code = 10409
)

// String returns the code's decimal text, as in [Error].Code ("10406").
func (c Code) String() string { return strconv.Itoa(int(c)) }

// Success reports whether c is one of the success codes (10200, 10201, 10202,
// 10240). Zero (no code) is not a success.
func (c Code) Success() bool {
	switch c {
	case CodeOK, CodeCreated, CodeAccepted, CodeOKWithWarnings:
		return true
	}
	return false
}

// Sentinels for classes of in-band codes, matched with errors.Is. (10404,
// 10401 and 10403 match [ErrNotFound], [ErrUnauthorized] and [ErrForbidden].)
var (
	// ErrCodeAlreadyExists: the object already exists ([CodeAlreadyExists], 10409).
	ErrCodeAlreadyExists = errors.New("already exists")
	// ErrCodeInvalidParams: the server refused the call's parameters
	// ([CodeBadRequest] 10400, [CodeUnknownAttribute] 10406). Arguments this
	// package refuses before sending match [ErrInvalidArgument] instead.
	ErrCodeInvalidParams = errors.New("invalid parameters")
)

// CodeOf returns the Service Manager response code of err, an in-band error
// (or a non-2xx answer with a general block) from this package. ok is false
// for any other error, nil included.
func CodeOf(err error) (code Code, ok bool) {
	var e *Error
	if !errors.As(err, &e) || e.Service != service || e.Code == "" {
		return 0, false
	}
	n, convErr := strconv.Atoi(e.Code)
	if convErr != nil {
		return 0, false
	}
	return Code(n), true
}

// codeKind classifies an in-band code.
func codeKind(code Code) error {
	switch code {
	case CodeNotFound:
		return ErrNotFound
	case CodeUnauthorized:
		return ErrUnauthorized
	case CodeForbidden:
		return ErrForbidden
	case CodeAlreadyExists:
		return ErrCodeAlreadyExists
	case CodeBadRequest, CodeUnknownAttribute:
		return ErrCodeInvalidParams
	}
	return nil
}

var generalKey = []byte(`"general"`)

// decodeError is the transport's ErrorDecoder for the Service Manager. It
// reads the general block of a non-2xx response. A 2xx is not read here: its
// body is read once, general block and result together, by the success
// decoder, which finds an in-band failure there (see [inBandError]).
func decodeError(resp *transport.Response, e *Error) bool {
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return false
	}
	readGeneral(resp, e, true)
	return true
}

// inBandError returns the *Error of a 2xx whose general block says the call
// failed (general.error, or a response code other than the success codes),
// or nil. It is only called on the rare path, when the one json pass found a
// failure or could not decode the body.
func inBandError(resp *transport.Response) *Error {
	var e Error
	if !readGeneral(resp, &e, false) {
		return nil
	}
	// Built and finished exactly as the transport does for a failure its
	// error decoder reports (status, method, path, attempts, headers, request
	// id; message, code and details scrubbed).
	out := resp.NewError()
	out.Kind, out.Code, out.Message, out.Details = e.Kind, e.Code, e.Message, e.Details
	return resp.Finish(out)
}

// readGeneral fills e's Code, Message, Details and Kind from the general block
// of resp and reports whether it is a failure: always for a non-2xx (failed),
// for a 2xx only if its general block says so.
func readGeneral(resp *transport.Response, e *Error, failed bool) bool {
	if !bytes.Contains(resp.Body, generalKey) {
		if failed {
			e.Message = resp.Excerpt()
		}
		return failed
	}
	var env struct {
		General json.RawMessage `json:"general"`
	}
	var g General
	if err := json.Unmarshal(resp.Body, &env); err != nil || len(env.General) == 0 ||
		json.Unmarshal(env.General, &g) != nil {
		// Not the envelope: a non-2xx reports an excerpt; a 2xx is left to
		// the success decoder, which reports ErrDecode.
		if failed {
			e.Message = resp.Excerpt()
		}
		return failed
	}
	// A missing code (0) is left to the success decoder, which reports ErrDecode.
	if !failed && !g.failed() {
		return false
	}
	if g.Response != 0 {
		e.Code = g.Response.String()
	}
	e.Message = g.Message
	e.Details = env.General // the transport re-encodes escapes before scrubbing
	if e.Message == "" && e.Code == "" {
		e.Message = resp.Excerpt()
	}
	if k := codeKind(g.Response); k != nil && (e.Kind == nil || !failed) {
		e.Kind = k
	}
	return true
}
