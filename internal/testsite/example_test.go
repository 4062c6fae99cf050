package testsite_test

import (
	"fmt"
	"net/http/httptest"

	"github.com/ingest-archive/ingest/internal/testsite"
)

func Example() {
	site, err := testsite.Load("../../testdata/sites/newswire")
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(site.Handler())
	defer srv.Close()
	// srv.URL now serves the whole site; Truth says what a crawl should find.
	truth := site.Truth()
	fmt.Println(len(truth), "posts; the newest:", truth[0].Path, truth[0].Title)
	// testsite.WriteTruth(os.Stdout, truth) would print them as JSON Lines.
	// Output: 52 posts; the newest: /archives/1293 New parking meters arrive in the south waterfront
}
