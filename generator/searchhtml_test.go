package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlSectionsByTokenizer is htmlSections written with html.Tokenizer,
// as it was before the index had a scanner of its own: the reference the
// scanner is held to.
func htmlSectionsByTokenizer(b []byte) []htmlSection {
	secs := []htmlSection{{}}
	var text, head strings.Builder
	var inHead, skip atom.Atom
	skipDepth := 0
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt == html.TextToken {
			switch {
			case skip != 0:
			case inHead != 0:
				head.Write(z.Text())
			default:
				text.Write(z.Text())
			}
			continue
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken && tt != html.EndTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		var id, class string
		for hasAttr && tt != html.EndTagToken {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			switch string(k) {
			case "id":
				id = string(v)
			case "class":
				class = string(v)
			}
		}
		if skip != 0 {
			switch {
			case a != skip:
			case tt == html.StartTagToken:
				skipDepth++
			case tt == html.EndTagToken:
				if skipDepth--; skipDepth == 0 {
					skip = 0
				}
			}
			continue
		}
		if tt == html.EndTagToken {
			if inHead != 0 && a == inHead {
				secs[len(secs)-1].heading = collapseSpace(head.String())
				head.Reset()
				inHead = 0
				continue
			}
			if !inline(a) {
				text.WriteByte(' ')
			}
			continue
		}
		if skipped(a, class) {
			if tt == html.StartTagToken {
				skip, skipDepth = a, 1
			}
			continue
		}
		switch a {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			if id != "" && tt == html.StartTagToken {
				secs[len(secs)-1].text = collapseSpace(text.String())
				text.Reset()
				secs = append(secs, htmlSection{id: id})
				inHead = a
				continue
			}
		}
		if !inline(a) || hasClass(class, "dim-desc") {
			text.WriteByte(' ')
		}
	}
	secs[len(secs)-1].text = collapseSpace(text.String())
	return secs
}

func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, collapsible), " ")
}

// TestHTMLScannerMatchesTokenizer holds htmlSections to the tokenizer's
// reading of the same HTML: hand-written oddities, and the body of every
// page of our handbook, of every test site and of a synthetic handbook.
func TestHTMLScannerMatchesTokenizer(t *testing.T) {
	bodies := map[string][]byte{}
	for i, s := range []string{
		`<p>Plain <em>text</em> &amp; entities &copy &#x41;&#66; &notanentity; a < b, 3<4, <3 and </ 5</p>`,
		`<P CLASS="X">Upper <B>case</B></P><H2 ID="Up">Heading</H2>after`,
		`<!-- a comment <p>hidden</p> --> shown <!--> empty <!---> empty too <!-- ends --!> here`,
		`<!DOCTYPE html><?xml nope?>text<![CDATA[ cdata ]]> after`,
		`<script>if (a < b && "</p>") {}</script>after <style>p > a { }</style>more <SCRIPT type=x>x</SCRIPTX></SCRIPT> end`,
		`<textarea>a <b>not bold</b> &amp; b</textarea><title>t &lt; u</title><noscript><p>no js</p></noscript>`,
		`<a href='x>y' class=anchor>skipped</a> <a class="x anchor y">also</a> <a class=other>kept</a>`,
		`<h3 id="a&amp;b" class='c'>With &lt;entity&gt;</h3>text<h4 id=>empty id</h4><h5 id = spaced >spaced id</h5>`,
		`<img src="a.png" alt="Alt"/><br/>broken <div/>self<span class=dim-desc>desc</span>next`,
		`<svg><text>chart</text><svg>nested</svg></svg> after <template><p>t</p></template> end`,
		`<sup class="cite"><a href="#s">[1]</a></sup>cited<a class="footnote-backref">↩</a>`,
		`tag at the end <p class="x`, `<h2 id="x">unclosed heading`, `<a`, `<`, `</`, `</p`, `<!--`, `<!`, `&`,
		"nul \x00 and \r\n lines\rcr <p\x00x>z",
		`<p title="a > b">quoted gt</p><p title='it"s'>mixed</p><p a=b=c d e=>odd attrs</p>`,
		`<plaintext><p>all text</p>`,
	} {
		bodies["case "+itoa(i)] = []byte(s)
	}
	sites, err := filepath.Glob("testdata/sites/*/src")
	if err != nil {
		t.Fatal(err)
	}
	builds := []Config{{Content: os.DirFS("../handbook"), Name: "handbook"}, {Content: corpusFS(60)}}
	for _, dir := range sites {
		builds = append(builds, Config{Content: os.DirFS(dir), Name: dir})
	}
	for _, cfg := range builds {
		res, err := Build(cfg)
		if err != nil {
			t.Fatalf("%s: %v", cfg.Name, err)
		}
		for _, p := range res.tree.pages {
			bodies[cfg.Name+" "+p.URL] = p.html
		}
	}
	for name, b := range bodies {
		if got, want := htmlSections(b), htmlSectionsByTokenizer(b); !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
}
