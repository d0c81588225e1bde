package generator

import (
	"strings"
	"testing"
	"time"
)

// TestShortcodeLinks resolves Hugo's ref and relref and Jekyll's link, as
// a link's destination and in text, through the link resolver: relative
// to the page, then to the root for Hugo; from the root for Jekyll.
func TestShortcodeLinks(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"index.md": "# Home\n\n" +
			"[a]({{< ref \"guide/x.md\" >}}) [b]({{< relref \"guide/x.md#part\" >}}) [c]({{% ref \"/guide/x.md\" %}}) " +
			"[d]({{< ref \"guide/x.md\" >}}#part) [*e* and `f`]({{< ref \"guide/x\" >}}) ![pic]({{< ref \"pic.png\" >}})\n\n" +
			"In text: {{< ref \"guide/x.md\" >}}.\n\n" +
			"Jekyll: [g]({% link guide/x.md %}), [h]({{ site.baseurl }}{% link guide/x.md %}), [i]({{ site.baseurl }}/guide/x.md#part) and {% link guide/x.md %}.\n",
		"guide/x.md": "# X\n\n## Part\n\nUp [home]({{< ref \"index.md\" >}}), [to the root]({% link index.md %}), [here]({{< ref \"#part\" >}}).\n",
		"pic.png":    "png",
	})
	home := mainOf(t, res, "index.html")
	for _, want := range []string{
		`<a href="guide/x/index.html">a</a>`,
		`<a href="guide/x/index.html#part">b</a>`,
		`<a href="guide/x/index.html">c</a>`,
		`<a href="guide/x/index.html#part">d</a>`,
		`<a href="guide/x/index.html"><em>e</em> and <code>f</code></a>`,
		`<img src="pic.png" alt="pic">`,
		`In text: <a href="guide/x/index.html">guide/x.md</a>.`,
		`Jekyll: <a href="guide/x/index.html">g</a>, <a href="guide/x/index.html">h</a>, <a href="guide/x/index.html#part">i</a> and <a href="guide/x/index.html">guide/x.md</a>.`,
	} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %s:\n%s", want, home)
		}
	}
	x := mainOf(t, res, "guide/x/index.html")
	for _, want := range []string{`<a href="../../index.html">home</a>`, `<a href="../../index.html">to the root</a>`, `<a href="#part">here</a>`} {
		if !strings.Contains(x, want) {
			t.Errorf("guide page lacks %s:\n%s", want, x)
		}
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
}

// TestShortcodeBrokenTargetsAreWarnings checks that a shortcode naming a
// page or image that does not exist leaves the build going: the text is
// kept, and the warning names where the shortcode is written.
func TestShortcodeBrokenTargetsAreWarnings(t *testing.T) {
	fsys := mapFS(map[string]string{
		"index.md": "# Home\n\nSee [the old page]({{< ref \"gone.md\" >}}) or {{< relref \"gone.md\" >}}.\n\n" +
			"{{< figure src=\"nope.png\" caption=\"Lost\" >}}\n",
	})
	res, err := Build(Config{Name: "hb", Content: fsys})
	if err != nil {
		t.Fatalf("build failed: %v", err)
	}
	if rep, err := Check(Config{Name: "hb", Content: fsys}); err != nil || len(rep.Errors) != 0 {
		t.Errorf("check: %v, errors:\n%v", err, rep.Errors)
	}
	want := `hb/index.md:3:20: broken link "gone.md": no page or file at "gone.md"; the link's text is shown without it
hb/index.md:3:46: broken link "gone.md": no page or file at "gone.md"; the {{< relref >}} shortcode is shown as written
hb/index.md:5:1: missing image "nope.png": no page or file at "nope.png"; the {{< figure >}} shortcode is shown as written`
	if got := res.Warnings.Error(); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
	m := mainOf(t, res, "index.html")
	for _, want := range []string{
		"See the old page or <code>{{&lt; relref &quot;gone.md&quot; &gt;}}</code>.",
		"<code>{{&lt; figure src=&quot;nope.png&quot; caption=&quot;Lost&quot; &gt;}}</code>",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("page lacks %s:\n%s", want, m)
		}
	}
}

