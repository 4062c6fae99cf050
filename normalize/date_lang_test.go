package normalize

import "testing"

// TestParseDateLanguages reads a date in each language of Europe's
// commentary sites, with the inflected month forms pages print.
func TestParseDateLanguages(t *testing.T) {
	tests := []struct {
		lang, in, want string
	}{
		{"de", "26. Januar 2022", "2022-01-26"},
		{"de", "Datum: 26.\u00a0Januar\u00a02022", "2022-01-26"},
		{"de-AT", "3. Jänner 2021", "2021-01-03"},
		{"de-AT", "3. Feber 2021", "2021-02-03"},
		{"de", "4.\u20092.\u20092022.", "2022-02-04"},
		{"fr", "3 mars 2021", "2021-03-03"},
		{"fr", "Publié le 12 févr. 2021 à 10h32", "2021-02-12"},
		{"es", "12 de mayo de 2020", "2020-05-12"},
		{"it", "5 maggio 2021", "2021-05-05"},
		{"nl", "5 mei 2021", "2021-05-05"},
		{"nl", "12 mrt 2021", "2021-03-12"},
		{"pl", "5 maja 2021", "2021-05-05"},
		{"pl", "Opublikowano: 12 paź 2021", "2021-10-12"},
		{"pt", "12 de maio de 2020", "2020-05-12"},
		{"sv", "5 maj 2021", "2021-05-05"},
		{"sv", "12 augusti 2021", "2021-08-12"},
		{"fi", "5. toukokuuta 2021", "2021-05-05"},
		{"fi", "19.2.2019", "2019-02-19"},
		{"et", "5. mai 2021", "2021-05-05"},
		{"et", "12. detsembri 2021", "2021-12-12"},
		{"et", "3. märts 2021", "2021-03-03"},
		{"lv", "2021. gada 5. maijā", "2021-05-05"},
		{"lv", "5. decembris 2021", "2021-12-05"},
		{"lt", "2021 m. gegužės 5 d.", "2021-05-05"},
		{"lt", "2021 m. rugsėjo 15 d. 10:15", "2021-09-15"},
		{"hu", "2021. május 5.", "2021-05-05"},
		{"ru", "5 мая 2021", "2021-05-05"},
		{"ru", "Опубликовано: 12 октября 2021 г.", "2021-10-12"},
		{"uk", "5 травня 2021", "2021-05-05"},
		{"uk", "12 жовтня 2021", "2021-10-12"},
		{"cs", "5. května 2021", "2021-05-05"},
		{"en", "Tue Jan 28 15:28:56 CET 2020", "2020-01-28T15:28:56+01:00"},
		{"en", "Mon Oct 11 14:57:21 CEST 2021", "2021-10-11T14:57:21+02:00"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.in, func(t *testing.T) {
			got := parseDateString(tt.in, testNow)
			if got != tt.want {
				t.Errorf("parseDateString(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseShortYearDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"28.01.22 / 0 Kommentare", "2022-01-28"},
		{"Von: Björn Jahner | 31.10.23", "2023-10-31"},
		{"von lupa am 26/10/13, 03:48 pm", "2013-10-26"},
		{"Version 1.2.3", ""},
		{"31.02.22", ""},
	}
	for _, tt := range tests {
		got := ""
		if d, ok := parseShortYearDate(tt.in, testNow); ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("parseShortYearDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
