package transport_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// A Basic user with a colon is refused without quoting it: what follows the
// colon is often the password, pasted as "user:password".
func TestBasicUserWithColonNotQuoted(t *testing.T) {
	var cfg transport.Config
	err := cfg.SetAuth(transport.Basic("admin:hunter2-not-real", "pw"))
	if !errors.Is(err, transport.ErrInvalidArgument) {
		t.Fatalf("err = %v, want ErrInvalidArgument", err)
	}
	if strings.Contains(err.Error(), "hunter2-not-real") {
		t.Fatalf("error quotes the password after the colon: %v", err)
	}
}
