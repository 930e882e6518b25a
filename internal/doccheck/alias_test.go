package doccheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"testing"
)

// go doc shows no methods for an alias of an internal type, so the doc
// comment of every package's alias of decimal.Decimal must name each of the
// type's exported methods.
func TestDecimalAliasDocsListMethods(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, filepath.Join(root, "internal", "decimal"), nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var methods []string
	for name, p := range pkgs {
		if name != "decimal" {
			continue
		}
		for _, f := range p.Files {
			for _, d := range f.Decls {
				if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv != nil && fn.Name.IsExported() && recvName(fn) == "Decimal" {
					methods = append(methods, fn.Name.Name)
				}
			}
		}
	}
	if len(methods) < 10 {
		t.Fatalf("found only %d methods of decimal.Decimal: %v", len(methods), methods)
	}
	for _, file := range []string{"aeza/decimal.go", "ati/decimal.go"} {
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(root, file), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		doc := ""
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				if ts := s.(*ast.TypeSpec); ts.Name.Name == "Decimal" && ts.Assign != 0 {
					doc = g.Doc.Text()
				}
			}
		}
		if doc == "" {
			t.Errorf("%s: no documented alias type Decimal = decimal.Decimal", file)
			continue
		}
		for _, m := range methods {
			if !regexp.MustCompile(`\b` + m + `\b`).MatchString(doc) {
				t.Errorf("%s: the Decimal alias's doc comment does not list method %s", file, m)
			}
		}
	}
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
