package generator

import (
	"strings"

	"github.com/yuin/goldmark/ast"
)

// unwrapUnsafe replaces a link or image whose URL would run code
// (javascript:, vbscript:, data:) with its text: the reader keeps the
// words and loses only the link. Leaving the element with an empty URL
// instead would make a link back to the page itself, and an <img src="">
// that is not valid HTML.
func unwrapUnsafe(n ast.Node, src []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	if a, ok := n.(*ast.AutoLink); ok {
		parent.ReplaceChild(parent, n, ast.NewString(a.Label(src)))
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// schemeOf returns the scheme of a URL in lower case, read the way a
// browser reads it: control characters and spaces around the URL are
// ignored, and tabs and line breaks inside it are removed, so that
// "java&#9;script:" is still javascript. It returns "" for a relative URL.
func schemeOf(dest string) string {
	s := strings.TrimFunc(dest, func(r rune) bool { return r <= ' ' })
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return ""
	}
	for j, r := range s[:i] {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (j == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return ""
		}
	}
	return strings.ToLower(s[:i])
}
