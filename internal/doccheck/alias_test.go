package doccheck

import (
	"bytes"
	"go/ast"
	"go/format"
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
// so the alias's own doc comment must show each exported field of the type
// on a line of its own with its type ("RetryAfter time.Duration"), and each
// of its exported methods with its signature ("Known()"), as the
// declarations internal/gen/shared renders do.
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
				for _, fl := range fields {
					// The field on a line of its own, with its type: "RetryAfter
					// time.Duration", so that RetryAfter: 30 is seen to be 30 ns.
					if !regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(fl.name) + `\s+` + regexp.QuoteMeta(fl.typ) + `\s*$`).MatchString(doc) {
						t.Errorf("%s: the doc comment of alias %s (= %s.%s) does not show field %s with its type %s", rel, ts.Name.Name, pkg.Name, sel.Sel.Name, fl.name, fl.typ)
					}
				}
				for _, m := range methods {
					if !regexp.MustCompile(`\b` + m + `\(`).MatchString(doc) {
						t.Errorf("%s: the doc comment of alias %s (= %s.%s) does not show method %s", rel, ts.Name.Name, pkg.Name, sel.Sel.Name, m)
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

// field is an exported struct field and its type, as the source writes it.
type field struct{ name, typ string }

// exportedMembers lists the exported fields (with their types) and methods
// of type name in the package in dir.
func exportedMembers(t *testing.T, dir, name string) (fields []field, methods []string) {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool {
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
								var b bytes.Buffer
								if err := format.Node(&b, fset, fl.Type); err != nil {
									t.Fatal(err)
								}
								for _, n := range fl.Names {
									if n.IsExported() {
										fields = append(fields, field{n.Name, b.String()})
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
