package ati

import (
	"context"
	"fmt"
	"strings"
)

// FindByINN returns the organizations whose INN is inn (blanks ignored),
// read from [OrganizationsService.List]; none is an empty list, not an
// error. It settles a [OrganizationsService.Create] that failed with
// [ErrOutcomeUnknown]: the INN is the organization's natural key, so an
// organization found here was created by the attempt (or existed before it)
// and must not be created again:
//
//	o, err := c.Organizations.Create(ctx, in)
//	if errors.Is(err, ati.ErrOutcomeUnknown) {
//		found, ferr := c.Organizations.FindByINN(ctx, *in.INN)
//		// len(found) > 0: created; 0: not created, safe to create again
//	}
func (s *OrganizationsService) FindByINN(ctx context.Context, inn string, opts ...CallOption) ([]Organization, error) {
	want := strings.Join(strings.Fields(inn), "")
	if want == "" {
		return nil, fmt.Errorf("ati: organizations by INN: empty INN: %w", ErrInvalidArgument)
	}
	all, err := s.List(ctx, opts...)
	if err != nil {
		return nil, err
	}
	out := []Organization{}
	for _, o := range all {
		if o.INN != nil && strings.Join(strings.Fields(*o.INN), "") == want {
			out = append(out, o)
		}
	}
	return out, nil
}
