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

// The checked parts of the naming rule in internal/README.md ("## Naming").

// packages are the four packages the rule covers.
var packages = []string{"ati", "servicemanager", "aeza", "dataprovider"}

// parsePackage parses the non-test Go files of dir, with comments.
func parsePackage(t *testing.T, dir string) []*ast.File {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

// pkgIndex is what a package declares: its types (alias or not), and the
// methods and fields of each type.
type pkgIndex struct {
	types   map[string]*ast.TypeSpec
	members map[string]map[string]bool // type -> method or field names
	foreign map[string]bool            // types that embed a type of another package or are aliases
}

func indexPackage(files []*ast.File) pkgIndex {
	ix := pkgIndex{types: map[string]*ast.TypeSpec{}, members: map[string]map[string]bool{}, foreign: map[string]bool{}}
	add := func(typ, name string) {
		if ix.members[typ] == nil {
			ix.members[typ] = map[string]bool{}
		}
		ix.members[typ][name] = true
	}
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok {
						continue
					}
					ix.types[ts.Name.Name] = ts
					if ts.Assign.IsValid() {
						ix.foreign[ts.Name.Name] = true
					}
					switch tt := ts.Type.(type) {
					case *ast.StructType:
						for _, fl := range tt.Fields.List {
							if len(fl.Names) == 0 {
								ix.foreign[ts.Name.Name] = true // embedded: promoted members
							}
							for _, n := range fl.Names {
								add(ts.Name.Name, n.Name)
							}
						}
					case *ast.InterfaceType:
						for _, m := range tt.Methods.List {
							for _, n := range m.Names {
								add(ts.Name.Name, n.Name)
							}
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil || len(d.Recv.List) != 1 {
					continue
				}
				typ := d.Recv.List[0].Type
				if st, ok := typ.(*ast.StarExpr); ok {
					typ = st.X
				}
				if ix, ok := typ.(*ast.IndexExpr); ok { // generic receiver
					typ = ix.X
				}
				if id, ok := typ.(*ast.Ident); ok {
					add(id.Name, d.Name.Name)
				}
			}
		}
	}
	return ix
}

// A type named "...Service" is a service (it has a method taking a
// context), and a type named "...Option" is an option (a func type or an
// alias of one). Before issue 22: servicemanager.BillService and
// TariffService were data, dataprovider.ContractOption a struct.
func TestNamingServiceAndOptionSuffixes(t *testing.T) {
	for _, dir := range packages {
		files := parsePackage(t, filepath.Join(root, dir))
		ix := indexPackage(files)
		ctxMethods := map[string]bool{}
		for _, f := range files {
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || fn.Recv == nil || fn.Type.Params.NumFields() == 0 {
					continue
				}
				if sel, ok := fn.Type.Params.List[0].Type.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Context" {
					continue
				}
				typ := fn.Recv.List[0].Type
				if st, ok := typ.(*ast.StarExpr); ok {
					typ = st.X
				}
				if id, ok := typ.(*ast.Ident); ok {
					ctxMethods[id.Name] = true
				}
			}
		}
		for name, ts := range ix.types {
			if !ast.IsExported(name) {
				continue
			}
			if strings.HasSuffix(name, "Service") && name != "Service" && !ctxMethods[name] {
				t.Errorf("%s.%s is named as a service but has no method taking a context: name it for what it is", dir, name)
			}
			if strings.HasSuffix(name, "Option") {
				if _, isFunc := ts.Type.(*ast.FuncType); !isFunc && !ts.Assign.IsValid() {
					t.Errorf("%s.%s is named as an option but is not one (a func type): name it for what it is", dir, name)
				}
			}
		}
	}
}

// The variadic ...CallOption is last and named opts, and no other
// parameter is named opts. Before issue 22 Aeza's lists took
// (opts *PageOptions, callOpts ...CallOption).
func TestNamingOptsIsCallOption(t *testing.T) {
	for _, dir := range packages {
		for _, f := range parsePackage(t, filepath.Join(root, dir)) {
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || !fn.Name.IsExported() {
					continue
				}
				params := fn.Type.Params.List
				for i, p := range params {
					ell, variadic := p.Type.(*ast.Ellipsis)
					isCallOpt := false
					if variadic {
						if id, ok := ell.Elt.(*ast.Ident); ok && id.Name == "CallOption" {
							isCallOpt = true
						}
					}
					for _, n := range p.Names {
						where := dir + "." + funcName(fn)
						switch {
						case isCallOpt && n.Name != "opts":
							t.Errorf("%s: its ...CallOption is named %s, not opts", where, n.Name)
						case isCallOpt && i != len(params)-1:
							t.Errorf("%s: its ...CallOption is not the last parameter", where)
						case n.Name == "opts" && !variadic:
							t.Errorf("%s: a parameter named opts is not the variadic options", where)
						}
					}
				}
			}
		}
	}
}

func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil {
		return fn.Name.Name
	}
	typ := fn.Recv.List[0].Type
	if st, ok := typ.(*ast.StarExpr); ok {
		typ = st.X
	}
	if id, ok := typ.(*ast.Ident); ok {
		return id.Name + "." + fn.Name.Name
	}
	return fn.Name.Name
}

// docLink is a doc link to a member of one of the package's own types.
var docLink = regexp.MustCompile(`\[\*?([A-Z]\w*)\.([A-Z]\w*)\]`)

