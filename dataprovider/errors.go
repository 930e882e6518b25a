package dataprovider

import (
	"encoding/json"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// errorBody is the JSON error this package's handler writes.
type errorBody struct {
	Code    string `json:"code,omitempty"`
	Error   string `json:"error,omitempty"`
	Message string `json:"message,omitempty"`
}

func decodeError(resp *transport.Response, e *transport.Error) bool {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return false
	}
	var b errorBody
	if err := json.Unmarshal(resp.Body, &b); err == nil && (b.Error != "" || b.Message != "") {
		e.Code = b.Code
		e.Message = strings.TrimSpace(b.Error + " " + b.Message)
		e.Details = json.RawMessage(resp.Body)
		return true
	}
	e.Message = resp.Excerpt()
	return true
}
