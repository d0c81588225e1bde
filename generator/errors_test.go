package generator

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// TestErrors checks that bad input is reported at its exact position,
// all at once and sorted.
func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{
			name: "wrong type in YAML",
			files: fstest.MapFS{
				"a.md": file("---\ntitle: A\nweight: high\n---\nbody\n"),
			},
			want: `site/a.md:3:9: weight: got "high", want an integer such as 10`,
		},
		{
			name: "unknown key with suggestion",
			files: fstest.MapFS{
				"a.md": file("---\ntitel: A\n---\n"),
			},
			want: `site/a.md:2:1: unknown front matter key "titel" (did you mean "title"?)`,
		},
		{
			name: "malformed YAML",
			files: fstest.MapFS{
				"a.md": file("---\ntitle: [unclosed\n---\n"),
			},
			want: "site/a.md:3:1: invalid YAML front matter:",
		},
		{
			name: "unclosed front matter",
			files: fstest.MapFS{
				"a.md": file("---\ntitle: A\n\nbody\n"),
			},
			want: "site/a.md:1:1: front matter is not closed: add a line with --- after it",
		},
		{
			name: "TOML unknown key",
			files: fstest.MapFS{
				"a.md": file("+++\ntitle = \"A\"\nwieght = 3\n+++\n"),
			},
			want: `site/a.md:3:1: unknown front matter key "wieght" (did you mean "weight"?)`,
		},
		{
			name: "invalid UTF-8",
			files: fstest.MapFS{
				"a.md": file("ok line\nbad \xff here\n"),
			},
			want: "site/a.md:2:5: invalid UTF-8 (byte 0xff): save the file as UTF-8",
		},
		{
			name: "broken link with suggestion",
			files: fstest.MapFS{
				"guide/setup.md": file("# Setup\n"),
				"a.md":           file("Intro.\n\nRead [this](guide/setpu.md) first.\n"),
			},
			want: `site/a.md:3:13: broken link "guide/setpu.md": no page or file at "guide/setpu.md" (did you mean "guide/setup.md"?)`,
		},
		{
			name: "broken anchor",
			files: fstest.MapFS{
				"b.md": file("## Getting started\n"),
				"a.md": file("See [b](b.md#getting-startd).\n"),
			},
			want: `site/a.md:1:9: broken anchor "b.md#getting-startd": b.md has no heading with id "getting-startd" (did you mean "getting-started"?)`,
		},
		{
			name: "link to draft",
			files: fstest.MapFS{
				"b.md": file("---\ndraft: true\n---\n"),
				"a.md": file("See [b](b.md).\n"),
			},
			want: `site/a.md:1:9: broken link "b.md": link to a draft page, which is not built: remove the link or build with -drafts`,
		},
		{
			name: "missing image",
			files: fstest.MapFS{
				"a.md": file("![logo](img/logo.png)\n"),
			},
			want: `site/a.md:1:9: missing image "img/logo.png": no page or file at "img/logo.png"`,
		},
		{
			name: "config unknown key",
			files: fstest.MapFS{
				"handbook.toml": file("title = \"x\"\nbase_ulr = \"y\"\n"),
			},
			want: `site/handbook.toml:2:1: unknown setting "base_ulr" (did you mean "base_url"?)`,
		},
		{
			name: "unknown id in a compare embed",
			files: fstest.MapFS{
				"data/d.yaml": file("roles:\n  - {id: pm, name: PM}\nsources:\n  - {id: s, title: S, publisher: P}\ndimensions:\n  - {id: focus, name: Focus, group: G, kind: text, sources: [s], values: {pm: x}}\n"),
				"a.md":        file("# A\n\n```compare\nroles: [pm]\ndimensions: [fcous]\n```\n"),
			},
			want: `site/a.md:5:14: unknown dimension "fcous" in compare block (did you mean "focus"?)`,
		},
		{
			name: "every error at once, sorted",
			files: fstest.MapFS{
				"z.md": file("---\nweight: x\n---\n"),
				"a.md": file("[x](nope.md)\n"),
			},
			want: "site/a.md:1:5: broken link \"nope.md\": no page or file at \"nope.md\"\nsite/z.md:2:9: weight: got \"x\", want an integer such as 10",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := tt.files[configName]; !ok {
				tt.files[configName] = file("") // a strict handbook
			}
			_, err := Build(Config{Content: tt.files, Name: "site"})
			if err == nil {
				t.Fatalf("build succeeded, want error %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

// TestAccepted checks input that must build: a BOM, CRLF line endings and
// empty files.
func TestAccepted(t *testing.T) {
	files := fstest.MapFS{
		"bom.md":   file("\xef\xbb\xbf---\r\ntitle: With BOM\r\n---\r\n\r\nText [empty](empty.md).\r\n"),
		"empty.md": file(""),
	}
	res, err := Build(Config{Content: files})
	if err != nil {
		t.Fatal(err)
	}
	page := string(res.Output.Files["bom/index.html"])
	if !strings.Contains(page, "<h1>With BOM</h1>") {
		t.Errorf("BOM and CRLF front matter not read:\n%s", mainRE.FindString(page))
	}
	if !strings.Contains(string(res.Output.Files["empty/index.html"]), "<h1>Empty</h1>") {
		t.Errorf("empty file should get its title from its name")
	}
}

// failingFS is a file system in which one file cannot be read.
type failingFS struct {
	fstest.MapFS
	bad string
}

func (f failingFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.Open(name)
}

func (f failingFS) ReadFile(name string) ([]byte, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadFile(name)
}

func TestUnreadableFile(t *testing.T) {
	fsys := failingFS{MapFS: fstest.MapFS{"a.md": file("# A\n"), "b.md": file("# B\n")}, bad: "b.md"}
	_, err := Build(Config{Content: fsys, Name: "site"})
	if err == nil || err.Error() != "site/b.md:1:1: cannot read: permission denied" {
		t.Errorf("got %v", err)
	}
}

// TestJekyllKeys builds a just-the-docs page: its keys are accepted,
// nav_order orders it and redirect_from makes a redirect.
func TestJekyllKeys(t *testing.T) {
	files := fstest.MapFS{
		"b.md": file("---\ntitle: B\nnav_order: 1\nparent: Guides\nhas_children: false\nredirect_from: [/old-b/]\n---\nB.\n"),
		"a.md": file("---\ntitle: A\nnav_order: 2\n---\nA.\n"),
	}
	res, err := Build(Config{Content: files})
	if err != nil {
		t.Fatal(err)
	}
	home := string(res.Output.Files["index.html"])
	if strings.Index(home, `href="b/index.html"`) > strings.Index(home, `href="a/index.html"`) {
		t.Errorf("nav_order not used: B should come before A")
	}
	if _, ok := res.Output.Files["old-b/index.html"]; !ok {
		t.Errorf("redirect_from made no redirect page")
	}
}
