package serve

import "strconv"

// chart is a bar chart of records per year, drawn by the site template as
// inline SVG: no script, no image request.
type chart struct {
	Width, Height int
	Bars          []bar
	Axis          int // y of the baseline
}

// bar is one year's bar and its labels.
type bar struct {
	X, Y, W, H int
	Label      string // the year
	Count      int
	LabelX     int
	CountY     int
	Href       string
}

// Sizes of the chart, in SVG user units.
const (
	chartHeight = 160
	chartTop    = 18 // room for the count above the tallest bar
	chartBottom = 20 // room for the year below the baseline
	barWidth    = 28
	barGap      = 8
)

// yearChart lays out one bar per year, oldest on the left, years with no
// record included so that gaps show. href gives a bar's link.
func yearChart(counts map[int]int, href func(year int) string) chart {
	if len(counts) == 0 {
		return chart{}
	}
	lo, hi := 0, 0
	most := 0
	for y, n := range counts {
		if lo == 0 || y < lo {
			lo = y
		}
		if y > hi {
			hi = y
		}
		most = max(most, n)
	}
	c := chart{Height: chartHeight, Axis: chartHeight - chartBottom}
	room := c.Axis - chartTop
	for y := lo; y <= hi; y++ {
		n := counts[y]
		h := 0
		if n > 0 {
			h = max(1, n*room/most)
		}
		x := barGap + (y-lo)*(barWidth+barGap)
		c.Bars = append(c.Bars, bar{
			X: x, Y: c.Axis - h, W: barWidth, H: h,
			Label: strconv.Itoa(y), Count: n,
			LabelX: x + barWidth/2, CountY: c.Axis - h - 4,
			Href: href(y),
		})
	}
	c.Width = barGap + (hi-lo+1)*(barWidth+barGap)
	return c
}
