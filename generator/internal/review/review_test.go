package review

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestReviewEvery reads intervals as people write them, and ends a month
// or a year that would run past the end of a month on its last day.
func TestReviewEvery(t *testing.T) {
	for _, tc := range []struct{ in, from, due string }{
		{"6 months", "2026-01-15", "2026-07-15"},
		{"1 month", "2026-01-31", "2026-02-28"},
		{"1 month", "2028-01-31", "2028-02-29"},
		{"1 year", "2028-02-29", "2029-02-28"},
		{"12 Months", "2026-03-31", "2027-03-31"},
		{"90 days", "2026-12-01", "2027-03-01"},
		{"2 weeks", "2026-12-25", "2027-01-08"},
		{" 1  day ", "2026-12-31", "2027-01-01"},
	} {
		e, err := ParseEvery(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if got := e.After(day(tc.from)).Format(time.DateOnly); got != tc.due {
			t.Errorf("%q after %s = %s, want %s", tc.in, tc.from, got, tc.due)
		}
	}
	for _, bad := range []string{"", "6", "months", "six months", "0 days", "-1 year", "1.5 years", "6 moons", "11 years", "6 months ago"} {
		if e, err := ParseEvery(bad); err == nil {
			t.Errorf("%q read as %v", bad, e)
		}
	}
	if s := (Every{N: 1, Unit: "year"}).String() + ", " + (Every{N: 6, Unit: "month"}).String(); s != "1 year, 6 months" {
		t.Errorf("String: %s", s)
	}
}

// TestReviewDate takes a date, or a date and time for its day as the
// writer's clock names it.
func TestReviewDate(t *testing.T) {
	for in, want := range map[string]string{
		"2026-03-04":                "2026-03-04",
		"2026-03-04T23:30:00+10:00": "2026-03-04",
		"2026-03-04T10:00:00Z":      "2026-03-04",
		"2026-03-04 10:00:00":       "2026-03-04",
	} {
		d, ok := ParseDate(in)
		if !ok || d.Format(time.DateOnly) != want || d.Location() != time.UTC || d.Hour() != 0 {
			t.Errorf("%q = %v, %v; want %s at midnight UTC", in, d, ok, want)
		}
	}
	for _, bad := range []string{"2026-13-01", "2026-02-30", "2026-1-5", "04/03/2026", "yesterday", ""} {
		if d, ok := ParseDate(bad); ok {
			t.Errorf("%q read as %v", bad, d)
		}
	}
}

// TestReviewStatus judges a due date: due soon from 30 days ahead up to
// the day itself, overdue from the day after.
func TestReviewStatus(t *testing.T) {
	now := day("2026-12-01")
	for due, want := range map[string]Status{
		"2027-01-01": OK,
		"2026-12-31": DueSoon,
		"2026-12-01": DueSoon,
		"2026-11-30": Overdue,
	} {
		if got := StatusOf(day(due), now); got != want {
			t.Errorf("due %s at %s: %s, want %s", due, now.Format(time.DateOnly), got, want)
		}
	}
	if got := StatusOf(time.Time{}, now); got != "" {
		t.Errorf("no due date: %q", got)
	}
	if got := Due(day("2026-01-01"), Every{N: 1, Unit: "year"}, day("2026-06-01")); !got.Equal(day("2026-06-01")) {
		t.Errorf("review_by wins over review_every: %v", got)
	}
	if got := Due(time.Time{}, Every{N: 1, Unit: "year"}, time.Time{}); !got.IsZero() {
		t.Errorf("never reviewed, no review_by: due %v", got)
	}
}
