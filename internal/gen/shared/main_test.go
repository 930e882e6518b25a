package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every shared_gen.go must be what the generator writes today: an entry
// changed in the table, or a field added to an aliased internal type,
// without regenerating fails here.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	root, err := moduleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	files, err := GenerateAll(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range packages {
		have, err := os.ReadFile(filepath.Join(root, p.Dir, Output))
		if err != nil {
			t.Errorf("%s: %v (run go run ./internal/gen/shared)", p.Dir, err)
			continue
		}
		if string(have) != string(files[p.Dir]) {
			t.Errorf("%s/%s is stale: run go run ./internal/gen/shared", p.Dir, Output)
		}
		if !strings.HasPrefix(string(have), "// Code generated ") || !strings.Contains(strings.SplitN(string(have), "\n", 2)[0], "DO NOT EDIT.") {
			t.Errorf("%s/%s lacks the standard generated-code line", p.Dir, Output)
		}
	}
}

// Every package in the table is a directory of the module, and every entry
// names only packages of the table: a typo leaves nothing generated.
func TestTableNamesKnownPackages(t *testing.T) {
	names := map[string]bool{}
	for _, p := range packages {
		names[p.Name] = true
	}
	for _, e := range table {
		if len(e.in) == 0 {
			t.Errorf("%s: in no package", e.name)
		}
		for _, n := range e.in {
			if !names[n] {
				t.Errorf("%s: unknown package %q", e.name, n)
			}
		}
		if e.group != "" {
			if _, ok := groups[e.group]; !ok {
				t.Errorf("%s: unknown group %q", e.name, e.group)
			}
		}
	}
}

// The alias of fakeserver.Fault shows RetryAfter with its type: RetryAfter: 30
// is 30 ns, and the doc said only "whole seconds" before.
func TestFaultDocShowsFieldTypes(t *testing.T) {
	root, err := moduleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	files, err := GenerateAll(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"ati/atitest", "aeza/aezatest", "servicemanager/smtest", "dataprovider/dptest"} {
		src := string(files[dir])
		for _, want := range []string{"//\t\tRetryAfter time.Duration\n", "//\t\tStatus int\n", "//\t\tBody []byte\n",
			"//\t\tMatch func(*http.Request) bool\n", "30 * time.Second"} {
			if !strings.Contains(src, want) {
				t.Errorf("%s: Fault's doc lacks %q", dir, want)
			}
		}
		if strings.Contains(src, "whole seconds") {
			t.Errorf("%s: Fault's doc still says whole seconds", dir)
		}
	}
}

// The generated declaration of a struct shows every exported field with its
// type and doc, a field of a grouped declaration on a line of its own, and
// the summary of each exported method.
func TestDeclarationRendering(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\nimport \"time\"\n\n// T is a thing.\ntype T struct {\n\t// A and B are two.\n\tA, B int\n" +
		"\t// D is a wait.\n\tD time.Duration\n\thidden string\n}\n\n// M does m.\n//\n// More text.\nfunc (t *T) M(x int) error { return nil }\n\nfunc (t *T) m() {}\n"
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := parseSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := s.declaration("T")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(lines, "\n")
	want := "type T struct {\n\t// A and B are two.\n\tA int\n\tB int\n\n\t// D is a wait.\n\tD time.Duration\n\n" +
		"\t// contains filtered or unexported fields\n}\n\n// M does m.\nfunc (t *T) M(x int) error"
	if got != want {
		t.Errorf("declaration:\n%s\nwant:\n%s", got, want)
	}
}
