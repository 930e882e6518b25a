package inputtest

import (
	"errors"
	"fmt"
	"testing"
)

var errBad = errors.New("invalid argument")

// recorder is a testing.TB that records what Refused reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.errs = append(r.errs, fmt.Sprintf(f, a...)) }

func TestRefused(t *testing.T) {
	r := &recorder{TB: t}
	Refused(r, errBad, "pkg: ", map[string]error{
		"good":      fmt.Errorf("pkg: id: %w", errBad),
		"nil":       nil,
		"other":     errors.New("pkg: boom"),
		"no prefix": fmt.Errorf("id: %w", errBad),
	})
	if len(r.errs) != 3 {
		t.Fatalf("reports: %q", r.errs)
	}
	for i, name := range []string{"nil", "no prefix", "other"} { // in name order
		if got := r.errs[i]; len(got) < len(name) || got[:len(name)] != name {
			t.Errorf("report %d = %q, want one about %q", i, got, name)
		}
	}
}

func TestErrAndFirst(t *testing.T) {
	if !errors.Is(Err(7, errBad), errBad) || Err("x", nil) != nil {
		t.Error("Err")
	}
	seq := func(yield func(int, error) bool) {
		_ = yield(0, errBad) && yield(1, nil)
	}
	if !errors.Is(First(seq), errBad) {
		t.Error("First")
	}
	none := func(func(int, error) bool) {}
	if First(none) != nil {
		t.Error("First of nothing")
	}
}
