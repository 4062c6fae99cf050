package eval

import (
	"strings"
	"testing"
)

func benchCase() (*Case, *Prediction) {
	body := strings.Repeat("Gaming used to be so simple. We’d buy a game, sit down in front of a console, grind our way to the end. ", 60)
	md := "# Title\n\n" + strings.Repeat("- an item with a [link](/path/to/page)\n", 40) + "| a | b |\n|---|---|\n| c | d |\n"
	title, author, date := "A Title", "Jane Doe and John Roe", "2024-05-06"
	c := &Case{ID: "x", URL: "https://example.com/a/b.html", Expect: Expect{
		Title: &title, Author: &author, Date: &date, Body: &body, Markdown: &md,
		With: []string{"grind our way"}, Without: []string{"Subscribe"}, PageType: "article",
	}}
	p := &Prediction{Title: title, Authors: []string{"Jane Doe"}, Published: date,
		Text: body[:len(body)/2] + " Subscribe now", Markdown: md[:len(md)/2], PageType: "article"}
	return c, p
}

func BenchmarkScoreCase(b *testing.B) {
	c, p := benchCase()
	b.SetBytes(int64(len(*c.Expect.Body) + len(p.Text)))
	for b.Loop() {
		scoreCase(c, p)
	}
}

func BenchmarkTokens(b *testing.B) {
	c, _ := benchCase()
	b.SetBytes(int64(len(*c.Expect.Body)))
	for b.Loop() {
		tokens(*c.Expect.Body)
	}
}
