package servicemanager_test

import (
	"errors"
	"strings"
	"testing"

	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// A login pasted as "login:password" is refused without quoting it.
func TestBasicLoginWithColonNotQuoted(t *testing.T) {
	_, err := sm.NewClient("https://sm.example.test/sm", sm.WithBasicAuth("admin:hunter2-not-real", "pw"))
	if !errors.Is(err, sm.ErrInvalidArgument) {
		t.Fatalf("err = %v, want ErrInvalidArgument", err)
	}
	if strings.Contains(err.Error(), "hunter2-not-real") {
		t.Fatalf("error quotes the password after the colon: %v", err)
	}
}
