package generator

import (
	"bytes"
	"testing"
)

// TestOutEntryWhole: a page kept without its sidebar and body is made
// whole again byte for byte, wherever the two are and whether or not
// they can be told apart.
func TestOutEntryWhole(t *testing.T) {
	const nav, body = "<li>nav</li>", "<p>body</p>"
	for _, page := range []string{
		"<head></head><nav>" + nav + "</nav><main>" + body + "</main>",
		"<main>" + body + "</main><nav>" + nav + "</nav>",
		"<nav>" + nav + "</nav>" + "<main>" + body + body + "</main>", // body twice: kept in the page
		"<nav>" + nav + nav + "</nav><main>" + body + "</main>",       // sidebar twice: kept in the page
		"<main>no sidebar, no body</main>",
		nav + body,
	} {
		for _, b := range []string{body, "", "nav"} { // "nav" is inside the sidebar
			e := newOutEntry(1, 2, []byte(page), nav, &Page{html: []byte(b)})
			if got := e.whole(nav); string(got) != page {
				t.Errorf("%q with body %q: whole gives %q", page, b, got)
			}
			if own := len(page) - len(e.rest); e.cut() && own < len(nav) {
				t.Errorf("%q: cut, but only %d bytes left out", page, own)
			}
		}
	}
	// A new sidebar goes where the old one was.
	e := newOutEntry(1, 2, []byte("<nav>"+nav+"</nav><main>"+body+"</main>"), nav, &Page{html: []byte(body)})
	if got := e.whole("<li>new</li>"); !bytes.Equal(got, []byte("<nav><li>new</li></nav><main>"+body+"</main>")) {
		t.Errorf("with a new sidebar: %q", got)
	}
	if len(e.rest) != len("<nav></nav><main></main>") {
		t.Errorf("kept %q, want the page without its sidebar and body", e.rest)
	}
}