// TestShortcodeWarnedOncePerBuild checks that a shortcode handbook does
// not know is shown as written wherever it is used, and reported once for
// the whole build, at its first use, also by a build that reuses pages.
func TestShortcodeWarnedOncePerBuild(t *testing.T) {
	files := map[string]string{
		"index.md": "# Home\n\n{{< notice info >}}\nOne.\n{{< /notice >}}\n\n{% include a.html %} {% include b.html %}\n",
		"b.md":     "# B\n\n{{% notice tip %}}\nTwo.\n{{% /notice %}} {{< tabs >}}\n",
		"c.md":     "# C\n\n{{< notice >}} {%- include c.html -%} {% highlight go %}x{% endhighlight %}\n",
	}
	want := `b.md:3:1: {{% notice %}} is shown as written, here and wherever else it is used: handbook does not run Hugo shortcodes
b.md:5:17: {{< tabs >}} is shown as written, here and wherever else it is used: handbook does not run Hugo shortcodes
c.md:3:16: {% include %} is shown as written, here and wherever else it is used: handbook does not run Liquid
c.md:3:39: {% highlight %} is shown as written, here and wherever else it is used: handbook does not run Liquid`
	cache := NewCache()
	for i := range 2 {
		res, err := Build(Config{Content: mapFS(files), Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Warnings.Error(); got != want {
			t.Errorf("build %d: warnings:\n%s\nwant:\n%s", i+1, got, want)
		}
		for page, shown := range map[string][]string{
			"index.html":   {"<code>{{&lt; notice info &gt;}}</code>\nOne.\n<code>{{&lt; /notice &gt;}}</code>", "<code>{% include a.html %}</code> <code>{% include b.html %}</code>"},
			"b/index.html": {"<code>{{% notice tip %}}</code>", "<code>{{&lt; tabs &gt;}}</code>"},
			"c/index.html": {"<code>{%- include c.html -%}</code>", "<code>{% highlight go %}</code>x<code>{% endhighlight %}</code>"},
		} {
			for _, s := range shown {
				if m := mainOf(t, res, page); !strings.Contains(m, s) {
					t.Errorf("%s lacks %s:\n%s", page, s, m)
				}
			}
		}
	}
}

// TestShortcodeFigureAndVideo turns Hugo's figure into an image with its
// caption, resolved like any image, and youtube into a plain link.
func TestShortcodeFigureAndVideo(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"index.md": "# Home\n\n{{< figure src=\"img/pic.png\" alt=\"A <pic>\" title=\"T\" caption=\"Cap & more\" width=\"300\" >}}\n\n" +
			"Inline {{< figure src=\"/img/pic.png\" >}} figure.\n\n" +
			"{{< youtube id=\"a&b\" title=\"A talk\" >}} and {{< youtube w7Ft2ymGmfc >}}\n",
		"img/pic.png": "png",
	})
	m := mainOf(t, res, "index.html")
	for _, want := range []string{
		`<figure><img src="img/pic.png" alt="A &lt;pic&gt;" width="300"><figcaption><strong>T</strong> Cap &amp; more</figcaption></figure>`,
		`<p>Inline <img src="img/pic.png" alt=""> figure.</p>`,
		`<a href="https://www.youtube.com/watch?v=a%26b">A talk</a> and <a href="https://www.youtube.com/watch?v=w7Ft2ymGmfc">YouTube video w7Ft2ymGmfc</a>`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("page lacks %s:\n%s", want, m)
		}
	}
	if strings.Contains(m, "<iframe") || strings.Contains(m, "<p><figure>") {
		t.Errorf("page has an iframe or a figure in a paragraph:\n%s", m)
	}
}

// TestShortcodeLiquidRaw shows what {% raw %} holds as Jekyll does, and
// leaves a raw tag on its own line out.
func TestShortcodeLiquidRaw(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"index.md": "# Home\n\nWrite {% raw %}{{ page.title }} and {% if x %}{% endraw %} in a layout.\n\n" +
			"{% raw %}\n```liquid\n{% if page.title %}{{ page.title }}{% endif %}\n```\n{% endraw %}\n\nAfter.\n",
	})
	m := mainOf(t, res, "index.html")
	for _, want := range []string{
		"<p>Write {{ page.title }} and {% if x %} in a layout.</p>",
		"{% if page.title %}{{ page.title }}{% endif %}\n</code></pre>\n<p>After.</p>",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("page lacks %s:\n%s", want, m)
		}
	}
	if strings.Contains(m, "raw") || strings.Contains(m, "<p></p>") || len(res.Warnings) != 0 {
		t.Errorf("a raw tag or an empty paragraph is left, or warned about (%v):\n%s", res.Warnings, m)
	}
}

// TestShortcodeTextIsKept checks that every shortcode or tag handbook
// does not run shows as written, and that text which only looks like one
// is left alone.
func TestShortcodeTextIsKept(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"index.md": "# Home\n\n{{< tabs name=\"x\" >}} {{% details title=\"Q\" open=true %}}\n" +
			"{{< multi\n  line=\"yes\" >}} {{</* figure src=\"x.png\" */>}} {{%/* ref \"a.md\" */%}}\n\n" +
			"Not shortcodes: {{< not closed, {% %}, {{ .Go }}, {x} and \\{{< escaped >}}.\n\n" +
			"`{{< in code >}}` and {{< ref >}}\n",
	})
	m := mainOf(t, res, "index.html")
	for _, want := range []string{
		"<code>{{&lt; tabs name=&quot;x&quot; &gt;}}</code> <code>{{% details title=&quot;Q&quot; open=true %}}</code>",
		"<code>{{&lt; multi\nline=&quot;yes&quot; &gt;}}</code>",
		"<code>{{&lt; figure src=&quot;x.png&quot; &gt;}}</code> <code>{{% ref &quot;a.md&quot; %}}</code>",
		"Not shortcodes: {{&lt; not closed, {% %}, {{ .Go }}, {x} and {",
		"<code>{{&lt; in code &gt;}}</code> and <code>{{&lt; ref &gt;}}</code>",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("page lacks %s:\n%s", want, m)
		}
	}
}

// TestShortcodeBounded builds pages full of braces that open nothing: the
// search for a shortcode's end is bounded, so they build quickly.
func TestShortcodeBounded(t *testing.T) {
	start := time.Now()
	mustBuild(t, map[string]string{
		"index.md": "# Home\n\n" + strings.Repeat("{{< x ", 50000) + "\n\n" + strings.Repeat("{% raw %} ", 20000) + "\n\n" +
			strings.Repeat("{% raw %}\n", 20000) + "\n\n" + strings.Repeat("]({{< ref ", 10000) + "\n",
	})
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %s", d)
	}
}
