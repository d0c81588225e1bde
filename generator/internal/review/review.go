// Package review reads the review dates and intervals that pages and data
// carry, and says when each falls due. Pages and data files share it, so
// that both accept the same dates and durations and explain a bad one in
// the same words.
package review

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateHint says how to write a date, for error messages.
const DateHint = "write it as YYYY-MM-DD, such as 2026-03-31"

// EveryHint says how to write an interval, for error messages.
const EveryHint = `write a number and days, weeks, months or years, such as "6 months" or "1 year"`

// Soon is how far ahead a review counts as due soon.
const Soon = 30 * 24 * time.Hour

// Every is how often something is reviewed, such as 6 months.
type Every struct {
	N    int
	Unit string // "day", "week", "month" or "year"
}

// IsZero reports whether no interval was given.
func (e Every) IsZero() bool { return e.N == 0 }

// String writes the interval as it is read: "6 months", "1 year".
func (e Every) String() string {
	if e.IsZero() {
		return ""
	}
	if e.N == 1 {
		return "1 " + e.Unit
	}
	return strconv.Itoa(e.N) + " " + e.Unit + "s"
}

// After returns the day the interval ends when it starts on day t. A
// month or a year that ends past the end of a month ends on its last day:
// a month after 31 January is 28 or 29 February, not 3 March.
func (e Every) After(t time.Time) time.Time {
	switch e.Unit {
	case "day":
		return t.AddDate(0, 0, e.N)
	case "week":
		return t.AddDate(0, 0, 7*e.N)
	case "month":
		return addMonths(t, e.N)
	case "year":
		return addMonths(t, 12*e.N)
	}
	return t
}

func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(t.Day(), last), 0, 0, 0, 0, time.UTC)
}

// maxEvery bounds an interval, so that a slip of the keyboard ("6000
// years") is caught rather than putting a review out of reach.
var maxEvery = map[string]int{"day": 3660, "week": 520, "month": 120, "year": 10}

// ParseEvery reads an interval such as "6 months", "1 year", "90 days" or
// "2 weeks". The error says what was wrong, without the hint.
func ParseEvery(s string) (Every, error) {
	f := strings.Fields(strings.ToLower(s))
	if len(f) != 2 {
		return Every{}, fmt.Errorf("%q is not an interval", s)
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n <= 0 {
		return Every{}, fmt.Errorf("%q is not an interval: %q is not a whole number above 0", s, f[0])
	}
	unit := strings.TrimSuffix(f[1], "s")
	limit, ok := maxEvery[unit]
	if !ok {
		return Every{}, fmt.Errorf("%q is not an interval: the unit %q is not days, weeks, months or years", s, f[1])
	}
	if n > limit {
		return Every{}, fmt.Errorf("%q is longer than %d %ss, the longest interval", s, limit, unit)
	}
	return Every{N: n, Unit: unit}, nil
}

// dateLayouts are the forms a date may take. A date and time, as another
// tool may write for last_reviewed_at, counts for its date.
var dateLayouts = []string{time.DateOnly, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05 -07:00", "2006-01-02 15:04:05Z07:00"}

// ParseDate reads a date written YYYY-MM-DD, or a date and time, and
// returns its day at midnight UTC.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return Day(t), true
		}
	}
	return time.Time{}, false
}

// Day returns the day of t, as t's own clock names it, at midnight UTC,
// so that days compare without regard to time zones.
func Day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Status says where a review stands on a given day.
type Status string

// The states of a review. A review without a due date has none.
const (
	OK      Status = "ok"       // due more than 30 days from now
	DueSoon Status = "due-soon" // due today or within 30 days
	Overdue Status = "overdue"  // due before today
)

// StatusOf judges a due date on the day now; both are days, as Day
// returns them.
func StatusOf(due, now time.Time) Status {
	switch {
	case due.IsZero():
		return ""
	case due.Before(now):
		return Overdue
	case !due.After(now.Add(Soon)):
		return DueSoon
	}
	return OK
}

// Due returns when a review falls due: on by when it is set, else every
// after reviewed, else never (the zero time).
func Due(reviewed time.Time, every Every, by time.Time) time.Time {
	switch {
	case !by.IsZero():
		return by
	case !reviewed.IsZero() && !every.IsZero():
		return every.After(reviewed)
	}
	return time.Time{}
}
