// Package generator compiles a role handbook, a tree of markdown pages
// with typed comparison data beside them, into a static site.
//
// Build takes its input as values: the content as an fs.FS, the theme as
// another, the build date and the file dates. It returns the site as an
// Output, path to bytes, and touches no disk, network or clock of its
// own; writing public/ is the caller's one step. What follows is the
// contract a content tree is held to.
//
// # Files
//
// Every folder that holds pages is a section. Its index page is
// _index.md, index.md or README.md, in that order; a folder without one
// gets a generated listing. A page x.md beside a folder x/ without an
// index is that folder's index. Markdown files end in .md, .markdown or
// .mdx. Other files are copied as they are. Hidden files and folders,
// editor and VCS leftovers, files without an extension and node_modules
// are left out, but for the asset folders of other tools (.gitbook/assets,
// .attachments), published without the dot. data/ holds the comparison
// data files (.yaml, .yml, .json, .toml); a page in it is a page. The
// order files of other tools (SUMMARY.md and mkdocs.yml at the root,
// _category_.json in a folder) are read for the order, not published.
//
// Symbolic links are never followed, anywhere the build reads: each one
// is a warning, and what it points at is never read.
//
// # URLs
//
// guide/key-differences.md is published at guide/key-differences/index.html.
// Names are lowercased, and runs of anything but letters, digits and
// underscores become one hyphen; letters outside ASCII are kept. slug
// replaces the last part; permalink or url replaces the whole path. Every
// URL in the output is relative, so one site works at a host's root,
// under a sub-path and from disk.
//
// # Front matter
//
// YAML between --- lines or TOML between +++ lines, blanked rather than
// cut so that line numbers stay those of the file. title, description,
// weight, draft, internal (see Edition), slug, linkTitle, aliases and
// permalink are ours; the keys of Hugo, Jekyll, just-the-docs and
// Docusaurus that mean the same (nav_order, sidebar_position,
// sidebar_label, redirect_from, url, unlisted) are honoured, and others
// they use are accepted.
//
// A handbook with a handbook.toml is strict: an unknown key is an error
// at its line. A tree without one, written for another tool, is not: an
// unknown key is kept for layouts as .Page.Params and reported once for
// the tree, and the tree's broken links, missing images and clashing
// aliases are warnings. A likely typo of one of our keys is reported in
// both.
//
// # Titles and order
//
// A page's title is its front matter title, else its first H1, else its
// file name. That H1 is lifted out of the body so that the title never
// shows twice. Pages are ordered by the tree's own order file where it
// has one, then by weight (unweighted last), then by title, with the
// pages made from data after the written ones of their section.
//
// # Markdown
//
// CommonMark with GitHub's tables, task lists, strikethrough and
// autolinks, footnotes, definition lists and typographic quotes. Headings
// get GitHub's ids, {#id} sets one. GitHub alerts, Docusaurus and MkDocs
// admonitions and GitBook hints become callouts. Fenced code is
// highlighted at build time, each block within a time budget; a block
// that a lexer cannot finish is shown plain, with a warning. ```compare
// blocks embed comparison tables; ```mermaid blocks are diagrams. Hugo
// and Liquid shortcodes become links where they name one and show as
// written otherwise. Raw HTML is sanitised unless handbook.toml sets
// raw_html, which trusts it.
//
// # Links
//
// Links are written to the markdown files, as on GitHub: ../roles/pm.md,
// guide/index.md#anchor, a folder guide/, or /sources.md from the root.
// A link is also found by the URL a page was published at, an alias, a
// route prefix and, for an anchor, the heading it names in another case
// or by another tool's slug rules; such a link is pointed at the real id.
// A link that resolves nowhere is a problem at its file, line and column,
// with the closest page suggested.
//
// # Problems
//
// Every problem is an Error at path:line:col with a Kind; a build
// reports them all at once, sorted. Every input is bounded (YAML alias
// expansion, nesting, markdown the parser would take quadratic time on,
// compare blocks per page, path lengths), so that no file can hang a
// build or fill a disk.
//
// # Comparison data
//
// Package compare decodes data/ strictly into roles, dimensions and
// sources, and validates every cell; see its documentation.
//
// # Owners and review dates
//
// owner, reviewed (or last_reviewed, last_reviewed_at), review_every and
// review_by, in front matter, at the top of a data file or on a
// dimension, say who keeps it true and when it was last checked;
// handbook.toml's owner and review_every are the defaults. An owner
// written like an id names someone in a data file's people list. Reviews
// are judged at Config.Now: a page due within 30 days, or overdue, shows
// a banner, and its footer shows its owner and dates, written out in
// full so that the output depends on the build date alone. The site
// gets review.json, and, when a page has a date from git or reviewed, a
// "what changed" page and its Atom feed. Check lists what is due and
// compares the owners with Config.CodeOwners.
package generator
