package smtest

import (
	"strings"
	"testing"

	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// The fake serves each ext_api method through one entry of its handler
// tables: each is a method the client knows (account/*, or one of
// sm.Methods), and each table's methods are its own (init refuses a method
// in two tables).
func TestHandlerTablesNameKnownMethods(t *testing.T) {
	known := map[string]bool{}
	for _, m := range sm.Methods() {
		known[m.Name] = true
	}
	n := 0
	for _, table := range []map[string]handler{accountHandlers, groupHandlers, appHandlers, billHandlers} {
		n += len(table)
		for method := range table {
			if !known[method] && !strings.HasPrefix(method, "account/") {
				t.Errorf("%s: not a method the client knows", method)
			}
		}
	}
	if n != len(handlers) {
		t.Errorf("%d handlers in the tables, %d merged", n, len(handlers))
	}
}
