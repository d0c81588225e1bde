package generator

import (
	"bufio"
	"bytes"
	stdhtml "html"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark/util"
)

// lexerBugs are the code blocks that make chroma's lexers panic or never
// finish, as listed under "Known chroma lexer bugs" in README.md.
var lexerBugs = []struct {
	lang, code, problem string
}{
	{"yang", "/* a /* b */ */\n", "unknown state comment"},
	{"spade", "let x: &'a int\n", "unknown state lifetime"},
	{"psl", "#INFO x\n", "unknown state warn-directive"},
	{"jsonata", "é\n", "stopped moving"},
	{"jungle", "!\n", "stopped moving"},
}

// within fails the test if f does not return within limit. A hung f is
// left running: the test binary ends soon after.
func within(t *testing.T, limit time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("%s did not return within %v", what, limit)
	}
}

// TestHighlightLexerBugs builds a page with each block that crashes or
// hangs a chroma lexer: the build must return, show the block as plain
// code and warn at its fence.
func TestHighlightLexerBugs(t *testing.T) {
	for _, c := range lexerBugs {
		t.Run(c.lang, func(t *testing.T) {
			page := "# Home\n\nSome text.\n\n```" + c.lang + "\n" + c.code + "```\n\nAfter.\n"
			var res *Result
			var err error
			within(t, 30*time.Second, "the build", func() {
				res, err = Build(Config{Content: mapFS(map[string]string{"index.md": page})})
			})
			if err != nil {
				t.Fatal(err)
			}
			plain := `<pre class="chroma" tabindex="0"><code class="language-` + c.lang + `" data-lang="` + c.lang + `">` +
				string(util.EscapeHTML([]byte(c.code))) + "</code></pre>"
			if html := string(res.Output.Files["index.html"]); !strings.Contains(html, plain) {
				t.Errorf("no plain block %q in:\n%s", plain, html)
			}
			got := lines(res.Warnings)
			if !strings.HasPrefix(got, "index.md:5: ") || strings.Count(got, "\n") != 1 ||
				!strings.Contains(got, c.problem) || !strings.Contains(got, "shown as plain text") {
				t.Errorf("warnings:\n%s\nwant one at index.md:5 saying %q", got, c.problem)
			}
		})
	}
}

// TestHighlightWarningCached checks that a dev server's builds warn
// about code shown plain as a first build does: when a page newly warns
// after an edit, and when the page is reused from the cache.
func TestHighlightWarningCached(t *testing.T) {
	fsys := mapFS(map[string]string{
		"index.md": "# Home\n",
		"a.md":     "# A\n\n```jsonata\nx\n```\n",
	})
	cache := NewCache()
	build := func(changed []string) string {
		t.Helper()
		res, err := Build(Config{Content: fsys, Cache: cache, Changed: changed, Defer: true})
		if err != nil {
			t.Fatal(err)
		}
		return lines(res.Warnings)
	}
	if got := build(nil); got != "" {
		t.Fatalf("warnings before the edit:\n%s", got)
	}
	fsys["a.md"].Data = []byte("# A\n\n```jsonata\né\n```\n")
	want := "a.md:3: the jsonata lexer stopped moving through this code block, a bug in chroma, so it is shown as plain text\n"
	if got := build([]string{"a.md"}); got != want {
		t.Errorf("after the edit, warnings:\n%s\nwant:\n%s", got, want)
	}
	if got := build([]string{}); got != want {
		t.Errorf("from the cache, warnings:\n%s\nwant:\n%s", got, want)
	}
}

// TestHighlightNested checks that a lexer that hands a part of the block
// to another, here markdown to the language of a fenced block, is bounded
// the same way.
func TestHighlightNested(t *testing.T) {
	h := newHighlighter()
	for _, c := range lexerBugs {
		code := "# Title\n\n```" + c.lang + "\n" + c.code + "```\n"
		var problem string
		within(t, 30*time.Second, c.lang+" in markdown", func() {
			_, problem = render(h, "markdown", code)
		})
		if !strings.Contains(problem, "plain text") {
			t.Errorf("%s in markdown: problem %q", c.lang, problem)
		}
	}
}

