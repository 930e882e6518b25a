// Package doccheck has no code of its own: its tests keep README.md honest.
// Every Go snippet in the README must be an excerpt of a compiled Example
// function somewhere in the module, and the README's two commands must be the
// ones CI runs.
package doccheck
