package serve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

// entry is what the records table, the filters and the flags need of one
// record. Bodies are not kept: a record page reads its record from the
// archive.
type entry struct {
	ID        string
	URL       string
	Title     string
	Authors   []string
	Published string
	Site      string
	Words     int
	Links     int
	Status    string
	Changed   time.Time
	Aliases   int

	sortTitle   string // folded title
	sortAuthors string // authors joined, folded
	date        time.Time
	hasDate     bool
	year        int
	flags       flagBit
}

// stamp identifies a version of the archive file: bbolt rewrites the
// file, and so its modification time and often its size, at every commit.
type stamp struct {
	mod  time.Time
	size int64
}

func statStamp(path string) (stamp, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return stamp{}, err
	}
	return stamp{fi.ModTime(), fi.Size()}, nil
}

// snapshot is what serve knows of the archive between two loads: the
// records' entries, the search index, the URLs merged into each record,
// the runs and the site models. It is never changed once built.
type snapshot struct {
	entries []*entry // in id order
	byID    map[string]int
	ix      *index // title, authors and text
	titles  *index // title and authors: ranks matches found there first
	merged  map[string][]storage.MergedURL
	runs    []storage.Run // latest first
	models  map[string]storage.SiteModel
	orders  map[string][]uint32 // per sort column, see sortOrders
	undated []uint32            // records without a publication date
	sites   []countOf           // by records, most first
	years   []int               // every year with a record, latest first

	stamp  stamp
	loaded time.Time
	took   time.Duration
}

// countOf is a name and how many records have it.
type countOf struct {
	Name  string
	Count int
}

// lastRunStart is when the latest run started, or zero.
func (sn *snapshot) lastRunStart() time.Time {
	if len(sn.runs) == 0 {
		return time.Time{}
	}
	return sn.runs[0].Started
}

// loadOptions tune how a snapshot is read.
type loadOptions struct {
	lockTimeout time.Duration
	batch       int           // records per open of the archive, at most
	hold        time.Duration // how long one open may last, about
	pause       time.Duration // closed between two batches
	now         time.Time
}

// errBatchFull ends a batch that has kept the archive open long enough.
var errBatchFull = errors.New("batch full")

// load reads a snapshot of the archive at path. The archive is opened
// read-only once per batch of records (at most o.batch records, read for
// at most about o.hold) and closed in between for a pause longer than
// bbolt's 50 ms lock retry, so that a crawl or sync that wants the archive
// gets it within its own one-second wait. When a writer took
// the archive in a pause, load fails with storage.ErrLocked and the caller
// keeps its older snapshot. The snapshot's stamp is the file's before the
// first batch: a write during the load makes the next check load again.
func load(ctx context.Context, path string, o loadOptions) (*snapshot, error) {
	began := time.Now()
	st, err := statStamp(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, pathErr(err))
	}
	sn := &snapshot{
		byID:   map[string]int{},
		ix:     newIndex(),
		titles: newIndex(),
		merged: map[string][]storage.MergedURL{},
		models: map[string]storage.SiteModel{},
		stamp:  st,
	}
	withDB := func(fn func(*storage.DB) error) error {
		db, err := storage.Open(path, storage.Options{ReadOnly: true, LockTimeout: o.lockTimeout})
		if err != nil {
			return err
		}
		defer db.Close()
		return fn(db)
	}
	err = withDB(func(db *storage.DB) error {
		if err := db.MergedURLs(ctx, func(m storage.MergedURL) error {
			sn.merged[m.ID] = append(sn.merged[m.ID], m)
			return nil
		}); err != nil {
			return err
		}
		if err := db.Runs(ctx, func(r storage.Run) error {
			r.Summary = nil
			sn.runs = append(sn.runs, r)
			return nil
		}); err != nil {
			return err
		}
		models, err := db.SiteModels(ctx)
		if err != nil {
			return err
		}
		for _, m := range models {
			sn.models[m.Host] = m
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(sn.runs, func(a, b storage.Run) int { return b.Started.Compare(a.Started) })

	// Records are copied out in the transaction and indexed once the
	// archive is closed again, so each open lasts only as long as bbolt
	// and JSON decoding take, and at most o.hold.
	type read struct {
		r       normalize.Record
		changed time.Time
	}
	var batch []read
	after := ""
	for first := true; ; first = false {
		if !first {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(o.pause):
			}
		}
		batch = batch[:0]
		err := withDB(func(db *storage.DB) error {
			opened := time.Now()
			_, err := db.RecordsAfter(ctx, after, o.batch, func(r normalize.Record, changed time.Time) error {
				batch = append(batch, read{r, changed})
				if time.Since(opened) > o.hold {
					return errBatchFull
				}
				return nil
			})
			if errors.Is(err, errBatchFull) {
				return nil
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		if len(batch) == 0 {
			break
		}
		for i := range batch {
			sn.add(batch[i].r, batch[i].changed, o.now)
			batch[i] = read{}
		}
		after = sn.entries[len(sn.entries)-1].ID
	}
	sn.finish()
	sn.loaded = time.Now()
	sn.took = time.Since(began)
	return sn, nil
}

// add appends one record.
func (sn *snapshot) add(r normalize.Record, changed time.Time, now time.Time) {
	e := &entry{
		ID:        r.ID,
		URL:       r.URL,
		Title:     r.Title,
		Authors:   r.Authors,
		Published: r.Published,
		Site:      host(r.URL),
		Words:     countWords(r.Text),
		Links:     countLinks(r.Markdown),
		Status:    r.Status,
		Changed:   changed,
		Aliases:   len(r.Aliases),
	}
	authors := strings.Join(r.Authors, ", ")
	e.sortTitle = titleKey(r.Title)
	e.sortAuthors = strings.ToLower(authors)
	e.date, e.hasDate = parseDate(r.Published)
	if e.hasDate {
		e.year = e.date.Year()
	}
	e.flags = staticFlags(e, now)
	doc := uint32(len(sn.entries))
	sn.byID[e.ID] = len(sn.entries)
	sn.entries = append(sn.entries, e)
	sn.ix.add(doc, r.Title, authors, r.Text)
	sn.titles.add(doc, r.Title, authors)
}

// finish sets the flags that need every record, and the site and year
// lists.
func (sn *snapshot) finish() {
	titles := map[string]int{}
	sites := map[string]int{}
	years := map[int]bool{}
	for _, e := range sn.entries {
		if e.sortTitle != "" {
			titles[e.sortTitle]++
		}
		sites[e.Site]++
		if e.hasDate {
			years[e.year] = true
		}
	}
	for _, e := range sn.entries {
		if titles[e.sortTitle] > 1 {
			e.flags |= flagDupTitle
		}
		if len(sn.merged[e.ID]) > 0 {
			e.flags |= flagMerged
		}
	}
	for s, n := range sites {
		sn.sites = append(sn.sites, countOf{s, n})
	}
	slices.SortFunc(sn.sites, func(a, b countOf) int {
		return cmp.Or(b.Count-a.Count, strings.Compare(a.Name, b.Name))
	})
	for y := range years {
		sn.years = append(sn.years, y)
	}
	slices.Sort(sn.years)
	slices.Reverse(sn.years)
	sn.ix.compact()
	sn.titles.compact()
	sn.sortOrders()
}

// titleKey is a title folded for the repeated-title flag.
func titleKey(t string) string {
	return strings.Join(strings.Fields(strings.ToLower(t)), " ")
}

// host is the host (with its port) of a record URL.
func host(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Host
}

// pathErr strips the *os.PathError wrapper, whose message repeats the path.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
