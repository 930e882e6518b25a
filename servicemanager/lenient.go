package servicemanager

import "github.com/ruapi/ruapi-go/internal/tolerant"

// The typed results are decoded in one strict json pass. When that pass
// fails on a member of an unexpected JSON type (most fields of the groups
// beyond account/* come from one client's code, BTS, and no captured payload
// settles their types), the answer is decoded again, tolerantly, by
// decodeLenient: every member that fits is kept, and one that does not
// reads as near to its value as its Go type allows, or as zero — never as a
// failure of the whole answer:
//
//   - a string field takes a string's content, or the raw JSON text of any
//     other value (5 → "5", true → "true", {"a":1} → `{"a":1}`);
//   - a number field takes a number, or a string holding one ("12345"); a
//     fraction or anything else reads as 0;
//   - a bool field takes true/false, or a string or number strconv.ParseBool
//     reads ("true", "1"); anything else reads as false;
//   - a struct, slice or map takes an object or array member by member (each
//     member by these rules); any other value reads as zero;
//   - a type with its own UnmarshalJSON (Value, Amount, Text, ...) keeps its
//     own rules, and reads as zero where they refuse the value;
//   - null reads as zero.

// decodeLenient decodes the JSON document b into v (a non-nil pointer)
// tolerantly, by the rules above. It fails only when b is not valid JSON.
func decodeLenient(b []byte, v any) error {
	return tolerant.Decode(b, v, tolerant.Options{Coerce: true})
}
