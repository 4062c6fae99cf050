package normalize

import (
	"bytes"
	"encoding/json"
	"errors"
	"html"
	"io"
	"strings"
)

// ldFacts is what the page's JSON-LD says about its main entity.
type ldFacts struct {
	Type        string // @type of the main entity
	Headline    string
	Authors     []string
	OrgAuthor   bool // the authors are organisations, not people
	Published   string
	Created     string
	Modified    string
	Lang        string
	Description string
	Keywords    []string
	Publisher   string // publisher or WebSite name
	Article     bool   // the main entity is of the Article family
}

// maxLDBytes bounds one JSON-LD block; larger ones are ignored.
const maxLDBytes = 1 << 20

// parseJSONLD reads the JSON-LD blocks of a page and describes the main
// entity: the first Article-family object, else the first WebPage-family
// object, else the first object with a headline.
func parseJSONLD(blocks []string, pageURL string) ldFacts {
	var nodes []map[string]any
	byID := map[string]map[string]any{}
	for _, b := range blocks {
		if len(b) > maxLDBytes {
			continue
		}
		for _, v := range decodeLenientJSON(b) {
			collectLDNodes(v, &nodes, byID, 0)
		}
	}
	var f ldFacts
	if len(nodes) == 0 {
		return f
	}
	main := pickMainEntity(nodes, pageURL)
	for _, n := range nodes {
		if f.Publisher == "" && hasLDType(n, "WebSite") {
			f.Publisher = ldString(n["name"])
		}
	}
	if main == nil {
		return f
	}
	f.Type = ldTypes(main)[0]
	f.Article = isArticleType(main)
	f.Headline = ldString(main["headline"])
	if f.Headline == "" && !hasLDType(main, "WebSite") {
		f.Headline = ldString(main["name"])
	}
	f.Authors, f.OrgAuthor = ldAuthors(main["author"], byID)
	if len(f.Authors) == 0 {
		f.Authors, f.OrgAuthor = ldAuthors(main["creator"], byID)
	}
	f.Published = ldString(main["datePublished"])
	if f.Published == "" {
		f.Published = ldString(main["uploadDate"])
	}
	f.Created = ldString(main["dateCreated"])
	f.Modified = ldString(main["dateModified"])
	f.Lang = ldLang(main["inLanguage"])
	f.Description = ldString(main["description"])
	f.Keywords = ldKeywords(main["keywords"])
	if p := ldName(resolveLD(main["publisher"], byID)); p != "" {
		f.Publisher = p
	}
	if f.Lang == "" {
		for _, n := range nodes {
			if f.Lang = ldLang(n["inLanguage"]); f.Lang != "" {
				break
			}
		}
	}
	return f
}

// collectLDNodes flattens arrays, @graph and mainEntity into a list of
// typed objects and indexes every object by @id.
func collectLDNodes(v any, out *[]map[string]any, byID map[string]map[string]any, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			collectLDNodes(e, out, byID, depth+1)
		}
	case map[string]any:
		if id, ok := x["@id"].(string); ok && len(x) > 1 {
			if _, seen := byID[id]; !seen {
				byID[id] = x
			}
		}
		if _, ok := x["@type"]; ok {
			*out = append(*out, x)
		}
		if g, ok := x["@graph"]; ok {
			collectLDNodes(g, out, byID, depth+1)
		}
		for _, k := range []string{"mainEntity", "mainEntityOfPage"} {
			if m, ok := x[k].(map[string]any); ok {
				if _, typed := m["@type"]; typed && isArticleType(m) {
					collectLDNodes(m, out, byID, depth+1)
				}
			}
		}
		// Index nested objects so @id references resolve.
		for k, e := range x {
			if k == "@graph" {
				continue
			}
			indexLD(e, byID, depth+1)
		}
	}
}

func indexLD(v any, byID map[string]map[string]any, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			indexLD(e, byID, depth+1)
		}
	case map[string]any:
		if id, ok := x["@id"].(string); ok && len(x) > 1 {
			if _, seen := byID[id]; !seen {
				byID[id] = x
			}
		}
		for _, e := range x {
			indexLD(e, byID, depth+1)
		}
	}
}

