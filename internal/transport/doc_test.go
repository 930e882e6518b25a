package transport_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Limits that keep the transport readable (issue 22): no function a reader
// must hold in mind at once is longer than maxFuncLines, and client.go holds
// the client, not every concern of the package.
const (
	maxFuncLines      = 80
	maxClientGoLines  = 400
	clientGoFile      = "client.go"
	shapeCheckedFiles = 10 // at least this many non-test files are parsed
)

// TestPackageShape fails on any non-test function (declared or literal) of
// this package over maxFuncLines lines, counted from "func" to its closing
// brace, and on a client.go of maxClientGoLines lines or more.
func TestPackageShape(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	parsed := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		parsed++
		ast.Inspect(f, func(n ast.Node) bool {
			var what string
			switch fn := n.(type) {
			case *ast.FuncDecl:
				if fn.Body == nil {
					return true
				}
				what = fn.Name.Name
				if fn.Recv != nil && len(fn.Recv.List) == 1 {
					what = recvName(fn.Recv.List[0].Type) + "." + what
				}
			case *ast.FuncLit:
				what = "func literal"
			default:
				return true
			}
			from, to := fset.Position(n.Pos()), fset.Position(n.End())
			if lines := to.Line - from.Line + 1; lines > maxFuncLines {
				t.Errorf("%s:%d: %s is %d lines; split it into steps of at most %d", name, from.Line, what, lines, maxFuncLines)
			}
			return true
		})
	}
	if parsed < shapeCheckedFiles {
		t.Fatalf("parsed %d non-test files, want at least %d: is the test running in the package directory?", parsed, shapeCheckedFiles)
	}
	b, err := os.ReadFile(clientGoFile)
	if os.IsNotExist(err) {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(b), "\n"); lines >= maxClientGoLines {
		t.Errorf("%s is %d lines, want under %d: move a concern into a file of its own", clientGoFile, lines, maxClientGoLines)
	}
}

// recvName returns the type name of a method receiver (*Client → Client).
func recvName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return recvName(x.X)
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return recvName(x.X)
	case *ast.IndexListExpr:
		return recvName(x.X)
	}
	return "?"
}
