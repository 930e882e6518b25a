package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/ruapi/ruapi-go/servicemanager"
	"golang.org/x/oauth2"
)

// Every generated auth option goes through the one auth rule: two sources
// of credentials, in any package and in any order, are ErrInvalidArgument,
// never "the last one wins" (the dataprovider callback client once sent the
// bearer token and dropped its Basic credentials).
func TestTwoAuthSourcesAreRefusedEverywhere(t *testing.T) {
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "fake-token-not-real"})
	const base = "https://provider.example.test"
	const smBase = "https://sm.example.test/a/adm"
	// Each source alone is accepted, so a refusal below is the pair's.
	for name, err := range map[string]error{
		"ati token source": func() error { _, err := ati.NewClient("", ati.WithTokenSource(ts)); return err }(),
		"servicemanager Basic": func() error {
			_, err := servicemanager.NewClient(smBase, servicemanager.WithBasicAuth("fake-user", "fake-pass"))
			return err
		}(),
		"servicemanager bearer": func() error {
			_, err := servicemanager.NewClient(smBase, servicemanager.WithBearerToken("fake-token"))
			return err
		}(),
		"servicemanager token source": func() error {
			_, err := servicemanager.NewClient(smBase, servicemanager.WithTokenSource(ts))
			return err
		}(),
		"dataprovider header": func() error {
			_, err := dataprovider.NewClient(base, dataprovider.WithHeaderAuth("X-API-Key", "fake-key"))
			return err
		}(),
		"dataprovider callback": func() error {
			_, err := dataprovider.NewCallbackClient(base, "fake-login", "fake-pass")
			return err
		}(),
	} {
		if err != nil {
			t.Errorf("%s alone: %v", name, err)
		}
	}
	cases := []struct {
		name string
		err  func() error
		is   error
	}{
		{"ati token and WithTokenSource", func() error {
			_, err := ati.NewClient("fake-token", ati.WithTokenSource(ts))
			return err
		}, ati.ErrInvalidArgument},
		{"ati WithTokenSource twice", func() error {
			_, err := ati.NewClient("", ati.WithTokenSource(ts), ati.WithTokenSource(ts))
			return err
		}, ati.ErrInvalidArgument},
		{"servicemanager Basic and bearer", func() error {
			_, err := servicemanager.NewClient(smBase, servicemanager.WithBasicAuth("fake-user", "fake-pass"), servicemanager.WithBearerToken("fake-token"))
			return err
		}, servicemanager.ErrInvalidArgument},
		{"servicemanager bearer and token source", func() error {
			_, err := servicemanager.NewClient(smBase, servicemanager.WithBearerToken("fake-token"), servicemanager.WithTokenSource(ts))
			return err
		}, servicemanager.ErrInvalidArgument},
		{"servicemanager token source and Basic", func() error {
			_, err := servicemanager.NewClient(smBase, servicemanager.WithTokenSource(ts), servicemanager.WithBasicAuth("fake-user", "fake-pass"))
			return err
		}, servicemanager.ErrInvalidArgument},
		{"dataprovider Basic and header", func() error {
			_, err := dataprovider.NewClient(base, dataprovider.WithBasicAuth("fake-user", "fake-pass"), dataprovider.WithHeaderAuth("X-API-Key", "fake-key"))
			return err
		}, dataprovider.ErrInvalidArgument},
		{"dataprovider header and token source", func() error {
			_, err := dataprovider.NewClient(base, dataprovider.WithHeaderAuth("X-API-Key", "fake-key"), dataprovider.WithTokenSource(ts))
			return err
		}, dataprovider.ErrInvalidArgument},
		{"dataprovider callback login and bearer", func() error {
			_, err := dataprovider.NewCallbackClient(base, "fake-login", "fake-pass", dataprovider.WithBearerToken("fake-token"))
			return err
		}, dataprovider.ErrInvalidArgument},
		{"dataprovider callback login and token source", func() error {
			_, err := dataprovider.NewCallbackClient(base, "fake-login", "fake-pass", dataprovider.WithTokenSource(ts))
			return err
		}, dataprovider.ErrInvalidArgument},
	}
	for _, c := range cases {
		err := c.err()
		if !errors.Is(err, c.is) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", c.name, err)
		}
	}
}

// A package's own check of an auth option's arguments still runs before
// the auth rule (the table names it per package).
func TestAuthOptionChecksStay(t *testing.T) {
	for name, err := range map[string]error{
		"servicemanager login with a colon": func() error {
			_, err := servicemanager.NewClient("https://sm.example.test/a/adm", servicemanager.WithBasicAuth("fake:user", "fake-pass"))
			return err
		}(),
		"servicemanager empty bearer": func() error {
			_, err := servicemanager.NewClient("https://sm.example.test/a/adm", servicemanager.WithBearerToken(""))
			return err
		}(),
		"dataprovider scheme in the bearer token": func() error {
			_, err := dataprovider.NewClient("https://provider.example.test", dataprovider.WithBearerToken("Bearer fake-token"))
			return err
		}(),
		"dataprovider header name in the key": func() error {
			_, err := dataprovider.NewClient("https://provider.example.test", dataprovider.WithHeaderAuth("X-API-Key", "X-API-Key: fake-key"))
			return err
		}(),
		"nil token source": func() error {
			_, err := dataprovider.NewClient("https://provider.example.test", dataprovider.WithTokenSource(nil))
			return err
		}(),
	} {
		if !errors.Is(err, servicemanager.ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
		if err != nil && strings.Contains(err.Error(), "base URL") {
			t.Errorf("%s: refused for its base URL, not its credential: %v", name, err)
		}
	}
}
