package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/dlclark/regexp2/v2"
	"github.com/yuin/goldmark/util"
)

// highlighter colours fenced code at build time with CSS classes, so one
// stylesheet serves light and dark mode and no script is needed.
type highlighter struct {
	formatter *chromahtml.Formatter // for the stylesheet
	lines     *chromahtml.Formatter // for code blocks, without a wrapper
	style     *chroma.Style
}

// noWrapper leaves the <pre><code> wrapper to the highlighter.
type noWrapper struct{}

func (noWrapper) Start(code bool, styleAttr string) string { return "" }
func (noWrapper) End(code bool) string                     { return "" }

const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

type preWrapper struct{ lang string }

func (p preWrapper) Start(code bool, styleAttr string) string {
	if p.lang == "" {
		return `<pre class="chroma" tabindex="0"><code>`
	}
	return fmt.Sprintf(`<pre class="chroma" tabindex="0"><code class="language-%s" data-lang="%s">`,
		template.HTMLEscapeString(p.lang), template.HTMLEscapeString(p.lang))
}

func (p preWrapper) End(code bool) string { return "</code></pre>" }

// init lifts the time limit chroma puts on each regular
// expression match (250 ms). On a slow, busy machine a match that hits
// the limit comes out as an error token, so the same code would be
// coloured differently from one build to the next. Highlighting runs
// only over the handbook's own files, at build time, so an unlimited
// match is the right trade. The setting is process-wide, so it is made
// once, before any match runs.
func init() {
	// The deadline of a match is its limit plus this period, so a long
	// period means no match ever reaches its deadline.
	regexp2.SetTimeoutCheckPeriod(24 * time.Hour)
}

func newHighlighter() *highlighter {
	return &highlighter{
		formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4)),
		lines:     chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4), chromahtml.WithPreWrapper(noWrapper{})),
		style:     styles.Get(lightStyle),
	}
}

// write renders code in lang, or as plain escaped text when no lexer
// knows the language.
func (h *highlighter) write(w util.BufWriter, lang, code string) {
	lexer := lexers.Get(lang)
	if lang == "" || lexer == nil {
		_, _ = w.WriteString(preWrapper{lang}.Start(true, ""))
		_, _ = w.Write(util.EscapeHTML([]byte(code)))
		_, _ = w.WriteString("</code></pre>\n")
		return
	}
	lexer = chroma.Coalesce(lexer)
	it, err := lexer.Tokenise(nil, code)
	if err != nil {
		_, _ = w.WriteString(preWrapper{lang}.Start(true, ""))
		_, _ = w.Write(util.EscapeHTML([]byte(code)))
		_, _ = w.WriteString("</code></pre>\n")
		return
	}
	// One formatter serves every block: it writes only the lines, and the
	// wrapper, which names the language, is written here.
	_, _ = w.WriteString(preWrapper{lang}.Start(true, ""))
	_ = h.lines.Format(w, h.style, it)
	_, _ = w.WriteString("</code></pre>\n")
}

// css returns the stylesheet for highlighted code: the light style, then
// the dark one scoped to dark mode, chosen by the system or the toggle.
func (h *highlighter) css() []byte {
	var light, dark bytes.Buffer
	_ = h.formatter.WriteCSS(&light, styles.Get(lightStyle))
	_ = h.formatter.WriteCSS(&dark, styles.Get(darkStyle))
	var out bytes.Buffer
	out.WriteString("/* Code highlighting: " + lightStyle + " and " + darkStyle + ". */\n")
	out.Write(light.Bytes())
	lines := strings.Split(strings.TrimSpace(dark.String()), "\n")
	out.WriteString("@media (prefers-color-scheme: dark) {\n")
	for _, l := range lines {
		out.WriteString(":root:not([data-theme=light]) " + l + "\n")
	}
	out.WriteString("}\n")
	for _, l := range lines {
		out.WriteString(":root[data-theme=dark] " + l + "\n")
	}
	return out.Bytes()
}
