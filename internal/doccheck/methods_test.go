package doccheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// sectionPackages maps the README's "### <heading>" sections under "Quick
// usage" to the package directory they describe.
var sectionPackages = map[string]string{
	"ATI.SU":             "ati",
	"1C Service Manager": "servicemanager",
	"Aeza":               "aeza",
	"Data Provider":      "dataprovider",
}

// countPhrase is how a README section states its package's method count.
var countPhrase = regexp.MustCompile(`\bAll (\d+) documented methods\b`)

// statedCounts returns, per package directory, the count its README section
// states with countPhrase. Sections that state none are absent. A "###"
// section runs to the next "##" or "###" heading.
func statedCounts(t *testing.T, readme string) map[string]int {
	t.Helper()
	out := map[string]int{}
	heading, text := "", ""
	flush := func() {
		if heading == "" {
			return
		}
		m := countPhrase.FindAllStringSubmatch(text, -1)
		if len(m) == 0 {
			return
		}
		dir, ok := sectionPackages[heading]
		if !ok {
			t.Errorf("README.md section %q states a method count but names no package this test knows", heading)
			return
		}
		if len(m) > 1 {
			t.Errorf("README.md section %q states its method count %d times", heading, len(m))
		}
		n, _ := strconv.Atoi(m[0][1])
		out[dir] = n
	}
	for _, l := range strings.Split(readme, "\n") {
		if strings.HasPrefix(l, "## ") || strings.HasPrefix(l, "### ") {
			flush()
			heading, text = "", ""
			if h, ok := strings.CutPrefix(l, "### "); ok {
				heading = strings.TrimSpace(h)
			}
			continue
		}
		// A phrase may wrap: join lines with spaces.
		text += l + " "
	}
	flush()
	return out
}

// serviceMethods counts the exported methods of the package in dir whose
// receiver is an exported struct type named "...Service" — one method per
// upstream endpoint. The Client's own methods (BaseURL, the Do/Call escape
// hatch) are not counted: they are not documented upstream methods. Test
// files are skipped. It returns the count per service type too, for messages.
func serviceMethods(t *testing.T, dir string) (int, map[string][]string) {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	services := map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				ts := s.(*ast.TypeSpec)
				if _, isStruct := ts.Type.(*ast.StructType); isStruct && ts.Name.IsExported() && strings.HasSuffix(ts.Name.Name, "Service") && ts.Name.Name != "Service" {
					services[ts.Name.Name] = true
				}
			}
		}
	}
	n, by := 0, map[string][]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 || !fn.Name.IsExported() {
				continue
			}
			typ := fn.Recv.List[0].Type
			if st, ok := typ.(*ast.StarExpr); ok {
				typ = st.X
			}
			id, ok := typ.(*ast.Ident)
			if !ok || !services[id.Name] {
				continue
			}
			n++
			by[id.Name] = append(by[id.Name], fn.Name.Name)
		}
	}
	return n, by
}

func TestReadmeMethodCounts(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	stated := statedCounts(t, string(b))
	for _, dir := range sectionPackages {
		if _, ok := stated[dir]; !ok {
			t.Errorf("README.md's section for %s does not state its method count (%q)", dir, countPhrase)
		}
	}
	for dir, want := range stated {
		got, by := serviceMethods(t, filepath.Join(root, dir))
		if got != want {
			t.Errorf("README.md says %s has %d documented methods; its service types have %d: %v", dir, want, got, by)
		}
	}
}

func TestStatedCounts(t *testing.T) {
	readme := "# x\n## Quick usage\n### ATI.SU\ntext. All 18\ndocumented methods: a, b.\n" +
		"### Aeza\nno count here\n### 1C Service Manager\nAll 3 documented methods.\n## Errors\nAll 9 documented methods\n"
	got := statedCounts(t, readme)
	if len(got) != 2 || got["ati"] != 18 || got["servicemanager"] != 3 {
		t.Errorf("statedCounts = %v", got)
	}
}

func TestServiceMethodsRule(t *testing.T) {
	dir := t.TempDir()
	src := `package p
type Client struct{}
func (c *Client) Do() {}
type FooService struct{}
func (s *FooService) List() {}
func (s FooService) Get() {}
func (s *FooService) helper() {}
type barService struct{}
func (s *barService) List() {}
type NotAService int
func (NotAService) String() string { return "" }
type Helper struct{}
func (Helper) Service() {}
`
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "p_test.go"), []byte("package p\nfunc (s *FooService) Extra() {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	n, by := serviceMethods(t, dir)
	if n != 2 {
		t.Errorf("serviceMethods = %d %v, want 2 (List, Get of FooService)", n, by)
	}
}
