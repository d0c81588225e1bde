package generator

import "github.com/rolehandbook/handbook/generator/internal/typography"

// smartQuotes writes the straight quotes of a title or description as
// typographic ones, as the markdown typographer does in text
// (typography.Quotes).
func smartQuotes(s string) string { return typography.Quotes(s) }
