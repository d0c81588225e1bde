package generator

import (
	"bytes"
	"html"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// redirects makes a small HTML page at every path a page names in its
// front matter aliases, so that links to a page's old URL keep working
// after a tree moves to this generator, as they do with Hugo's aliases.
// It returns the pages by output path, reporting every alias that cannot
// be written: one that is a URL, leaves the site, or takes the path of a
// page, a file or another alias.
//
// An alias is an old URL path. One that starts with / is relative to the
// site root; any other is relative to the folder of the page's file, as a
// link written in the page would be. A path ending in .html or .htm names
// that file; any other names a folder, whose index.html is written.
func (t *tree) redirects(content, theme fs.FS, site SiteConfig, c *errs) map[string][]byte {
	out := map[string][]byte{}
	aliased := t.aliasedSources()
	if len(aliased) == 0 {
		return out
	}
	paths := t.aliasPaths()
	for _, src := range aliased {
		p := t.bySrc[src]
		var probs []aliasProblem
		for i, alias := range p.Meta.Aliases {
			file, msg := paths.place(p, alias, theme)
			if msg != "" {
				// The page's own URL, or a folder's listing that only this
				// generator makes, is no problem of the tree's.
				own := file == p.URL || paths.generated[file]
				probs = append(probs, aliasProblem{i, msg, own})
				continue
			}
			paths.taken[file] = "an alias of " + src
			out[file] = redirectPage(site, file, p)
		}
		if len(probs) > 0 {
			t.reportAliases(content, src, p.Meta.Aliases, probs, site.Strict, c)
		}
	}
	return out
}

// aliasPaths are the output paths an alias may not take, each with what
// holds it: the site's pages and files, and the aliases written so far.
type aliasPaths struct {
	taken     map[string]string
	generated map[string]bool // URLs of pages this generator makes, such as folder listings
}

// aliasPaths returns the paths of the site's pages and files, which no
// alias may take.
func (t *tree) aliasPaths() aliasPaths {
	paths := aliasPaths{taken: map[string]string{"404.html": "the page-not-found page"}, generated: map[string]bool{}}
	for _, p := range t.allPages() {
		what := "the page " + p.Src
		if p.Src == "" {
			what = "the generated page " + p.URL
			paths.generated[p.URL] = true
		}
		paths.taken[p.URL] = what
	}
	for src := range t.files {
		paths.taken[src] = "the file " + src
	}
	return paths
}

// place returns the output path an alias of p is written to, or a
// message saying why it cannot be: the path is p's own URL, is taken, or
// is a file of the theme.
func (paths aliasPaths) place(p *Page, alias string, theme fs.FS) (file, msg string) {
	file, msg = aliasFile(p, alias)
	switch {
	case msg != "":
	case file == p.URL:
		msg = "alias " + strconvQuote(alias) + " is the page's own URL: remove it"
	case paths.taken[file] != "":
		msg = "alias " + strconvQuote(alias) + " is the path of " + paths.taken[file] + ": remove the alias or move the other one"
	default:
		if _, err := fs.Stat(theme, "static/"+file); err == nil {
			msg = "alias " + strconvQuote(alias) + " is the path of the theme file " + file + ": remove the alias"
		}
	}
	return file, msg
}

// aliasedSources returns the sources of the pages that have aliases, in
// order.
func (t *tree) aliasedSources() []string {
	srcs := make([]string, 0, len(t.bySrc))
	for src, p := range t.bySrc {
		if len(p.Meta.Aliases) > 0 {
			srcs = append(srcs, src)
		}
	}
	sort.Strings(srcs)
	return srcs
}

// aliasProblem is why one of a page's aliases, by its index, was not
// written.
type aliasProblem struct {
	index int
	msg   string
	own   bool // the alias is the page's own URL, or a listing only this generator makes
}

// reportAliases reports the aliases of the page src that were not
// written, each where the file writes it: as errors in a strict build,
// and otherwise as warnings, but for those that are no problem of the
// tree's.
func (t *tree) reportAliases(content fs.FS, src string, aliases []string, probs []aliasProblem, strict bool, c *errs) {
	source, _ := fs.ReadFile(content, src)
	at, key := aliasOffsets(source, aliases)
	for _, pr := range probs {
		line, col := 1, 1
		if at[pr.index] >= 0 {
			line, col = position(source, at[pr.index])
		} else if key >= 0 {
			line, col = position(source, key)
		}
		switch {
		case strict:
			c.add(src, line, col, "%s", pr.msg)
		case pr.own:
			// Hugo trees list a page's own URL among their aliases; it
			// is harmless there, and here.
		default:
			// Not written, and the tree's own problem: it still builds.
			t.warnings = append(t.warnings, Error{File: src, Line: line, Col: col, Msg: pr.msg})
		}
	}
}

// aliasOffsets returns where in source each alias is written, -1 for one
// not found, and where its key is, -1 if nowhere. Front matter keeps no
// positions: each alias is looked for in the file, in order, so that one
// alias inside another is not mistaken for it. One written with escapes
// is not found as it reads; its key is.
func aliasOffsets(source []byte, aliases []string) (at []int, key int) {
	at = make([]int, len(aliases))
	key = bytes.Index(source, []byte("aliases"))
	if key < 0 {
		key = bytes.Index(source, []byte("redirect_from"))
	}
	cursor := key
	for i, alias := range aliases {
		at[i] = -1
		if cursor < 0 || alias == "" {
			continue
		}
		if j := bytes.Index(source[cursor:], []byte(alias)); j >= 0 {
			at[i] = cursor + j
			cursor += j + len(alias)
		}
	}
	return at, key
}

// aliasFile returns the output path an alias of p is written to, or a
// message saying why it cannot be.
func aliasFile(p *Page, alias string) (file, problem string) {
	a := strings.TrimSpace(alias)
	switch {
	case a == "":
		return "", "alias is empty: write the old path of the page, such as /old/page/"
	case isExternal(a):
		return "", "alias " + strconvQuote(alias) + " is a URL: write the old path on this site, such as /old/page/"
	case strings.ContainsAny(a, "?#"):
		return "", "alias " + strconvQuote(alias) + " has a query or fragment: write only the path"
	}
	decoded, err := url.PathUnescape(a)
	if err != nil {
		return "", "alias " + strconvQuote(alias) + " is not a valid URL path"
	}
	base := ""
	if !strings.HasPrefix(decoded, "/") {
		base = slugDir(path.Dir(p.Src))
	}
	if rel := path.Join(base, decoded); rel == ".." || strings.HasPrefix(rel, "../") {
		return "", "alias " + strconvQuote(alias) + " leaves the site"
	}
	full := path.Clean(path.Join("/", base, decoded))[1:]
	if msg := aliasNameProblem(alias, decoded, full); msg != "" {
		return "", msg
	}
	if strings.HasSuffix(decoded, "/") || full == "" {
		return path.Join(full, "index.html"), ""
	}
	switch strings.ToLower(path.Ext(full)) {
	case ".html", ".htm":
		return full, ""
	case "":
		return full + "/index.html", ""
	}
	return "", "alias " + strconvQuote(alias) + " ends in " + path.Ext(full) +
		": an alias is an old page URL, such as /old/page/ or /old/page.html"
}

// maxNameBytes is the longest file name common file systems hold.
const maxNameBytes = 255

// aliasNameProblem says why the names of an alias, decoded into the
// output path full, cannot be written, or returns "". Each would
// otherwise fail the build with a bare error from the system, or put a
// page where hosts do not serve it and tools keep their data: .git,
// .well-known and other hidden folders.
func aliasNameProblem(alias, decoded, full string) string {
	q := strconv.Quote(alias)
	for i := 0; i < len(decoded); i++ {
		if decoded[i] < 0x20 || decoded[i] == 0x7f {
			return "alias " + q + " holds a control character: write a plain path"
		}
	}
	if !utf8.ValidString(decoded) {
		return "alias " + q + " is not UTF-8 once its %-escapes are decoded"
	}
	parts := strings.Split(full, "/")
	for i, part := range parts {
		if strings.HasPrefix(part, ".") {
			what := "folder"
			if i == len(parts)-1 && !strings.HasSuffix(decoded, "/") && path.Ext(part) != "" && path.Ext(part) != part {
				what = "file"
			}
			return "alias " + q + " names the hidden " + what + " " + strconv.Quote(part) +
				": hosts do not serve hidden files and folders, and some belong to other tools, such as .git; write a path without one"
		}
		if len(part) > maxNameBytes {
			return "alias " + q + " has a name " + strconv.Itoa(len(part)) + " bytes long, and file systems hold at most " + strconv.Itoa(maxNameBytes)
		}
	}
	return ""
}

// redirectPage is the page written at an alias: a refresh to the page's
// URL, relative so that it works under any sub-path and from disk, and a
// link for readers whose browser does not follow it. Search engines are
// told the real page only when the site's address is known.
func redirectPage(site SiteConfig, file string, to *Page) []byte {
	rel := html.EscapeString(relURL(file, to.URL))
	title := html.EscapeString(to.Title)
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + html.EscapeString(site.Language) + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<title>" + title + "</title>\n")
	b.WriteString("<meta name=\"robots\" content=\"noindex\">\n")
	if site.BaseURL != "" {
		canonical := site.BaseURL + "/" + escapePath(strings.TrimSuffix(to.URL, "index.html"))
		b.WriteString("<link rel=\"canonical\" href=\"" + html.EscapeString(canonical) + "\">\n")
	}
	b.WriteString("<meta http-equiv=\"refresh\" content=\"0; url=" + rel + "\">\n")
	b.WriteString("</head>\n<body>\n<main>\n<p>This page has moved to <a href=\"" + rel + "\">" + title + "</a>.</p>\n</main>\n</body>\n</html>\n")
	return []byte(b.String())
}
