package eval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The cross-check scores the same predictions with this package and with
// score.py and mdscore.py, and asserts that every metric agrees. The
// predictions are the ground truth with deterministic perturbations, so
// every metric lands away from its trivial value.
//
// The datasets are looked up in $INGEST_EVAL_DIR or ../shared/eval beside
// the repository. The large set is scored on a sample of its cases unless
// $INGEST_EVAL_FULL is set (score.py alone takes tens of seconds on all of
// it); -short keeps only that sample.

const crossTolerance = 1e-9

func evalDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("INGEST_EVAL_DIR"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "eval")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// crossSetup skips the test when python3 or the datasets are missing.
func crossSetup(t *testing.T) (root string) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found")
	}
	root = evalDir(t)
	for _, f := range []string{"score.py", "mdscore.py"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Skipf("reference scripts not found: %v", err)
		}
	}
	return root
}

// sampleDataset writes a dataset folder holding every step-th case of src
// (the pages are linked, not copied) and returns it.
func sampleDataset(t *testing.T, src string, step int) string {
	t.Helper()
	f, err := os.Open(filepath.Join(src, "cases.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := t.TempDir()
	var out bytes.Buffer
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, maxCaseLine)
	for i := 0; sc.Scan(); i++ {
		if i%step == 0 {
			out.Write(sc.Bytes())
			out.WriteByte('\n')
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cases.jsonl"), out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(filepath.Join(src, "html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(abs, filepath.Join(dir, "html")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCrossCheckPython(t *testing.T) {
	root := crossSetup(t)
	type set struct {
		name, dir string
		types     []string
	}
	var sets []set
	wcxb := filepath.Join(root, "wcxb-dev")
	if _, err := os.Stat(filepath.Join(wcxb, "cases.jsonl")); err == nil {
		switch {
		case os.Getenv("INGEST_EVAL_FULL") != "":
			sets = append(sets, set{"wcxb-dev", wcxb, []string{"article", "forum"}})
		case testing.Short():
			sets = append(sets, set{"wcxb-dev/30", sampleDataset(t, wcxb, 30), nil})
		default:
			sets = append(sets, set{"wcxb-dev/10", sampleDataset(t, wcxb, 10), []string{"article"}})
		}
	}
	if !testing.Short() {
		for _, n := range []string{"aeb", "readability"} {
			if _, err := os.Stat(filepath.Join(root, n, "cases.jsonl")); err == nil {
				sets = append(sets, set{n, filepath.Join(root, n), nil})
			}
		}
	}
	if len(sets) == 0 {
		t.Skipf("no dataset under %s", root)
	}
	for _, s := range sets {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			ds, err := LoadDataset(s.dir)
			if err != nil {
				t.Fatal(err)
			}
			predFile := filepath.Join(t.TempDir(), "pred.jsonl")
			if err := os.WriteFile(predFile, perturbedPredictions(ds), 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(predFile)
			if err != nil {
				t.Fatal(err)
			}
			preds, err := ReadPredictions(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			scores := scoreAll(ds, preds) // once for every page-type filter
			var wg sync.WaitGroup
			for _, typ := range append([]string{""}, s.types...) {
				wg.Go(func() {
					r := reportFor(ds, scores, typ)
					t.Logf("type %q: %s", typ, r)
					compareWithPython(t, root, s.dir, predFile, typ, r)
				})
			}
			wg.Wait()
		})
	}
}

// TestCrossCheckRun checks that Run's report is what the reference scripts
// make of the predictions file Run writes.
func TestCrossCheckRun(t *testing.T) {
	root := crossSetup(t)
	src := filepath.Join(root, "readability")
	if _, err := os.Stat(filepath.Join(src, "cases.jsonl")); err != nil {
		t.Skipf("dataset not found: %v", err)
	}
	ds, err := LoadDataset(src)
	if err != nil {
		t.Fatal(err)
	}
	records := map[string]json.RawMessage{}
	for line := range bytes.Lines(perturbedPredictions(ds)) {
		var p struct{ ID any }
		if json.Unmarshal(line, &p) == nil {
			if id, ok := p.ID.(string); ok {
				records[id] = bytes.TrimSpace(line)
			}
		}
	}
	extract := func(_ context.Context, c *Case, html []byte) (Prediction, error) {
		if len(html) == 0 {
			return Prediction{}, fmt.Errorf("empty page")
		}
		rec, ok := records[c.ID]
		if !ok {
			return Prediction{}, fmt.Errorf("no prediction")
		}
		return NewPrediction(rec)
	}
	predFile := filepath.Join(t.TempDir(), "pred.jsonl")
	out, err := os.Create(predFile)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(t.Context(), ds, extract, RunOptions{Workers: 3, Out: out})
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", r)
	if r.Failed == 0 || r.Predicted+r.Failed != r.Pages {
		t.Errorf("failed=%d predicted=%d pages=%d: want some failures and predicted+failed=pages", r.Failed, r.Predicted, r.Pages)
	}
	compareWithPython(t, root, src, predFile, "", r)
}

// compareWithPython runs both reference scripts with --json and compares
// every figure, its name and order, and whether it is printed as an integer.
func compareWithPython(t *testing.T, root, dataset, predFile, typ string, r *Report) {
	t.Helper()
	for _, c := range []struct {
		script string
		ours   []Metric
	}{{"score.py", r.Scores.Metrics()}, {"mdscore.py", r.Markdown.Metrics()}} {
		args := []string{filepath.Join(root, c.script), dataset, predFile, "--json"}
		if typ != "" {
			args = append(args, "--type", typ)
		}
		cmd := exec.CommandContext(t.Context(), "python3", args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Errorf("%s --type %q: %v\n%s", c.script, typ, err, stderr.String())
			continue
		}
		theirs, err := decodeMetrics(out)
		if err != nil {
			t.Errorf("%s: %v", c.script, err)
			continue
		}
		if len(theirs) != len(c.ours) {
			t.Errorf("%s --type %q: python has %s\nwe have %s", c.script, typ, formatMetrics(theirs), formatMetrics(c.ours))
			continue
		}
		worst := 0.0
		for i, m := range c.ours {
			p := theirs[i]
			d := math.Abs(m.Value - p.Value)
			worst = max(worst, d)
			if m.Name != p.Name || m.Integer != p.Integer || d > crossTolerance {
				t.Errorf("%s --type %q: metric %d: ours %s=%v (integer %v), python %s=%v (integer %v)",
					c.script, typ, i, m.Name, m.Value, m.Integer, p.Name, p.Value, p.Integer)
			}
		}
		t.Logf("%s --type %q: %d metrics, largest difference %g", c.script, typ, len(theirs), worst)
	}
}

// decodeMetrics reads a flat JSON object in order; integers are told from
// floats by their spelling, as Python writes 0 and 0.0 differently.
func decodeMetrics(b []byte) ([]Metric, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("not an object: %s", b)
	}
	var out []Metric
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, err
		}
		v, err := dec.Token()
		if err != nil {
			return nil, err
		}
		n, ok := v.(json.Number)
		if !ok {
			return nil, fmt.Errorf("%v is not a number", v)
		}
		f, err := n.Float64()
		if err != nil {
			return nil, err
		}
		out = append(out, Metric{Name: k.(string), Value: f, Integer: !strings.ContainsAny(n.String(), ".eE")})
	}
	return out, nil
}
