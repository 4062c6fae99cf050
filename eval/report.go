package eval

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Counts is a confusion count.
type Counts struct{ TP, FP, FN int }

func (c *Counts) add(o Counts) { c.TP += o.TP; c.FP += o.FP; c.FN += o.FN }

// Total is TP+FP+FN; a metric built on Counts is reported only when it is
// not zero.
func (c Counts) Total() int { return c.TP + c.FP + c.FN }

// Precision is TP/(TP+FP), or 0 when nothing was predicted.
func (c Counts) Precision() float64 {
	if c.TP+c.FP == 0 {
		return 0
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Recall is TP/(TP+FN), or 0 when nothing was expected.
func (c Counts) Recall() float64 {
	if c.TP+c.FN == 0 {
		return 0
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// F1 is the harmonic mean of Precision and Recall, or 0 when both are 0.
func (c Counts) F1() float64 { return f1(c.Precision(), c.Recall()) }

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Share is an exact-match rate: Hits of N pages whose ground truth has the
// field.
type Share struct{ Hits, N int }

func (s *Share) add(v int8) {
	if v != 0 {
		s.N++
	}
	if v > 0 {
		s.Hits++
	}
}

// Value is Hits/N, or 0 when N is 0.
func (s Share) Value() float64 {
	if s.N == 0 {
		return 0
	}
	return float64(s.Hits) / float64(s.N)
}

// Scores are score.py's metrics. Each is computed only over the pages whose
// ground truth has the field it needs.
type Scores struct {
	// Pages is the number of cases scored (after the page-type filter),
	// Predicted how many of them have a prediction.
	Pages, Predicted int
	// BodyPrecision is averaged over pages whose prediction has at least
	// one shingle, BodyRecall over pages whose ground truth has one, WordF1
	// over all pages with a body.
	BodyPrecision, BodyRecall, WordF1 Mean
	// Snippets counts "with" snippets found (TP) and missed (FN) and
	// "without" snippets found (FP).
	Snippets Counts
	// Article counts page_type == "article" decisions over pages where both
	// the ground truth and the prediction give a page type.
	Article             Counts
	Title, Author, Date Share
}

// BodyF1 is the F1 of the averaged body precision and recall (the
// article-extraction-benchmark method).
func (s Scores) BodyF1() float64 { return f1(s.BodyPrecision.Value, s.BodyRecall.Value) }

// Metric is one named figure of a report. Integer marks a count, or a 0
// that score.py prints without decimals because the metric was undefined.
type Metric struct {
	Name    string
	Value   float64
	Integer bool
}

func (m Metric) format() string {
	if m.Integer {
		return m.Name + "=" + strconv.FormatFloat(m.Value, 'f', -1, 64)
	}
	return m.Name + "=" + strconv.FormatFloat(m.Value, 'f', 3, 64)
}

// Metrics returns the figures score.py reports, in its order and under its
// names; metrics without data are left out, as score.py leaves them out.
func (s Scores) Metrics() []Metric {
	out := []Metric{{"pages", float64(s.Pages), true}, {"predicted", float64(s.Predicted), true}}
	if s.WordF1.N > 0 {
		p, r := s.BodyPrecision.Value, s.BodyRecall.Value
		out = append(out,
			Metric{"body_p", p, s.BodyPrecision.N == 0},
			Metric{"body_r", r, false},
			Metric{"body_f1", s.BodyF1(), p+r == 0},
			Metric{"word_f1", s.WordF1.Value, false})
	}
	if c := s.Snippets; c.Total() > 0 {
		out = append(out,
			Metric{"snip_p", c.Precision(), c.TP+c.FP == 0},
			Metric{"snip_r", c.Recall(), c.TP+c.FN == 0},
			Metric{"snip_f1", c.F1(), c.Precision()+c.Recall() == 0})
	}
	if c := s.Article; c.Total() > 0 {
		out = append(out,
			Metric{"article_p", c.Precision(), c.TP+c.FP == 0},
			Metric{"article_r", c.Recall(), c.TP+c.FN == 0})
	}
	for _, f := range []struct {
		name string
		s    Share
	}{{"title", s.Title}, {"author", s.Author}, {"date", s.Date}} {
		if f.s.N > 0 {
			out = append(out, Metric{f.name, f.s.Value(), false}, Metric{f.name + "_n", float64(f.s.N), true})
		}
	}
	return out
}

// String is score.py's output line: "pages=181 predicted=181 body_p=0.912 ...".
func (s Scores) String() string { return formatMetrics(s.Metrics()) }

// MarkdownScores are mdscore.py's metrics: per-page F1 of the multisets of
// heading texts, list-item texts, link targets and table-cell texts, each
// averaged over the pages where either side has that element, and counts
// over all predictions of relative links and raw HTML tags left outside
// code.
type MarkdownScores struct {
	Headings, ListItems, Links, TableCells Mean
	RelativeLinks, RawHTMLTags             int
}

// Metrics returns the figures mdscore.py reports, in its order.
func (m MarkdownScores) Metrics() []Metric {
	var out []Metric
	for _, f := range []struct {
		name string
		m    Mean
	}{{"headings", m.Headings}, {"list_items", m.ListItems}, {"links", m.Links}, {"table_cells", m.TableCells}} {
		if f.m.N > 0 {
			out = append(out, Metric{f.name, f.m.Value, false})
		}
	}
	return append(out,
		Metric{"relative_links", float64(m.RelativeLinks), true},
		Metric{"raw_html_tags", float64(m.RawHTMLTags), true})
}

// String is mdscore.py's output line.
func (m MarkdownScores) String() string { return formatMetrics(m.Metrics()) }

// Speed is how fast a Run extracted.
type Speed struct {
	Workers int
	// Pages is the number of pages handed to the extract function.
	Pages int
	// Extract is the time spent inside the extract function, summed over
	// workers; Wall is the elapsed time of the whole run, reading, scoring
	// and writing included.
	Extract, Wall time.Duration
}

// PagesPerSecond is the extraction speed of one worker: Pages over the
// time spent extracting.
func (s Speed) PagesPerSecond() float64 {
	if s.Extract <= 0 {
		return 0
	}
	return float64(s.Pages) / s.Extract.Seconds()
}

// WallPagesPerSecond is Pages over the wall-clock time of the run.
func (s Speed) WallPagesPerSecond() float64 {
	if s.Wall <= 0 {
		return 0
	}
	return float64(s.Pages) / s.Wall.Seconds()
}

// Metrics returns pages_per_s, wall_pages_per_s and workers, or nothing
// for a report that did not come from Run.
func (s Speed) Metrics() []Metric {
	if s.Pages == 0 {
		return nil
	}
	return []Metric{
		{"pages_per_s", s.PagesPerSecond(), false},
		{"wall_pages_per_s", s.WallPagesPerSecond(), false},
		{"workers", float64(s.Workers), true},
	}
}

// Report is the outcome of Run or Score.
type Report struct {
	Scores
	Markdown MarkdownScores
	// Failed counts pages whose extraction returned an error or panicked;
	// they are scored as pages without a prediction.
	Failed int
	// Speed is zero for a report from Score.
	Speed Speed
	// Groups holds the scores per value of RunOptions.By, when set.
	Groups []Group `json:",omitempty"`
}

// Metrics returns score.py's figures, then mdscore.py's, then failed (when
// not zero) and the speed.
func (r Report) Metrics() []Metric {
	out := append(r.Scores.Metrics(), r.Markdown.Metrics()...)
	if r.Failed > 0 {
		out = append(out, Metric{"failed", float64(r.Failed), true})
	}
	return append(out, r.Speed.Metrics()...)
}

// String is one line of key=value pairs: score.py's, then mdscore.py's,
// then failed and the speed, for example
// "pages=181 predicted=181 body_p=0.912 ... raw_html_tags=0 pages_per_s=85.2 ...".
// Speeds have one decimal.
func (r Report) String() string {
	var b strings.Builder
	b.WriteString(formatMetrics(append(r.Scores.Metrics(), r.Markdown.Metrics()...)))
	if r.Failed > 0 {
		b.WriteString(" " + Metric{"failed", float64(r.Failed), true}.format())
	}
	for _, m := range r.Speed.Metrics() {
		b.WriteByte(' ')
		if m.Integer {
			b.WriteString(m.format())
		} else {
			b.WriteString(m.Name + "=" + strconv.FormatFloat(m.Value, 'f', 1, 64))
		}
	}
	return b.String()
}

// MarshalJSON writes the metrics as one flat object, in Metrics order,
// like score.py --json.
func (r Report) MarshalJSON() ([]byte, error) { return metricsJSON(r.Metrics()), nil }

// MarshalJSON writes score.py's metrics as score.py --json does.
func (s Scores) MarshalJSON() ([]byte, error) { return metricsJSON(s.Metrics()), nil }

// MarshalJSON writes mdscore.py's metrics as mdscore.py --json does.
func (m MarkdownScores) MarshalJSON() ([]byte, error) { return metricsJSON(m.Metrics()), nil }

func metricsJSON(ms []Metric) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteString(", ")
		}
		k, _ := json.Marshal(m.Name)
		b.Write(k)
		b.WriteString(": ")
		if m.Integer {
			b.WriteString(strconv.FormatFloat(m.Value, 'f', -1, 64))
		} else {
			v, _ := json.Marshal(m.Value)
			b.Write(v)
		}
	}
	b.WriteByte('}')
	return b.Bytes()
}

func formatMetrics(ms []Metric) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.format()
	}
	return strings.Join(parts, " ")
}
