package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"
	"time"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/util"
)

// highlighter colours fenced code at build time with CSS classes, so one
// stylesheet serves light and dark mode and no script is needed.
//
// Some of chroma's lexers panic or never finish on ordinary input (see
// "Known chroma lexer bugs" in README.md), so every block is bounded: a
// panic is recovered, a lexer that stops moving through the text or runs
// past its time budget is abandoned, and a block too large to highlight
// is not lexed at all. Each such block is shown as plain text, and the
// reason is returned to be reported as a warning. No single step of a
// lexer runs without end either: chroma gives each regular expression
// match 250 ms (regexp2's MatchTimeout), thousands of times what a match
// on real code takes.
type highlighter struct {
	formatter *chromahtml.Formatter // for the stylesheet
	lines     *chromahtml.Formatter // for code blocks, without a wrapper
	style     *chroma.Style

	// Blocks already highlighted, by language and code: the same block
	// on many pages, or on a page edited elsewhere, is lexed once. Those
	// of this build are in done and those of the last one in last, so
	// that what is kept is bounded by two builds' code.
	mu         sync.Mutex
	done, last map[string]highlighted
	size       int // bytes held in done
	limit      int // bytes done may hold
}

// highlighted is the markup of one block, or why it is plain text.
type highlighted struct {
	html    []byte
	problem string
}

// The bytes of code and markup the highlighter keeps for one build: a
// dev server's, kept for the next build, may hold more than a one-shot
// build's, which keeps only what repeats within it.
const (
	highlightMemo     = 16 << 20
	highlightMemoKept = 64 << 20
)

// next starts a build: the blocks of the build before last are dropped.
func (h *highlighter) next() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.last, h.done, h.size = h.done, map[string]highlighted{}, 0
}

// recall returns a block highlighted before, in this build or the last.
func (h *highlighter) recall(key string) (highlighted, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r, ok := h.done[key]; ok {
		return r, true
	}
	r, ok := h.last[key]
	if ok {
		h.keep(key, r)
	}
	return r, ok
}

// keep remembers a block's markup for this build, while it has room;
// h.mu is held.
func (h *highlighter) keep(key string, r highlighted) {
	if n := len(key) + len(r.html); h.size+n <= h.limit {
		h.done[key] = r
		h.size += n
	}
}

const (
	// maxHighlighted is the size in bytes of the largest code block that
	// is highlighted; a larger one is shown as plain text. Lexing runs at
	// ten to a few hundred kilobytes a second, so a larger block could
	// hold up the build for minutes, and it is a data dump more than code
	// for a reader.
	maxHighlighted = 1 << 20

	// stallTokens is how many empty tokens in a row mean a lexer has
	// stopped moving through the text. A lexer with a rule that can match
	// nothing, and no rule that matches what follows, yields empty tokens
	// at one place for ever; chroma's working lexers yield at most seven
	// in a row, on code in their language or not.
	stallTokens = 100

	// coalesceLimit is the length past which chroma.Coalesce stops
	// joining tokens of one type; the same limit keeps the markup the same.
	coalesceLimit = 8192
)

// highlightBudget returns how long lexing a block of n bytes may take
// before the block is shown as plain text instead: five seconds, and one
// more for every kilobyte, at most a minute. Most lexers take a
// millisecond or two per kilobyte and the slowest about 150, so only a
// lexer that has gone wrong uses the budget up, and a slow, busy machine
// colours code as any other does. The five seconds are for the race
// detector, which makes lexing up to a hundred times slower: under it,
// the small blocks of the tests stay well within budget too.
func highlightBudget(n int) time.Duration {
	return min(5*time.Second+time.Duration(n)*time.Second/1024, time.Minute)
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

func newHighlighter() *highlighter {
	return &highlighter{
		formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4)),
		lines:     chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4), chromahtml.WithPreWrapper(noWrapper{})),
		style:     styles.Get(lightStyle),
		done:      map[string]highlighted{},
		limit:     highlightMemo,
	}
}

