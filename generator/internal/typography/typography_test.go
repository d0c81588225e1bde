package typography

import "testing"

func TestQuotes(t *testing.T) {
	for in, want := range map[string]string{
		`A PM's week`:                 `A PM’s week`,
		`"Product" vs "project"`:      `“Product” vs “project”`,
		`The '90s roadmap`:            `The ’90s roadmap`,
		`Rock 'n' roll`:               `Rock ‘n’ roll`,
		`Teams' goals`:                `Teams’ goals`,
		`('quoted')`:                  `(‘quoted’)`,
		"The `don't` flag":            "The `don't` flag",
		`No quotes at all`:            `No quotes at all`,
		`Already “curly” and it’s ok`: `Already “curly” and it’s ok`,
		`He said "it's 'fine'"`:       `He said “it’s ‘fine’”`,
		`"'Quoted' words"`:            `“‘Quoted’ words”`,
		`'"Hi"'`:                      `‘“Hi”’`,
		`"Wait—"`:                     `“Wait—”`,
		`'9 to 5'`:                    `‘9 to 5’`,
		`Back in '99, then`:           `Back in ’99, then`,
		`—"quoted"`:                   `—“quoted”`,
	} {
		if got := Quotes(in); got != want {
			t.Errorf("Quotes(%q) = %q, want %q", in, got, want)
		}
	}
}
