package ati

// Known reports whether r is one of the residencies this package names.
func (r Residency) Known() bool {
	switch r {
	case ResidencyRussia, ResidencyUkraine, ResidencyBelarus, ResidencyKazakhstan, ResidencyInternational:
		return true
	}
	return false
}

// Known reports whether the field carries no residency (null, {}) or one
// this package names.
func (f ResidencyField) Known() bool { return f.Value == 0 || f.Value.Known() }
