package generator

import "github.com/rolehandbook/handbook/generator/compare"

// addJobs adds a job description page per level of a ladder.
func (cmp *comparison) addJobs(sub *Section, lad *compare.Ladder, add func(*Page, string)) {}

// jobFiles are the job descriptions as markdown and plain text.
func (cmp *comparison) jobFiles() map[string][]byte { return nil }
