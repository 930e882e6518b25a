package doccheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const modulePath = "github.com/ruapi/ruapi-go/"

// go doc shows neither fields nor methods for an alias of a type from an
// internal package (ati.Error, aezatest.Fault, ati.RetryPolicy, aeza.Decimal),
// so the alias's own doc comment must name each exported field of the type,
// and, for a type without exported fields, each of its exported methods.
// Every exported alias of an internal type in a public package is checked.
func TestInternalAliasDocsListFields(t *testing.T) {
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if rel == "internal" || (rel != "." && strings.HasPrefix(d.Name(), ".")) || d.Name() == "testdata" || rel == "examples" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.Contains(rel, "/internal/") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		imports := map[string]string{} // local name → internal directory
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if !strings.HasPrefix(p, modulePath) || !strings.Contains(p, "/internal/") {
				continue
			}
			name := filepath.Base(p)
			if im.Name != nil {
				name = im.Name.Name
			}
			imports[name] = strings.TrimPrefix(p, modulePath)
		}
		for _, decl := range f.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				ts := s.(*ast.TypeSpec)
				sel, ok := ts.Type.(*ast.SelectorExpr)
				if ts.Assign == 0 || !ts.Name.IsExported() || !ok {
					continue
				}
				pkg, _ := sel.X.(*ast.Ident)
				if pkg == nil || imports[pkg.Name] == "" {
					continue
				}
				doc := ts.Doc.Text()
				if doc == "" {
					doc = g.Doc.Text()
				}
				fields, methods := exportedMembers(t, filepath.Join(root, imports[pkg.Name]), sel.Sel.Name)
				want := fields
				if len(fields) == 0 {
					want = methods // a func type has neither: nothing to list
				}
				for _, m := range want {
					if !regexp.MustCompile(`\b` + m + `\b`).MatchString(doc) {
						t.Errorf("%s: the doc comment of alias %s (= %s.%s) does not name %s", rel, ts.Name.Name, pkg.Name, sel.Sel.Name, m)
					}
				}
				checked++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("checked only %d aliases; the walk is broken", checked)
	}
}

// exportedMembers lists the exported fields and methods of type name in the
// package in dir.
func exportedMembers(t *testing.T, dir, name string) (fields, methods []string) {
	t.Helper()
	pkgs, err := parser.ParseDir(token.NewFileSet(), dir, func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for _, f := range p.Files {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv != nil && d.Name.IsExported() && recvName(d) == name {
						methods = append(methods, d.Name.Name)
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						ts, ok := s.(*ast.TypeSpec)
						if !ok || ts.Name.Name != name {
							continue
						}
						if st, ok := ts.Type.(*ast.StructType); ok {
							for _, fl := range st.Fields.List {
								for _, n := range fl.Names {
									if n.IsExported() {
										fields = append(fields, n.Name)
									}
								}
							}
						}
					}
				}
			}
		}
	}
	return fields, methods
}

func recvName(fn *ast.FuncDecl) string {
	t := fn.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
