package generator

import (
	"bytes"
	"html"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
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
	taken := map[string]string{"404.html": "the page-not-found page"}
	for _, p := range t.allPages() {
		what := "the page " + p.Src
		if p.Src == "" {
			what = "the generated page " + p.URL
		}
		taken[p.URL] = what
	}
	for src := range t.files {
		taken[src] = "the file " + src
	}
	srcs := make([]string, 0, len(t.bySrc))
	for src, p := range t.bySrc {
		if len(p.Meta.Aliases) > 0 {
			srcs = append(srcs, src)
		}
	}
	sort.Strings(srcs)

	out := map[string][]byte{}
	for _, src := range srcs {
		p := t.bySrc[src]
		type problem struct {
			index int
			msg   string
		}
		var probs []problem
		for i, alias := range p.Meta.Aliases {
			file, msg := aliasFile(p, alias)
			switch {
			case msg != "":
			case file == p.URL:
				msg = "alias " + strconvQuote(alias) + " is the page's own URL: remove it"
			case taken[file] != "":
				msg = "alias " + strconvQuote(alias) + " is the path of " + taken[file] + ": remove the alias or move the other one"
			default:
				if _, err := fs.Stat(theme, "static/"+file); err == nil {
					msg = "alias " + strconvQuote(alias) + " is the path of the theme file " + file + ": remove the alias"
				}
			}
			if msg != "" {
				probs = append(probs, problem{i, msg})
				continue
			}
			taken[file] = "an alias of " + src
			out[file] = redirectPage(site, file, p)
		}
		if len(probs) == 0 {
			continue
		}
		// Front matter keeps no positions: find each alias in the file, in
		// order, so that one alias inside another is not mistaken for it.
		source, _ := fs.ReadFile(content, src)
		at := make([]int, len(p.Meta.Aliases))
		cursor := bytes.Index(source, []byte("aliases"))
		for i, alias := range p.Meta.Aliases {
			at[i] = -1
			if cursor < 0 || alias == "" {
				continue
			}
			if j := bytes.Index(source[cursor:], []byte(alias)); j >= 0 {
				at[i] = cursor + j
				cursor += j + len(alias)
			}
		}
		for _, pr := range probs {
			line, col := 1, 1
			if at[pr.index] >= 0 {
				line, col = position(source, at[pr.index])
			}
			c.add(src, line, col, "%s", pr.msg)
		}
	}
	return out
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
