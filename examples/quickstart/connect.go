// This file builds the example's clients: against a real server when the
// environment names one, against the package's in-process fake otherwise.
// It is part of the example, so that the example builds when copied into a
// module of its own. It reads:
//
//	ATI_TOKEN [ATI_BASE_URL] [ATI_INTEGRATOR_CODE]    ATI.SU
//	SM_BASE_URL SM_LOGIN SM_PASSWORD SM_ACCOUNT       1C Service Manager
//	AEZA_API_KEY [AEZA_BASE_URL]                      Aeza
//	DP_BASE_URL DP_LOGIN DP_PASSWORD [DP_TOKEN]       a Data Provider
//
// A partial set (a base URL without its credential, say) is an error rather
// than a silent fall-back to the fake.

package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/ruapi/ruapi-go/servicemanager/smtest"
)

// variables are every environment variable this file reads.
var variables = []string{
	"ATI_TOKEN", "ATI_BASE_URL", "ATI_INTEGRATOR_CODE",
	"SM_BASE_URL", "SM_LOGIN", "SM_PASSWORD", "SM_ACCOUNT",
	"AEZA_API_KEY", "AEZA_BASE_URL",
	"DP_BASE_URL", "DP_LOGIN", "DP_PASSWORD", "DP_TOKEN",
}

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

// ATI is an ATI.SU client and where it points.
type ATI struct {
	Target
	Client *ati.Client
}

// newATI reads ATI_TOKEN, ATI_BASE_URL and ATI_INTEGRATOR_CODE.
func newATI() (*ATI, error) {
	token, base, code := os.Getenv("ATI_TOKEN"), os.Getenv("ATI_BASE_URL"), os.Getenv("ATI_INTEGRATOR_CODE")
	if token == "" {
		if base != "" || code != "" {
			return nil, errors.New("ATI_BASE_URL or ATI_INTEGRATOR_CODE is set but ATI_TOKEN is not")
		}
		srv := atitest.NewServer()
		c, err := srv.Client()
		if err != nil {
			srv.Close()
			return nil, err
		}
		return &ATI{Target: fake("atitest", srv.Close), Client: c}, nil
	}
	var opts []ati.Option
	where := ati.DefaultBaseURL
	if base != "" {
		opts = append(opts, ati.WithBaseURL(base))
		where = base
	}
	if code != "" {
		opts = append(opts, ati.WithIntegratorCode(code))
	}
	c, err := ati.NewClient(token, opts...)
	if err != nil {
		return nil, err
	}
	return &ATI{Target: live(where), Client: c}, nil
}

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

// Aeza is an Aeza client and where it points.
type Aeza struct {
	Target
	Client *aeza.Client
}

// newAeza reads AEZA_API_KEY and AEZA_BASE_URL.
func newAeza() (*Aeza, error) {
	key, base := os.Getenv("AEZA_API_KEY"), os.Getenv("AEZA_BASE_URL")
	if key == "" {
		if base != "" {
			return nil, errors.New("AEZA_BASE_URL is set but AEZA_API_KEY is not")
		}
		srv := aezatest.NewServer()
		c, err := srv.Client()
		if err != nil {
			srv.Close()
			return nil, err
		}
		return &Aeza{Target: fake("aezatest", srv.Close), Client: c}, nil
	}
	var opts []aeza.Option
	where := aeza.DefaultBaseURL
	if base != "" {
		opts = append(opts, aeza.WithBaseURL(base))
		where = base
	}
	c, err := aeza.NewClient(key, opts...)
	if err != nil {
		return nil, err
	}
	return &Aeza{Target: live(where), Client: c}, nil
}

// DataProvider is a Data Provider client, the subscriber credentials the
// examples sign in with, and where it points.
type DataProvider struct {
	Target
	Client   *dataprovider.Client
	Login    string
	Password dataprovider.Password
}

// newDataProvider reads DP_BASE_URL, DP_LOGIN, DP_PASSWORD and DP_TOKEN (a
// bearer token for the provider API, if it wants one).
func newDataProvider() (*DataProvider, error) {
	base, login, password := os.Getenv("DP_BASE_URL"), os.Getenv("DP_LOGIN"), os.Getenv("DP_PASSWORD")
	switch {
	case base == "" && login == "" && password == "":
		srv := dptest.NewServer()
		c, err := srv.Client()
		if err != nil {
			srv.Close()
			return nil, err
		}
		return &DataProvider{Target: fake("dptest", srv.Close), Client: c,
			Login: dptest.SampleLogin, Password: dptest.SamplePassword}, nil
	case base == "" || login == "" || password == "":
		return nil, errors.New("set all of DP_BASE_URL, DP_LOGIN and DP_PASSWORD, or none to use the fake")
	}
	var opts []dataprovider.Option
	if tok := os.Getenv("DP_TOKEN"); tok != "" {
		opts = append(opts, dataprovider.WithBearerToken(tok))
	}
	c, err := dataprovider.NewClient(base, opts...)
	if err != nil {
		return nil, err
	}
	return &DataProvider{Target: live(base), Client: c, Login: login, Password: dataprovider.Password(password)}, nil
}
