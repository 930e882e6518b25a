// Package doccheck has no code of its own: its tests keep README.md honest.
// Every Go snippet in the README must be an excerpt of a compiled Example
// function somewhere in the module, and the README's two commands must be the
// ones CI runs.
//
// Method counts: a package's "### <name>" section under "Quick usage" may state
// "All N documented methods". When it does, N must equal the number of
// exported methods declared (outside test files) on the package's exported
// struct types whose name ends in "Service" (a resource type named just
// Service, such as aeza.Service, is not one) — reached as
// client.<Service>.<Method>. The Client's own methods (BaseURL, the Do/Call
// escape hatch, option plumbing) are not counted: they are not upstream
// methods. Sections that state no count are not checked; every package
// section states one.
package doccheck
