package aeza

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// ref is a reference Aeza takes either as a string or as an integer id. It
// remembers which form it holds and sends that form.
type ref struct {
	slug  string
	id    int64
	isID  bool
	valid bool
}

func slugRef(s string) ref {
	if s == "" {
		return ref{}
	}
	return ref{slug: s, valid: true}
}

func idRef(id int64) ref { return ref{id: id, isID: true, valid: true} }

func (r ref) String() string {
	if r.isID {
		return strconv.FormatInt(r.id, 10)
	}
	return r.slug
}

// blank reports a reference no server can resolve: an id <= 0 or a blank slug.
func (r ref) blank() bool {
	return r.isID && r.id <= 0 || !r.isID && strings.TrimSpace(r.slug) == ""
}

func (r ref) marshal() ([]byte, error) {
	switch {
	case !r.valid:
		return []byte("null"), nil
	case r.isID:
		return []byte(strconv.FormatInt(r.id, 10)), nil
	}
	return json.Marshal(r.slug)
}

func (r *ref) unmarshal(b []byte, what string) error {
	b = bytes.TrimSpace(b)
	*r = ref{}
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		return nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*r = slugRef(s)
		return nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil { // 25.0 or 2.5e1 is still the id 25
		d, derr := ParseDecimal(string(b))
		var ok bool
		if derr == nil {
			n, ok = d.Int64()
		}
		if !ok {
			return fmt.Errorf("aeza: %s %s: neither a string nor an integer id", what, truncate(string(b), 40))
		}
	}
	*r = idRef(n)
	return nil
}

// OSRef names an operating system in an order, a reinstall and a service's
// parameters. Aeza has taken it in two forms: a slug ("ubuntu_2404"), which
// current servers and clients send (specs/aeza-v2.md B3), and an integer id
// (25), which Aeza's older documentation uses. An OSRef holds either, reads
// either from JSON and sends exactly what it holds: build it with [OSSlug]
// (preferred) or [OSID], or take it from the OS list with [OS.Ref].
//
// The zero OSRef means "none" and is left out of order parameters.
type OSRef struct{ r ref }

// OSSlug refers to an operating system by its slug ("ubuntu_2404"), the form
// current Aeza servers expect. An empty slug is the zero OSRef.
func OSSlug(slug string) OSRef { return OSRef{slugRef(slug)} }

// OSID refers to an operating system by its integer id (25), the form of
// Aeza's older documentation. Whether current servers still accept it is not
// known; prefer [OSSlug].
func OSID(id int64) OSRef { return OSRef{idRef(id)} }

// Slug returns the slug the reference holds ("" when it holds an id).
func (o OSRef) Slug() string { return o.r.slug }

// ID returns the id the reference holds; ok is false when it holds a slug or nothing.
func (o OSRef) ID() (id int64, ok bool) { return o.r.id, o.r.isID }

// IsZero reports whether the reference names nothing.
func (o OSRef) IsZero() bool { return !o.r.valid }

// String returns the slug, or the id in decimal ("" for the zero OSRef).
func (o OSRef) String() string { return o.r.String() }

// Matches reports whether o names os: a slug equal to os.Slug in any case, an
// id equal to os.ID, or a slug of digits equal to os.ID (a server that sent
// the id as a string).
func (o OSRef) Matches(os OS) bool {
	switch {
	case !o.r.valid:
		return false
	case o.r.isID:
		return o.r.id == os.ID && os.ID != 0
	case os.Slug != "" && strings.EqualFold(strings.TrimSpace(o.r.slug), os.Slug):
		return true
	}
	n, err := strconv.ParseInt(strings.TrimSpace(o.r.slug), 10, 64)
	return err == nil && n == os.ID && os.ID != 0
}

func (o OSRef) validate(what string) error {
	if o.r.blank() {
		return fmt.Errorf("aeza: %s needs an OS slug (aeza.OSSlug) or a positive id, not %q: %w", what, o.String(), ErrInvalidArgument)
	}
	return nil
}

// MarshalJSON sends what the reference holds: a JSON string for a slug, a
// number for an id, null for the zero OSRef.
func (o OSRef) MarshalJSON() ([]byte, error) { return o.r.marshal() }

// UnmarshalJSON reads a string as a slug, an integer as an id, and null or ""
// as the zero OSRef; anything else is an error.
func (o *OSRef) UnmarshalJSON(b []byte) error { return o.r.unmarshal(b, "os") }

// Ref returns the reference to give an order or a reinstall for this
// operating system: its slug, which current servers expect, or its id when
// the list gave no slug.
func (o OS) Ref() OSRef {
	if o.Slug != "" {
		return OSSlug(o.Slug)
	}
	return OSID(o.ID)
}

// RecipeRef names a recipe (software installed with the system) in an order
// or a reinstall. Its JSON type is not settled: Aeza's docs send an integer
// id, current clients a string (specs/aeza-v2.md B3), so send the form the
// recipe came to you in. Like [OSRef] it holds either, reads either and sends
// what it holds; the zero RecipeRef is "no recipe" (null in a reinstall,
// left out of an order).
type RecipeRef struct{ r ref }

// RecipeSlug refers to a recipe by a string ("" is the zero RecipeRef).
func RecipeSlug(slug string) RecipeRef { return RecipeRef{slugRef(slug)} }

// RecipeID refers to a recipe by its integer id.
func RecipeID(id int64) RecipeRef { return RecipeRef{idRef(id)} }

// Slug returns the string the reference holds ("" when it holds an id).
func (rr RecipeRef) Slug() string { return rr.r.slug }

// ID returns the id the reference holds; ok is false when it holds a string or nothing.
func (rr RecipeRef) ID() (id int64, ok bool) { return rr.r.id, rr.r.isID }

// IsZero reports whether the reference names no recipe.
func (rr RecipeRef) IsZero() bool { return !rr.r.valid }

// String returns the string, or the id in decimal ("" for no recipe).
func (rr RecipeRef) String() string { return rr.r.String() }

func (rr RecipeRef) validate(what string) error {
	if rr.r.valid && rr.r.blank() {
		return fmt.Errorf("aeza: %s: recipe %q is neither a string nor a positive id: %w", what, rr.String(), ErrInvalidArgument)
	}
	return nil
}

// MarshalJSON sends what the reference holds: a JSON string, a number, or
// null for no recipe.
func (rr RecipeRef) MarshalJSON() ([]byte, error) { return rr.r.marshal() }

// UnmarshalJSON reads a string, an integer id, or null/"" (no recipe).
func (rr *RecipeRef) UnmarshalJSON(b []byte) error { return rr.r.unmarshal(b, "recipe") }