func pickMainEntity(nodes []map[string]any, pageURL string) map[string]any {
	var first, page, named map[string]any
	for _, n := range nodes {
		if isArticleType(n) {
			if ldURLMatches(n, pageURL) {
				return n
			}
			if first == nil {
				first = n
			}
			continue
		}
		if page == nil && isWebPageType(n) {
			page = n
		}
		if named == nil && ldString(n["headline"]) != "" {
			named = n
		}
	}
	switch {
	case first != nil:
		return first
	case named != nil:
		return named
	case page != nil:
		return page
	}
	for _, n := range nodes {
		if !hasLDType(n, "WebSite", "Organization", "Person", "BreadcrumbList", "ImageObject", "SiteNavigationElement", "SearchAction", "ListItem") {
			return n
		}
	}
	return nil
}

func ldURLMatches(n map[string]any, pageURL string) bool {
	if pageURL == "" {
		return false
	}
	for _, k := range []string{"url", "mainEntityOfPage", "@id"} {
		var s string
		switch v := n[k].(type) {
		case string:
			s = v
		case map[string]any:
			s, _ = v["@id"].(string)
		}
		if s != "" && strings.TrimRight(strings.SplitN(s, "#", 2)[0], "/") == strings.TrimRight(pageURL, "/") {
			return true
		}
	}
	return false
}

func ldTypes(n map[string]any) []string {
	switch t := n["@type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return []string{""}
}

func hasLDType(n map[string]any, types ...string) bool {
	for _, t := range ldTypes(n) {
		t = strings.TrimPrefix(strings.TrimPrefix(t, "schema:"), "http://schema.org/")
		t = strings.TrimPrefix(t, "https://schema.org/")
		for _, w := range types {
			if strings.EqualFold(t, w) {
				return true
			}
		}
	}
	return false
}

// isArticleType reports whether n is an Article, one of its subtypes
// (NewsArticle, ReportageNewsArticle, BlogPosting, TechArticle …) or a
// similar single-work type.
func isArticleType(n map[string]any) bool {
	for _, t := range ldTypes(n) {
		t = strings.ToLower(t[strings.LastIndexAny(t, ":/")+1:])
		if strings.HasSuffix(t, "article") || strings.HasSuffix(t, "posting") {
			return true
		}
		switch t {
		case "report", "review", "recipe", "howto", "liveblogposting", "newsarticle", "creativework", "videoobject", "podcastepisode", "claimreview", "qapage":
			return true
		}
	}
	return false
}

func isWebPageType(n map[string]any) bool {
	for _, t := range ldTypes(n) {
		if strings.HasSuffix(strings.ToLower(t), "page") {
			return true
		}
	}
	return false
}

func resolveLD(v any, byID map[string]map[string]any) any {
	if m, ok := v.(map[string]any); ok && len(m) == 1 {
		if id, ok := m["@id"].(string); ok {
			if r, ok := byID[id]; ok {
				return r
			}
		}
	}
	return v
}

// ldAuthors reads an author value: a string, a Person or Organization
// object, an @id reference or an array of these.
func ldAuthors(v any, byID map[string]map[string]any) (names []string, org bool) {
	v = resolveLD(v, byID)
	switch x := v.(type) {
	case string:
		if s := cleanLDString(x); s != "" {
			return []string{s}, false
		}
	case []any:
		orgs := 0
		for _, e := range x {
			n, o := ldAuthors(e, byID)
			names = append(names, n...)
			if o {
				orgs++
			}
		}
		return names, orgs > 0 && orgs == len(x)
	case map[string]any:
		name := ldName(x)
		if name == "" {
			return nil, false
		}
		return []string{name}, hasLDType(x, "Organization", "NewsMediaOrganization", "Corporation", "WebSite", "LocalBusiness")
	}
	return nil, false
}

// ldName reads the name of a Person or Organization object.
func ldName(v any) string {
	switch x := v.(type) {
	case string:
		return cleanLDString(x)
	case []any:
		if len(x) > 0 {
			return ldName(x[0])
		}
	case map[string]any:
		if n := ldString(x["name"]); n != "" {
			return n
		}
		g, f := ldString(x["givenName"]), ldString(x["familyName"])
		return strings.TrimSpace(g + " " + f)
	}
	return ""
}

// ldString reads a string value, the first of an array, or the @value of
// an object; HTML entities and runs of white space are folded.
func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return cleanLDString(x)
	case []any:
		for _, e := range x {
			if s := ldString(e); s != "" {
				return s
			}
		}
	case map[string]any:
		if s, ok := x["@value"]; ok {
			return ldString(s)
		}
	case float64:
		return ""
	}
	return ""
}

