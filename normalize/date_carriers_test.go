package normalize

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestDateCarriers reads the publication date from each standard
// carrier, whatever the page type and wherever the carrier sits.
func TestDateCarriers(t *testing.T) {
	tests := []struct {
		name, lang, body, want string
	}{
		{"microdata time in a list footer", "de",
			`<div class="footer"><span class="news-list-date"><time itemprop="datePublished" datetime="2020-01-27">27.01.2020</time></span></div>`,
			"2020-01-27"},
		{"microdata meta", "en",
			`<div itemscope itemtype="https://schema.org/NewsArticle"><meta itemprop="datePublished" content="2021-03-04T10:00:00+01:00"><p>Text.</p></div>`,
			"2021-03-04T10:00:00+01:00"},
		{"microdata span content", "en",
			`<aside><span itemprop="dateCreated" content="2021-05-06">6 May</span></aside>`,
			"2021-05-06"},
		{"RDFa schema prefix on a span", "de",
			`<span property="schema:dateCreated" content="2022-01-28T12:45:46+00:00" class="rdf-meta hidden"></span><p>Text.</p>`,
			"2022-01-28T12:45:46+00:00"},
		{"RDFa dc prefix", "en",
			`<span property="dc:date" datatype="xsd:dateTime" content="2019-02-08T00:00:00+01:00"></span>`,
			"2019-02-08T00:00:00+01:00"},
		{"JSON-LD in @graph", "en",
			`<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"S"},{"@type":"NewsArticle","headline":"H","datePublished":"2020-04-05T08:00:00+02:00"}]}</script>`,
			"2020-04-05T08:00:00+02:00"},
		{"JSON-LD in a script without type", "de",
			`<script>{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "H", "datePublished": "2022-01-28T06:00:00+01:00"}</script>`,
			"2022-01-28T06:00:00+01:00"},
		{"Java date in JSON-LD", "de",
			`<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"Tue Jan 28 15:28:56 CET 2020"}</script>`,
			"2020-01-28T15:28:56+01:00"},
		{"time in the article header", "en",
			`<article><header><h1>Headline</h1><time datetime="2023-09-14T10:32:00+02:00">14 Sep</time></header><p>Text.</p></article>`,
			"2023-09-14T10:32:00+02:00"},
		{"label in an info box", "de",
			`<h1>Pressemitteilung</h1><div class="info"><p>Datum: 26. Januar 2022</p></div><p>Lange Rede, kurzer Sinn.</p>`,
			"2022-01-26"},
		{"Stand label far from the headline", "de",
			`<h1>Radon</h1>` + strings.Repeat("<div><p>Absatz.</p></div>", 60) + `<p>Stand: 25.01.2022</p>`,
			"2022-01-25"},
		{"place and date line", "de",
			`<h1>Rede</h1><div class="article-metadata"><span>Lübeck, 31. März 2003</span></div>`,
			"2003-03-31"},
		{"Veröffentlicht am", "de",
			`<h1>T</h1><p>Veröffentlicht am 12.05.2021</p>`, "2021-05-12"},
		{"Publié le", "fr",
			`<h1>T</h1><p>Publié le 3 mars 2021</p>`, "2021-03-03"},
		{"Publicado el", "es",
			`<h1>T</h1><p>Publicado el 12 de mayo de 2020</p>`, "2020-05-12"},
		{"Opublikowano", "pl",
			`<h1>T</h1><p>Opublikowano: 5 maja 2021</p>`, "2021-05-05"},
		{"Опубликовано", "ru",
			`<h1>T</h1><p>Опубликовано: 5 мая 2021</p>`, "2021-05-05"},
		{"two-digit year in a dateline", "de",
			`<h1>T</h1><div class="date">28.01.22 / 0 Kommentare</div>`, "2022-01-28"},
		{"UTC time and the printed local day", "en",
			`<meta property="article:published_time" content="2020-02-25T02:25:54+00:00"><h1>T</h1><div class="byline">February 24, 2020 | 9:25pm</div>`,
			"2020-02-24T21:25:54-05:00"},
		{"midnight in Central Europe written in UTC", "de",
			`<meta property="article:published_time" content="2022-11-06T23:00:00.000Z"><h1>T</h1>`,
			"2022-11-07"},
		{"paragraph that opens with its date", "de",
			`<h1>Gedenken</h1><p>Von Claudia Lindner</p><p>27.1.2022 - Bei der Erinnerung an die Verfolgten des NS-Regimes in Deutschland wird vieles vergessen.</p>`,
			"2022-01-27"},
		{"state script of a shop", "de",
			`<h1>Kaffee</h1><script>var meta = {"product":{"title":"Sidamo","published_at":"2019-03-02T06:22:28+01:00","vendor":"H"}};</script><p>Bohnen.</p>`,
			"2019-03-02T06:22:28+01:00"},
		{"labelled date in the footer", "de",
			`<h1>Rezension</h1><p>Ein Buch, das von den Anleitungen der Vorfahren erzählt.</p><footer><p>Letzte Änderung: 31.10.2023 - 14:49:39<br>Erschienen am: 01.11.2023</p></footer>`,
			"2023-11-01"},
		{"label in a separate element of a sidebar", "fr",
			`<h1>La voix</h1><aside><ul><li><p class="title">Mise en ligne</p><p class="content">23 mai 2019</p></li></ul></aside>`,
			"2019-05-23"},
		{"posted on sentence", "de",
			`<h1>Typo</h1><p>Text.</p><div class="sidebar"><p>Dieser Eintrag wurde am <nobr>19. Mai 2010</nobr> um <nobr>23:03</nobr> Uhr gepostet.</p></div>`,
			"2010-05-19"},
		{"pipe-separated day", "de",
			`<h1>Hechte</h1><dl><dd>26 | 01 | 2022</dd></dl>`, "2022-01-26"},
		{"a citation's date is the cited work's", "de",
			`<article><h1>Heliumkerne</h1><p>Darmstadt - Januar 2021. Mit Hilfe hochenergetischer Protonen.</p><p>Science; Vol. 371, Issue 6526, pp. 232, 15. Januar 2021, DOI 10.1126/x</p><p>17.01.2021.</p></article>`,
			"2021-01-17"},
		{"copyright line with a day", "de",
			`<h1>Gefahrstoff</h1><p>Service.</p><footer><p>Copyright © 19.12.2019 - 12:14 h by Qualisys</p></footer>`,
			"2019-12-19"},
		{"bracketed date opening a paragraph", "de",
			`<h1>Energiepreiskrise</h1><h5><em>Von Leonora Holling</em></h5><p>(21. November 2022) Energieverbraucher erhalten in diesem Winter Entlastungen, die sie kennen sollten.</p>`,
			"2022-11-21"},
		{"dotted label day settles a slashed meta date", "de",
			`<meta name="date" content="11/01/2023 12:43:42"><h1>Trinkwasser</h1><p>Die Anlagen laufen wieder.</p><p>Erstellt am: 01.11.2023</p>`,
			"2023-11-01"},
		{"header time against a list of other releases", "de",
			`<div class="banner"><time datetime="2022-12-12 12:22">12.12.2022 12:22</time></div><h1>Das ändert sich</h1><p>(Leipzig) - Kurz.</p><div class="weitere"><h4>Weitere Pressemitteilungen</h4><ul>` +
				`<li><time datetime="2022-08-10 11:05">10.08.2022</time><a href="/news/a"><strong>Wieviel Haus kann ich mir leisten?</strong></a></li>` +
				`<li><time datetime="2022-08-04 10:02">04.08.2022</time><a href="/news/b"><strong>Warnung vor betrügerischen Anrufen</strong></a></li>` +
				`<li><time datetime="2022-06-28 09:28">28.06.2022</time><a href="/news/c"><strong>Zu billig, um wahr zu sein</strong></a></li></ul></div>`,
			"2022-12-12"},
		{"description names the day of an undated page", "it",
			`<meta name="description" content="ORSO MARSICANO: 2019 UN ANNO DA RECORD (Notizia del 14 Gennaio 2020)"><h1>Orso marsicano</h1><p>Un anno da record.</p>`,
			"2020-01-14"},
		{"long copyright line with a day in the footer", "de",
			`<h1>Gefahrstoff</h1><p>Service.</p><footer id="page-footer"><section class="footer-section"><p>Copyright © 19.12.2019 - 12:14 h by Qualisys GmbH, D-40764 Langenfeld. All rights reserved.</p></section></footer>`,
			"2019-12-19"},
		{"a sentence's date is no dateline", "de",
			`<h1>Stammtisch</h1><p>Der nächste Stammtisch findet am Mi. 5. Februar 2020 ab 19 Uhr im Lokal statt, wie immer.</p>`,
			""},
	}
	base, _ := url.Parse("https://example.org/news/item")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html lang="` + tt.lang + `"><head></head><body>` + tt.body + `</body></html>`
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			m := extractMetadataAt(doc, base, testNow.AddDate(1, 0, 0))
			if m.Published != tt.want {
				t.Errorf("published %q, want %q", m.Published, tt.want)
			}
		})
	}
}

func TestURLDateDayFirst(t *testing.T) {
	for _, tt := range []struct{ url, want string }{
		{"https://example.org/media-news/meldungen/29-10-2021", "2021-10-29"},
		{"https://example.org/aktuelles/08112021-online-fachtag", "2021-11-08"},
		{"https://example.org/item/12345678-x", ""},
	} {
		got := ""
		if d, ok := urlDate(tt.url, testNow); ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("urlDate(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestDistrustStructuredKeepsPrintedDay(t *testing.T) {
	parse := func(v string) parsedDate { d, _ := parseDate(v, testNow, false); return d }
	saved := "2023-11-01T08:35:13+00:00"
	ld := ldFacts{Published: saved, Modified: saved}
	for _, tt := range []struct {
		name    string
		visible []dateVote
		want    float64
	}{
		{"dateline agrees", []dateVote{{d: parse("1. November 2023"), weight: 5}, {d: parse("25. Oktober 2023"), weight: 4}}, 10},
		{"only other days", []dateVote{{d: parse("25. Oktober 2023"), weight: 4}}, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pub := append([]dateVote{{d: parse(saved), weight: 10, raw: saved}}, tt.visible...)
			distrustStructured(pub, 1, 1, nil, ld, metaTags{}, nil)
			if pub[0].weight != tt.want {
				t.Errorf("weight %v, want %v", pub[0].weight, tt.want)
			}
		})
	}
}
