// This file builds the example's clients: against a real server when the
// environment names one, against the package's in-process fake otherwise.
// It is part of the example, so that the example builds when copied into a
// module of its own. It reads:
//
//	DP_BASE_URL DP_LOGIN DP_PASSWORD [DP_TOKEN]       a Data Provider
//
// A partial set (a base URL without its credential, say) is an error rather
// than a silent fall-back to the fake.

package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/dataprovider/dptest"
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