func cleanLDString(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(html.UnescapeString(s))
	}
	if strings.IndexByte(s, '<') >= 0 {
		s = stripTags(s)
	}
	return collapseSpace(s)
}

// stripTags removes markup that some sites leave inside JSON-LD strings.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func ldLang(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		if s := ldString(x["alternateName"]); s != "" {
			return s
		}
		return ldString(x["name"])
	case []any:
		if len(x) > 0 {
			return ldLang(x[0])
		}
	}
	return ""
}

func ldKeywords(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		for _, k := range strings.Split(cleanLDString(x), ",") {
			out = append(out, strings.TrimSpace(k))
		}
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, ldKeywords(s)...)
			} else if m, ok := e.(map[string]any); ok {
				out = append(out, ldName(m))
			}
		}
	}
	return out
}

// decodeLenientJSON decodes one script's JSON, repairing what sites often
// get wrong: comments, trailing commas, raw control characters in strings,
// HTML-escaped quotes, CDATA and comment wrappers, several values in a row.
func decodeLenientJSON(raw string) []any {
	raw = strings.TrimSpace(raw)
	for _, w := range []string{"<!--", "//<![CDATA[", "<![CDATA[", "/*<![CDATA[*/"} {
		raw = strings.TrimPrefix(raw, w)
	}
	for _, w := range []string{"-->", "//]]>", "]]>", "/*]]>*/"} {
		raw = strings.TrimSuffix(strings.TrimSpace(raw), w)
	}
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil
	}
	if vs, ok := decodeJSONValues([]byte(raw)); ok {
		return vs
	}
	if strings.Contains(raw, "&quot;") && !strings.Contains(raw, `"`) {
		raw = html.UnescapeString(raw)
	}
	vs, _ := decodeJSONValues(repairJSON(raw))
	return vs
}

// decodeJSONValues decodes consecutive JSON values, keeping those read
// before an error; ok reports whether the whole input was read.
func decodeJSONValues(b []byte) ([]any, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	var out []any
	for {
		var v any
		err := dec.Decode(&v)
		if err != nil {
			return out, errors.Is(err, io.EOF)
		}
		out = append(out, v)
	}
}

// repairJSON rewrites near-JSON into JSON in one pass.
func repairJSON(s string) []byte {
	out := make([]byte, 0, len(s))
	inStr := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inStr {
			switch {
			case c == '\\' && i+1 < len(s):
				n := s[i+1]
				if strings.IndexByte(`"\/bfnrtu`, n) >= 0 {
					out = append(out, c, n)
				} else {
					out = append(out, n) // \' and friends
				}
				i++
			case c == '"':
				inStr = false
				out = append(out, c)
			case c == '\n' || c == '\r' || c == '\t':
				out = append(out, ' ')
			case c < 0x20:
			default:
				out = append(out, c)
			}
			continue
		}
		switch {
		case c == '"':
			inStr = true
			out = append(out, c)
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				i = len(s)
			} else {
				i += end + 3
			}
		case c == ',':
			j := i + 1
			for j < len(s) && (s[j] == ' ' || s[j] == '\n' || s[j] == '\r' || s[j] == '\t') {
				j++
			}
			if j < len(s) && (s[j] == '}' || s[j] == ']') {
				continue
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out
}
