package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// getters.go must be what go generate writes today: a pointer field added
// without regenerating fails here.
func TestGeneratedFileIsCurrent(t *testing.T) {
	dir := filepath.Join("..", "..")
	want, err := Generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile(filepath.Join(dir, Output))
	if err != nil {
		t.Fatal(err)
	}
	if string(have) != string(want) {
		t.Errorf("ati/%s is stale: run go generate ./ati/", Output)
	}
}

func TestGenerateShapes(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\ntype Inner struct{ X *string }\n\nfunc (in *Inner) M() {}\n\ntype Kind int\n\n" +
		"type Outer struct {\n\tA, B *int32\n\tIn *Inner\n\tK *Kind\n\tV int\n\tpriv *string\n}\n\ntype hidden struct{ Y *string }\n\ntype FooService struct{}\n\ntype Client struct{ Foo *FooService }\n\n" +
		"type Conf struct{ HTTPClient *http.Client }\n"
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := Generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"func (in *Inner) GetX() string {",
		"func (o *Outer) GetA() int32 {",
		"func (o *Outer) GetB() int32 {",
		"func (o *Outer) GetIn() *Inner {",
		"func (o *Outer) GetK() Kind {",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("generated code lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"GetV", "GetPriv", "GetY", "Getpriv", "GetFoo", "GetHTTPClient"} {
		if strings.Contains(string(got), bad) {
			t.Errorf("generated code has %s:\n%s", bad, got)
		}
	}
}
