package main

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"text/template"
	"time"
)

// scaffold is the starting handbook that init writes. Files whose names
// end in .tmpl are run as text/template with a scaffoldData and written
// without the suffix.
//
//go:embed all:scaffold
var scaffold embed.FS

// scaffoldData is what the scaffold's templates may use.
type scaffoldData struct {
	Name  string // the new folder's base name
	Src   string // Name quoted for a shell, for the commands in the README
	Month string // this month as YYYY-MM, the as_of date of the example figures
}

const initSummary = `Create a new handbook in DIR (default "handbook"): a handbook.toml, a
home page, a section of two role pages, comparison data for the two
roles, a page on editing the handbook, and a README for its authors that
stays out of the site. Its sidebar lists Roles, Editing this handbook
and Compare. DIR must be empty or not exist yet; nothing is ever
overwritten. "handbook build -src DIR" builds the result as it is.`

func runInit(args []string, stdout, stderr io.Writer) int {
	flags := newFlags("init", initSummary, stdout, stderr)
	flags.Usage = func() {
		fmt.Fprintf(flags.Output(), "Usage: handbook init [DIR]\n\n%s\n", initSummary)
	}
	if ok, code := parseArgs(flags, args, stdout); !ok {
		return code
	}
	dir := "handbook"
	switch flags.NArg() {
	case 0:
	case 1:
		dir = flags.Arg(0)
	default:
		fmt.Fprintf(stderr, "handbook: init takes one folder, got %d: %s\n", flags.NArg(), safeText(strings.Join(flags.Args(), " ")))
		return 2
	}
	if err := checkInitDir(dir); err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return 1
	}
	name := filepath.Base(filepath.Clean(dir))
	data := scaffoldData{Name: name, Src: shellQuote(name), Month: time.Now().Format("2006-01")}
	written, err := writeScaffold(dir, data)
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return 1
	}
	src := shellQuote(filepath.ToSlash(filepath.Clean(dir)))
	fmt.Fprintf(stdout, "created %s with %d files:\n", src, len(written))
	for _, f := range written {
		fmt.Fprintf(stdout, "  %s\n", f)
	}
	fmt.Fprintf(stdout, "\nnext:\n  handbook serve -src %s -watch   # preview at http://127.0.0.1:1313/\n  handbook build -src %s          # write the site to public/\n", src, src)
	return 0
}

// checkInitDir accepts a folder that does not exist yet or is empty, so
// that init never mixes its files with someone's work.
func checkInitDir(dir string) error {
	ents, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
			return fmt.Errorf("%s is a file, not a folder: choose a new folder name", dir)
		}
		return err
	case len(ents) > 0:
		return fmt.Errorf("%s is not empty (it holds %s): choose a new folder, or empty this one first", dir, entryNames(ents))
	}
	return nil
}

// entryNames lists the first few names in a folder for an error message.
func entryNames(ents []os.DirEntry) string {
	var names []string
	for i, e := range ents {
		if i == 3 {
			names = append(names, "…")
			break
		}
		names = append(names, e.Name())
	}
	return strings.Join(names, ", ")
}

// writeScaffold writes the scaffold into dir and returns the paths it
// wrote, in order. Files are created exclusively, so a file that appears
// meanwhile is never overwritten.
func writeScaffold(dir string, data scaffoldData) ([]string, error) {
	var written []string
	err := fs.WalkDir(scaffold, "scaffold", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := scaffold.ReadFile(p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, "scaffold/")
		if strings.HasSuffix(rel, ".tmpl") {
			rel = strings.TrimSuffix(rel, ".tmpl")
			t, err := template.New(rel).Option("missingkey=error").Parse(string(b))
			if err != nil {
				return fmt.Errorf("scaffold %s: %w", rel, err)
			}
			var buf bytes.Buffer
			if err := t.Execute(&buf, data); err != nil {
				return fmt.Errorf("scaffold %s: %w", rel, err)
			}
			b = buf.Bytes()
		}
		target := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := f.Write(b); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		written = append(written, path.Join(filepath.ToSlash(filepath.Clean(dir)), rel))
		return nil
	})
	return written, err
}

// shellQuote quotes a path for the commands init suggests, when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t'\"$`\\&|;<>()*?[]#~!") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