// render returns what h writes for a block, but for its final newline,
// and the problem it reports.
func render(h *highlighter, lang, code string) (html, problem string) {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	problem = h.write(w, lang, code)
	_ = w.Flush()
	return strings.TrimSuffix(buf.String(), "\n"), problem
}

// TestHighlightTooLarge checks that a block past maxHighlighted is not
// lexed but shown as plain text, with a warning.
func TestHighlightTooLarge(t *testing.T) {
	code := strings.Repeat("x := 1 // <x>\n", maxHighlighted/14+1)
	html, problem := render(newHighlighter(), "go", code)
	if !strings.Contains(problem, "over the 1048576 bytes") || !strings.Contains(problem, "plain text") {
		t.Errorf("problem %q", problem)
	}
	if !strings.Contains(html, string(util.EscapeHTML([]byte(code)))) {
		t.Error("the block is not shown as plain text")
	}
}

// TestHighlightBudget checks that a block whose budget runs out is given
// up for plain text, and that budgets grow with the block but stay
// bounded.
func TestHighlightBudget(t *testing.T) {
	tokens, problem := tokenise(lexers.Get("go"), "go", "package x\n\nfunc f() {}\n", 0)
	if tokens != nil || !strings.Contains(problem, "too slow to highlight") || !strings.Contains(problem, "plain text") {
		t.Errorf("tokens %v, problem %q", tokens, problem)
	}
	if b := highlightBudget(0); b != 5*time.Second {
		t.Errorf("budget of an empty block %v", b)
	}
	if b := highlightBudget(40 << 10); b != 45*time.Second {
		t.Errorf("budget of 40 KB %v", b)
	}
	if b := highlightBudget(maxHighlighted); b != time.Minute {
		t.Errorf("budget of the largest block %v", b)
	}
}

// codeSample has a little of what trips lexers up: nested comments,
// quotes of every kind, a lifetime, a directive, a line that starts with
// punctuation, and letters outside ASCII.
const codeSample = "/* a /* b */ */ x: &'a int // c\n" +
	"#INFO x\n" +
	"!\"q\" 's' `t` é ü 日本 <!-- x --> ${y} \\ @z -> [1, 2.5e3]\n"

// brokenOnSample names the lexers that fail on codeSample, with what
// their problem says.
var brokenOnSample = map[string]string{
	"YANG":    "unknown state comment",
	"Spade":   "unknown state lifetime",
	"PSL":     "unknown state warn-directive",
	"JSONata": "stopped moving",
	"Jungle":  "stopped moving",
}

var tags = regexp.MustCompile(`<[^>]*>`)

// textOf returns the text a reader sees in highlighted lines.
func textOf(html string) string {
	return stdhtml.UnescapeString(tags.ReplaceAllString(html, ""))
}

// sameText reports whether highlighted text shows code as written, but
// for what chroma changes on purpose: line endings made \n, and a newline
// added at the end.
func sameText(code, shown string) bool {
	code = strings.ReplaceAll(strings.ReplaceAll(code, "\r\n", "\n"), "\r", "\n")
	return shown == code || shown == code+"\n"
}

// TestHighlightEveryLexer highlights a sample in every lexer chroma has:
// none may hang or panic, and each either shows the sample's text as
// written or is a lexer known to fail on it. For the common languages,
// the markup must also be what the highlighter made before it was
// bounded, with chroma.Coalesce; for every lexer that doubles the time
// the race detector takes, and the join is the same code for all.
func TestHighlightEveryLexer(t *testing.T) {
	all := lexers.GlobalLexerRegistry.Lexers
	h := newHighlighter()
	common := map[string]bool{}
	for _, lang := range []string{"bash", "c", "console", "css", "diff", "go", "html", "java", "javascript", "json",
		"markdown", "php", "python", "ruby", "rust", "sql", "toml", "typescript", "yaml"} {
		common[lexers.Get(lang).Config().Name] = true
	}
	start := time.Now()
	var wg sync.WaitGroup
	next := make(chan chroma.Lexer)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for l := range next {
				checkLexer(t, h, l, common[l.Config().Name])
			}
		})
	}
	for _, l := range all {
		next <- l
	}
	close(next)
	wg.Wait()
	t.Logf("%d lexers in %v", len(all), time.Since(start).Round(time.Millisecond))
}