// write renders code in lang, or as plain escaped text when no lexer
// knows the language or its lexer fails. It returns why a block in a
// language chroma knows is shown as plain text, or "" when it is not.
func (h *highlighter) write(w util.BufWriter, lang, code string) (problem string) {
	lexer := lexerFor(lang)
	switch {
	case lang == "" || lexer == nil:
	case len(code) > maxHighlighted:
		problem = fmt.Sprintf("the %s code block is %d bytes, over the %d bytes that are highlighted, so it is shown as plain text",
			lang, len(code), maxHighlighted)
	default:
		// The markup is made aside, so that a lexer or formatter that
		// fails halfway leaves nothing of its own behind.
		key := lang + "\x00" + code
		r, ok := h.recall(key)
		if !ok {
			var out bytes.Buffer
			r.problem = h.highlight(&out, lexer, lang, code)
			if r.problem == "" {
				// Only markup is kept: a block given up on for its time
				// budget may fit it on a quieter machine.
				r.html = out.Bytes()
				h.mu.Lock()
				h.keep(key, r)
				h.mu.Unlock()
			}
		}
		if problem = r.problem; problem == "" {
			// One formatter serves every block: it writes only the
			// lines, and the wrapper, which names the language, is
			// written here.
			_, _ = w.WriteString(preWrapper{lang}.Start(true, ""))
			_, _ = w.Write(r.html)
			_, _ = w.WriteString("</code></pre>\n")
			return ""
		}
	}
	_, _ = w.WriteString(preWrapper{lang}.Start(true, ""))
	_, _ = w.Write(util.EscapeHTML([]byte(code)))
	_, _ = w.WriteString("</code></pre>\n")
	return problem
}

// lexerNames holds the lexer for each language name asked for, nil for
// a name no lexer has. chroma's look-up by name falls back to matching
// the name against every lexer's file patterns, which costs more than
// lexing a small block; a handbook asks for a handful of names. Past
// maxLexerNames, hostile input's endless names are looked up each time.
var lexerNames = struct {
	sync.Mutex
	m map[string]chroma.Lexer
}{m: map[string]chroma.Lexer{}}

const maxLexerNames = 4096

// lexerFor returns chroma's lexer for a fenced block's language, or nil.
func lexerFor(lang string) chroma.Lexer {
	if lang == "" {
		return nil
	}
	lexerNames.Lock()
	lx, ok := lexerNames.m[lang]
	lexerNames.Unlock()
	if ok {
		return lx
	}
	lx = lexers.Get(lang)
	lexerNames.Lock()
	if len(lexerNames.m) < maxLexerNames {
		lexerNames.m[lang] = lx
	}
	lexerNames.Unlock()
	return lx
}

// highlight writes code lexed by lexer as lines of HTML to out, or
// returns why it cannot.
func (h *highlighter) highlight(out *bytes.Buffer, lexer chroma.Lexer, lang, code string) (problem string) {
	defer func() {
		if r := recover(); r != nil {
			problem = fmt.Sprintf("the %s lexer failed on this code block (%v), a bug in chroma, so it is shown as plain text", lang, r)
		}
	}()
	tokens, problem := tokenise(lexer, lang, code, highlightBudget(len(code)))
	if problem != "" {
		return problem
	}
	if err := h.lines.Format(out, h.style, chroma.Literator(tokens...)); err != nil {
		return fmt.Sprintf("cannot highlight this %s code block (%v), so it is shown as plain text", lang, err)
	}
	return ""
}

// tokenise lexes code into tokens, joining runs of one type as
// chroma.Coalesce does, or returns why it gave up: the lexer stopped
// moving through the text, or the budget ran out. Coalesce itself is not
// used because it skips empty tokens within one call, so that a lexer
// that yields nothing else never lets the call return; here every token
// comes back, to be counted and timed.
//
// The budget starts once the lexer is ready: compiling a lexer's rules
// on its first use is not the block's doing, and it is bounded anyway.
func tokenise(lexer chroma.Lexer, lang, code string, budget time.Duration) ([]chroma.Token, string) {
	it, err := lexer.Tokenise(nil, code)
	if err != nil {
		return nil, fmt.Sprintf("cannot highlight this %s code block (%v), so it is shown as plain text", lang, err)
	}
	stalled := fmt.Sprintf("the %s lexer stopped moving through this code block, a bug in chroma, so it is shown as plain text", lang)
	deadline := time.Now().Add(budget)
	// A lexer gives back the text it was given, and at most a newline
	// more; one that gives back much more is repeating itself.
	maxText := 2*len(code) + 64
	var out []chroma.Token
	empty, text := 0, 0
	for t := it(); t != chroma.EOF; t = it() {
		if time.Now().After(deadline) {
			return nil, fmt.Sprintf("the %s code block was too slow to highlight (over %v), so it is shown as plain text", lang, budget)
		}
		if t.Value == "" {
			if empty++; empty >= stallTokens {
				return nil, stalled
			}
			continue
		}
		empty = 0
		if text += len(t.Value); text > maxText {
			return nil, stalled
		}
		if n := len(out); n > 0 && out[n-1].Type == t.Type && len(out[n-1].Value) < coalesceLimit {
			out[n-1].Value += t.Value
		} else {
			out = append(out, t)
		}
	}
	return out, ""
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