// Every [Type.Member] doc link resolves to a method or field the package
// declares. Before issue 22 servicemanager's CallOption doc linked a
// Client.Do that servicemanager does not have (its escape hatch is Call).
func TestNamingDocLinksResolve(t *testing.T) {
	for _, dir := range packages {
		files := parsePackage(t, filepath.Join(root, dir))
		ix := indexPackage(files)
		for _, f := range files {
			for _, cg := range f.Comments {
				for _, m := range docLink.FindAllStringSubmatch(cg.Text(), -1) {
					typ, member := m[1], m[2]
					if _, ok := ix.types[typ]; !ok {
						continue // another package's name, or a code sample
					}
					if ix.foreign[typ] || ix.members[typ][member] {
						continue
					}
					t.Errorf("%s: a doc comment links [%s.%s], which %s does not declare", dir, typ, member, dir)
				}
			}
		}
	}
}

// A sentinel's message is a short lower-case phrase, without a package
// prefix or final punctuation. Before issue 22: "aeza: the server returned
// ..." and "dataprovider: wrong login or password".
func TestNamingSentinelMessages(t *testing.T) {
	prefix := regexp.MustCompile(`^[a-z]+: `)
	for _, dir := range append(append([]string{}, packages...), "internal/transport") {
		for _, f := range parsePackage(t, filepath.Join(root, dir)) {
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.VAR {
					continue
				}
				for _, s := range g.Specs {
					vs := s.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if !strings.HasPrefix(n.Name, "Err") || i >= len(vs.Values) {
							continue
						}
						call, ok := vs.Values[i].(*ast.CallExpr)
						if !ok || len(call.Args) == 0 {
							continue
						}
						sel, ok := call.Fun.(*ast.SelectorExpr)
						if !ok || sel.Sel.Name != "New" && sel.Sel.Name != "Errorf" {
							continue
						}
						lit, ok := call.Args[0].(*ast.BasicLit)
						if !ok || lit.Kind != token.STRING {
							continue
						}
						msg, _ := strconv.Unquote(lit.Value)
						switch {
						case msg == "" || msg[0] < 'a' || msg[0] > 'z':
							t.Errorf("%s.%s = %q: a sentinel's message starts with a lower-case letter", dir, n.Name, msg)
						case prefix.MatchString(msg):
							t.Errorf("%s.%s = %q: a sentinel's message has no package prefix", dir, n.Name, msg)
						case strings.HasSuffix(msg, ".") || strings.HasSuffix(msg, "!"):
							t.Errorf("%s.%s = %q: a sentinel's message has no final punctuation", dir, n.Name, msg)
						}
					}
				}
			}
		}
	}
}

// The names issue 22 trimmed stay out of the API, and ati.Ptr replaces the
// per-type pointer helpers.
func TestNamingTrimmedNames(t *testing.T) {
	gone := map[string][]string{
		"aeza":           {"ParseRateLimit", "APIKeyHeader", "ProxyErrorMessage", "FlexInt", "SSHKeyCreate", "DNSRecordCreate"},
		"dataprovider":   {"ParseLimit", "ContractOption"},
		"servicemanager": {"CaptureGeneral", "URLMethodVersion", "TypeUser", "TypeLegacy", "BillService", "TariffService"},
		"ati":            {"Res", "Int32", "Float64"},
	}
	want := map[string][]string{"ati": {"Ptr"}}
	for _, dir := range packages {
		declared := map[string]bool{}
		for _, f := range parsePackage(t, filepath.Join(root, dir)) {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil {
						declared[d.Name.Name] = true
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						switch s := s.(type) {
						case *ast.TypeSpec:
							declared[s.Name.Name] = true
						case *ast.ValueSpec:
							for _, n := range s.Names {
								declared[n.Name] = true
							}
						}
					}
				}
			}
		}
		for _, n := range gone[dir] {
			if declared[n] {
				t.Errorf("%s.%s is exported again: see the naming rule (internal/README.md)", dir, n)
			}
		}
		for _, n := range want[dir] {
			if !declared[n] {
				t.Errorf("%s.%s is missing", dir, n)
			}
		}
	}
}

// internal/README.md holds the naming rule and the contributor material;
// README.md keeps none of the latter.
func TestContributorReadme(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "internal", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, h := range []string{"## Naming", "## Layout", "## Recorded fixtures", "## Benchmarks", "## Development"} {
		if !strings.Contains(doc, "\n"+h+"\n") {
			t.Errorf("internal/README.md lacks the section %q", h)
		}
	}
	for _, phrase := range []string{"A single read is `Get`", "`opts ...CallOption`", "**Input types.**",
		"**Operation names**", "**Sentinels.**", "**Waits.**"} {
		if !strings.Contains(doc, phrase) {
			t.Errorf("internal/README.md's naming rule lacks %q", phrase)
		}
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"## Recorded fixtures", "## Development", "bash .ci/run"} {
		if strings.Contains(string(readme), h) {
			t.Errorf("README.md still holds contributor material (%q): it belongs in internal/README.md", h)
		}
	}
	if !strings.Contains(string(readme), "(internal/README.md)") {
		t.Error("README.md does not link internal/README.md for contributors")
	}
}

// Every Go snippet of internal/README.md is an excerpt of a compiled Example,
// as the README's are.
func TestContributorReadmeGoSnippetsAreCompiledExamples(t *testing.T) {
	bodies := exampleBodies(t)
	for _, s := range snippetsOf(t, "internal/README.md") {
		if s.lang != "go" {
			continue
		}
		want := normalize(s.lines)
		found := false
		for _, body := range bodies {
			if contains(body, want) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("internal/README.md:%d: this Go snippet is not an excerpt of any Example function:\n%s",
				s.line, strings.Join(s.lines, "\n"))
		}
	}
}
