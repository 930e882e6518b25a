package doccheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const root = "../.."

// snippet is a fenced code block of the README.
type snippet struct {
	lang  string
	line  int
	lines []string
}

func readmeSnippets(t *testing.T) []snippet {
	t.Helper()
	return snippetsOf(t, "README.md")
}

// snippetsOf returns the fenced code blocks of the Markdown file at name
// (relative to the module root).
func snippetsOf(t *testing.T, name string) []snippet {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	var (
		out []snippet
		cur *snippet
	)
	for i, l := range strings.Split(string(b), "\n") {
		switch {
		case cur == nil && strings.HasPrefix(l, "```"):
			cur = &snippet{lang: strings.TrimPrefix(l, "```"), line: i + 1}
		case cur != nil && strings.HasPrefix(l, "```"):
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.lines = append(cur.lines, l)
		}
	}
	if cur != nil {
		t.Fatalf("%s:%d: code block never closed", name, cur.line)
	}
	return out
}

// normalize drops indentation and blank lines: gofmt decides those.
func normalize(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// exampleBodies returns the normalized body of every Example function in the
// module's test files, keyed by "file:Name".
func exampleBodies(t *testing.T) map[string][]string {
	t.Helper()
	bodies := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || fn.Body == nil || !strings.HasPrefix(fn.Name.Name, "Example") {
				continue
			}
			body := src[fset.Position(fn.Body.Lbrace).Offset+1 : fset.Position(fn.Body.Rbrace).Offset]
			rel, _ := filepath.Rel(root, path)
			bodies[rel+":"+fn.Name.Name] = normalize(strings.Split(string(body), "\n"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return bodies
}

// contains reports whether want is a contiguous run of lines in have.
func contains(have, want []string) bool {
	if len(want) == 0 {
		return true
	}
	for i := 0; i+len(want) <= len(have); i++ {
		match := true
		for j := range want {
			if have[i+j] != want[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

func TestReadmeGoSnippetsAreCompiledExamples(t *testing.T) {
	bodies := exampleBodies(t)
	if len(bodies) == 0 {
		t.Fatal("found no Example functions")
	}
	n := 0
	for _, s := range readmeSnippets(t) {
		if s.lang != "go" {
			continue
		}
		n++
		want := normalize(s.lines)
		found := ""
		for name, body := range bodies {
			if contains(body, want) {
				found = name
				break
			}
		}
		if found == "" {
			t.Errorf("README.md:%d: this Go snippet is not an excerpt of any Example function:\n%s",
				s.line, strings.Join(s.lines, "\n"))
		}
	}
	if n == 0 {
		t.Error("README.md has no Go snippets")
	}
}

func TestReadmeStartsWithTheTwoCommands(t *testing.T) {
	commands := []string{"go run ./examples/quickstart", "go test -race ./..."}
	snippets := readmeSnippets(t)
	if len(snippets) == 0 {
		t.Fatal("README.md has no code blocks")
	}
	first := strings.Join(snippets[0].lines, "\n")
	ci, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commands {
		if !strings.Contains(first, c) {
			t.Errorf("README.md's first code block lacks %q:\n%s", c, first)
		}
		if !runs(string(ci), c) {
			t.Errorf(".ci/run does not run %q", c)
		}
	}
}

// runs reports whether a line of the script runs command: a comment or a
// step label that only names it does not count.
func runs(script, command string) bool {
	for _, l := range strings.Split(script, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "step ") {
			continue
		}
		if strings.Contains(l, command) {
			return true
		}
	}
	return false
}

func TestRuns(t *testing.T) {
	const cmd = "go test -race ./..."
	for script, want := range map[string]bool{
		"go test -race ./...\n":                            true,
		"env -u X \\\n    timeout 300 go test -race ./...": true,
		"# go test -race ./...\ngo vet ./...":              false,
		"step \"go test -race ./...\"\ngo vet ./...":       false,
	} {
		if got := runs(script, cmd); got != want {
			t.Errorf("runs(%q) = %v, want %v", script, got, want)
		}
	}
}

func TestContains(t *testing.T) {
	have := []string{"a", "b", "c", "d"}
	for _, tc := range []struct {
		want []string
		ok   bool
	}{
		{[]string{"b", "c"}, true},
		{[]string{"a", "b", "c", "d"}, true},
		{[]string{"b", "d"}, false},
		{[]string{"d", "e"}, false},
		{nil, true},
	} {
		if got := contains(have, tc.want); got != tc.ok {
			t.Errorf("contains(%q, %q) = %v, want %v", have, tc.want, got, tc.ok)
		}
	}
}
