// This file builds the example's clients: against a real server when the
// environment names one, against the package's in-process fake otherwise.
// It is part of the example, so that the example builds when copied into a
// module of its own. It reads:
//
//	AEZA_API_KEY [AEZA_BASE_URL]                      Aeza
//
// A partial set (a base URL without its credential, say) is an error rather
// than a silent fall-back to the fake.

package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/aeza/aezatest"
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
