package aeza

import "strings"

// Known reports whether t is one of the product types this package names.
func (t ProductType) Known() bool {
	switch t {
	case ProductVPS, ProductDedicated, ProductHiCPU, ProductStorage, ProductS3, ProductVPN, ProductWAF, ProductSoft, ProductDomain:
		return true
	}
	return false
}

// Known reports whether r is empty (a group that is no location) or the
// location role, in any case, as [Group.IsLocation] reads it.
func (r GroupRole) Known() bool {
	return r == "" || strings.EqualFold(string(r), string(GroupRoleLocation))
}

// Known reports whether t is one of the payment terms this package names.
func (t Term) Known() bool {
	switch t {
	case TermHour, TermMonth, TermQuarterYear, TermHalfYear, TermYear:
		return true
	}
	return false
}
