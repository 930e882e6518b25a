// This file builds the example's clients: against a real server when the
// environment names one, against the package's in-process fake otherwise.
// It is part of the example, so that the example builds when copied into a
// module of its own. It reads:
//
//	ATI_TOKEN [ATI_BASE_URL] [ATI_INTEGRATOR_CODE]    ATI.SU
//
// A partial set (a base URL without its credential, say) is an error rather
// than a silent fall-back to the fake.

package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/ati/atitest"
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
