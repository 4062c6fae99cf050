package eval

import "math/big"

// Mean is an average over pages. N is the number of pages averaged; a Mean
// with N == 0 is absent from a report.
type Mean struct {
	Value float64
	N     int
}

// mean averages xs exactly, as Python's statistics.mean does: the sum is
// taken in rational arithmetic and rounded once, so the result does not
// depend on the order of xs and agrees with score.py to the last bit.
func mean(xs []float64) Mean {
	if len(xs) == 0 {
		return Mean{}
	}
	var sum, x big.Rat
	for _, v := range xs {
		sum.Add(&sum, x.SetFloat64(v))
	}
	sum.Quo(&sum, new(big.Rat).SetInt64(int64(len(xs))))
	f, _ := sum.Float64()
	return Mean{Value: f, N: len(xs)}
}
