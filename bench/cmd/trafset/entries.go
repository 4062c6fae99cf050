package main

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// entry is one page of the comparison set, as data.go gives it.
type entry struct {
	URL      string
	File     string
	Title    string
	Date     string
	Authors  []string
	With     []string
	Without  []string
	hasTitle bool
	hasDate  bool
	hasAuth  bool
}

// moduleDir asks the go command where a module of the build list lives.
func moduleDir(ctx context.Context, path string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", path).Output()
	if err != nil {
		return "", fmt.Errorf("locate %s (run go mod download first): %w", path, err)
	}
	d := strings.TrimSpace(string(out))
	if d == "" {
		return "", fmt.Errorf("locate %s: not downloaded (run go mod download)", path)
	}
	return d, nil
}

// readEntries parses scripts/comparison/data.go and returns the entries of
// its comparisonData map in source order.
func readEntries(dir string) ([]entry, error) {
	name := filepath.Join(dir, "scripts", "comparison", "data.go")
	f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	var lit *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "comparisonData" || len(vs.Values) != 1 {
			return lit == nil
		}
		lit, _ = vs.Values[0].(*ast.CompositeLit)
		return false
	})
	if lit == nil {
		return nil, fmt.Errorf("parse %s: no comparisonData map", name)
	}
	var out []entry
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		u, err := stringLit(kv.Key)
		if err != nil {
			return nil, fmt.Errorf("parse %s: key: %w", name, err)
		}
		body, ok := kv.Value.(*ast.CompositeLit)
		if !ok {
			continue
		}
		e := entry{URL: u}
		for _, f := range body.Elts {
			fkv, ok := f.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			id, _ := fkv.Key.(*ast.Ident)
			if id == nil {
				continue
			}
			switch id.Name {
			case "File":
				e.File, err = stringLit(fkv.Value)
			case "Title":
				e.Title, err = stringLit(fkv.Value)
				e.hasTitle = true
			case "Date":
				e.Date, err = stringLit(fkv.Value)
				e.hasDate = true
			case "Authors":
				e.Authors, err = stringList(fkv.Value)
				e.hasAuth = true
			case "With":
				e.With, err = stringList(fkv.Value)
			case "Without":
				e.Without, err = stringList(fkv.Value)
			}
			if err != nil {
				return nil, fmt.Errorf("parse %s: %s %s: %w", name, u, id.Name, err)
			}
		}
		out = append(out, e)
	}
	return out, nil
}

func stringLit(x ast.Expr) (string, error) {
	b, ok := x.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", fmt.Errorf("not a string literal")
	}
	return strconv.Unquote(b.Value)
}

func stringList(x ast.Expr) ([]string, error) {
	c, ok := x.(*ast.CompositeLit)
	if !ok {
		return nil, fmt.Errorf("not a list literal")
	}
	out := make([]string, 0, len(c.Elts))
	for _, el := range c.Elts {
		s, err := stringLit(el)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
