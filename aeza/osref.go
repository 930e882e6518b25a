package aeza

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// OSRef names an operating system in an order, a reinstall and a service's
// parameters. Aeza has taken it in two forms: a slug ("ubuntu_2404"), which
// current servers and clients send (specs/aeza-v2.md B3), and an integer id
// (25), which Aeza's older documentation uses. An OSRef holds either, reads
// either from JSON and sends exactly what it holds: build it with [OSSlug]
// (preferred) or [OSID], or take it from the OS list with [OS.Ref].
//
// The zero OSRef means "none" and is left out of order parameters.
type OSRef struct {
	slug  string
	id    int64
	isID  bool
	valid bool
}

// OSSlug refers to an operating system by its slug ("ubuntu_2404"), the form
// current Aeza servers expect. An empty slug is the zero OSRef.
func OSSlug(slug string) OSRef {
	if slug == "" {
		return OSRef{}
	}
	return OSRef{slug: slug, valid: true}
}

// OSID refers to an operating system by its integer id (25), the form of
// Aeza's older documentation. Whether current servers still accept it is not
// known; prefer [OSSlug].
func OSID(id int64) OSRef { return OSRef{id: id, isID: true, valid: true} }

// Slug returns the slug the reference holds ("" when it holds an id).
func (r OSRef) Slug() string { return r.slug }

// ID returns the id the reference holds; ok is false when it holds a slug or nothing.
func (r OSRef) ID() (id int64, ok bool) { return r.id, r.isID }

// IsZero reports whether the reference names nothing.
func (r OSRef) IsZero() bool { return !r.valid }

// String returns the slug, or the id in decimal ("" for the zero OSRef).
func (r OSRef) String() string {
	if r.isID {
		return strconv.FormatInt(r.id, 10)
	}
	return r.slug
}

// Matches reports whether r names os: a slug equal to os.Slug in any case, an
// id equal to os.ID, or a slug of digits equal to os.ID (a server that sent
// the id as a string).
func (r OSRef) Matches(os OS) bool {
	switch {
	case !r.valid:
		return false
	case r.isID:
		return r.id == os.ID && os.ID != 0
	case os.Slug != "" && strings.EqualFold(strings.TrimSpace(r.slug), os.Slug):
		return true
	}
	n, err := strconv.ParseInt(strings.TrimSpace(r.slug), 10, 64)
	return err == nil && n == os.ID && os.ID != 0
}

// validate refuses a reference no server can resolve: an id <= 0 or a blank slug.
func (r OSRef) validate(what string) error {
	if r.isID && r.id <= 0 || !r.isID && strings.TrimSpace(r.slug) == "" {
		return fmt.Errorf("aeza: %s needs an OS slug (aeza.OSSlug) or a positive id, not %q: %w", what, r.String(), ErrInvalidArgument)
	}
	return nil
}

// MarshalJSON sends what the reference holds: a JSON string for a slug, a
// number for an id, null for the zero OSRef.
func (r OSRef) MarshalJSON() ([]byte, error) {
	switch {
	case !r.valid:
		return []byte("null"), nil
	case r.isID:
		return []byte(strconv.FormatInt(r.id, 10)), nil
	}
	return json.Marshal(r.slug)
}

// UnmarshalJSON reads a string as a slug, an integer as an id, and null or ""
// as the zero OSRef; anything else is an error.
func (r *OSRef) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*r = OSRef{}
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		return nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*r = OSSlug(s)
		return nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("aeza: os %s: neither a slug nor an integer id", truncate(string(b), 40))
	}
	*r = OSID(n)
	return nil
}

// Ref returns the reference to give an order or a reinstall for this
// operating system: its slug, which current servers expect, or its id when
// the list gave no slug.
func (o OS) Ref() OSRef {
	if o.Slug != "" {
		return OSSlug(o.Slug)
	}
	return OSID(o.ID)
}
