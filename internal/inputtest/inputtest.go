// Package inputtest holds the shared checks of the "every method refuses bad
// input" tests of the four packages: a table of calls made with bad
// arguments (a zero or negative id, a blank string, a missing field), each
// of which must fail before anything is sent, with the package's
// ErrInvalidArgument and its prefix.
//
//	inputtest.Refused(t, ati.ErrInvalidArgument, "ati: ", map[string]error{
//		"org id":  inputtest.Err(c.Organizations.Get(ctx, "")),
//		"address": c.Addresses.Delete(ctx, ".."),
//	})
package inputtest

import (
	"errors"
	"iter"
	"sort"
	"strings"
	"testing"
)

// Err returns a call's error and drops its value, so that a call returning
// (T, error) fits a table of errors: Err(c.Users.Get(ctx, "")).
func Err[T any](_ T, err error) error { return err }

// First returns the first error an iterator yields (nil if none before its
// first element), so that a paging method fits a table of errors:
// First(c.Services.AllTasks(ctx, 0, nil)).
func First[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		return err
	}
	return nil
}

// Refused checks every case: its error matches want (the package's
// ErrInvalidArgument) and, when prefix is not empty, its message starts
// with prefix ("servicemanager: "). Cases are reported by name, in order.
func Refused(t testing.TB, want error, prefix string, cases map[string]error) {
	t.Helper()
	if len(cases) == 0 {
		t.Fatal("inputtest.Refused: no cases")
	}
	names := make([]string, 0, len(cases))
	for name := range cases {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		err := cases[name]
		switch {
		case err == nil:
			t.Errorf("%s: no error, want one matching %v", name, want)
		case !errors.Is(err, want):
			t.Errorf("%s: %v: does not match %v", name, err, want)
		case prefix != "" && !strings.HasPrefix(err.Error(), prefix):
			t.Errorf("%s: %q lacks the prefix %q", name, err.Error(), prefix)
		}
	}
}
