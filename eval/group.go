package eval

import (
	"fmt"
	"sort"
)

// Group is the report of the cases that share one value of a ground-truth
// field, such as every page whose lang is "de".
type Group struct {
	Key string
	Scores
}

// groupKey returns the function that reads a case's value of field, or an
// error naming the fields a report can be broken down by.
func groupKey(field string) (func(*Case) string, error) {
	switch field {
	case "":
		return nil, nil
	case "lang":
		return func(c *Case) string { return c.Expect.Lang }, nil
	case "page_type":
		return func(c *Case) string { return c.Expect.PageType }, nil
	default:
		return nil, fmt.Errorf("eval: group by %q: %w: want lang or page_type", field, ErrDataset)
	}
}

// buildGroups scores each value of key apart, largest group first (then by
// key); cases without a value form the group "-".
func buildGroups(cases []*Case, all []scored, key func(*Case) string) []Group {
	byKey := make(map[string][]scored)
	for i, s := range all {
		k := key(cases[i])
		if k == "" {
			k = "-"
		}
		byKey[k] = append(byKey[k], s)
	}
	out := make([]Group, 0, len(byKey))
	for k, ss := range byKey {
		out = append(out, Group{Key: k, Scores: buildReport(ss).Scores})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pages != out[j].Pages {
			return out[i].Pages > out[j].Pages
		}
		return out[i].Key < out[j].Key
	})
	return out
}
