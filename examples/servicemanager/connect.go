// This file builds the example's clients: against a real server when the
// environment names one, against the package's in-process fake otherwise.
// It is part of the example, so that the example builds when copied into a
// module of its own. It reads:
//
//	SM_BASE_URL SM_LOGIN SM_PASSWORD SM_ACCOUNT       1C Service Manager
//
// A partial set (a base URL without its credential, say) is an error rather
// than a silent fall-back to the fake.

package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/ruapi/ruapi-go/servicemanager/smtest"
)

// Target says where a client points. Close stops the fake, if one was started.
type Target struct {
	// Live is true for a real server named by the environment.
	Live bool
	// Where is the real server's base URL, or the fake's package name.
	Where string
	stop  func()
}

// Close stops the in-process fake; it does nothing for a real server.
func (t Target) Close() {
	if t.stop != nil {
		t.stop()
	}
}

// String is a one-line description for the examples' output.
func (t Target) String() string {
	if t.Live {
		return fmt.Sprintf("live: %s, read-only", t.Where)
	}
	return fmt.Sprintf("in-process fake %s; set the environment to use a real server", t.Where)
}

func live(where string) Target { return Target{Live: true, Where: where} }

func fake(name string, stop func()) Target { return Target{Where: name, stop: stop} }

// ServiceManager is a Service Manager client, the subscriber the examples
// act for, and where it points.
type ServiceManager struct {
	Target
	Client  *sm.Client
	Account int64
}

// newServiceManager reads SM_BASE_URL, SM_LOGIN, SM_PASSWORD and SM_ACCOUNT.
func newServiceManager() (*ServiceManager, error) {
	base, login, password, acct := os.Getenv("SM_BASE_URL"), os.Getenv("SM_LOGIN"), os.Getenv("SM_PASSWORD"), os.Getenv("SM_ACCOUNT")
	switch {
	case base == "" && login == "" && password == "" && acct == "":
		srv := smtest.NewServer()
		c, err := srv.Client()
		if err != nil {
			srv.Close()
			return nil, err
		}
		return &ServiceManager{Target: fake("smtest", srv.Close), Client: c, Account: smtest.Account}, nil
	case base == "" || login == "" || acct == "":
		return nil, errors.New("set all of SM_BASE_URL, SM_LOGIN, SM_PASSWORD and SM_ACCOUNT, or none to use the fake")
	}
	account, err := strconv.ParseInt(acct, 10, 64)
	if err != nil || account <= 0 {
		return nil, fmt.Errorf("SM_ACCOUNT %q is not a subscriber code (a positive number)", acct)
	}
	c, err := sm.NewClient(base, sm.WithBasicAuth(login, password))
	if err != nil {
		return nil, err
	}
	return &ServiceManager{Target: live(base), Client: c, Account: account}, nil
}
