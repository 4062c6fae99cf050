package normalize

import (
	"strings"
	"time"
)

// vocabularyKeys maps the RDFa vocabulary prefixes to the spelling the
// meta lists of the date cascade use: "schema:datePublished" is read as
// "datepublished", "dcterms:created" as "dcterms.created".
var vocabularyKeys = []struct{ prefix, to string }{
	{"schema:", ""}, {"sdo:", ""}, {"og:", "og:"}, {"dc:", "dc."}, {"dcterms:", "dcterms."}, {"dct:", "dcterms."},
}

// dateMetaTags returns mt with every key written with an RDFa vocabulary
// prefix also filed under the name the date cascade reads, so that a
// date is found whatever prefix the page chose. mt is not modified.
func dateMetaTags(mt metaTags) metaTags {
	var out metaTags
	for k, vs := range mt {
		i := strings.IndexByte(k, ':')
		if i < 0 {
			continue
		}
		for _, p := range vocabularyKeys {
			if !strings.HasPrefix(k, p.prefix) || p.to == p.prefix {
				continue
			}
			nk := p.to + k[len(p.prefix):]
			if _, ok := mt[nk]; ok {
				break
			}
			if out == nil {
				out = make(metaTags, len(mt)+4)
				for k2, v2 := range mt {
					out[k2] = v2
				}
			}
			out[nk] = vs
			break
		}
	}
	if out == nil {
		return mt
	}
	return out
}

// microdataVotes reads the microdata publication dates (itemprop
// datePublished, else dateCreated, on <time>, <meta>, <span> or any
// element) wherever they sit, unless the first sits beside the headline,
// where the <time> elements are read: the page marked them up as its dates, even
// in a block a template calls a footer. When they name many different
// days they date a list of items, and only the first counts, a little.
func microdataVotes(s *pageScan, now time.Time, monthFirst bool) []dateVote {
	var out []dateVote
	days := map[string]bool{}
	for _, prop := range []string{"datePublished", "dateCreated"} {
		for _, t := range s.times {
			if t.itemprop != prop {
				continue
			}
			if t.zone&zBoiler == 0 && proximityWeight(s, textItem{zone: t.zone, pos: t.pos}, 6, 4, 0) >= 6 {
				return nil // beside the headline: read with the other <time>s
			}
			if d, ok := parseDate(t.value, now, monthFirst); ok {
				days[d.day()] = true
				if len(out) == 0 {
					out = append(out, dateVote{d: d, weight: microdataWeight, raw: strings.TrimSpace(t.value)})
				}
			}
		}
		if len(out) > 0 {
			break
		}
	}
	if len(days) >= minTeaserDays && len(out) > 0 {
		out[0].weight = 1
	}
	return out
}

// microdataWeight is the weight of a microdata publication date: below
// JSON-LD and the Open Graph article time, above a visible dateline's.
const microdataWeight = 6

// localDays rewrites the structured UTC times (votes pub[:n]) that name
// the same moment as a date the page prints in its own wall time, a day
// apart: "2020-02-25T02:25:54Z" in the metadata and "February 24, 2020 |
// 9:25pm" under the headline are one instant, and the page's day is the
// printed one. A printed time gives the offset; a printed day alone is
// taken only near midnight, in the direction the page's language makes
// likely: a late UTC evening is the next day in Europe, an early UTC
// morning the day before in the Americas.
func localDays(pub []dateVote, n int, lang string) {
	for i := range pub[:n] {
		v := &pub[i]
		if !v.d.hasTime || !v.d.hasZone {
			continue
		}
		if _, off := v.d.t.Zone(); off != 0 {
			continue
		}
		if h := v.d.t.Hour(); (h == 22 || h == 23) && v.d.t.Minute() == 0 && v.d.t.Second() == 0 && !americasLang(lang) {
			// Midnight in Central Europe written in UTC: the tool
			// stored a day without a time.
			next := v.d.t.Add(time.Duration(24-h) * time.Hour)
			v.d = parsedDate{t: next, swappable: false}
			continue
		}
		for _, o := range pub[n:] {
			if o.d.hasZone || o.weight < 2 || o.d.day() == v.d.day() || !sameMoment(v.d.t, o.d) {
				continue
			}
			if !o.d.hasTime && !nearMidnight(v.d.t, o.d, lang) {
				continue
			}
			if o.d.hasTime {
				wall := time.Date(o.d.t.Year(), o.d.t.Month(), o.d.t.Day(), o.d.t.Hour(), o.d.t.Minute(), v.d.t.Second(), 0, time.UTC)
				v.d.t = v.d.t.In(time.FixedZone("", int(wall.Sub(v.d.t).Seconds())))
				v.d.zulu = false
			} else {
				v.d = o.d
			}
			break
		}
	}
}

// sameMoment reports whether the instant t falls on local's day in some
// zone from UTC-12 to UTC+14, and at local's time when it has one.
func sameMoment(t time.Time, local parsedDate) bool {
	day := time.Date(local.t.Year(), local.t.Month(), local.t.Day(), 0, 0, 0, 0, time.UTC)
	if local.hasTime {
		wall := day.Add(time.Duration(local.t.Hour())*time.Hour + time.Duration(local.t.Minute())*time.Minute)
		off := wall.Sub(t.Truncate(time.Minute))
		return off >= -12*time.Hour && off <= 14*time.Hour && off%(15*time.Minute) == 0
	}
	// t+off lies in [day, day+24h) for some off in [-12h, +14h].
	return t.After(day.Add(-14*time.Hour)) && t.Before(day.Add(36*time.Hour))
}

// nearMidnight reports whether the UTC time t is close enough to
// midnight for the day printed on a page in lang to be the next (Europe,
// Africa, Asia: UTC+1 and more) or the previous one (the Americas).
func nearMidnight(t time.Time, local parsedDate, lang string) bool {
	americas := americasLang(lang)
	next := local.t.After(t)
	switch {
	case next && !americas:
		return t.Hour() >= 21
	case !next && americas:
		return t.Hour() < 8
	}
	return false
}

// americasLang reports whether lang is spoken in the Americas, whose
// zones lie behind UTC; "" counts as English.
func americasLang(lang string) bool {
	switch primaryLang(lang) {
	case "en", "es", "pt", "":
		return true
	}
	return false
}

// primaryLang is the language subtag of a language tag: "de" for "de-AT".
func primaryLang(lang string) string {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return strings.ToLower(lang)
}
