package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// source is a parsed internal package whose types the aliases name.
type source struct {
	fset  *token.FileSet
	types map[string]*ast.GenDecl    // exported type name → its declaration
	specs map[string]*ast.TypeSpec   // exported type name → its spec
	meths map[string][]*ast.FuncDecl // type name → its exported methods, in source order
}

// parseSource reads the non-test Go files of dir.
func parseSource(dir string) (*source, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	src := &source{fset: token.NewFileSet(), types: map[string]*ast.GenDecl{}, specs: map[string]*ast.TypeSpec{}, meths: map[string][]*ast.FuncDecl{}}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(src.fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok != token.TYPE {
					continue
				}
				for _, s := range d.Specs {
					ts := s.(*ast.TypeSpec)
					if ts.Name.IsExported() {
						src.types[ts.Name.Name], src.specs[ts.Name.Name] = d, ts
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil || !d.Name.IsExported() || len(d.Recv.List) != 1 {
					continue
				}
				t := d.Recv.List[0].Type
				if st, ok := t.(*ast.StarExpr); ok {
					t = st.X
				}
				if id, ok := t.(*ast.Ident); ok {
					src.meths[id.Name] = append(src.meths[id.Name], d)
				}
			}
		}
	}
	if len(src.types) == 0 {
		return nil, fmt.Errorf("no exported types in %s", dir)
	}
	return src, nil
}

// node formats an AST node as Go source.
func (s *source) node(n ast.Node) string {
	var b bytes.Buffer
	if err := format.Node(&b, s.fset, n); err != nil {
		return fmt.Sprintf("<%v>", err)
	}
	return b.String()
}

// commentLines returns a comment group's text as // lines, or nothing.
func commentLines(g *ast.CommentGroup, indent string) []string {
	if g == nil {
		return nil
	}
	var out []string
	for _, l := range strings.Split(strings.TrimRight(g.Text(), "\n"), "\n") {
		out = append(out, strings.TrimRight(indent+"// "+l, " "))
	}
	return out
}

// declaration renders the whole declaration of type name as go doc would
// show it for the type itself: the type with every exported field, its type
// and its doc, then the signature and doc summary of each exported method.
// Each field gets a line of its own ("Method, Path string" becomes two).
func (s *source) declaration(name string) ([]string, error) {
	ts := s.specs[name]
	if ts == nil {
		return nil, fmt.Errorf("type %s not found", name)
	}
	var out []string
	switch t := ts.Type.(type) {
	case *ast.StructType:
		out = append(out, "type "+name+" struct {")
		hidden := false
		for i, fl := range t.Fields.List {
			var exported []string
			for _, n := range fl.Names {
				if n.IsExported() {
					exported = append(exported, n.Name)
				}
			}
			if len(fl.Names) == 0 || len(exported) == 0 {
				hidden = true
				continue
			}
			if i > 0 && len(out) > 1 {
				out = append(out, "")
			}
			out = append(out, commentLines(fl.Doc, "\t")...)
			typ := s.node(fl.Type)
			for _, n := range exported {
				out = append(out, "\t"+n+" "+typ)
			}
		}
		if hidden {
			if len(out) > 1 {
				out = append(out, "")
			}
			out = append(out, "\t// contains filtered or unexported fields")
		}
		out = append(out, "}")
	default:
		out = append(out, "type "+name+" "+s.node(ts.Type))
	}
	for _, m := range s.meths[name] {
		fn := *m
		fn.Body, fn.Doc = nil, nil
		out = append(out, "")
		out = append(out, commentLines(summary(m.Doc), "")...)
		out = append(out, s.node(&fn))
	}
	return out, nil
}

// summary keeps a doc comment's first paragraph.
func summary(g *ast.CommentGroup) *ast.CommentGroup {
	if g == nil {
		return nil
	}
	text := strings.TrimSpace(g.Text())
	if i := strings.Index(text, "\n\n"); i >= 0 {
		text = text[:i]
	}
	var c ast.CommentGroup
	for _, l := range strings.Split(text, "\n") {
		c.List = append(c.List, &ast.Comment{Text: "// " + l})
	}
	return &c
}

// moduleRoot finds the directory of go.mod from dir upwards.
func moduleRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above %s", dir)
		}
		dir = parent
	}
}
