package storage

import (
	"fmt"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// leafOrBranchElem is the size of one element header on a leaf or branch
// page; count elements must fit in the page and its overflow pages.
const leafOrBranchElem = 16

// scanPages walks the file's page headers in order, jumping over each
// page's overflow, and reports the first that cannot be right: an unknown
// page type, overflow past the end of the data, or more elements than the
// page can hold. A damaged header would otherwise make bbolt free billions
// of page ids, or read outside the file, on the next write. The walk reads
// one header per page (an archive of 500 MB takes well under a second) and
// runs before a writable archive is used.
func scanPages(bdb *bolt.DB) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w (%v)", ErrCorrupt, r)
		}
	}()
	pageSize := bdb.Info().PageSize
	return bdb.View(func(tx *bolt.Tx) error {
		hwm := int(tx.Size()) / pageSize
		for id := 2; id < hwm; {
			p, err := tx.Page(id)
			if err != nil || p == nil {
				return fmt.Errorf("%w (page %d unreadable)", ErrCorrupt, id)
			}
			switch p.Type {
			case "free":
				id++
				continue
			case "leaf", "branch", "freelist":
			default:
				return fmt.Errorf("%w (page %d has type %s)", ErrCorrupt, id, p.Type)
			}
			span := p.OverflowCount + 1
			if p.OverflowCount < 0 || id+span > hwm {
				return fmt.Errorf("%w (page %d runs past the end of the data)", ErrCorrupt, id)
			}
			if p.Type != "freelist" && p.Count*leafOrBranchElem > span*pageSize {
				return fmt.Errorf("%w (page %d claims %d elements)", ErrCorrupt, id, p.Count)
			}
			id += span
		}
		return nil
	})
}
