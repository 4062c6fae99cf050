package eval_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/ingest-archive/ingest/eval"
)

// Run takes the extractor as a function, so the caller wires in whatever
// it evaluates. Any record that marshals to a JSON object can become a
// Prediction; its other fields are kept in the predictions file.
func ExampleRun() {
	ds, err := eval.LoadDataset("../shared/eval/aeb")
	if err != nil {
		log.Fatal(err)
	}
	extract := func(ctx context.Context, c *eval.Case, html []byte) (eval.Prediction, error) {
		record := map[string]any{"title": "", "text": string(html), "lang": "en"} // call the extractor here
		return eval.NewPrediction(record)
	}
	out, err := os.Create("pred.jsonl")
	if err != nil {
		log.Fatal(err)
	}
	defer out.Close()
	report, err := eval.Run(context.Background(), ds, extract, eval.RunOptions{Workers: -1, Out: out})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(report)
}

func ExampleScores_String() {
	s := eval.Scores{
		Pages: 3, Predicted: 3,
		Title:  eval.Share{Hits: 2, N: 3},
		Author: eval.Share{Hits: 1, N: 2},
	}
	fmt.Println(s)
	// Output: pages=3 predicted=3 title=0.667 title_n=3 author=0.500 author_n=2
}
