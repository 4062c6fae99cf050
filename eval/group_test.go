package eval

import (
	"context"
	"errors"
	"testing"
)

func TestRunGroupsByField(t *testing.T) {
	ds, err := LoadDataset(writeDataset(t, runCases(9)))
	if err != nil {
		t.Fatal(err)
	}
	// Cases c00, c03 and c06 are listings; every case gets the right date
	// except c00 and c01.
	extract := func(ctx context.Context, c *Case, html []byte) (Prediction, error) {
		p, err := echoExtract(ctx, c, html)
		if c.ID == "c00" || c.ID == "c01" {
			p.Published = "1999-01-01"
		}
		return p, err
	}
	r, err := Run(t.Context(), ds, extract, RunOptions{Workers: 2, By: "page_type"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Groups) != 2 {
		t.Fatalf("groups %+v", r.Groups)
	}
	art, list := r.Groups[0], r.Groups[1]
	if art.Key != "article" || art.Pages != 6 || art.Date.Hits != 5 || art.Date.N != 6 {
		t.Errorf("article group %s %s", art.Key, art.Scores)
	}
	if list.Key != "listing" || list.Pages != 3 || list.Date.Hits != 2 {
		t.Errorf("listing group %s %s", list.Key, list.Scores)
	}
	if r.Date.Hits != art.Date.Hits+list.Date.Hits || r.Pages != 9 {
		t.Errorf("groups do not add up to the report %s", r.Scores)
	}

	r, err = Run(t.Context(), ds, extract, RunOptions{By: "lang"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Groups) != 1 || r.Groups[0].Key != "-" || r.Groups[0].Pages != 9 {
		t.Errorf("cases without lang: groups %+v", r.Groups)
	}
	if _, err := Run(t.Context(), ds, extract, RunOptions{By: "colour"}); !errors.Is(err, ErrDataset) {
		t.Errorf("By colour: err %v", err)
	}
}
