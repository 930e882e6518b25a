// Command quickstart shows all four ruapi-go packages doing one realistic task
// each, in a few seconds, with no credentials and no network:
//
//	go run ./examples/quickstart
//
// Each API runs against its in-process fake server (atitest, smtest,
// aezatest, dptest) unless the environment names a real one, with the same
// variables as the per-package examples (see connect.go); then
// only read-only calls are made:
//
//	ATI_TOKEN [ATI_BASE_URL] [ATI_INTEGRATOR_CODE]    ATI.SU
//	SM_BASE_URL SM_LOGIN SM_PASSWORD SM_ACCOUNT       1C Service Manager
//	AEZA_API_KEY [AEZA_BASE_URL]                      Aeza
//	DP_BASE_URL DP_LOGIN DP_PASSWORD [DP_TOKEN]       a Data Provider
//
// It exits with status 1 and a clear message on the first error.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// step is one API's task.
type step struct {
	title string
	run   func(ctx context.Context, w io.Writer) error
}

func run(ctx context.Context, w io.Writer) error {
	steps := []step{
		{"ATI.SU — balance and organizations", atiStep},
		{"1C Service Manager — a subscriber's users", serviceManagerStep},
		{"Aeza — services, and prices in another currency", aezaStep},
		{"Data Provider — a subscriber's contracts and last charge", dataProviderStep},
	}
	start := time.Now()
	for i, s := range steps {
		fmt.Fprintf(w, "\n%d. %s\n", i+1, s.title)
		if err := s.run(ctx, w); err != nil {
			return fmt.Errorf("%s: %w", s.title, err)
		}
	}
	fmt.Fprintf(w, "\nAll four APIs answered in %s.\n", time.Since(start).Round(time.Millisecond))
	return nil
}