func checkLexer(t *testing.T, h *highlighter, l chroma.Lexer, compare bool) {
	name := l.Config().Name
	done := make(chan struct{})
	var out bytes.Buffer
	var problem string
	go func() {
		defer close(done)
		problem = h.highlight(&out, l, name, codeSample)
	}()
	// Far over the highlighter's own budget: past it, the highlighter
	// itself is stuck, not the lexer.
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Errorf("%s: hangs", name)
		return
	}
	says, broken := brokenOnSample[name]
	switch {
	case broken && problem == "":
		t.Errorf("%s: highlights the sample: chroma fixed it, so take it off brokenOnSample and README.md", name)
	case broken && !strings.Contains(problem, says):
		t.Errorf("%s: problem %q, want it to say %q", name, problem, says)
	case broken:
	case problem != "":
		t.Errorf("%s: %s", name, problem)
	case !sameText(codeSample, textOf(out.String())):
		t.Errorf("%s: shows %q", name, textOf(out.String()))
	case compare:
		// A lexer that ends in tokenise ends under Coalesce too.
		var want bytes.Buffer
		it, err := chroma.Coalesce(l).Tokenise(nil, codeSample)
		if err == nil {
			err = h.lines.Format(&want, h.style, it)
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
		} else if out.String() != want.String() {
			t.Errorf("%s: markup\n%s\nwant, as with Coalesce,\n%s", name, out.String(), want.String())
		}
	}
}

// FuzzHighlight highlights fuzzed code in a fuzzed language, picked from
// chroma's lexers by index. The highlighter must return within the
// block's budget, with slack for compiling the lexer, and show the code
// as written, highlighted or plain.
func FuzzHighlight(f *testing.F) {
	names := lexers.Names(false)
	index := map[string]uint{}
	for i, n := range names {
		index[strings.ToLower(n)] = uint(i)
	}
	for _, c := range lexerBugs {
		if i, ok := index[c.lang]; ok {
			f.Add(i, c.code)
		}
	}
	for _, lang := range []string{"go", "markdown", "html", "php", "rust", "yaml"} {
		f.Add(index[lang], codeSample)
	}
	h := newHighlighter()
	f.Fuzz(func(t *testing.T, i uint, code string) {
		lang := names[i%uint(len(names))]
		defer watchdog(highlightBudget(len(code))+10*time.Second, lang+": "+code)()
		html, problem := render(h, lang, code)
		if !utf8.ValidString(code) {
			return // chroma reads runes; pages are UTF-8, checked before this
		}
		shown := textOf(html)
		if problem != "" {
			// goldmark's escaping turns NUL into U+FFFD, as CommonMark asks.
			if want := strings.ReplaceAll(code, "\x00", "\uFFFD"); shown != want {
				t.Errorf("%s: plain text %q, want %q", lang, shown, want)
			}
			return
		}
		if !sameText(code, shown) {
			t.Errorf("%s: shows %q, want %q", lang, shown, code)
		}
	})
}

// TestHighlightMemo builds two pages that share a code block, with a
// cache and without: the shared block is kept once, and both pages read
// the same as in a build without the cache, in the first build and the
// next.
func TestHighlightMemo(t *testing.T) {
	block := "```go\nfunc shared() int { return 42 }\n```\n"
	files := mapFS(map[string]string{
		"a.md": "# A\n\n" + block,
		"b.md": "# B\n\n" + block + "\n```go\nfunc other() {}\n```\n",
	})
	plain, err := Build(Config{Content: files})
	if err != nil {
		t.Fatal(err)
	}
	cache := NewCache()
	for i := range 2 {
		res, err := Build(Config{Content: files, Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"a/index.html", "b/index.html"} {
			if !bytes.Equal(res.Output.Files[p], plain.Output.Files[p]) {
				t.Errorf("build %d: %s differs from a build without a cache", i+1, p)
			}
		}
		if n := len(cache.hl.done) + len(cache.hl.last); i == 0 && n != 2 {
			t.Errorf("%d blocks kept after the first build, want 2", n)
		}
	}
	a := string(plain.Output.Files["a/index.html"])
	if !strings.Contains(a, `<span class="kd">func</span>`) {
		t.Errorf("the shared block is not highlighted:\n%s", a)
	}
}
