package doccheck

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A user copies an example into a module of their own: it must build there,
// so no example imports an internal package (Go refuses it outside this
// module) or another example's package. examples/probe is a program of the
// repository, not an example to copy.
func TestExamplesCopyAlone(t *testing.T) {
	dirs, err := os.ReadDir(filepath.Join(root, "examples"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "probe" {
			continue
		}
		if d.Name() == "internal" {
			t.Errorf("examples/internal exists: an example that imports it does not build when copied")
			continue
		}
		files, err := filepath.Glob(filepath.Join(root, "examples", d.Name(), "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			checked++
			for _, imp := range af.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				if strings.Contains(p+"/", "/internal/") || strings.HasPrefix(p, modulePath+"examples/") {
					rel, _ := filepath.Rel(root, f)
					t.Errorf("%s imports %s: copied alone, the example would not build", rel, p)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no example files found")
	}
}
