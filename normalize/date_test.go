package normalize

import (
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in         string
		monthFirst bool
		want       string // "" when no date should be found
	}{
		// Machine formats.
		{"2023-09-14", false, "2023-09-14"},
		{"2023-09-14T10:32:00+02:00", false, "2023-09-14T10:32:00+02:00"},
		{"2023-09-14T10:32:00.123Z", false, "2023-09-14T10:32:00Z"},
		{"2023-09-14T08:00:00-0400", false, "2023-09-14T08:00:00-04:00"},
		{"2023-09-14 10:32:00", false, "2023-09-14"}, // a time without a zone names no instant
		{"2023/09/13", false, "2023-09-13"},
		{"2023.09.13", false, "2023-09-13"},
		{"Mon, 14 Sep 2023 10:00:00 +0000", false, "2023-09-14T10:00:00+00:00"},
		{"2023-09/13", false, ""},
		// Month names.
		{"14 September 2023", false, "2023-09-14"},
		{"September 14, 2023", false, "2023-09-14"},
		{"Sept. 13, 2023", false, "2023-09-13"},
		{"Sep 14th, 2023", false, "2023-09-14"},
		{"14th of September, 2023", false, "2023-09-14"},
		{"14-Sep-2023", false, "2023-09-14"},
		{"Thursday, September 14, 2023 10:32 AM EDT", false, "2023-09-14T10:32:00-04:00"},
		{"April 28, 2019 at 6:01 pm GMT", false, "2019-04-28T18:01:00+00:00"},
		{"Published: Dec 12, 2023 | Updated: Jan 3, 2024", false, "2023-12-12"},
		// Other languages.
		{"14 сентября 2023", false, "2023-09-14"},
		{"14 сентября 2023 г., 10:15 MSK", false, "2023-09-14T10:15:00+03:00"},
		{"14. September 2023", false, "2023-09-14"},
		{"3. März 2024", false, "2024-03-03"},
		{"13 de septiembre de 2023", false, "2023-09-13"},
		{"13 de setembro de 2023", false, "2023-09-13"},
		{"1er août 2022", false, "2022-08-01"},
		{"12 settembre 2022", false, "2022-09-12"},
		{"5 grudnia 2021", false, "2021-12-05"},
		{"2023年9月13日", false, "2023-09-13"},
		{"2023년 9월 13일", false, "2023-09-13"},
		// Year first, as bibliographic records write it.
		{"2023 Jan 7", false, "2023-01-07"},
		{"Cureus. 2023 Jan 7;15(1):e33475.", false, "2023-01-07"},
		{"2024 Jun 30 10:00", false, "2024-06-30"},
		{"2023 and 7 more", false, ""},
		// Numeric day and month.
		{"13.09.2023", false, "2023-09-13"},
		{"13/09/2023", true, "2023-09-13"},
		{"09/13/2023", false, "2023-09-13"},
		{"03/04/2023", true, "2023-03-04"},
		{"03/04/2023", false, "2023-04-03"},
		{"03.04.2023", true, "2023-04-03"}, // dots are never month-first
		// Not dates, or not usable ones.
		{"3 days ago", false, ""},
		{"yesterday", false, ""},
		{"September 2023", false, ""},
		{"© 1994 Example", false, ""},
		{"14 September 1990", false, ""},
		{"2030-01-01", false, ""}, // in the future
		{"31 September 2023", false, ""},
		{"2023-13-01", false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		d, ok := parseDate(tt.in, testNow, tt.monthFirst)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("parseDate(%q, monthFirst=%v) = %q, want %q", tt.in, tt.monthFirst, got, tt.want)
		}
	}
}

func TestParseDateEarliest(t *testing.T) {
	d, ok := parseDate("Posted on 3 May 2023, updated 2023-06-05", testNow, false)
	if !ok || d.day() != "2023-05-03" {
		t.Fatalf("got %v %v, want the first date in the text", d.day(), ok)
	}
	if got := "Posted on 3 May 2023, updated 2023-06-05"[d.pos:d.end]; got != "3 May 2023" {
		t.Errorf("match span = %q", got)
	}
}

func TestURLDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com/2023/09/14/some-story/", "2023-09-14"},
		{"https://example.com/news/2023-09-14-some-story", "2023-09-14"},
		{"https://example.com/2023/09/some-story", ""},
		{"https://example.com/archive/20230914/", "2023-09-14"},
		{"https://example.com/1990/01/02/old", ""},
		{"https://example.com/2023/13/40/x", ""},
		{"https://example.com/products/123456789", ""},
		{"https://example.com/blog/2023/october/03/wine-styles/", "2023-10-03"},
		{"https://example.com/blog/2023/Oct/3/", "2023-10-03"},
		{"https://example.com/blog/2023/autumn/03/", ""},
		{"https://example.com/blog/2023/october/", ""},
	}
	for _, tt := range tests {
		d, ok := urlDate(tt.in, testNow)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("urlDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestZoneOffset(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"Z", 0, true}, {"+02:00", 120, true}, {"-0530", -330, true}, {"+09", 540, true},
		{"GMT+2", 120, true}, {"UTC-05:30", -330, true}, {"CEST", 120, true}, {"PDT", -420, true},
		{"XYZ", 0, false}, {"+99:00", 0, false}, {"", 0, false},
	}
	for _, tt := range tests {
		got, ok := zoneOffset(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("zoneOffset(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2023-09-14T10:32:00+02:00", "14 сентября 2023", "Sept. 13, 2023 at 6:01 pm EDT",
		"2023年9月13日", "13/09/2023", "1er août 2022 à 10h32", strings.Repeat("2023-", 200),
		"Tue Jan 28 15:28:56 CET 2020", "2021 m. gegužės 5 d.", "2021. gada 5. maijā", "4.\u20092.\u20092022.", "26 | 01 | 2022"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start := time.Now()
		d, ok := parseDate(s, testNow, false)
		if el := time.Since(start); el > time.Second {
			t.Fatalf("parseDate took %v on %d bytes", el, len(s))
		}
		if !ok {
			return
		}
		if d.t.Year() < minYear || d.t.After(testNow.Add(36*time.Hour)) {
			t.Fatalf("implausible date %v from %q", d.t, s)
		}
		if d.pos < 0 || d.end < d.pos || d.end > len(s) {
			t.Fatalf("bad span %d..%d for %q", d.pos, d.end, s)
		}
		if _, err := time.Parse(time.DateOnly, d.day()); err != nil {
			t.Fatalf("unformattable day %q", d.day())
		}
	})
}

func TestAlignInstants(t *testing.T) {
	utc, _ := parseDate("2025-12-19T03:05:00Z", testNow.AddDate(1, 0, 0), false)
	local, _ := parseDate("2025-12-18T19:05:00-08:00", testNow.AddDate(1, 0, 0), false)
	other, _ := parseDate("2025-12-19T09:00:00Z", testNow.AddDate(1, 0, 0), false)
	votes := []dateVote{{d: utc, weight: 9}, {d: local, weight: 6}, {d: other, weight: 3}}
	alignInstants(votes)
	for i, want := range []string{"2025-12-18", "2025-12-18", "2025-12-19"} {
		if got := votes[i].d.day(); got != want {
			t.Errorf("vote %d: day %s, want %s", i, got, want)
		}
	}
}

func TestFallbackDates(t *testing.T) {
	tests := []struct {
		name  string
		texts []string
		want  string
	}{
		{"name and date", []string{"Jane Doe December 17, 2025"}, "2025-12-17"},
		{"date alone", []string{"December 17, 2025"}, "2025-12-17"},
		{"first line wins", []string{"December 17, 2025", "November 3, 2025"}, "2025-12-17"},
		{"reference", []string{"Creswell JD. 2015;70(7):581-592. August 18, 2020. [Epub ahead of print]."}, ""},
		{"long label", []string{"The survey was run in the spring and closed on May 3, 2024"}, ""},
		{"as of", []string{"as of December 31, 2025"}, ""},
		{"copyright", []string{"© Example Media December 31, 2025"}, ""},
		{"update label", []string{"Last updated: December 17, 2025"}, ""},
		{"bare numeric", []string{"2025-07-01"}, ""},
		{"table cell", []string{"table: Sale start date July 1, 2025"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &pageScan{}
			for i, txt := range tt.texts {
				z := zArticle
				if t, ok := strings.CutPrefix(txt, "table: "); ok {
					txt, z = t, z|zTable
				}
				s.dateTexts = append(s.dateTexts, textItem{txt, z, i + 1})
			}
			got := ""
			if d, ok := bestDate(fallbackDates(s, testNow.AddDate(1, 0, 0), false)); ok {
				got = d.String()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSwapped(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when the date cannot be read the other way
	}{
		{"02-12-2025", "2025-02-12"},
		{"13/02/2024", ""},
		{"02/02/2024", ""},
		{"2024-02-12", ""},
		{"12 February 2024", ""},
	}
	for _, tt := range tests {
		d, ok := parseDate(tt.in, testNow.AddDate(1, 0, 0), false)
		if !ok {
			t.Fatalf("parseDate(%q) failed", tt.in)
		}
		got := ""
		if alt, ok := d.swapped(); ok {
			got = alt.day()
		}
		if got != tt.want {
			t.Errorf("swapped(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestResolveSwaps(t *testing.T) {
	now := testNow.AddDate(1, 0, 0)
	vote := func(v string, w float64) dateVote {
		d, ok := parseDate(v, now, true)
		if !ok {
			t.Fatalf("parseDate(%q) failed", v)
		}
		return dateVote{d: d, weight: w}
	}
	tests := []struct {
		name  string
		pub   []dateVote
		times []string
		want  string
	}{
		{"another source gives the other reading", []dateVote{vote("02-12-2024", 5)}, []string{"2024-12-02"}, "2024-12-02"},
		{"a vote gives the other reading", []dateVote{vote("02-12-2024", 5), vote("2024-12-02T10:00:00Z", 2)}, nil, "2024-12-02"},
		{"both readings given", []dateVote{vote("02-12-2024", 5)}, []string{"2024-12-02", "2024-02-12"}, "2024-02-12"},
		{"no other source", []dateVote{vote("02-12-2024", 5)}, nil, "2024-02-12"},
		{"ambiguous sources do not count", []dateVote{vote("02-12-2024", 5)}, []string{"12/02/2024"}, "2024-02-12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &pageScan{}
			for i, v := range tt.times {
				s.times = append(s.times, timeItem{value: v, zone: zBoiler, pos: i + 1})
			}
			resolveSwaps(s, tt.pub, nil, now, true)
			if got := tt.pub[0].d.day(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestSavedWith(t *testing.T) {
	now := testNow.AddDate(1, 0, 0)
	mod, _ := parseDate("2024-12-19T22:02:45Z", now, false)
	modified := []dateVote{{d: mod, weight: 10}}
	tests := []struct {
		pub  string
		want bool
	}{
		{"2024-12-19T22:02:58Z", true},      // after the modification
		{"2024-12-19T21:59:00Z", true},      // minutes before it
		{"2024-12-19T17:02:45-05:00", true}, // the same instant
		{"2024-12-18T09:00:00Z", false},     // the day before
		{"2024-12-19", false},               // no time to compare
		{"2024-12-19T22:02:58", false},      // no zone
	}
	for _, tt := range tests {
		p, ok := parseDate(tt.pub, now, false)
		if !ok {
			t.Fatalf("parseDate(%q) failed", tt.pub)
		}
		if got := savedWith(p, modified); got != tt.want {
			t.Errorf("savedWith(%q) = %v, want %v", tt.pub, got, tt.want)
		}
	}
}

func TestFallbackUpdated(t *testing.T) {
	tests := []struct {
		name string
		item textItem
		want string
	}{
		{"after the headline", textItem{"Last updated: November 13, 2024", 0, 20}, "2024-11-13"},
		{"updated on", textItem{"Page updated on 13 November 2024", 0, 20}, "2024-11-13"},
		{"before the headline", textItem{"Last updated: November 13, 2024", 0, 5}, ""},
		{"no label", textItem{"November 13, 2024", 0, 20}, ""},
		{"in a table", textItem{"Updated: November 13, 2024", zTable, 20}, ""},
		{"copyright", textItem{"Updated 2024 © Example Agency, November 13, 2024", 0, 20}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &pageScan{firstH1: 10, dateTexts: []textItem{tt.item}}
			got := ""
			if d, ok := bestDate(fallbackUpdated(s, testNow, false)); ok {
				got = d.String()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTeaserTimes(t *testing.T) {
	item := func(v string, pos int) timeItem { return timeItem{value: v, zone: zArticle, pos: pos} }
	tests := []struct {
		name  string
		times []timeItem
		want  bool
	}{
		{"one date by the headline", []timeItem{item("2024-03-01", 12)}, false},
		{"many days far down", []timeItem{item("2024-03-01", 12), item("2024-02-01", 200), item("2024-01-09", 220), item("2023-12-24", 240)}, true},
		{"one day repeated", []timeItem{item("2024-02-01", 200), item("2024-02-01", 220), item("2024-02-01", 240)}, false},
		{"many days by the headline", []timeItem{item("2024-02-01", 11), item("2024-01-09", 12), item("2023-12-24", 13)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &pageScan{firstH1: 10, times: tt.times}
			if got := teaserTimes(s, testNow, false); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
