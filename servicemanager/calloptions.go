package servicemanager

import (
	"github.com/ruapi/ruapi-go/internal/transport"
)

// ResponseInfo is a call's response metadata, filled by [WithResponseInto] on
// success and on failure: the shared fields, promoted from the embedded
// transport type — StatusCode (0 when no answer came), Header (credentials
// redacted), RequestID, Attempts, Elapsed, RateLimit (see [RateLimit]) and
// Operation (the ext_api method, as [OperationName] reads it) and Outcome
// (whether the request reached the upstream, see [Outcome]) — and General,
// the response's general block (response code, message, versions), nil when
// the answer carried none.
type ResponseInfo struct {
	transport.ResponseInfo
	// General is the response's general block, nil when it carried none.
	General *General
}

// WithResponseInto stores the call's response metadata, general block
// included, in *info, on success and on failure alike. Give each concurrent
// call its own ResponseInfo.
func WithResponseInto(info *ResponseInfo) CallOption {
	if info == nil {
		return transport.WithResponseInto(nil) // refused when the call runs
	}
	return func(cs *transport.CallSettings) {
		info.General = nil // filled again by this call, if its answer has one
		transport.WithResponseInto(&info.ResponseInfo)(cs)
		cs.Extra = append(cs.Extra, info)
	}
}
