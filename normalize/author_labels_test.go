package normalize

import (
	"reflect"
	"testing"
)

func TestCleanAuthorsLanguages(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Zeige alle Beiträge von Jane Doe", []string{"Jane Doe"}},
		{"Alle Beiträge von Jane Doe anzeigen", []string{"Jane Doe"}},
		{"View all posts by Jane Doe", []string{"Jane Doe"}},
		{"Veröffentlicht vonJane Doe", []string{"Jane Doe"}},
		{"Erstellt von Jane Doe", []string{"Jane Doe"}},
		{"Geschrieben von Jane Doe", []string{"Jane Doe"}},
		{"Eine Kolumne von Jane Doe", []string{"Jane Doe"}},
		{"Publié par Marie Dupont", []string{"Marie Dupont"}},
		{"Escrito por Ana García", []string{"Ana García"}},
		{"Von Jane Doe am Samstag, 19. Oktober 2019 um 11:14 Uhr", []string{"Jane Doe"}},
		{"Von J. D. am 07.08.2013 um 09:07 Uhr", []string{"J. D."}},
		{"Par Marie Dupont le 3 mars 2021", []string{"Marie Dupont"}},
		{"Posted by Jane Doe under Travel, Food", []string{"Jane Doe"}},
		{"Text von Jane Doe Illustration von John Roe", []string{"Jane Doe"}},
		{"Text & Fotos:\nJane Doe", []string{"Jane Doe"}},
		{"Interview: Jane Doe", []string{"Jane Doe"}},
		{"Datum:\n19.11.2021\nAutor: Jane Doe\nQuelle: Example", []string{"Jane Doe"}},
		{"Autor:\nJane Doe", []string{"Jane Doe"}},
		{"Jane Doe/SP-X", []string{"Jane Doe"}},
		{"Jane DoeFollow", []string{"Jane Doe"}},
		{"von Marianne1\nam 20.09.2020", []string{"Marianne1"}},
		{"Redaktion: Jane Doe (Example University)", []string{"Jane Doe (Example University)"}},
		{"By Jane Doe with John Roe", []string{"Jane Doe with John Roe"}},
		// Not names.
		{"Foto: Jane Doe", nil},
		{"Stand:", nil},
		{"Donnerstag", nil},
		{"Autoreninfo", nil},
		{"in Rubrik:\nSport", nil},
		{"> Sport Tests", nil},
		{"Von Atemschutzmaske über Exit-Strategie und Kontaktverbot bis Zoonose", nil},
		{"Die Beamten fanden die Leiche", nil},
		{"CSP / International / Photovoltaik / Speicher / Wirtschaft", nil},
		{"patenschaft:\nautoren:\nmedia/rss:\nnewsletter:", nil},
	}
	for _, tt := range tests {
		if got := cleanAuthors(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("cleanAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanAuthorFieldCase(t *testing.T) {
	// A metadata field is taken as given once it starts as a name does.
	if got := cleanAuthorField("Jane doe"); !reflect.DeepEqual(got, []string{"Jane doe"}) {
		t.Errorf("cleanAuthorField(%q) = %q", "Jane doe", got)
	}
	if got := cleanAuthorField("deinen Lesern"); got != nil {
		t.Errorf("cleanAuthorField(%q) = %q, want nil", "deinen Lesern", got)
	}
}

func TestChooseAuthorsNames(t *testing.T) {
	tests := []struct {
		name  string
		cands []authorCandidate
		site  string
		want  []string
	}{
		{"site after comma", []authorCandidate{{names: []string{"Jane Doe, EXN"}, weight: 7, best: 7}}, "EXN", []string{"Jane Doe"}},
		{"login shown as name", []authorCandidate{
			{names: []string{"janedoe"}, weight: 10, best: 10},
			{names: []string{"Jane Doe"}, weight: 5, best: 5, byText: true}}, "", []string{"Jane Doe"}},
		{"first name, full name elsewhere", []authorCandidate{
			{names: []string{"Jane"}, weight: 10, best: 10},
			{names: []string{"Jane Doe"}, weight: 2, best: 2}}, "", []string{"Jane Doe"}},
		{"site split at &", []authorCandidate{
			{names: []string{"Jobs", "Hire"}, weight: 7, best: 7},
			{names: []string{"Jane Doe"}, weight: 7, best: 7, byText: true}}, "Jobs & Hire", []string{"Jane Doe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mt := metaTags{}
			if got := chooseAuthors(tt.cands, tt.site, mt, ldFacts{}, nil); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("chooseAuthors = %q, want %q", got, tt.want)
			}
		})
	}
}
